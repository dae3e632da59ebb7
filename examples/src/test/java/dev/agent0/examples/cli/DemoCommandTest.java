package dev.agent0.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.sandbox.local.PythonSandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @Test
    void demoWritesALoadableCheckpointAndTheToolAnswersEveryProblem(@TempDir Path dir) {
        try (PythonSandbox probe = PythonSandbox.start()) {
            probe.limits();
        } catch (RuntimeException e) {
            Assumptions.abort("no isolated sandbox on this machine: " + e.getMessage());
        }
        // Exit code 0 means: checkpoint saved and reloaded, generation ran, and the sandboxed
        // print(...) of every problem printed its exact value.
        assertEquals(0, Agent0Cli.commandLine().execute("demo", "--batch", "3", "--out", dir.toString()));
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
    }

    @Test
    void badBatchIsRefused() {
        var cli = Agent0Cli.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cli.execute("demo", "--batch", "0"));
    }
}
