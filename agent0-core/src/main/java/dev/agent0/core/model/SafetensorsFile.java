package dev.agent0.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One safetensors file, opened for memory-mapped reads: the header is parsed and checked eagerly,
 * tensor data is mapped per tensor on demand.
 *
 * <p>Layout: u64 little-endian header length N, N bytes of JSON header, then the data; offsets in
 * the header are relative to byte 8 + N. Every entry is validated on open (dtype known, offsets
 * inside the file, byte size = product of shape × element size), so a truncated file fails before
 * any number is read. Close to release the channel.
 */
public final class SafetensorsFile implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    /** Where one tensor lives in the file. */
    public record Entry(String name, TensorDType dtype, long[] shape, long begin, long end) {
        /** Number of elements. */
        public long numel() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(
            Path file,
            FileChannel channel,
            long dataStart,
            Map<String, Entry> entries,
            Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /**
     * Opens and validates {@code file}; throws {@link CheckpointFormatException} naming file and
     * tensor.
     */
    public static SafetensorsFile open(Path file) {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointFormatException(file, "not found", e);
        } catch (IOException e) {
            throw new CheckpointFormatException(file, "cannot open: " + e.getMessage(), e);
        }
        try {
            return parse(file, ch);
        } catch (RuntimeException | IOException e) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof CheckpointFormatException c) {
                throw c;
            }
            throw new CheckpointFormatException(file, "unreadable header: " + e.getMessage(), e);
        }
    }

    private static SafetensorsFile parse(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new CheckpointFormatException(
                    file, "truncated: " + size + " bytes, no header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(lenBuf, 0);
        long n = lenBuf.getLong(0);
        if (n <= 0 || n > MAX_HEADER || 8 + n > size) {
            throw new CheckpointFormatException(
                    file,
                    "header length "
                            + n
                            + " invalid for a file of "
                            + size
                            + " bytes (truncated?)");
        }
        ByteBuffer header = ByteBuffer.allocate((int) n);
        while (header.hasRemaining()) {
            if (ch.read(header, 8 + header.position()) < 0) {
                throw new CheckpointFormatException(file, "truncated inside the header");
            }
        }
        JsonNode root = JSON.readTree(header.array());
        if (root == null || !root.isObject()) {
            throw new CheckpointFormatException(file, "header is not a JSON object");
        }
        long dataStart = 8 + n;
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("__metadata__")) {
                f.getValue()
                        .fields()
                        .forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            entries.put(f.getKey(), entry(file, f.getKey(), f.getValue(), size - dataStart));
        }
        return new SafetensorsFile(
                file,
                ch,
                dataStart,
                Collections.unmodifiableMap(entries),
                Collections.unmodifiableMap(metadata));
    }

    private static Entry entry(Path file, String name, JsonNode e, long dataSize) {
        String dt = e.path("dtype").asText("");
        TensorDType dtype = TensorDType.fromSafetensors(dt);
        if (dtype == null) {
            throw new CheckpointFormatException(
                    file, name + " has dtype \"" + dt + "\", supported: F32, F16, BF16");
        }
        JsonNode shapeNode = e.get("shape");
        JsonNode off = e.get("data_offsets");
        if (shapeNode == null
                || !shapeNode.isArray()
                || off == null
                || !off.isArray()
                || off.size() != 2) {
            throw new CheckpointFormatException(
                    file, name + " lacks shape or data_offsets [begin, end]");
        }
        long[] shape = new long[shapeNode.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new CheckpointFormatException(
                        file, name + " has negative dimension in shape " + shapeNode);
            }
            numel = Math.multiplyExact(numel, shape[i]);
        }
        long begin = off.get(0).asLong(-1);
        long end = off.get(1).asLong(-1);
        if (begin < 0 || end < begin) {
            throw new CheckpointFormatException(
                    file, name + " has data_offsets " + off + ", not 0 <= begin <= end");
        }
        if (end > dataSize) {
            throw new CheckpointFormatException(
                    file,
                    name
                            + " has data_offsets "
                            + off
                            + " past the end of the data ("
                            + dataSize
                            + " bytes; file truncated?)");
        }
        if (end - begin != numel * dtype.bytes()) {
            throw new CheckpointFormatException(
                    file,
                    name
                            + " spans "
                            + (end - begin)
                            + " bytes, but shape "
                            + Arrays.toString(shape)
                            + " of "
                            + dt
                            + " needs "
                            + numel * dtype.bytes());
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** The tensors of this file, in header order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The {@code __metadata__} map (e.g. {@code format = pt}). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The path this file was opened from. */
    public Path path() {
        return file;
    }

    /**
     * Maps tensor {@code name} and converts it to FP32: a new direct buffer in native byte order.
     */
    public ByteBuffer readAsF32(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new CheckpointFormatException(file, "no tensor named " + name);
        }
        try {
            ByteBuffer mapped =
                    channel.map(
                            FileChannel.MapMode.READ_ONLY,
                            dataStart + e.begin(),
                            e.end() - e.begin());
            return e.dtype().decodeToF32(mapped, e.numel());
        } catch (IOException ex) {
            throw new CheckpointFormatException(
                    file, "cannot map " + name + ": " + ex.getMessage(), ex);
        }
    }

    /** Convenience: tensor {@code name} as a float array (for tests and small tensors). */
    public float[] readFloats(String name) {
        ByteBuffer b = readAsF32(name);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new CheckpointFormatException(file, "close failed: " + e.getMessage(), e);
        }
    }
}
