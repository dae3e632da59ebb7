package dev.agent0.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

class NoGradientTest {

    /** Runs {@code body} on a thread whose grad mode starts as {@code start}, then restores it. */
    private static void withGradMode(boolean start, Runnable body) {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(start);
        try {
            body.run();
        } finally {
            JniUtils.setGradMode(before);
        }
    }

    @Test
    void gradModeIsOffInsideAndRestoredAfterNestedBlocks() {
        withGradMode(
                true,
                () -> {
                    try (NoGradient outer = NoGradient.enter()) {
                        assertFalse(JniUtils.isGradMode());
                        try (NoGradient inner = NoGradient.enter()) {
                            assertFalse(JniUtils.isGradMode());
                        }
                        assertFalse(
                                JniUtils.isGradMode(),
                                "the inner block restores what it found: off");
                    }
                    assertTrue(JniUtils.isGradMode());
                    assertEquals(7, NoGradient.call(() -> JniUtils.isGradMode() ? -1 : 7));
                    assertTrue(JniUtils.isGradMode());
                });
    }

    @Test
    void aThreadThatHadGradModeOffKeepsItOff() {
        withGradMode(
                false,
                () -> {
                    NoGradient.run(() -> assertFalse(JniUtils.isGradMode()));
                    assertFalse(JniUtils.isGradMode());
                });
    }

    @Test
    void gradModeIsRestoredWhenTheBlockThrows() {
        withGradMode(
                true,
                () -> {
                    assertThrows(
                            IllegalStateException.class,
                            () ->
                                    NoGradient.run(
                                            () -> {
                                                throw new IllegalStateException("boom");
                                            }));
                    assertTrue(JniUtils.isGradMode());
                });
    }
}
