package dev.agent0.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.model.TensorDType;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a random-weight checkpoint (F32 safetensors, sharded at 1 GiB, plus config.json) that both
 * sides of the benchmark load.
 *
 * <pre>
 * java -Xmx8g -cp examples/target/agent0.jar dev.agent0.examples.bench.RandomCheckpoint DIR SHAPE [LAYERS]
 * </pre>
 *
 * SHAPE is {@code 0.6b} (Qwen3-0.6B: 28 layers, hidden 1024, vocab 151936) or {@code tiny} (the
 * qwen3-tiny fixture's shape, for machines without the shared fixture). LAYERS overrides the depth
 * and keeps every other dimension: a 4-layer 0.6B fits a training step in memory. Weights are N(0,
 * 0.02²) drawn by the engine (seed 42; the Java Box-Muller of {@link QwenWeights#random} takes
 * minutes at this size), norm weights 1. Does nothing when DIR/config.json already exists, so
 * repeated runs reuse the files.
 */
public final class RandomCheckpoint {
    private RandomCheckpoint() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        QwenConfig c =
                switch (args[1]) {
                    case "0.6b" -> QwenConfig.qwen3_0_6B();
                    case "tiny" -> QwenConfig.qwen3Tiny();
                    default ->
                            throw new IllegalArgumentException(
                                    "SHAPE = " + args[1] + ", must be 0.6b or tiny");
                };
        int layers = args.length > 2 ? Integer.parseInt(args[2]) : c.numHiddenLayers();
        if (Files.exists(dir.resolve("config.json"))) {
            System.err.println(dir + " exists, kept");
            return;
        }
        QwenConfig config = c.withNumHiddenLayers(layers).withTorchDtype(TensorDType.F32);
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(1, 1));
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            QwenWeights.expectedShapes(config)
                    .forEach(
                            (name, shape) ->
                                    arrays.put(
                                            name,
                                            name.endsWith("norm.weight")
                                                    ? m.ones(new Shape(shape))
                                                    : m.randomNormal(
                                                            0f,
                                                            0.02f,
                                                            new Shape(shape),
                                                            DataType.FLOAT32)));
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            QwenWeights.of(config, arrays).save(dir, TensorDType.F32, 1L << 30);
        }
        System.err.println("wrote " + dir + " (" + layers + " layers)");
    }
}
