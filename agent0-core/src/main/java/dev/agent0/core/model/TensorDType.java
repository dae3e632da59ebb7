package dev.agent0.core.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * Element types of safetensors files this library reads and writes; compute is always FP32.
 *
 * <p>BF16 and F16 are converted in Java because the DJL PyTorch engine aborts on BF16
 * (DJL-NOTES.md). Narrowing conversions round to nearest, ties to even, as PyTorch does.
 */
public enum TensorDType {
    /** IEEE binary32. */
    F32(4),
    /** IEEE binary16 (half). */
    F16(2),
    /** bfloat16: the top 16 bits of a binary32. */
    BF16(2);

    private final int bytes;

    TensorDType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /**
     * The dtype named {@code name} in a safetensors header ("F32", "F16", "BF16"), or null if
     * unsupported.
     */
    public static TensorDType fromSafetensors(String name) {
        return switch (name) {
            case "F32" -> F32;
            case "F16" -> F16;
            case "BF16" -> BF16;
            default -> null;
        };
    }

    /**
     * The dtype for a {@code torch_dtype} string of config.json ("float32", "bfloat16", "float16"),
     * or null.
     */
    public static TensorDType fromTorch(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "float32", "float" -> F32;
            case "float16", "half" -> F16;
            case "bfloat16" -> BF16;
            default -> null;
        };
    }

    /** The {@code torch_dtype} string for config.json. */
    public String torchName() {
        return switch (this) {
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
        };
    }

    /**
     * Decodes {@code count} little-endian elements of this type from {@code src} (from its
     * position) into a new direct FP32 buffer in native order, ready for {@code NDManager.create}.
     */
    public ByteBuffer decodeToF32(ByteBuffer src, long count) {
        ByteBuffer in = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out =
                ByteBuffer.allocateDirect(Math.toIntExact(count * 4))
                        .order(ByteOrder.nativeOrder());
        switch (this) {
            case F32 -> out.asFloatBuffer().put(in.asFloatBuffer().limit((int) count));
            case F16 -> {
                for (long i = 0; i < count; i++) {
                    out.putFloat(halfToFloat(in.getShort()));
                }
            }
            case BF16 -> {
                for (long i = 0; i < count; i++) {
                    out.putInt((in.getShort() & 0xffff) << 16);
                }
            }
        }
        out.clear();
        return out;
    }

    /** Encodes FP32 values as little-endian elements of this type. */
    public byte[] encode(float[] values) {
        ByteBuffer out =
                ByteBuffer.allocate(Math.multiplyExact(values.length, bytes))
                        .order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (this) {
                case F32 -> out.putFloat(v);
                case F16 -> out.putShort(floatToHalf(v));
                case BF16 -> out.putShort(floatToBf16(v));
            }
        }
        return out.array();
    }

    /** binary16 bits to float (exact). */
    public static float halfToFloat(short h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        float v;
        if (exp == 0) {
            v = mant * 5.9604645e-8f; // subnormal: mant * 2^-24, exact
        } else if (exp == 31) {
            v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = Float.intBitsToFloat(((exp + 112) << 23) | (mant << 13));
        }
        return sign == 1 ? -v : v;
    }

    /** float to binary16 bits, round to nearest even; overflow gives infinity. */
    public static short floatToHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int val = bits & 0x7fffffff;
        if (val >= 0x7f800000) {
            return (short) (sign | (val > 0x7f800000 ? 0x7e00 : 0x7c00));
        }
        if (val >= 0x477ff000) { // >= 65520 rounds past the largest half, 65504
            return (short) (sign | 0x7c00);
        }
        if (val < 0x38800000) { // below 2^-14: subnormal half or zero
            if (val < 0x33000000) {
                return (short) sign;
            }
            int e = val >>> 23;
            int m = (val & 0x7fffff) | 0x800000;
            int shift = 126 - e;
            int r = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rem > halfway || (rem == halfway && (r & 1) == 1)) {
                r++;
            }
            return (short) (sign | r);
        }
        int v = val - 0x38000000; // rebias exponent 127 -> 15
        int r = (v + 0xfff + ((v >>> 13) & 1)) >>> 13;
        return (short) (sign | r);
    }

    /** float to bfloat16 bits, round to nearest even; NaN stays NaN. */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }
}
