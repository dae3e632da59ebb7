package dev.agent0.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent0 plan} from a model folder holding only {@code config.json}, and {@code agent0
 * train} refusing a run the planner says cannot fit.
 */
class PlanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Exit code, stdout and stderr of one command line. */
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Agent0Cli.commandLine().execute(args);
            return new Result(
                    code,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Path config(String name) {
        return Path.of("..", "configs", name); // surefire runs in the module folder
    }

    @Test
    void theShippedFourAndEightBillionConfigsFitOneEightyGibGpu() throws Exception {
        for (String size : new String[] {"4b", "8b"}) {
            Result r =
                    run(
                            "plan",
                            "--config",
                            config("qwen3-" + size + "-base.yaml").toString(),
                            "--model",
                            ModelCommandsTest.testdata("shapes/qwen3-" + size + "-base").toString(),
                            "--device",
                            "gpu",
                            "--json");
            assertEquals(0, r.code(), size + ": " + r.out() + r.err());
            JsonNode plan = JSON.readTree(r.out());
            assertTrue(plan.get("fits").asBoolean());
            assertEquals(80L << 30, plan.get("budget_bytes").asLong());
            assertEquals(5, plan.get("phases").size());
            long peak = plan.get("peak_bytes").asLong();
            assertTrue(peak <= 80L << 30 && peak > 20L << 30, size + " peak " + peak);
            // One shared base: weights are the checkpoint's FP32 bytes plus two small adapters.
            long weights = plan.at("/parts/weights").asLong();
            long base = size.equals("4b") ? 4 * 4_022_468_096L : 4 * 8_190_735_360L;
            assertTrue(weights > base && weights < base + (1L << 30), size + " " + weights);
        }
    }

    @Test
    void aRunThatDoesNotFitExitsTwoAndNamesTheKnobs() throws Exception {
        Result r =
                run(
                        "plan",
                        "--config",
                        config("qwen3-4b-base.yaml").toString(),
                        "--model",
                        ModelCommandsTest.testdata("shapes/qwen3-4b-base").toString(),
                        "--device",
                        "gpu",
                        "--memory",
                        "40GiB");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("does not fit"), r.out());
        assertTrue(r.out().contains("memory.kvCacheCap"), r.out());
        Result bad = run("plan", "--config", config("qwen3-4b-base.yaml").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("config.json"), bad.err()); // /models/... is not here
    }

    @Test
    void trainRefusesARunThatCannotFitBeforeLoadingAnything(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("tight.yaml");
        Files.writeString(
                cfg, Files.readString(config("tiny-smoke.yaml")) + "\nmemory: {budget: 64MiB}\n");
        Path out = dir.resolve("run");
        Result r = run("train", "--config", cfg.toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("the run does not fit"), r.err());
        assertTrue(r.err().contains("runtime"), r.err());
        assertFalse(Files.exists(out.resolve("config.json")), "nothing written");
    }
}
