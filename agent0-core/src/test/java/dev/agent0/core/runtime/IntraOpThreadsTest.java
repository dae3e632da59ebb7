package dev.agent0.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

class IntraOpThreadsTest {

    /**
     * Runs {@code body} with the engine at 2 intra-op threads, then puts back the count it found.
     */
    private static void atTwoThreads(Runnable body) {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        int before = JniUtils.getNumThreads();
        JniUtils.setNumThreads(2);
        try {
            body.run();
        } finally {
            JniUtils.setNumThreads(before);
        }
    }

    @Test
    void lowersTheCountInsideTheBlockAndRestoresItAfter() {
        atTwoThreads(
                () -> {
                    try (IntraOpThreads t = IntraOpThreads.atMost(1)) {
                        assertEquals(1, JniUtils.getNumThreads());
                    }
                    assertEquals(2, JniUtils.getNumThreads());
                    try (IntraOpThreads t = IntraOpThreads.atMost(3)) { // never raises it
                        assertEquals(2, JniUtils.getNumThreads());
                    }
                    try (IntraOpThreads t = IntraOpThreads.unchanged()) {
                        assertEquals(2, JniUtils.getNumThreads());
                    }
                    assertEquals(2, JniUtils.getNumThreads());
                });
    }

    @Test
    void restoresTheCountWhenTheBlockThrows() {
        atTwoThreads(
                () -> {
                    assertThrows(
                            IllegalStateException.class,
                            () -> {
                                try (IntraOpThreads t = IntraOpThreads.atMost(1)) {
                                    throw new IllegalStateException("boom");
                                }
                            });
                    assertEquals(2, JniUtils.getNumThreads());
                });
    }

    @Test
    void rejectsFewerThanOneThread() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> IntraOpThreads.atMost(0));
        assertEquals("n = 0, must be >= 1", e.getMessage());
    }
}
