package dev.agent0.examples.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.core.io.AtomicFolder;
import dev.agent0.core.lora.LoraAdapter;
import dev.agent0.core.lora.LoraMerge;
import dev.agent0.core.lora.PeftAdapterFiles;
import dev.agent0.core.model.CheckpointFormatException;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.model.TensorDType;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.NoGradient;
import dev.agent0.core.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Folds a LoRA adapter into its base and writes a plain Hugging Face checkpoint.
 *
 * <pre>
 * agent0 merge --model DIR --adapter ADIR --out DIR [--dtype F32|BF16|F16]
 * </pre>
 *
 * The output folder gets config.json, the merged safetensors (sharded at 4 GiB) and the base's
 * tokenizer files; it is written into a temporary sibling and renamed into place ({@link
 * AtomicFolder}), so a failure leaves no half-written checkpoint. Prints {@code {"out": DIR,
 * "merged": N}} (N = adapted projection matrices).
 */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        description = "Merge a LoRA adapter (PEFT folder) into its base: a plain HF checkpoint.")
final class MergeCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            required = true,
            description = "The base: HF folder (config.json, safetensors).")
    Path model;

    @Option(names = "--adapter", required = true, description = "The PEFT adapter folder.")
    Path adapter;

    @Option(
            names = "--out",
            required = true,
            description = "The merged checkpoint folder (must not exist).")
    Path out;

    @Option(
            names = "--dtype",
            defaultValue = "F32",
            description =
                    "Stored dtype of the merged weights: F32, BF16 or F16. Default:"
                            + " ${DEFAULT-VALUE}.")
    TensorDType dtype;

    @Override
    public Integer call() {
        try {
            return run();
        } catch (IllegalArgumentException | CheckpointFormatException e) {
            System.err.println("agent0 merge: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("agent0 merge: " + e.getMessage());
            return 1;
        }
    }

    private int run() throws IOException {
        if (Files.exists(out)) {
            throw new IllegalArgumentException("--out " + out + " exists; choose a new folder");
        }
        Agent0Runtime rt = Agent0Runtime.init(RuntimeOptions.defaults().withDevice("cpu"));
        try (NoGradient off = NoGradient.enter();
                NDManager manager = NDManager.newBaseManager(rt.device())) {
            QwenWeights base = QwenWeights.load(model, manager); // float32, as every load
            LoraAdapter a =
                    PeftAdapterFiles.load(adapter, base.config(), manager, DataType.FLOAT32);
            QwenWeights merged = LoraMerge.merge(base, a, manager);
            AtomicFolder.write(
                    out,
                    tmp -> {
                        merged.save(tmp, dtype, 4L << 30);
                        QwenWeights.copyTokenizerFiles(model, tmp);
                    });
            System.out.println(
                    new ObjectMapper()
                            .createObjectNode()
                            .put("out", out.toAbsolutePath().normalize().toString())
                            .put(
                                    "merged",
                                    a.config().targets().size() * base.config().numHiddenLayers()));
        } // the adapter's and the merged arrays live on the manager
        return 0;
    }
}
