package dev.agent0.examples.cli;

import dev.agent0.examples.tinyworld.TinyWorldBase;
import dev.agent0.sandbox.local.PythonSandbox;
import org.junit.jupiter.api.Assumptions;

/**
 * What the end-to-end CLI tests need: the shipped tiny-world base and an isolating sandbox, else a
 * skip.
 */
final class ShippedWorld {
    private ShippedWorld() {}

    static void assumeBaseAndSandbox() {
        Assumptions.assumeTrue(TinyWorldBase.shipped(), "the tiny-world base is not in this build");
        try (PythonSandbox probe = PythonSandbox.start()) {
            probe.limits();
        } catch (RuntimeException e) {
            Assumptions.abort("no isolated sandbox on this machine: " + e.getMessage());
        }
    }
}
