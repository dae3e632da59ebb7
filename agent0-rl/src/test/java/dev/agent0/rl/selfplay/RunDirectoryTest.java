package dev.agent0.rl.selfplay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode config(double lr, int steps) throws Exception {
        return json.readTree(
                "{\"seed\":1,\"executor\":{\"learningRate\":"
                        + lr
                        + ",\"steps\":"
                        + steps
                        + "},\"tags\":[\"a\"]}");
    }

    @Test
    void linesAfterTheLastCommitAreRolledBackOnResume(@TempDir Path dir) throws Exception {
        RunDirectory run = RunDirectory.open(dir, config(1e-6, 5));
        assertFalse(run.resumed());
        run.appendJsonl("metrics.jsonl", Map.of("step", 1));
        run.commit(json.readTree("{\"step\":1}"));
        run.appendJsonl("metrics.jsonl", Map.of("step", 2)); // "killed" before the next commit
        run.appendJsonl("questions.jsonl", Map.of("q", "2+2"));

        RunDirectory resumed = RunDirectory.open(dir, config(1e-6, 5));
        assertTrue(resumed.resumed());
        assertEquals(1, resumed.committedState().orElseThrow().get("step").asInt());
        assertEquals(List.of("{\"step\":1}"), Files.readAllLines(dir.resolve("metrics.jsonl")));
        assertEquals(0, Files.size(dir.resolve("questions.jsonl")));
    }

    @Test
    void aPartiallyWrittenLineIsDropped(@TempDir Path dir) throws Exception {
        RunDirectory run = RunDirectory.open(dir, config(1e-6, 5));
        run.appendJsonl("metrics.jsonl", Map.of("step", 1));
        run.commit(json.readTree("{\"step\":1}"));
        Files.writeString(
                dir.resolve("metrics.jsonl"),
                "{\"step\":2, \"lo",
                java.nio.file.StandardOpenOption.APPEND);
        RunDirectory.open(dir, config(1e-6, 5));
        assertEquals(List.of("{\"step\":1}"), Files.readAllLines(dir.resolve("metrics.jsonl")));
    }

    @Test
    void anotherConfigIsRefusedNamingTheFields(@TempDir Path dir) throws Exception {
        RunDirectory.open(dir, config(1e-6, 5));
        var e =
                assertThrows(
                        RunConfigMismatchException.class,
                        () -> RunDirectory.open(dir, config(2e-6, 6)));
        assertEquals(List.of("executor.learningRate", "executor.steps"), e.fields());
        assertTrue(e.getMessage().contains("executor.learningRate"), e.getMessage());
    }

    @Test
    void configDiffNamesAddedRemovedAndArrayFields() throws Exception {
        JsonNode a = json.readTree("{\"x\":1,\"l\":[1,2],\"o\":{\"p\":true}}");
        JsonNode b = json.readTree("{\"y\":1,\"l\":[1,3],\"o\":{\"p\":true}}");
        assertEquals(List.of("l[1]", "x", "y"), ConfigDiff.paths(a, b));
        assertEquals(List.of(), ConfigDiff.paths(a, a.deepCopy()));
        // Numbers compare by value: an int written and a long or double read back are equal.
        assertEquals(
                List.of(),
                ConfigDiff.paths(
                        json.readTree("{\"n\":0,\"x\":1.5}"),
                        json.createObjectNode().put("n", 0L).put("x", 1.50)));
        assertEquals(
                List.of("n"),
                ConfigDiff.paths(json.readTree("{\"n\":1}"), json.createObjectNode().put("n", 2L)));
    }
}
