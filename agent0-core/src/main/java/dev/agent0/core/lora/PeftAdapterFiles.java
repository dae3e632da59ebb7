package dev.agent0.core.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.io.AtomicFiles;
import dev.agent0.core.model.CheckpointFormatException;
import dev.agent0.core.model.Projection;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.model.SafetensorsFile;
import dev.agent0.core.model.SafetensorsWriter;
import dev.agent0.core.model.TensorDType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A LoRA adapter as Hugging Face PEFT saves it: {@value #WEIGHTS} (FP32 tensors under PEFT's names,
 * {@code {"format": "pt"}} metadata) and {@value #CONFIG} ({@code peft_type}, {@code r}, {@code
 * lora_alpha}, {@code lora_dropout}, {@code target_modules}, {@code bias}, {@code task_type},
 * {@code base_model_name_or_path} and PEFT's other fields at their LoRA defaults), so {@code
 * PeftModel.from_pretrained} and vLLM's LoRA loading read the folder unchanged.
 *
 * <p>Loading accepts what this library can apply: plain LoRA on the seven Qwen projections with
 * {@code bias: none}; rsLoRA, DoRA, per-module rank or alpha patterns, {@code fan_in_fan_out},
 * layer subsets, {@code modules_to_save} and regex {@code target_modules} are refused with an error
 * naming the file and the field. Every tensor name and shape is checked before a number is read.
 */
public final class PeftAdapterFiles {
    /** The weights file name PEFT writes. */
    public static final String WEIGHTS = "adapter_model.safetensors";

    /** The config file name PEFT writes. */
    public static final String CONFIG = "adapter_config.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PeftAdapterFiles() {}

