package dev.agent0.sandbox.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** No sandbox process outlives its JVM, whether the JVM exits normally or is SIGKILLed. */
class JvmExitTest {

    @Test
    void shutdownHookStopsServersWhenMainReturnsWithoutClose() throws Exception {
        assertNoSurvivors(false);
    }

    @Test
    void serversExitWhenTheirJvmIsKilled() throws Exception {
        assertNoSurvivors(true);
    }

    private static void assertNoSurvivors(boolean kill) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm =
                new ProcessBuilder(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                PoolInChildJvm.class.getName(),
                                kill ? "sleep" : "exit")
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"ready".equals(first)) {
            jvm.destroyForcibly();
            Assumptions.abort("child JVM could not start a sandbox (no isolation here?): " + first);
        }
        List<ProcessHandle> tree = jvm.descendants().collect(Collectors.toList());
        assertTrue(tree.size() >= 4, "expected 2 launchers + 2 servers, saw " + tree.size());
        if (kill) {
            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
        } else {
            jvm.getOutputStream().write('\n');
            jvm.getOutputStream().close();
        }
        assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "child JVM did not exit");
        if (!kill) {
            assertEquals(0, jvm.exitValue());
        }
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // fall through to the assertion with the pid in the message
            }
            assertFalse(
                    h.isAlive(),
                    "process "
                            + h.pid()
                            + " "
                            + h.info()
                                    .commandLine()
                                    .map(c -> c.substring(0, Math.min(80, c.length())))
                                    .orElse("")
                            + " outlived its JVM");
        }
    }
}
