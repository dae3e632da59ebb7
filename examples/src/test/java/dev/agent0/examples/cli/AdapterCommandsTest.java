package dev.agent0.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent0 score --adapter} and {@code agent0 merge} on the PEFT-made adapter of the
 * qwen3-tiny fixture (testdata/fixtures/lora, made by Hugging Face PEFT; see its README): the
 * adapted log-probs are PEFT's, and the merged checkpoint scores the same without the adapter.
 */
class AdapterCommandsTest {
    private static final Path BASE = ModelCommandsTest.testdata("fixtures/qwen3-tiny");
    private static final Path ADAPTER = ModelCommandsTest.testdata("fixtures/lora/qwen3-tiny-r4");

    @Test
    void scoreWithAnAdapterGivesPeftsLogProbsAndTheMergedCheckpointTheSame(@TempDir Path dir)
            throws Exception {
        JsonNode expected =
                ModelCommandsTest.JSON.readTree(ADAPTER.resolve("expected.json").toFile());
        String ids = ModelCommandsTest.ids(expected.at("/inputs/A"));
        JsonNode adapted =
                ModelCommandsTest.run(
                        "score",
                        "--model",
                        BASE.toString(),
                        "--adapter",
                        ADAPTER.toString(),
                        "--ids",
                        ids);
        JsonNode ref = expected.at("/adapted_logprobs/A");
        for (int i = 1; i < adapted.get("logprobs").size(); i++) {
            assertEquals(
                    ref.get(i - 1).asDouble(),
                    adapted.get("logprobs").get(i).asDouble(),
                    1e-5,
                    "logprobs[" + i + "]");
        }
        Path merged = dir.resolve("merged");
        JsonNode m =
                ModelCommandsTest.run(
                        "merge",
                        "--model",
                        BASE.toString(),
                        "--adapter",
                        ADAPTER.toString(),
                        "--out",
                        merged.toString());
        assertEquals(2 * 7, m.get("merged").asInt());
        assertTrue(Files.isRegularFile(merged.resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(merged.resolve("config.json")));
        JsonNode plain = ModelCommandsTest.run("score", "--model", merged.toString(), "--ids", ids);
        for (int i = 1; i < plain.get("logprobs").size(); i++) {
            assertEquals(
                    adapted.get("logprobs").get(i).asDouble(),
                    plain.get("logprobs").get(i).asDouble(),
                    1e-5,
                    "merged logprobs[" + i + "]");
        }
        // A second merge into the same folder is refused, and the folder is left as it was.
        StringWriter err = new StringWriter();
        var cli = Agent0Cli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(
                2,
                cli.execute(
                        "merge",
                        "--model",
                        BASE.toString(),
                        "--adapter",
                        ADAPTER.toString(),
                        "--out",
                        merged.toString()));
    }

    @Test
    void anAdapterForAnotherModelIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad);
        Files.copy(
                ADAPTER.resolve("adapter_model.safetensors"),
                bad.resolve("adapter_model.safetensors"));
        Files.writeString(
                bad.resolve("adapter_config.json"),
                Files.readString(ADAPTER.resolve("adapter_config.json"))
                        .replace("\"r\": 4", "\"r\": 8"));
        var cli = Agent0Cli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(
                2,
                cli.execute(
                        "score",
                        "--model",
                        BASE.toString(),
                        "--adapter",
                        bad.toString(),
                        "--ids",
                        "1,2,3"));
    }
}
