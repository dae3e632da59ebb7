package dev.agent0.rl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.io.AtomicFolder;
import dev.agent0.core.lora.LoraAdapter;
import dev.agent0.core.lora.PeftAdapterFiles;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.model.TensorDType;
import dev.agent0.core.runtime.NoGradient;
import dev.agent0.rl.optim.AdamW;
import dev.agent0.rl.optim.OptimizerStateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A resumable training checkpoint: one folder that is also a Hugging Face model folder.
 *
 * <pre>
 *   config.json, model.safetensors   the policy (F32; loadable by transformers and QwenWeights)
 *   tokenizer.json, ...              copied from the tokenizer folder, when one is given
 *   optimizer.safetensors            AdamW step and moments (OptimizerStateFile)
 *   trainer_state.json               {@link TrainerState}
 *   rng_state.json                   {"algorithm": "splitmix64", "state": ...} ({@link TrainingRng})
 *   reference/                       the frozen KL reference (config.json, model.safetensors), β &gt; 0 only
 * </pre>
 *
 * The folder is written complete into a temporary sibling and then renamed into place, so a crash
 * leaves either the old checkpoint or the new one, never a mix.
 */
public final class TrainingCheckpoint {
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String TRAINER_STATE_FILE = "trainer_state.json";
    public static final String RNG_STATE_FILE = "rng_state.json";
    public static final String REFERENCE_DIR = "reference";
    private static final String RNG_ALGORITHM = "splitmix64";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingCheckpoint() {}

    /** Optimiser-free part of a restored checkpoint. */
    public record Restored(TrainerState state, long rngState) {}

