package dev.agent0.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.io.AtomicFiles;
import dev.agent0.core.runtime.NoGradient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The parameters of a Qwen decoder as FP32 NDArrays keyed by their exact Hugging Face names, plus
 * loading and saving of HF checkpoint folders (single file or sharded).
 *
 * <p>Every array is a leaf owned by the manager passed in; the caller closes that manager. Loading
 * checks every name and shape against the config before reading a number.
 */
public final class QwenWeights {
    /** The single-file checkpoint name. */
    public static final String SINGLE_FILE = "model.safetensors";

    /** The shard index name. */
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final QwenConfig config;
    private final Map<String, NDArray> parameters;

    private QwenWeights(QwenConfig config, Map<String, NDArray> parameters) {
        this.config = config;
        this.parameters = Collections.unmodifiableMap(parameters);
    }

    /** The architecture. */
    public QwenConfig config() {
        return config;
    }

    /**
     * Parameters by HF name, in checkpoint order; the arrays are live (updates change the model).
     */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** The parameter {@code name}; an IllegalArgumentException when absent. */
    public NDArray get(String name) {
        NDArray a = parameters.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return a;
    }

    /**
     * Wraps existing arrays (not copied) after checking that names and shapes are exactly those of
     * {@code config}; an IllegalArgumentException names the first missing, extra or misshapen one.
     */
    public static QwenWeights of(QwenConfig config, Map<String, NDArray> arrays) {
        Map<String, long[]> expected = expectedShapes(config);
        for (String n : arrays.keySet()) {
            if (!expected.containsKey(n)) {
                throw new IllegalArgumentException("unexpected parameter " + n);
            }
        }
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            NDArray a = arrays.get(e.getKey());
            if (a == null) {
                throw new IllegalArgumentException("missing parameter " + e.getKey());
            }
            if (!Arrays.equals(a.getShape().getShape(), e.getValue())) {
                throw new IllegalArgumentException(
                        e.getKey()
                                + " has shape "
                                + a.getShape()
                                + ", expected "
                                + Arrays.toString(e.getValue()));
            }
            params.put(e.getKey(), a);
        }
        return new QwenWeights(config, params);
    }

    /**
     * A deep copy on {@code manager} in {@code dtype} (e.g. FLOAT64 for finite-difference checks).
     */
    public QwenWeights copy(NDManager manager, DataType dtype) {
        Map<String, NDArray> params = new LinkedHashMap<>();
        // toType(dtype, copy = true) returns the same storage when the dtype already matches (the
        // engine's tensor.to is a no-op then): duplicate() is the only real copy, and the KL
        // reference of full fine-tuning relies on it staying frozen while the policy trains.
        try (NoGradient off = NoGradient.enter()) {
            parameters.forEach(
                    (n, a) -> {
                        NDArray c =
                                a.getDataType() == dtype ? a.duplicate() : a.toType(dtype, true);
                        c.attach(manager);
                        params.put(n, c);
                    });
        }
        return new QwenWeights(config, params);
    }

    /** Names and shapes a checkpoint of {@code config} must contain, in HF order. */
    public static Map<String, long[]> expectedShapes(QwenConfig c) {
        Map<String, long[]> s = new LinkedHashMap<>();
        long h = c.hiddenSize();
        long q = (long) c.numAttentionHeads() * c.headDim();
        long kv = (long) c.numKeyValueHeads() * c.headDim();
        s.put("model.embed_tokens.weight", new long[] {c.vocabSize(), h});
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String p = "model.layers." + i + ".";
            s.put(p + "input_layernorm.weight", new long[] {h});
            s.put(p + "self_attn.q_proj.weight", new long[] {q, h});
            s.put(p + "self_attn.k_proj.weight", new long[] {kv, h});
            s.put(p + "self_attn.v_proj.weight", new long[] {kv, h});
            if (c.attentionBias()) {
                s.put(p + "self_attn.q_proj.bias", new long[] {q});
                s.put(p + "self_attn.k_proj.bias", new long[] {kv});
                s.put(p + "self_attn.v_proj.bias", new long[] {kv});
            }
            s.put(p + "self_attn.o_proj.weight", new long[] {h, q});
            if (c.hasOutputBias()) {
                s.put(p + "self_attn.o_proj.bias", new long[] {h});
            }
            if (c.hasQkNorm()) {
                s.put(p + "self_attn.q_norm.weight", new long[] {c.headDim()});
                s.put(p + "self_attn.k_norm.weight", new long[] {c.headDim()});
            }
            s.put(p + "post_attention_layernorm.weight", new long[] {h});
            s.put(p + "mlp.gate_proj.weight", new long[] {c.intermediateSize(), h});
            s.put(p + "mlp.up_proj.weight", new long[] {c.intermediateSize(), h});
            s.put(p + "mlp.down_proj.weight", new long[] {h, c.intermediateSize()});
        }
        s.put("model.norm.weight", new long[] {h});
        if (!c.tieWordEmbeddings()) {
            s.put("lm_head.weight", new long[] {c.vocabSize(), h});
        }
        return s;
    }

    /**
     * Random weights for tests and benchmarks: linear and embedding entries ~ N(0, std²) with std =
     * {@code std}, norm weights 1 + 0.1·N(0,1), biases N(0, std²); every draw from {@code seed}.
     */
    public static QwenWeights random(QwenConfig config, long seed, double std, NDManager manager) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : expectedShapes(config).entrySet()) {
            long[] shape = e.getValue();
            int n = Math.toIntExact(new Shape(shape).size());
            float[] v = new float[n];
            boolean norm = e.getKey().endsWith("norm.weight");
            for (int i = 0; i < n; i++) {
                double g = gaussian(rng);
                v[i] = (float) (norm ? 1 + 0.1 * g : std * g);
            }
            params.put(e.getKey(), manager.create(v, new Shape(shape)));
        }
        return new QwenWeights(config, params);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller from two uniforms in (0, 1]: deterministic given the seed.
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Loads {@code dir/config.json} and the checkpoint next to it. */
    public static QwenWeights load(Path dir, NDManager manager) {
        return load(dir, QwenConfig.load(dir), manager);
    }

    /**
     * Loads the safetensors checkpoint in {@code dir} (sharded through {@value #INDEX_FILE} when
     * present, else {@value #SINGLE_FILE}), converting every tensor to FP32.
     *
     * @throws CheckpointFormatException naming file and tensor for missing, extra or misshapen
     *     tensors
     */
    public static QwenWeights load(Path dir, QwenConfig config, NDManager manager) {
        Map<String, long[]> expected = expectedShapes(config);
        List<SafetensorsFile> files = new ArrayList<>();
        try {
            Map<String, SafetensorsFile> where = locate(dir, files);
            for (Map.Entry<String, SafetensorsFile> e : where.entrySet()) {
                String name = e.getKey();
                boolean tiedHead = name.equals("lm_head.weight") && config.tieWordEmbeddings();
                if (!expected.containsKey(name) && !tiedHead) {
                    throw new CheckpointFormatException(
                            e.getValue().path(),
                            "unexpected tensor "
                                    + name
                                    + " (not part of a "
                                    + config.modelType().hfName()
                                    + " model with this config)");
                }
            }
            for (Map.Entry<String, long[]> e : expected.entrySet()) {
                SafetensorsFile f = where.get(e.getKey());
                if (f == null) {
                    throw new CheckpointFormatException(
                            files.isEmpty() ? dir : files.get(0).path(),
                            "missing tensor " + e.getKey() + " " + Arrays.toString(e.getValue()));
                }
                long[] found = f.entries().get(e.getKey()).shape();
                if (!Arrays.equals(found, e.getValue())) {
                    throw new CheckpointFormatException(
                            f.path(),
                            e.getKey()
                                    + " has shape "
                                    + Arrays.toString(found)
                                    + ", expected "
                                    + Arrays.toString(e.getValue()));
                }
            }
            Map<String, NDArray> params = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : expected.entrySet()) {
                ByteBuffer data = where.get(e.getKey()).readAsF32(e.getKey());
                params.put(
                        e.getKey(),
                        manager.create(data, new Shape(e.getValue()), DataType.FLOAT32));
            }
            return new QwenWeights(config, params);
        } finally {
            files.forEach(SafetensorsFile::close);
        }
    }

    private static Map<String, SafetensorsFile> locate(Path dir, List<SafetensorsFile> opened) {
        Map<String, SafetensorsFile> where = new LinkedHashMap<>();
        Path index = dir.resolve(INDEX_FILE);
        if (!Files.exists(index)) {
            SafetensorsFile f = SafetensorsFile.open(dir.resolve(SINGLE_FILE));
            opened.add(f);
            f.entries().keySet().forEach(n -> where.put(n, f));
            return where;
        }
        JsonNode map;
        try {
            map = JSON.readTree(index.toFile()).get("weight_map");
        } catch (IOException e) {
            throw new CheckpointFormatException(index, "not valid JSON: " + e.getMessage(), e);
        }
        if (map == null || !map.isObject()) {
            throw new CheckpointFormatException(index, "weight_map missing or not an object");
        }
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        for (var it = map.fields(); it.hasNext(); ) {
            var e = it.next();
            String shardName = e.getValue().asText();
            SafetensorsFile f =
                    shards.computeIfAbsent(
                            shardName,
                            s -> {
                                SafetensorsFile sf = SafetensorsFile.open(dir.resolve(s));
                                opened.add(sf);
                                return sf;
                            });
            if (!f.entries().containsKey(e.getKey())) {
                throw new CheckpointFormatException(
                        f.path(),
                        "missing tensor "
                                + e.getKey()
                                + " (listed for this shard in "
                                + INDEX_FILE
                                + ")");
            }
            where.put(e.getKey(), f);
        }
        for (SafetensorsFile f : shards.values()) {
            for (String n : f.entries().keySet()) {
                if (where.get(n) != f) {
                    throw new CheckpointFormatException(
                            f.path(),
                            "tensor " + n + " is not listed for this shard in " + INDEX_FILE);
                }
            }
        }
        return where;
    }

    /**
     * Copies every regular file of the Hugging Face folder {@code from} that is not a checkpoint's
     * own (config.json, safetensors and their index) into {@code to}: the tokenizer and chat
     * template files.
     */
    public static void copyTokenizerFiles(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IllegalArgumentException(from + " is not a directory");
        }
        try (java.util.stream.Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (!name.equals("config.json")
                        && !name.equals(INDEX_FILE)
                        && !name.endsWith(".safetensors")) {
                    Files.copy(
                            f, to.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Saves as a Hugging Face folder: {@code config.json} (with {@code torch_dtype = dtype}) and
     * either {@value #SINGLE_FILE} or shards of at most {@code maxShardBytes} plus the index. Every
     * file is written atomically; the config last.
     */
    public void save(Path dir, TensorDType dtype, long maxShardBytes) {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException(
                    "maxShardBytes = " + maxShardBytes + ", must be > 0");
        }
        List<Map<String, SafetensorsWriter.Tensor>> shards = new ArrayList<>();
        Map<String, SafetensorsWriter.Tensor> current = new LinkedHashMap<>();
        long bytes = 0;
        long total = 0;
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray a = e.getValue();
            long size = a.size() * dtype.bytes();
            if (!current.isEmpty() && bytes + size > maxShardBytes) {
                shards.add(current);
                current = new LinkedHashMap<>();
                bytes = 0;
            }
            current.put(
                    e.getKey(),
                    new SafetensorsWriter.Tensor(a.getShape().getShape(), a.toFloatArray(), dtype));
            bytes += size;
            total += size;
        }
        shards.add(current);
        if (shards.size() == 1) {
            SafetensorsWriter.write(dir.resolve(SINGLE_FILE), shards.get(0));
            try {
                Files.deleteIfExists(
                        dir.resolve(INDEX_FILE)); // a stale index would shadow the new file
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else {
            ObjectNode index = JSON.createObjectNode();
            index.putObject("metadata").put("total_size", total);
            ObjectNode map = index.putObject("weight_map");
            for (int i = 0; i < shards.size(); i++) {
                String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
                SafetensorsWriter.write(dir.resolve(name), shards.get(i));
                for (String t : new TreeSet<>(shards.get(i).keySet())) {
                    map.put(t, name);
                }
            }
            AtomicFiles.writeString(dir.resolve(INDEX_FILE), index.toPrettyString());
        }
        AtomicFiles.writeString(dir.resolve("config.json"), config.withTorchDtype(dtype).toJson());
    }
}
