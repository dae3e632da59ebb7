package dev.agent0.sandbox.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.sandbox.CodeRequest;
import dev.agent0.sandbox.ExecutionResult;
import dev.agent0.sandbox.SandboxLimits;
import dev.agent0.sandbox.SandboxUnavailableException;
import dev.agent0.sandbox.Status;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A killed or hung server costs one SANDBOX_ERROR, never a leaked process or a dead pool. */
class PoolRecoveryTest {

    static PythonSandbox startOrSkip(LocalSandboxConfig config) {
        try {
            return PythonSandbox.start(config);
        } catch (SandboxUnavailableException e) {
            Assumptions.abort("no isolated sandbox on this machine: " + e.getMessage());
            return null;
        }
    }

    static LocalSandboxConfig oneWorker() {
        return LocalSandboxConfig.defaults()
                .withWorkers(1)
                .withPreloadModules(List.of())
                .withLimits(SandboxLimits.defaults().withWallTimeMillis(3_000));
    }

    @Test
    void serverKilledMidSnippetGivesSandboxErrorAndThePoolRecovers() throws Exception {
        try (PythonSandbox sandbox = startOrSkip(oneWorker())) {
            long pid = sandbox.serverPids()[0];
            CompletableFuture<ExecutionResult> call =
                    CompletableFuture.supplyAsync(
                            () ->
                                    sandbox.run(
                                            CodeRequest.of(
                                                    "import time\nprint('started', flush=True)\n"
                                                            + "time.sleep(30)")));
            Thread.sleep(700); // the snippet is sleeping now
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            ExecutionResult r = call.get(5, TimeUnit.SECONDS);
            assertEquals(Status.SANDBOX_ERROR, r.status(), r.toString());
            assertTrue(r.error().contains("died"), r.error());
            HostState.assertNoProcessesOf(sandbox.workerUids(), "after the server was killed");
            ExecutionResult after = sandbox.run(CodeRequest.of("print(6*7)"));
            assertEquals("42\n", after.stdout(), after.toString());
            assertTrue(sandbox.serverPids()[0] != pid, "a fresh server replaced the killed one");
        }
    }

    @Test
    void hungServerIsKilledByTheWatchdog() throws Exception {
        try (PythonSandbox sandbox = startOrSkip(oneWorker())) {
            long launched = sandbox.serverPids()[0];
            // The real server is the launched process's only child (pid 1 of its namespace).
            ProcessHandle server =
                    ProcessHandle.of(launched).orElseThrow().children().findFirst().orElseThrow();
            new ProcessBuilder("kill", "-STOP", Long.toString(server.pid())).start().waitFor();
            long t0 = System.nanoTime();
            ExecutionResult r = sandbox.run(CodeRequest.of("print(1)").withWallTimeMillis(1_000));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Status.SANDBOX_ERROR, r.status(), r.toString());
            assertTrue(r.error().contains("watchdog"), r.error());
            assertTrue(ms < 1_000 + ForkServer.GRACE_MILLIS + 2_000, "took " + ms + " ms");
            HostState.assertNoProcessesOf(sandbox.workerUids(), "after the watchdog");
            assertTrue(server.onExit().get(5, TimeUnit.SECONDS) != null);
            assertEquals("42\n", sandbox.run(CodeRequest.of("print(6*7)")).stdout());
        }
    }

    @Test
    void closeLeavesNoProcessAndRefusesFurtherCalls() throws Exception {
        PythonSandbox sandbox = startOrSkip(oneWorker().withWorkers(2));
        List<ProcessHandle> tree = new java.util.ArrayList<>();
        for (long pid : sandbox.serverPids()) {
            ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
            tree.add(h);
            h.descendants().forEach(tree::add);
        }
        CompletableFuture<ExecutionResult> running =
                CompletableFuture.supplyAsync(
                        () -> sandbox.run(CodeRequest.of("import time\ntime.sleep(30)")));
        Thread.sleep(500);
        sandbox.close();
        assertEquals(Status.SANDBOX_ERROR, running.get(5, TimeUnit.SECONDS).status());
        for (ProcessHandle h : tree) {
            h.onExit().get(5, TimeUnit.SECONDS);
            assertTrue(!h.isAlive(), "process " + h.pid() + " survived close()");
        }
        HostState.assertNoProcessesOf(sandbox.workerUids(), "after close");
        assertThrows(IllegalStateException.class, () -> sandbox.run(CodeRequest.of("print(1)")));
    }
}
