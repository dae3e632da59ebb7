package dev.agent0.rl.selfplay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PhaseProgressTest {
    private final String saved = System.getProperty(PhaseProgress.PROPERTY);

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(PhaseProgress.PROPERTY);
        } else {
            System.setProperty(PhaseProgress.PROPERTY, saved);
        }
    }

    @Test
    void propertySwitchesBarsAndAutoFollowsTheTerminal() {
        System.setProperty(PhaseProgress.PROPERTY, "false");
        assertFalse(PhaseProgress.enabled());
        System.setProperty(PhaseProgress.PROPERTY, "true");
        assertTrue(PhaseProgress.enabled());
        System.clearProperty(PhaseProgress.PROPERTY);
        assertEquals(System.console() != null, PhaseProgress.enabled());
    }

    @Test
    void testsRunWithoutATerminalSoBarsAreQuiet() {
        System.clearProperty(PhaseProgress.PROPERTY);
        // Surefire's forked JVM has no console: the loop's bars draw nothing in tests.
        assertFalse(PhaseProgress.enabled(), "a console is attached to the test JVM");
    }

    @Test
    void stagesAdvanceInOrder() {
        System.setProperty(PhaseProgress.PROPERTY, "false");
        try (PhaseProgress p =
                PhaseProgress.start("t1 curation", List.of("sample", "solve", "vote"))) {
            assertEquals(-1, p.current());
            p.stage("sample");
            p.stage("vote");
            assertEquals(2, p.current());
        }
    }
}
