package dev.agent0.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.core.lora.LoraAdapter;
import dev.agent0.core.lora.PeftAdapterFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Publishes LoRA adapters to the engine's servers: writes one in PEFT format into a folder the
 * servers read ({@code publishDir/<prefix>-<sha256 of its tensors, 12 hex>}), then loads it on
 * every server through vLLM's runtime endpoint ({@code POST /v1/load_lora_adapter} with {@code
 * lora_name} and {@code lora_path}; servers started with {@code --enable-lora --max-lora-rank R}
 * and {@code VLLM_ALLOW_RUNTIME_LORA_UPDATING=True}). Requests then name the adapter as their
 * {@code model}. The name follows the content, so an unchanged adapter is not published twice; the
 * oldest loaded adapters beyond {@code keepLoaded} are unloaded ({@code /v1/unload_lora_adapter}).
 */
public final class AdapterPublisher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CompletionsEngine engine;
    private final Path publishDir;
    private final String prefix;
    private final int keepLoaded;
    private final Deque<String> loaded = new ArrayDeque<>();

    /**
     * @param engine whose servers load the adapters
     * @param publishDir a folder every server can read at the same path
     * @param prefix of every adapter name, e.g. {@code agent0}
     * @param keepLoaded adapters left loaded at most (two agents: current and previous, 4)
     */
    public AdapterPublisher(
            CompletionsEngine engine, Path publishDir, String prefix, int keepLoaded) {
        if (keepLoaded < 1) {
            throw new IllegalArgumentException("keepLoaded = " + keepLoaded + ", must be >= 1");
        }
        this.engine = engine;
        this.publishDir = publishDir.toAbsolutePath();
        this.prefix = prefix;
        this.keepLoaded = keepLoaded;
    }

    /** Publishes {@code adapter} (if this content is not loaded yet) and returns its name. */
    public synchronized String publish(LoraAdapter adapter) {
        // Named by content, computed in memory: an unchanged adapter is neither written nor loaded.
        String name = prefix + "-" + fingerprint(adapter).substring(0, 12);
        Path dir = publishDir.resolve(name);
        if (!Files.isDirectory(dir)) {
            write(adapter, dir);
        }
        if (!loaded.contains(name)) {
            engine.pool()
                    .broadcast(
                            "/v1/load_lora_adapter",
                            JSON.createObjectNode()
                                    .put("lora_name", name)
                                    .put("lora_path", dir.toString()));
            loaded.addLast(name);
            while (loaded.size() > keepLoaded) {
                String old = loaded.removeFirst();
                engine.pool()
                        .broadcast(
                                "/v1/unload_lora_adapter",
                                JSON.createObjectNode().put("lora_name", old));
            }
        }
        return name;
    }

    /** The PEFT files in a temporary folder beside {@code dir}, then renamed to it at once. */
    private void write(LoraAdapter adapter, Path dir) {
        Path tmp;
        try {
            Files.createDirectories(publishDir);
            tmp = Files.createTempDirectory(publishDir, ".publish-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write under " + publishDir, e);
        }
        PeftAdapterFiles.save(adapter, tmp, engine.config().model());
        move(tmp, dir);
    }

    /** SHA-256 over the adapter's tensor names and FP32 values, in its parameter order. */
    static String fingerprint(LoraAdapter adapter) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (var e : adapter.parameters().entrySet()) {
            sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            NDArray a = e.getValue();
            float[] values =
                    a.getDataType() == DataType.FLOAT32
                            ? a.toFloatArray()
                            : a.toType(DataType.FLOAT32, false).toFloatArray();
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            sha.update(b.array());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new UncheckedIOException(
                    "cannot publish " + to + ": the file system has no atomic rename", e);
        } catch (IOException e) {
            if (Files.isDirectory(to)) {
                delete(from); // another publisher wrote the same content first
                return;
            }
            throw new UncheckedIOException("cannot publish " + to + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
