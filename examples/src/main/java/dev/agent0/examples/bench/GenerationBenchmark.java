package dev.agent0.examples.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationSession;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prefill and decode throughput of {@link Generator} on random-weight models.
 *
 * <pre>
 * java -Xmx6g -cp examples/target/agent0.jar dev.agent0.examples.bench.GenerationBenchmark \
 *     MODEL [BATCHES] [PROMPT] [NEW] [TEMP]
 *   MODEL   tiny (the qwen3-tiny fixture shape), 0.6b (Qwen3-0.6B shape) or a HF folder
 *   BATCHES comma-separated batch sizes, default 1,16,64
 *   PROMPT  prompt tokens per sequence, default 32;  NEW  new tokens per sequence, default 64
 *   TEMP    0 = greedy (default), else temperature sampling (host-side sampler)
 * </pre>
 *
 * Prints one JSON line per batch size: prefill tokens/s (B·PROMPT tokens / time of the prefill and
 * first sample) and decode tokens/s (B·(NEW−1) / the remaining time). Each batch size gets one
 * warm-up run (prefill + up to 7 decode steps) first; threads come from {@code
 * ai.djl.pytorch.num_threads}.
 */
public final class GenerationBenchmark {
    private GenerationBenchmark() {}

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "tiny";
        int[] batches = parseInts(args.length > 1 ? args[1] : "1,16,64");
        int promptLen = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int newTokens = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        double temperature = args.length > 4 ? Double.parseDouble(args[4]) : 0;
        int threads =
                Integer.getInteger(
                        "ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
        Agent0Runtime rt = Agent0Runtime.init(RuntimeOptions.defaults().withThreads(threads, 1));
        JniUtils.setGradMode(false);
        try (NDManager manager = NDManager.newBaseManager(rt.device())) {
            long t0 = System.nanoTime();
            QwenWeights weights =
                    switch (which) {
                        case "tiny" -> QwenWeights.random(QwenConfig.qwen3Tiny(), 1, 0.05, manager);
                        case "0.6b" -> engineRandom(QwenConfig.qwen3_0_6B(), manager);
                        default -> QwenWeights.load(Path.of(which), manager);
                    };
            System.err.printf("loaded %s in %.1f s%n", which, (System.nanoTime() - t0) / 1e9);
            try (QwenModel model = new QwenModel(weights)) {
                SamplingConfig sampling = new SamplingConfig(temperature, 0, 1.0, 1);
                for (int b : batches) {
                    run(model, which, b, promptLen, newTokens, sampling, threads);
                }
            }
        }
    }

    private static void run(
            QwenModel model,
            String which,
            int batch,
            int promptLen,
            int newTokens,
            SamplingConfig sampling,
            int threads) {
        SplittableRandom rng = new SplittableRandom(batch);
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            prompts.add(rng.ints(promptLen, 0, model.config().vocabSize()).toArray());
        }
        Generator gen = new Generator(model, null);
        // Rounds of one token: the first is the prefill, each resumed round is exactly one decode
        // step.
        GenerationConfig one =
                GenerationConfig.defaults().withSampling(sampling).withMaxNewTokens(1);
        time(gen, prompts, one, Math.min(newTokens, 8)); // warm-up: JIT, prefill and decode shapes
        double[] t = time(gen, prompts, one, newTokens);
        double prefill = t[0];
        double decode = t[1];
        System.out.printf(
                Locale.ROOT,
                "{\"model\":\"%s\",\"batch\":%d,\"prompt\":%d,\"new\":%d,\"temperature\":%s,"
                    + "\"threads\":%d,\"prefill_tok_s\":%.1f,\"decode_tok_s\":%.1f,\"decode_ms_per_step\":%.2f}%n",
                which,
                batch,
                promptLen,
                newTokens,
                sampling.temperature(),
                threads,
                batch * promptLen / prefill,
                batch * (newTokens - 1) / decode,
                1000 * decode / (newTokens - 1));
    }

    /** Seconds of the prefill round and of the {@code rounds − 1} one-token decode rounds. */
    private static double[] time(
            Generator gen, List<int[]> prompts, GenerationConfig cfg, int rounds) {
        try (GenerationSession s = gen.start(prompts, cfg, prompts.get(0).length + rounds)) {
            long t0 = System.nanoTime();
            s.generate();
            long t1 = System.nanoTime();
            for (int r = 1; r < rounds; r++) {
                for (int i = 0; i < prompts.size(); i++) {
                    s.append(i, new int[0]);
                }
                s.generate();
            }
            return new double[] {(t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9};
        }
    }

    /**
     * Random weights drawn by the engine (seeded by {@code Agent0Runtime.init}): the Java
     * Box-Muller of {@link QwenWeights#random} takes ~90 s for 0.6B parameters.
     */
    static QwenWeights engineRandom(QwenConfig config, NDManager manager) {
        java.util.Map<String, ai.djl.ndarray.NDArray> arrays = new java.util.LinkedHashMap<>();
        QwenWeights.expectedShapes(config)
                .forEach(
                        (name, shape) ->
                                arrays.put(
                                        name,
                                        name.endsWith("norm.weight")
                                                ? manager.ones(
                                                        new ai.djl.ndarray.types.Shape(shape))
                                                : manager.randomNormal(
                                                        0f,
                                                        0.02f,
                                                        new ai.djl.ndarray.types.Shape(shape),
                                                        ai.djl.ndarray.types.DataType.FLOAT32)));
        return QwenWeights.of(config, arrays);
    }

    private static int[] parseInts(String s) {
        String[] parts = s.split(",");
        int[] r = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            r[i] = Integer.parseInt(parts[i].trim());
        }
        return r;
    }
}
