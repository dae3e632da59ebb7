package dev.agent0.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void binaryAndDecimalUnitsAndPlainBytes() {
        assertEquals(8L << 30, ByteSize.parse("8GiB", "f"));
        assertEquals(512L << 20, ByteSize.parse(" 512 MiB ", "f"));
        assertEquals(80_000_000_000L, ByteSize.parse("80GB", "f"));
        assertEquals(3L << 29, ByteSize.parse("1.5g", "f"));
        assertEquals(1_048_576L, ByteSize.parse("1048576", "f"));
        assertEquals("7.50 GiB", ByteSize.gib(15L << 29));
    }

    @Test
    void badSizesNameTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("8 GiBs", "m.x"));
        assertTrue(e.getMessage().startsWith("m.x = '8 GiBs': unknown unit"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("-1", "m.y"));
        assertTrue(e.getMessage().contains("m.y = '-1' is not a size"), e.getMessage());
    }
}
