package dev.agent0.examples.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
 * tokenizer files; it is written into a temporary sibling and renamed into place, so a failure
 * leaves no half-written checkpoint. Prints {@code {"out": DIR, "merged": N}} (N = adapted
 * projection matrices).
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
        Path target = out.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path tmp =
                Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".tmp-");
        try (NoGradient off = NoGradient.enter();
                NDManager manager = NDManager.newBaseManager(rt.device())) {
            QwenWeights base = QwenWeights.load(model, manager);
            int merged;
            try (LoraAdapter a =
                    PeftAdapterFiles.load(
                            adapter,
                            base.config(),
                            manager,
                            base.parameters().values().iterator().next().getDataType())) {
                QwenWeights w = LoraMerge.merge(base, a, manager);
                merged = a.config().targets().size() * base.config().numHiddenLayers();
                w.save(tmp, dtype, 4L << 30);
            }
            copyTokenizerFiles(model, tmp);
            Files.move(tmp, target);
            tmp = null;
            System.out.println(
                    new ObjectMapper()
                            .createObjectNode()
                            .put("out", target.toString())
                            .put("merged", merged));
            return 0;
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /** Every file of the base folder that is not a weight or config file (tokenizer, template). */
    private static void copyTokenizerFiles(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String n = f.getFileName().toString();
                if (!n.equals("config.json")
                        && !n.endsWith(".safetensors")
                        && !n.equals(QwenWeights.INDEX_FILE)) {
                    Files.copy(f, to.resolve(n));
                }
            }
        }
    }

    private static void deleteTree(Path p) {
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException ignored) {
            // best effort: a hidden temporary folder is harmless
        }
    }
}
