package dev.agent0.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The architecture of a Qwen2/Qwen3 decoder, read from a Hugging Face {@code config.json}.
 * Component names follow the checkpoint's keys so that {@code config.json} can be searched.
 *
 * @param modelType {@code model_type}: qwen2 or qwen3.
 * @param hiddenSize {@code hidden_size}, width of the residual stream.
 * @param intermediateSize {@code intermediate_size}, width of the SwiGLU MLP.
 * @param numHiddenLayers {@code num_hidden_layers}.
 * @param numAttentionHeads {@code num_attention_heads}, query heads.
 * @param numKeyValueHeads {@code num_key_value_heads}; divides numAttentionHeads (grouped-query
 *     attention).
 * @param headDim {@code head_dim}; even. Qwen2 configs omit it: hidden_size / heads.
 * @param rmsNormEps {@code rms_norm_eps}, &gt; 0.
 * @param ropeTheta {@code rope_theta}, the RoPE base, &gt; 0.
 * @param vocabSize {@code vocab_size}.
 * @param tieWordEmbeddings {@code tie_word_embeddings}: the output projection is the embedding
 *     matrix.
 * @param maxPositionEmbeddings {@code max_position_embeddings}.
 * @param attentionBias q/k/v projections have biases (always for qwen2; {@code attention_bias} for
 *     qwen3, where o_proj then has one too).
 * @param torchDtype {@code torch_dtype}: the dtype of the stored weights (compute is FP32).
 * @param bosTokenId {@code bos_token_id}, or -1 when absent.
 * @param eosTokenIds {@code eos_token_id} (a number or a list).
 */
