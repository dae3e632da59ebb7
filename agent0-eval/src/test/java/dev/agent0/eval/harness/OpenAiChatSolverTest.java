package dev.agent0.eval.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against a chat-completions server the test opens on 127.0.0.1. */
class OpenAiChatSolverTest {
    private static final Problem P = new Problem("p1", "What is 1+1?", "2", "", 0);

    private static List<String> numbered(JsonNode req) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < req.get("n").asInt(); i++) {
            out.add("sample " + i + " \\boxed{2}");
        }
        return out;
    }

    @Test
    void sendsOneRequestWithNSamplesAndTheSettings() throws IOException {
        try (FakeChatServer server = new FakeChatServer(OpenAiChatSolverTest::numbered)) {
            ChatSolverConfig cfg =
                    ChatSolverConfig.defaults(server.base(), "qwen-test")
                            .withSeed(7)
                            .withMaxTokens(64);
            List<String> out = new OpenAiChatSolver(cfg).solve(P, 3);
            assertEquals(
                    List.of("sample 0 \\boxed{2}", "sample 1 \\boxed{2}", "sample 2 \\boxed{2}"),
                    out);
            assertEquals(1, server.requests.size());
            JsonNode req = server.requests.get(0);
            assertEquals("qwen-test", req.get("model").asText());
            assertEquals(3, req.get("n").asInt());
            assertEquals(64, req.get("max_tokens").asInt());
            assertEquals(0.6, req.get("temperature").asDouble(), 1e-12);
            String content = req.get("messages").get(0).get("content").asText();
            assertTrue(content.startsWith("What is 1+1?\nPlease reason step by step"), content);
            long expectedSeed = 7 + 1000L * Math.floorMod("p1".hashCode(), 1_000_000);
            assertEquals(expectedSeed, req.get("seed").asLong());
        }
    }

    @Test
    void serverReturningFewerChoicesIsAskedForTheRest() throws IOException {
        try (FakeChatServer server = new FakeChatServer(req -> List.of("only one"))) {
            List<String> out =
                    new OpenAiChatSolver(ChatSolverConfig.defaults(server.base(), "m")).solve(P, 3);
            assertEquals(List.of("only one", "only one", "only one"), out);
            assertEquals(
                    List.of(3, 2, 1),
                    server.requests.stream().map(r -> r.get("n").asInt()).toList());
            // Each follow-up request carries a new seed.
            assertEquals(
                    3,
                    server.requests.stream().map(r -> r.get("seed").asLong()).distinct().count());
        }
    }

    @Test
    void serverErrorIsRetriedThenSucceeds() throws IOException {
        try (FakeChatServer server = new FakeChatServer(OpenAiChatSolverTest::numbered)) {
            server.failures.add(503);
            ChatSolverConfig cfg = ChatSolverConfig.defaults(server.base(), "m").withMaxRetries(1);
            assertEquals(2, new OpenAiChatSolver(cfg).solve(P, 2).size());
            assertEquals(2, server.requests.size());
        }
    }

    @Test
    void clientErrorFailsAtOnceWithTheServerMessage() throws IOException {
        try (FakeChatServer server = new FakeChatServer(OpenAiChatSolverTest::numbered)) {
            server.failures.add(400);
            OpenAiChatSolver solver =
                    new OpenAiChatSolver(ChatSolverConfig.defaults(server.base(), "m"));
            IOException e = assertThrows(IOException.class, () -> solver.solve(P, 1));
            assertTrue(
                    e.getMessage().contains("HTTP 400") && e.getMessage().contains("boom"),
                    e.getMessage());
            assertEquals(1, server.requests.size());
        }
    }

    @Test
    void unreachableServerFailsWithTheUrl() throws IOException {
        java.net.URI closed;
        try (FakeChatServer server = new FakeChatServer(OpenAiChatSolverTest::numbered)) {
            closed = server.base();
        }
        ChatSolverConfig cfg =
                ChatSolverConfig.defaults(closed, "m")
                        .withMaxRetries(0)
                        .withTimeout(Duration.ofSeconds(5));
        IOException e =
                assertThrows(IOException.class, () -> new OpenAiChatSolver(cfg).solve(P, 1));
        assertTrue(e.getMessage().contains(closed.toString()), e.getMessage());
    }

    @Test
    void configRejectsBadValuesByName() {
        java.net.URI u = java.net.URI.create("http://127.0.0.1:1/v1");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ChatSolverConfig.defaults(u, "m").withTemperature(-1));
        assertTrue(e.getMessage().contains("temperature"), e.getMessage());
        assertEquals(
                "http://127.0.0.1:1/v1/chat/completions",
                ChatSolverConfig.defaults(u, "m").chatCompletionsUri().toString());
    }
}
