package dev.agent0.core.agent;

import dev.agent0.sandbox.SandboxLimits;
import dev.agent0.sandbox.SandboxUnavailableException;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import dev.agent0.sandbox.local.PythonSandbox;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** The real sandbox for the rollout tests: two workers, nothing preloaded. */
final class TestSandboxes {
    private TestSandboxes() {}

    /** Starts one with {@code wallMillis} per call, or aborts the test where none can run. */
    static PythonSandbox start(long wallMillis) {
        try {
            return PythonSandbox.start(
                    LocalSandboxConfig.defaults()
                            .withWorkers(2)
                            .withPreloadModules(List.of())
                            .withLimits(SandboxLimits.defaults().withWallTimeMillis(wallMillis)));
        } catch (SandboxUnavailableException e) {
            Assumptions.abort("no isolated sandbox on this machine: " + e.getMessage());
            throw e; // unreachable: abort throws
        }
    }
}
