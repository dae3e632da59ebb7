package dev.agent0.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent0 train} on the shipped smoke config: the shipped base, multi-turn rollouts in the
 * real sandbox.
 */
class TrainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tinySmokeConfigRunsTheLoopWithRealToolCallsAndResumesAsDone(@TempDir Path dir)
            throws Exception {
        ShippedWorld.assumeBaseAndSandbox();
        Path config =
                Path.of("..", "configs", "tiny-smoke.yaml"); // surefire runs in the module folder
        Path out = dir.resolve("run");
        assertEquals(0, train(config, out));

        // The snapshot keeps the keyword (a moved folder still resumes); the base was extracted
        // beside the logs.
        assertEquals(
                "tiny-world",
                JSON.readTree(out.resolve("config.json").toFile()).at("/models/executor").asText());
        assertTrue(Files.isRegularFile(out.resolve("base").resolve("model.safetensors")));
        for (String f :
                List.of(
                        "questions.jsonl",
                        "curated.jsonl",
                        "metrics.jsonl",
                        "checkpoints/iter-1/curriculum/model.safetensors",
                        "checkpoints/iter-1/executor/model.safetensors")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        // The base writes parsable questions, so curation voted on real executor rollouts, and the
        // executor used the sandbox on some of them (the base calls the tool in 15-40 % of
        // samples).
        List<JsonNode> questions = lines(out.resolve("questions.jsonl"));
        assertTrue(
                questions.stream().anyMatch(q -> q.get("pHat").asDouble() > 0),
                questions.toString());
        JsonNode monitors =
                lines(out.resolve("metrics.jsonl")).stream()
                        .filter(m -> "monitors".equals(m.get("phase").asText()))
                        .findFirst()
                        .orElseThrow();
        assertTrue(monitors.get("toolCallRate").asDouble() > 0, monitors.toString());

        // Run again on the finished folder: nothing left to do, nothing rewritten.
        long size = Files.size(out.resolve("metrics.jsonl"));
        assertEquals(0, train(config, out));
        assertEquals(size, Files.size(out.resolve("metrics.jsonl")));
    }

    @Test
    void loraSmokeConfigTrainsTwoAdaptersOverOneBaseAndSavesPeftFolders(@TempDir Path dir)
            throws Exception {
        ShippedWorld.assumeBaseAndSandbox();
        Path config = Path.of("..", "configs", "tiny-smoke-lora.yaml");
        Path out = dir.resolve("run");
        assertEquals(0, train(config, out));
        byte[] base = Files.readAllBytes(out.resolve("base").resolve("model.safetensors"));
        for (String agent : List.of("curriculum", "executor")) {
            Path a = out.resolve("checkpoints/iter-1").resolve(agent);
            assertTrue(Files.isRegularFile(a.resolve("adapter_model.safetensors")), agent);
            JsonNode c = JSON.readTree(a.resolve("adapter_config.json").toFile());
            assertEquals("LORA", c.get("peft_type").asText());
            assertEquals(8, c.get("r").asInt());
            assertEquals(7, c.get("target_modules").size());
            assertTrue(
                    !Files.exists(a.resolve("model.safetensors")),
                    "an adapter folder holds no base copy");
            assertTrue(!Files.exists(a.resolve("reference")), "the KL reference is the base");
        }
        // The base the adapters sit on was never rewritten.
        assertTrue(
                java.util.Arrays.equals(
                        base,
                        Files.readAllBytes(out.resolve("base").resolve("model.safetensors"))));
        JsonNode executorStep =
                lines(out.resolve("metrics.jsonl")).stream()
                        .filter(m -> "executor".equals(m.get("phase").asText()) && m.has("loss"))
                        .findFirst()
                        .orElseThrow();
        assertTrue(Double.isFinite(executorStep.get("loss").asDouble()), executorStep.toString());
        long size = Files.size(out.resolve("metrics.jsonl"));
        assertEquals(0, train(config, out)); // resumed as done from the adapter checkpoints
        assertEquals(size, Files.size(out.resolve("metrics.jsonl")));
    }

    @Test
    void engineUrlOnAnInProcessConfigIsRefusedNamingWhatIsMissing(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        var cli = Agent0Cli.commandLine();
        cli.setErr(new PrintWriter(err));
        int code =
                cli.execute(
                        "train",
                        "--config",
                        Path.of("..", "configs", "tiny-smoke-lora.yaml").toString(),
                        "--out",
                        dir.resolve("run").toString(),
                        "--engine-url",
                        "http://127.0.0.1:9");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("--engine-url needs engine.type: http"), err.toString());
        assertTrue(!Files.exists(dir.resolve("run").resolve("metrics.jsonl")));
    }

    private static int train(Path config, Path out) {
        StringWriter err = new StringWriter();
        var cli = Agent0Cli.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("train", "--config", config.toString(), "--out", out.toString());
        assertEquals(0, code, err.toString());
        return code;
    }

    private static List<JsonNode> lines(Path f) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }
}
