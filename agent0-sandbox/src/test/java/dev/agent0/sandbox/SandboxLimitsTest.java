package dev.agent0.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SandboxLimitsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        SandboxLimits d = SandboxLimits.defaults();
        assertEquals(10_000, d.wallTimeMillis());
        assertEquals(1L << 30, d.memoryBytes());
        assertEquals(32, d.maxProcesses());
        assertEquals(64, d.maxOpenFiles());
        assertEquals(16L << 20, d.maxFileSizeBytes());
        assertEquals(64L << 20, d.tmpfsBytes());
        assertEquals(64 << 10, d.captureBytesPerStream());
        assertEquals(1L << 20, d.killOutputBytes());
    }

    @Test
    void minTakesTheStricterOfEachLimit() {
        SandboxLimits pool = SandboxLimits.defaults().withWallTimeMillis(2_000);
        SandboxLimits call =
                SandboxLimits.defaults().withWallTimeMillis(60_000).withMemoryBytes(256L << 20);
        SandboxLimits eff = pool.min(call);
        assertEquals(2_000, eff.wallTimeMillis(), "a call cannot raise the wall");
        assertEquals(256L << 20, eff.memoryBytes(), "a call can lower memory");
        assertEquals(pool, pool.min(SandboxLimits.UNBOUNDED));
    }

    @Test
    void badValuesNameTheField() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SandboxLimits.defaults().withWallTimeMillis(0));
        assertTrue(e.getMessage().startsWith("wallTimeMillis = 0"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SandboxLimits.defaults().withOutput(1 << 20, 1024));
        assertTrue(e.getMessage().startsWith("killOutputBytes = 1024"), e.getMessage());
    }
}