    /**
     * Writes a checkpoint atomically, replacing {@code dir} if it exists.
     *
     * @param tokenizerDir folder whose tokenizer files (everything but config/weights) are copied;
     *     null for none
     * @param reference the frozen KL reference, or null when there is none (β = 0)
     */
    public static void save(
            Path dir,
            QwenModel model,
            Path tokenizerDir,
            AdamW optimizer,
            TrainerState state,
            long rngState,
            QwenModel reference) {
        Path target = dir.toAbsolutePath().normalize();
        requireFinite(model, target);
        try {
            AtomicFolder.write(
                    target,
                    tmp -> {
                        // 1. The policy as a Hugging Face folder plus tokenizer files, or its
                        // adapter
                        //    as PEFT writes one (no tokenizer: vLLM would take it for an adapter
                        //    vocabulary).
                        if (model.adapter() instanceof LoraAdapter adapter) {
                            PeftAdapterFiles.save(adapter, tmp, baseModelName(tokenizerDir));
                        } else {
                            saveModel(model, tmp);
                            if (tokenizerDir != null) {
                                QwenWeights.copyTokenizerFiles(tokenizerDir, tmp);
                            }
                        }
                        // 2. Optimiser, trainer and RNG state; the reference when there is one.
                        OptimizerStateFile.save(optimizer, tmp.resolve(OPTIMIZER_FILE));
                        writeJson(tmp.resolve(TRAINER_STATE_FILE), JSON.valueToTree(state));
                        ObjectNode rng =
                                JSON.createObjectNode()
                                        .put("algorithm", RNG_ALGORITHM)
                                        .put("state", rngState);
                        writeJson(tmp.resolve(RNG_STATE_FILE), rng);
                        if (reference != null) {
                            saveModel(reference, tmp.resolve(REFERENCE_DIR));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #save(Path, QwenModel, Path, AdamW, TrainerState, long, QwenModel)}, no tokenizer
     * or reference.
     */
    public static void save(
            Path dir, QwenModel model, AdamW optimizer, TrainerState state, long rngState) {
        save(dir, model, null, optimizer, state, rngState, null);
    }

    /** The policy's weights (F32) from a checkpoint folder. */
    public static QwenWeights loadWeights(Path dir, NDManager manager) {
        return QwenWeights.load(dir, manager);
    }

    /**
     * The policy of an adapter checkpoint: {@code base} with the LoRA adapter saved in {@code dir}
     * (PEFT format), in the base's dtype; the adapter's arrays live on a sub-manager of {@code
     * manager}.
     */
    public static QwenModel loadAdapted(Path dir, QwenModel base, NDManager manager) {
        return base.withAdapter(PeftAdapterFiles.load(dir, base.config(), manager, base.dtype()));
    }

    /**
     * What an adapter's {@code base_model_name_or_path} records: the tokenizer folder, which in a
     * run is the base model's folder (PEFT resolves it to find the base; vLLM ignores it).
     */
    private static String baseModelName(Path tokenizerDir) {
        return tokenizerDir == null ? "base" : tokenizerDir.toAbsolutePath().normalize().toString();
    }

    /**
     * Loads the optimiser state into {@code optimizer} and reads trainer and RNG state.
     *
     * @param trainer the trainer kind expected in {@value #TRAINER_STATE_FILE}
     * @throws IllegalArgumentException naming the file and field that is missing or wrong
     */
    public static Restored restore(Path dir, AdamW optimizer, NDManager manager, String trainer) {
        Path stateFile = dir.resolve(TRAINER_STATE_FILE);
        JsonNode s = readJson(stateFile);
        TrainerState state;
        try {
            state =
                    new TrainerState(
                            text(s, "trainer", stateFile),
                            number(s, "steps", stateFile),
                            number(s, "updates", stateFile),
                            number(s, "skippedUpdates", stateFile));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(stateFile + ": " + e.getMessage(), e);
        }
        if (!state.trainer().equals(trainer)) {
            throw new IllegalArgumentException(
                    stateFile
                            + ": trainer = \""
                            + state.trainer()
                            + "\", expected \""
                            + trainer
                            + "\"");
        }
        Path rngFile = dir.resolve(RNG_STATE_FILE);
        JsonNode r = readJson(rngFile);
        if (!RNG_ALGORITHM.equals(text(r, "algorithm", rngFile))) {
            throw new IllegalArgumentException(
                    rngFile
                            + ": algorithm = "
                            + r.get("algorithm")
                            + ", expected \""
                            + RNG_ALGORITHM
                            + "\"");
        }
        long rngState = number(r, "state", rngFile);
        OptimizerStateFile.load(optimizer, dir.resolve(OPTIMIZER_FILE), manager);
        return new Restored(state, rngState);
    }

    /** Overwrites {@code reference}'s parameters with those saved in {@code dir/reference}. */
    static void loadReferenceInto(Path dir, QwenModel reference) {
        Path refDir = dir.resolve(REFERENCE_DIR);
        if (!Files.isDirectory(refDir)) {
            throw new IllegalArgumentException(
                    refDir + ": missing, but the trainer uses a KL reference (β > 0)");
        }
        try (NoGradient off = NoGradient.enter();
                NDManager m = reference.newManager()) {
            QwenWeights w = QwenWeights.load(refDir, m);
            for (Map.Entry<String, NDArray> e : reference.parameters().entrySet()) {
                NDArray loaded = w.get(e.getKey()).toType(e.getValue().getDataType(), false);
                loaded.copyTo(e.getValue());
            }
        }
    }

    /** A NaN/∞ weight must never reach a checkpoint: refuse, naming the parameter. */
    private static void requireFinite(QwenModel model, Path target) {
        try (NoGradient off = NoGradient.enter();
                NDScope scope = new NDScope()) { // the temporaries would join the weights' manager
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, NDArray> e : model.trainableParameters().entrySet()) {
                NDArray p = e.getValue();
                if (p.isNaN().logicalOr(p.isInfinite()).any().getBoolean()) {
                    throw new IllegalStateException(
                            "not writing checkpoint "
                                    + target
                                    + ": parameter "
                                    + e.getKey()
                                    + " holds NaN or infinity");
                }
            }
        }
    }

    private static void saveModel(QwenModel model, Path dir) throws IOException {
        Files.createDirectories(dir);
        if (model.dtype() == DataType.FLOAT32) {
            model.weights().save(dir, TensorDType.F32, Long.MAX_VALUE);
        } else {
            try (NDManager m = model.newManager()) {
                model.weights()
                        .copy(m, DataType.FLOAT32)
                        .save(dir, TensorDType.F32, Long.MAX_VALUE);
            }
        }
    }

    private static void writeJson(Path file, JsonNode node) throws IOException {
        Files.writeString(
                file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field, Path file) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(
                    file + ": field \"" + field + "\" missing or not a string");
        }
        return v.asText();
    }

    private static long number(JsonNode n, String field, Path file) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(
                    file + ": field \"" + field + "\" missing or not an integer");
        }
        return v.asLong();
    }
}