public record QwenConfig(
        ModelType modelType,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        double rmsNormEps,
        double ropeTheta,
        int vocabSize,
        boolean tieWordEmbeddings,
        int maxPositionEmbeddings,
        boolean attentionBias,
        TensorDType torchDtype,
        int bosTokenId,
        List<Integer> eosTokenIds) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public QwenConfig {
        positive("hidden_size", hiddenSize);
        positive("intermediate_size", intermediateSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("num_key_value_heads", numKeyValueHeads);
        positive("head_dim", headDim);
        positive("vocab_size", vocabSize);
        positive("max_position_embeddings", maxPositionEmbeddings);
        if (modelType == null) {
            throw new IllegalArgumentException("model_type is null");
        }
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException(
                    "num_key_value_heads = "
                            + numKeyValueHeads
                            + " must divide num_attention_heads = "
                            + numAttentionHeads);
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim = " + headDim + ", must be even for RoPE");
        }
        if (!(rmsNormEps > 0)) {
            throw new IllegalArgumentException("rms_norm_eps = " + rmsNormEps + ", must be > 0");
        }
        if (!(ropeTheta > 0)) {
            throw new IllegalArgumentException("rope_theta = " + ropeTheta + ", must be > 0");
        }
        if (torchDtype == null) {
            throw new IllegalArgumentException("torch_dtype is null");
        }
        eosTokenIds = List.copyOf(eosTokenIds);
        for (int id : eosTokenIds) {
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException(
                        "eos_token_id = " + id + " outside [0, vocab_size = " + vocabSize + ")");
            }
        }
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " = " + value + ", must be > 0");
        }
    }

    /** Grouped-query attention: query heads per key/value head. */
    public int queriesPerKeyValue() {
        return numAttentionHeads / numKeyValueHeads;
    }

    /** True for Qwen3, whose attention normalises each query and key head. */
    public boolean hasQkNorm() {
        return modelType == ModelType.QWEN3;
    }

    /** True when o_proj has a bias (qwen3 with attention_bias). */
    public boolean hasOutputBias() {
        return modelType == ModelType.QWEN3 && attentionBias;
    }

    /** A copy with {@code layers} decoder layers (a model cut short for measurements). */
    public QwenConfig withNumHiddenLayers(int layers) {
        return new QwenConfig(
                modelType,
                hiddenSize,
                intermediateSize,
                layers,
                numAttentionHeads,
                numKeyValueHeads,
                headDim,
                rmsNormEps,
                ropeTheta,
                vocabSize,
                tieWordEmbeddings,
                maxPositionEmbeddings,
                attentionBias,
                torchDtype,
                bosTokenId,
                eosTokenIds);
    }

    /**
     * A copy with another vocabulary size (e.g. a tokenizer's, without the checkpoint's padding).
     */
    public QwenConfig withVocabSize(int vocab) {
        return new QwenConfig(
                modelType,
                hiddenSize,
                intermediateSize,
                numHiddenLayers,
                numAttentionHeads,
                numKeyValueHeads,
                headDim,
                rmsNormEps,
                ropeTheta,
                vocab,
                tieWordEmbeddings,
                maxPositionEmbeddings,
                attentionBias,
                torchDtype,
                bosTokenId,
                eosTokenIds);
    }

    /** A copy with other stored-weight dtype. */
    public QwenConfig withTorchDtype(TensorDType dtype) {
        return new QwenConfig(
                modelType,
                hiddenSize,
                intermediateSize,
                numHiddenLayers,
                numAttentionHeads,
                numKeyValueHeads,
                headDim,
                rmsNormEps,
                ropeTheta,
                vocabSize,
                tieWordEmbeddings,
                maxPositionEmbeddings,
                attentionBias,
                dtype,
                bosTokenId,
                eosTokenIds);
    }

    /** A copy with separate or tied output embeddings. */
    public QwenConfig withTieWordEmbeddings(boolean tie) {
        return new QwenConfig(
                modelType,
                hiddenSize,
                intermediateSize,
                numHiddenLayers,
                numAttentionHeads,
                numKeyValueHeads,
                headDim,
                rmsNormEps,
                ropeTheta,
                vocabSize,
                tie,
                maxPositionEmbeddings,
                attentionBias,
                torchDtype,
                bosTokenId,
                eosTokenIds);
    }

    /**
     * The shape of the project's qwen3-tiny fixture (testdata/fixtures/qwen3-tiny): vocab 512,
     * hidden 64, intermediate 128, 2 layers, 4/2 heads of 32, tied embeddings, bos 500, eos 502.
     */
    public static QwenConfig qwen3Tiny() {
        return new QwenConfig(
                ModelType.QWEN3,
                64,
                128,
                2,
                4,
                2,
                32,
                1e-6,
                1_000_000,
                512,
                true,
                40_960,
                false,
                TensorDType.F32,
                500,
                List.of(502));
    }

    /**
     * The shape of Qwen3-0.6B (28 layers, hidden 1024, 16/8 heads of 128, vocab 151936), for
     * benchmarks.
     */
    public static QwenConfig qwen3_0_6B() {
        return new QwenConfig(
                ModelType.QWEN3,
                1024,
                3072,
                28,
                16,
                8,
                128,
                1e-6,
                1_000_000,
                151_936,
                true,
                40_960,
                false,
                TensorDType.BF16,
                151_643,
                List.of(151_645));
    }

    /** Reads {@code dir/config.json} (or the file itself when {@code path} is a file). */
    public static QwenConfig load(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
        if (!Files.isRegularFile(file)) {
            throw new CheckpointFormatException(
                    file, "not found (looked for " + file.toAbsolutePath() + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointFormatException(file, "not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointFormatException(file, "expected a JSON object");
        }
        try {
            return parse(root, file);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(file, e.getMessage(), e);
        }
    }

    private static QwenConfig parse(JsonNode n, Path file) {
        String type = text(n, "model_type", file);
        ModelType modelType =
                switch (type) {
                    case "qwen2" -> ModelType.QWEN2;
                    case "qwen3" -> ModelType.QWEN3;
                    default ->
                            throw new CheckpointFormatException(
                                    file,
                                    "model_type = \""
                                            + type
                                            + "\", expected \"qwen2\" or \"qwen3\"");
                };
        int hidden = integer(n, "hidden_size", file);
        int heads = integer(n, "num_attention_heads", file);
        int headDim;
        if (n.hasNonNull("head_dim")) {
            headDim = integer(n, "head_dim", file);
        } else {
            if (hidden % heads != 0) {
                throw new CheckpointFormatException(
                        file,
                        "head_dim absent and hidden_size = "
                                + hidden
                                + " not divisible by num_attention_heads = "
                                + heads);
            }
            headDim = hidden / heads;
        }
        if (n.hasNonNull("rope_scaling")) {
            throw new CheckpointFormatException(
                    file,
                    "rope_scaling = "
                            + n.get("rope_scaling")
                            + ", only the default RoPE (null) is implemented");
        }
        if (n.path("use_sliding_window").asBoolean(false)) {
            throw new CheckpointFormatException(
                    file, "use_sliding_window = true is not implemented");
        }
        boolean bias = modelType == ModelType.QWEN2 || n.path("attention_bias").asBoolean(false);
        String dtypeName =
                n.hasNonNull("torch_dtype")
                        ? n.get("torch_dtype").asText()
                        : n.hasNonNull("dtype") ? n.get("dtype").asText() : "float32";
        TensorDType dtype = TensorDType.fromTorch(dtypeName);
        if (dtype == null) {
            throw new CheckpointFormatException(
                    file,
                    "torch_dtype = \"" + dtypeName + "\", expected float32, float16 or bfloat16");
        }
        return new QwenConfig(
                modelType,
                hidden,
                integer(n, "intermediate_size", file),
                integer(n, "num_hidden_layers", file),
                heads,
                n.hasNonNull("num_key_value_heads")
                        ? integer(n, "num_key_value_heads", file)
                        : heads,
                headDim,
                number(n, "rms_norm_eps", file),
                n.hasNonNull("rope_theta") ? number(n, "rope_theta", file) : 10_000.0,
                integer(n, "vocab_size", file),
                n.path("tie_word_embeddings").asBoolean(false),
                n.hasNonNull("max_position_embeddings")
                        ? integer(n, "max_position_embeddings", file)
                        : 32_768,
                bias,
                dtype,
                n.hasNonNull("bos_token_id") ? integer(n, "bos_token_id", file) : -1,
                eosIds(n, file));
    }

    private static List<Integer> eosIds(JsonNode n, Path file) {
        JsonNode e = n.get("eos_token_id");
        if (e == null || e.isNull()) {
            return List.of();
        }
        if (e.isInt()) {
            return List.of(e.asInt());
        }
        if (e.isArray()) {
            java.util.ArrayList<Integer> ids = new java.util.ArrayList<>();
            for (JsonNode x : e) {
                if (!x.isInt()) {
                    throw new CheckpointFormatException(
                            file, "eos_token_id has non-integer entry " + x);
                }
                ids.add(x.asInt());
            }
            return ids;
        }
        throw new CheckpointFormatException(
                file, "eos_token_id = " + e + ", expected an integer or a list");
    }

    private static String text(JsonNode n, String field, Path file) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new CheckpointFormatException(file, field + " missing or not a string");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String field, Path file) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new CheckpointFormatException(file, field + " = " + v + ", expected an integer");
        }
        return v.asInt();
    }

    private static double number(JsonNode n, String field, Path file) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new CheckpointFormatException(file, field + " = " + v + ", expected a number");
        }
        return v.asDouble();
    }

    /** This config as Hugging Face {@code config.json} text (pretty-printed). */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.putArray("architectures")
                .add(modelType == ModelType.QWEN2 ? "Qwen2ForCausalLM" : "Qwen3ForCausalLM");
        o.put("model_type", modelType.hfName());
        o.put("hidden_size", hiddenSize);
        o.put("intermediate_size", intermediateSize);
        o.put("num_hidden_layers", numHiddenLayers);
        o.put("num_attention_heads", numAttentionHeads);
        o.put("num_key_value_heads", numKeyValueHeads);
        o.put("head_dim", headDim);
        o.put("hidden_act", "silu");
        o.put("rms_norm_eps", rmsNormEps);
        o.put("rope_theta", ropeTheta);
        o.putNull("rope_scaling");
        o.put("vocab_size", vocabSize);
        o.put("tie_word_embeddings", tieWordEmbeddings);
        o.put("max_position_embeddings", maxPositionEmbeddings);
        if (modelType == ModelType.QWEN3) {
            o.put("attention_bias", attentionBias);
        }
        o.put("use_sliding_window", false);
        o.put("torch_dtype", torchDtype.torchName());
        if (bosTokenId >= 0) {
            o.put("bos_token_id", bosTokenId);
        }
        if (eosTokenIds.size() == 1) {
            o.put("eos_token_id", eosTokenIds.get(0));
        } else {
            ArrayNode a = o.putArray("eos_token_id");
            eosTokenIds.forEach(a::add);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
