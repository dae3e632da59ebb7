package dev.agent0.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.examples.tinyworld.TinyWorldBase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command, in a reduced configuration: the whole tiny-world demo end to end. */
class DemoCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reducedDemoRunsTheLoopFromTheShippedBaseAndWritesTheReport(@TempDir Path dir)
            throws Exception {
        ShippedWorld.assumeBaseAndSandbox();
        Path out = reducedDemo(dir, "--eval-per-level", "2");

        // The run folder holds the snapshot, the logs, both agents of iteration 1 and the report.
        for (String f :
                List.of(
                        "questions.jsonl",
                        "metrics.jsonl",
                        "eval.jsonl",
                        "checkpoints/iter-1/executor/model.safetensors",
                        "checkpoints/iter-1/curriculum/model.safetensors",
                        "report/report.md")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        // The tiny-world values were merged under the reduced ones: the guard and lr come from
        // tiny-world.yaml.
        List<String> evals = Files.readAllLines(out.resolve("eval.jsonl"));
        assertEquals(2, evals.size(), "evaluated before training and after iteration 1");
        JsonNode before = JSON.readTree(evals.get(0));
        assertEquals(0, before.get("iteration").asInt());
        assertEquals(12, before.at("/greedy/problems").asInt(), "2 problems × 6 levels");
        double pass = before.at("/greedy/pass1").asDouble();
        assertTrue(pass >= 0 && pass <= 1, "pass@1 " + pass);
        String report = Files.readString(out.resolve("report/report.md"));
        assertTrue(report.contains("pass@1"), report);
    }

    @Test
    void frontierWorldRunsFromItsOwnBaseAndScoresBothGroups(@TempDir Path dir) throws Exception {
        ShippedWorld.assumeBaseAndSandbox();
        Path out = reducedDemo(dir, "--world", "frontier", "--eval-per-level", "1");
        // Its own base, not the first world's.
        assertTrue(
                !java.util.Arrays.equals(
                        Files.readAllBytes(out.resolve("base/model.safetensors")),
                        TinyWorldBase.class
                                .getResourceAsStream(
                                        TinyWorldBase.RESOURCE_DIR + "model.safetensors")
                                .readAllBytes()),
                "the frontier world runs from its own base");
        // frontier-world.yaml under the reduced keys: 2 mini-batches, 96-token budget.
        JsonNode snapshot = JSON.readTree(out.resolve("config.json").toFile());
        assertEquals(2, snapshot.at("/executor/trainer/miniBatches").asInt(), snapshot.toString());
        assertEquals(96, snapshot.at("/executor/rollout/responseBudget").asInt());
        // Evaluated before training and after the last iteration (every 3rd otherwise).
        List<String> evals = Files.readAllLines(out.resolve("eval.jsonl"));
        assertEquals(2, evals.size());
        JsonNode before = JSON.readTree(evals.get(0));
        assertEquals(9, before.at("/greedy/problems").asInt(), "1 problem × 9 levels");
        assertEquals(3, before.at("/greedy/frontier/problems").asInt());
        assertEquals(6, before.at("/greedy/inDistribution/problems").asInt());
        assertTrue(before.at("/greedy/levels/F3/pass1").isNumber());
        String report = Files.readString(out.resolve("report/report.md"));
        assertTrue(report.contains("g frontier"), report);
    }

    /**
     * Runs {@code agent0 demo} with a one-iteration config of small batches merged over the world's
     * own, into {@code dir/run}; asserts exit 0.
     */
    private static Path reducedDemo(Path dir, String... options) throws Exception {
        Path config = dir.resolve("reduced.yaml");
        Files.writeString(
                config,
                """
                iterations: 1
                curriculum: {steps: 1, batchSize: 4, groupSize: 4, k: 2}
                curation: {problems: 8, k: 4}
                executor: {steps: 1, problemsPerStep: 2, rollout: {groupSize: 4}}
                """);
        Path out = dir.resolve("run");
        List<String> args =
                new java.util.ArrayList<>(
                        List.of("demo", "--config", config.toString(), "--out", out.toString()));
        args.addAll(List.of(options));
        StringWriter err = new StringWriter();
        var cli = Agent0Cli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(0, cli.execute(args.toArray(String[]::new)), err.toString());
        return out;
    }

    @Test
    void anUnknownWorldIsRefusedNamingTheKnownOnes(@TempDir Path dir) {
        var cli = Agent0Cli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        // Exit 2 (bad input); the message, naming tiny and frontier, goes to the process's stderr
        // (ArithmeticWorldTest pins its text).
        assertEquals(2, cli.execute("demo", "--world", "huge", "--out", dir.toString()));
    }

    @Test
    void badEvalSizeIsRefusedNamingTheOption(@TempDir Path dir) {
        var cli = Agent0Cli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("demo", "--eval-per-level", "0", "--out", dir.toString()));
    }

    @Test
    void badConfigValueIsRefusedNamingTheField(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "executor:\n  rollout:\n    groupSize: 0\n");
        var cli = Agent0Cli.commandLine();
        assertEquals(
                2,
                cli.execute(
                        "demo",
                        "--config",
                        config.toString(),
                        "--out",
                        dir.resolve("r").toString()));
    }
}
