package dev.agent0.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** `agent0 generate` and `agent0 score` on the qwen3-tiny fixture, against its expected.json. */
class ModelCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Path fixture() {
        return testdata("fixtures/qwen3-tiny");
    }

    /**
     * {@code relative} inside the repository's testdata/ (property {@code agent0.testdata}, set by
     * the pom); fails, never skips, when it is absent.
     */
    static Path testdata(String relative) {
        Path p = Path.of(System.getProperty("agent0.testdata", "../testdata"), relative);
        assertTrue(Files.exists(p), p + " is missing: testdata/ ships with the repository");
        return p;
    }

    static JsonNode run(String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Agent0Cli.commandLine().execute(args);
        } finally {
            System.setOut(old);
        }
        assertEquals(0, code, "exit code of " + String.join(" ", args));
        return JSON.readTree(buf.toString(StandardCharsets.UTF_8));
    }

    static String ids(JsonNode a) {
        StringBuilder sb = new StringBuilder();
        a.forEach(x -> sb.append(sb.length() == 0 ? "" : ",").append(x.asInt()));
        return sb.toString();
    }

    @Test
    void scorePrintsFixtureLogProbsAndLogits() throws Exception {
        Path dir = fixture();
        JsonNode c = JSON.readTree(dir.resolve("expected.json").toFile()).get("cases").get(1);
        JsonNode out =
                run(
                        "score",
                        "--model",
                        dir.toString(),
                        "--ids",
                        ids(c.get("input_ids")),
                        "--logits");
        assertTrue(out.get("logprobs").get(0).isNull(), "logprobs[0] is null");
        for (int i = 1; i < c.get("length").asInt(); i++) {
            double exp = c.get("next_token_logprobs").get(i - 1).asDouble();
            assertEquals(exp, out.get("logprobs").get(i).asDouble(), 1e-4, "logprobs[" + i + "]");
        }
        for (int t = 0; t < c.get("length").asInt(); t++) {
            for (int v = 0; v < 512; v += 37) {
                assertEquals(
                        c.get("logits").get(t).get(v).asDouble(),
                        out.get("logits").get(t).get(v).asDouble(),
                        1e-4,
                        "logits[" + t + "][" + v + "]");
            }
        }
    }

    @Test
    void greedyGeneratePrintsFixtureContinuation() throws Exception {
        Path dir = fixture();
        JsonNode c = JSON.readTree(dir.resolve("expected.json").toFile()).get("cases").get(2);
        JsonNode out =
                run(
                        "generate",
                        "--model",
                        dir.toString(),
                        "--ids",
                        ids(c.get("input_ids")),
                        "--max-new-tokens",
                        "12");
        assertEquals(ids(c.get("greedy").get("tokens")), ids(out.get("ids")));
        assertEquals("MAX_NEW_TOKENS", out.get("stop_reason").asText());
    }

    @Test
    void chatPromptIsRenderedAndTokenizedWithTheModelsTokenizer(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // A random Qwen3 with the real vocabulary size next to the real Qwen3 tokenizer files.
        Path assets = testdata("assets/qwen3-tokenizer");
        Files.copy(assets.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.copy(assets.resolve("tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
        var config =
                new dev.agent0.core.model.QwenConfig(
                        dev.agent0.core.model.ModelType.QWEN3,
                        16,
                        32,
                        1,
                        2,
                        1,
                        8,
                        1e-6,
                        1e6,
                        151_936,
                        true,
                        4096,
                        false,
                        dev.agent0.core.model.TensorDType.BF16,
                        151_643,
                        java.util.List.of(151_645));
        dev.agent0.core.runtime.Agent0Runtime.init();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            dev.agent0.core.model.QwenWeights.random(config, 1, 0.02, m)
                    .save(dir, dev.agent0.core.model.TensorDType.BF16, Long.MAX_VALUE);
        }
        JsonNode out =
                run(
                        "generate",
                        "--model",
                        dir.toString(),
                        "--prompt",
                        "What is 2+2?",
                        "--chat",
                        "--max-new-tokens",
                        "3",
                        "--temperature",
                        "1",
                        "--seed",
                        "1");
        // <|im_start|>user\n...<|im_end|>\n<|im_start|>assistant\n: starts with <|im_start|>
        // (151644).
        assertEquals(151_644, out.get("prompt_ids").get(0).asInt());
        assertTrue(out.get("ids").size() >= 1 && out.get("ids").size() <= 3, out.toString());
        assertTrue(out.get("text").isTextual(), "text decoded with tokenizer.json");
        JsonNode scored = run("score", "--model", dir.toString(), "--text", "What is 2+2?");
        assertEquals(scored.get("ids").size(), scored.get("logprobs").size());
    }
}