    /**
     * Writes {@code adapter} into {@code dir} (created if needed): the weights, then the config,
     * each atomically.
     *
     * @param baseModel what {@code base_model_name_or_path} records (a folder or hub name; PEFT
     *     uses it to find the base, vLLM ignores it)
     */
    public static void save(LoraAdapter adapter, Path dir, String baseModel) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(
                    "cannot create " + dir + ": " + e.getMessage(), e);
        }
        Map<String, SafetensorsWriter.Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : adapter.parameters().entrySet()) {
            NDArray a = e.getValue();
            float[] values =
                    a.getDataType() == DataType.FLOAT32
                            ? a.toFloatArray()
                            : a.toType(DataType.FLOAT32, false).toFloatArray();
            tensors.put(
                    e.getKey(),
                    new SafetensorsWriter.Tensor(a.getShape().getShape(), values, TensorDType.F32));
        }
        SafetensorsWriter.write(dir.resolve(WEIGHTS), tensors);
        AtomicFiles.writeString(
                dir.resolve(CONFIG), configJson(adapter.config(), baseModel).toPrettyString());
    }

    /** The {@value #CONFIG} document for {@code config}. */
    static ObjectNode configJson(LoraConfig config, String baseModel) {
        ObjectNode c = JSON.createObjectNode();
        c.putObject("alpha_pattern");
        c.putNull("auto_mapping");
        c.put("base_model_name_or_path", baseModel);
        c.put("bias", "none");
        c.put("fan_in_fan_out", false);
        c.put("inference_mode", true);
        c.put("init_lora_weights", true);
        c.putNull("layers_pattern");
        c.putNull("layers_to_transform");
        if (config.alpha() == Math.rint(config.alpha())) {
            c.put("lora_alpha", (long) config.alpha());
        } else {
            c.put("lora_alpha", config.alpha());
        }
        c.put("lora_dropout", config.dropout());
        c.putNull("modules_to_save");
        c.put("peft_type", "LORA");
        c.put("r", config.r());
        c.putObject("rank_pattern");
        c.putNull("revision");
        ArrayNode targets = c.putArray("target_modules");
        config.targets().forEach(p -> targets.add(p.moduleName()));
        c.put("task_type", "CAUSAL_LM");
        c.put("use_dora", false);
        c.put("use_rslora", false);
        return c;
    }

    /**
     * The adapter configuration in {@code dir}, checked (the base's config is not needed for this).
     */
    public static LoraConfig readConfig(Path dir) {
        Path file = dir.resolve(CONFIG);
        JsonNode c;
        try {
            c = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointFormatException(file, "not readable JSON: " + e.getMessage(), e);
        }
        if (c == null || !c.isObject()) {
            throw new CheckpointFormatException(file, "must be a JSON object");
        }
        require(
                file,
                "LORA".equals(c.path("peft_type").asText()),
                "peft_type",
                "must be \"LORA\", found " + c.get("peft_type"));
        require(
                file,
                c.path("r").isIntegralNumber(),
                "r",
                "must be an integer, found " + c.get("r"));
        require(
                file,
                c.path("lora_alpha").isNumber(),
                "lora_alpha",
                "must be a number, found " + c.get("lora_alpha"));
        JsonNode dropout = c.path("lora_dropout");
        require(
                file,
                dropout.isMissingNode() || dropout.isNumber(),
                "lora_dropout",
                "must be a number");
        require(
                file,
                c.path("bias").isMissingNode() || "none".equals(c.path("bias").asText()),
                "bias",
                "must be \"none\" (adapter biases are not supported), found " + c.get("bias"));
        for (String flag :
                List.of("use_rslora", "use_dora", "fan_in_fan_out", "lora_bias", "use_qalora")) {
            require(file, !c.path(flag).asBoolean(false), flag, "must be false (not supported)");
        }
        for (String pattern : List.of("rank_pattern", "alpha_pattern")) {
            JsonNode n = c.path(pattern);
            require(
                    file,
                    n.isMissingNode() || n.isNull() || n.isEmpty(),
                    pattern,
                    "must be empty (per-module ranks and alphas are not supported)");
        }
        for (String absent : List.of("layers_to_transform", "modules_to_save")) {
            JsonNode n = c.path(absent);
            require(
                    file,
                    n.isMissingNode() || n.isNull() || (n.isArray() && n.isEmpty()),
                    absent,
                    "must be null (every layer adapted, no fully trained modules)");
        }
        JsonNode t = c.path("target_modules");
        require(
                file,
                t.isArray() && !t.isEmpty(),
                "target_modules",
                "must be a non-empty list of module names (a regex string is not supported), found "
                        + t);
        List<Projection> targets = new ArrayList<>();
        for (JsonNode n : t) {
            try {
                targets.add(Projection.ofModuleName(n.asText()));
            } catch (IllegalArgumentException e) {
                throw new CheckpointFormatException(file, "target_modules: " + e.getMessage());
            }
        }
        targets.sort(null); // Projection order, whatever order the file lists them in
        try {
            return new LoraConfig(
                    c.get("r").asInt(),
                    c.get("lora_alpha").asDouble(),
                    dropout.asDouble(0),
                    targets);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(file, e.getMessage(), e);
        }
    }

    /**
     * Loads the adapter in {@code dir} for a base of architecture {@code base}, converting every
     * tensor to {@code dtype}.
     *
     * @throws CheckpointFormatException naming the file and the field or tensor that is wrong
     */
    public static LoraAdapter load(Path dir, QwenConfig base, NDManager manager, DataType dtype) {
        LoraConfig config = readConfig(dir);
        Path file = dir.resolve(WEIGHTS);
        Map<String, long[]> expected = LoraAdapter.expectedShapes(base, config);
        NDManager own = manager.newSubManager();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String name : f.entries().keySet()) {
                if (!expected.containsKey(name)) {
                    throw new CheckpointFormatException(
                            file,
                            "unexpected tensor "
                                    + name
                                    + " (an adapter of "
                                    + config.targets()
                                    + " over a "
                                    + base.numHiddenLayers()
                                    + "-layer model has none)");
                }
            }
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : expected.entrySet()) {
                SafetensorsFile.Entry entry = f.entries().get(e.getKey());
                if (entry == null) {
                    throw new CheckpointFormatException(file, "missing tensor " + e.getKey());
                }
                if (!java.util.Arrays.equals(entry.shape(), e.getValue())) {
                    throw new CheckpointFormatException(
                            file,
                            e.getKey()
                                    + " has shape "
                                    + java.util.Arrays.toString(entry.shape())
                                    + ", expected "
                                    + java.util.Arrays.toString(e.getValue()));
                }
            }
            for (Map.Entry<String, long[]> e : expected.entrySet()) {
                NDArray a =
                        own.create(
                                f.readAsF32(e.getKey()), new Shape(e.getValue()), DataType.FLOAT32);
                tensors.put(e.getKey(), a.toType(dtype, false));
            }
            return LoraAdapter.of(base, config, own, tensors);
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    private static void require(Path file, boolean ok, String field, String rule) {
        if (!ok) {
            throw new CheckpointFormatException(file, field + " " + rule);
        }
    }
}
