package dev.agent0.sandbox.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.sandbox.CodeRequest;
import dev.agent0.sandbox.ExecutionResult;
import dev.agent0.sandbox.SandboxUnavailableException;
import dev.agent0.sandbox.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Many snippets in a row leave the JVM's open files, threads and child processes where they were.
 * The default run does 2,000; the {@code slow} tag runs the 10,000 of the issue.
 */
class LeakTest {

    @Test
    void twoThousandSnippetsLeakNothing() throws Exception {
        runMany(2_000);
    }

    @Test
    @Tag("slow")
    void tenThousandSnippetsLeakNothing() throws Exception {
        runMany(10_000);
    }

    private static void runMany(int n) throws Exception {
        PythonSandbox sandbox;
        try {
            sandbox =
                    PythonSandbox.start(
                            LocalSandboxConfig.defaults()
                                    .withWorkers(2)
                                    .withPreloadModules(List.of()));
        } catch (SandboxUnavailableException e) {
            Assumptions.abort("no isolated sandbox on this machine: " + e.getMessage());
            return;
        }
        try (sandbox) {
            warm(sandbox, 50);
            long files = openFiles();
            int threads = Thread.activeCount();
            long processes = settledChildCount();
            int batch = 100;
            for (int done = 0; done < n; done += batch) {
                List<CodeRequest> reqs = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    reqs.add(CodeRequest.of("print(" + (done + i) + " * 2)"));
                }
                List<ExecutionResult> rs = sandbox.runAll(reqs);
                for (int i = 0; i < batch; i++) {
                    ExecutionResult r = rs.get(i);
                    assertEquals(Status.OK, r.status(), r.toString());
                    assertEquals((done + i) * 2 + "\n", r.stdout());
                }
            }
            assertTrue(
                    openFiles() <= files + 2, "open files grew: " + files + " -> " + openFiles());
            assertTrue(
                    Thread.activeCount() <= threads + 1,
                    "threads grew: " + threads + " -> " + Thread.activeCount());
            assertEquals(processes, settledChildCount(), "child processes changed");
            HostState.assertNoProcessesOf(sandbox.workerUids(), "after " + n + " snippets");
        }
    }

    private static void warm(PythonSandbox sandbox, int n) {
        List<CodeRequest> reqs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reqs.add(CodeRequest.of("print(1)"));
        }
        sandbox.runAll(reqs);
    }

    /**
     * Descendant processes once each idle server has pre-forked its next snippet process (the count
     * briefly dips by one per server right after a reply): the maximum of a few samples.
     */
    private static long settledChildCount() throws InterruptedException {
        long max = 0;
        for (int i = 0; i < 10; i++) {
            max = Math.max(max, ProcessHandle.current().descendants().count());
            Thread.sleep(50);
        }
        return max;
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
