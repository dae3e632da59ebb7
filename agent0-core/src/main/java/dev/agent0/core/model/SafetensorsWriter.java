package dev.agent0.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.io.AtomicFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one safetensors file atomically, with {@code {"format":"pt"}} metadata as Hugging Face
 * does. The header is padded with spaces so that the data starts at a multiple of 8 bytes.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tensor to write: FP32 values converted to {@code dtype} on write. */
    public record Tensor(long[] shape, float[] values, TensorDType dtype) {
        public Tensor {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException(
                        "shape "
                                + java.util.Arrays.toString(shape)
                                + " needs "
                                + n
                                + " values, got "
                                + values.length);
            }
        }
    }

    private SafetensorsWriter() {}

    /** Writes {@code tensors} (in map order) to {@code file}, replacing it atomically. */
    public static void write(Path file, Map<String, Tensor> tensors) {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        List<ByteBuffer> chunks = new ArrayList<>();
        chunks.add(null); // header placeholder
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            byte[] data = t.dtype().encode(t.values());
            ObjectNode o = header.putObject(e.getKey());
            o.put("dtype", t.dtype().name());
            var shape = o.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            o.putArray("data_offsets").add(offset).add(offset + data.length);
            offset += data.length;
            chunks.add(ByteBuffer.wrap(data));
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (int) ((8 + json.length + 7) / 8 * 8 - 8);
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        chunks.set(0, head);
        AtomicFiles.write(file, chunks);
    }
}
