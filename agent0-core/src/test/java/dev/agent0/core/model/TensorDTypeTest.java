package dev.agent0.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Conversions against hand-derived IEEE bit patterns. */
class TensorDTypeTest {
    @Test
    void halfBitPatternsMatchIeeeBinary16() {
        // 1.0 = 0x3C00; 65504 (largest half) = 0x7BFF; 2^-24 (smallest subnormal) = 0x0001;
        // 0.1 -> 0x2E66 (0.0999755859375); -2 = 0xC000; 65520 rounds to +inf 0x7C00.
        assertEquals((short) 0x3C00, TensorDType.floatToHalf(1f));
        assertEquals((short) 0x7BFF, TensorDType.floatToHalf(65504f));
        assertEquals((short) 0x0001, TensorDType.floatToHalf(5.9604645e-8f));
        assertEquals((short) 0x2E66, TensorDType.floatToHalf(0.1f));
        assertEquals((short) 0xC000, TensorDType.floatToHalf(-2f));
        assertEquals((short) 0x7C00, TensorDType.floatToHalf(65520f));
        assertEquals(0.0999755859375f, TensorDType.halfToFloat((short) 0x2E66));
        assertEquals(65504f, TensorDType.halfToFloat((short) 0x7BFF));
        assertEquals(5.9604645e-8f, TensorDType.halfToFloat((short) 0x0001));
        assertTrue(Float.isNaN(TensorDType.halfToFloat((short) 0x7E00)));
        // Tie: 1 + 2^-11 is halfway between 1 and 1 + 2^-10; round to even gives 1.0.
        assertEquals((short) 0x3C00, TensorDType.floatToHalf(1f + 0x1p-11f));
        assertEquals((short) 0x3C02, TensorDType.floatToHalf(1f + 3 * 0x1p-11f));
    }

    @Test
    void halfRoundTripIsExactForEveryHalf() {
        for (int h = 0; h < 0x10000; h++) {
            float f = TensorDType.halfToFloat((short) h);
            if (!Float.isNaN(f)) {
                assertEquals(
                        (short) h, TensorDType.floatToHalf(f), "half 0x" + Integer.toHexString(h));
            }
        }
    }

    @Test
    void bf16RoundsToNearestEven() {
        // 1.0 = 0x3F80. 1 + 2^-8 is a tie between 0x3F80 and 0x3F81: even wins (0x3F80).
        // 1 + 3·2^-8 ties between 0x3F81 and 0x3F82: even wins (0x3F82). 1 + 2^-8 + 2^-20 rounds
        // up.
        assertEquals((short) 0x3F80, TensorDType.floatToBf16(1f));
        assertEquals((short) 0x3F80, TensorDType.floatToBf16(1f + 0x1p-8f));
        assertEquals((short) 0x3F82, TensorDType.floatToBf16(1f + 3 * 0x1p-8f));
        assertEquals((short) 0x3F81, TensorDType.floatToBf16(1f + 0x1p-8f + 0x1p-20f));
        assertEquals((short) 0xC040, TensorDType.floatToBf16(-3f));
        assertTrue(
                (TensorDType.floatToBf16(Float.NaN) & 0x7f) != 0
                        || (TensorDType.floatToBf16(Float.NaN) & 0x7f80) == 0x7f80);
    }
}
