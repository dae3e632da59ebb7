package dev.agent0.core.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agent0.core.agent.FakeCompletionsServer.Reply;
import dev.agent0.core.engine.CompletionsEngine;
import dev.agent0.core.engine.CompletionsEngineConfig;
import dev.agent0.core.engine.EngineException;
import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.SamplingConfig;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The executor's multi-turn rollout on {@link CompletionsEngine} against loopback servers: token
 * ids in and out, observations appended as ids, retries that lose and duplicate nothing, load
 * spread within the concurrency bound, and bad responses named by server and field.
 */
class CompletionsEngineTest {
    static final int TOOL_ID = 300; // decodes to a whole tool call ending in ```output
    static final ByteTokenizer TOK =
            new ByteTokenizer(512, Map.of(TOOL_ID, ExecutorAgentTest.TOOL_TURN));
    static final int[] OBS = TOK.encode(ExecutorAgentTest.OBS_42);
    static final int[] ANSWER = TOK.encode("So \\boxed{42}");

    /** First round: a tool call; once the observation is in the prompt: the answer and EOS. */
    static Reply toolThenAnswer(JsonNode req) {
        int[] prompt = FakeCompletionsServer.ids(req.get("prompt"));
        boolean observed = ExecutorAgentModelTest.indexOf(prompt, OBS) >= 0;
        if (!observed) {
            return Reply.ok(
                    FakeCompletionsServer.completion(new int[] {TOOL_ID}, "stop", "```output"));
        }
        int[] ids = Arrays.copyOf(ANSWER, ANSWER.length + 1);
        ids[ANSWER.length] = 255; // EOS, reported as the stop token id
        return Reply.ok(FakeCompletionsServer.completion(ids, "stop", 255));
    }

    static ExecutorAgent executor(CompletionsEngine engine, FakeSandbox sandbox) {
        ExecutorConfig config =
                ExecutorConfig.defaults()
                        .withSystemPrompt("S")
                        .withResponseBudget(128)
                        .withMaxToolCalls(2)
                        .withSampling(new SamplingConfig(0.8, 0, 0.95, 7L));
        return new ExecutorAgent(
                engine, TOK, ExecutorAgentTest.FORMAT, sandbox, ExecutorAgentTest.EOS, config);
    }

    @Test
    void multiTurnRolloutSendsTokenIdsAndAppendsObservationIdsWithoutRerendering()
            throws Exception {
        try (FakeCompletionsServer server =
                        new FakeCompletionsServer(CompletionsEngineTest::toolThenAnswer, 0);
                CompletionsEngine engine =
                        new CompletionsEngine(
                                CompletionsEngineConfig.of(List.of(server.url()), "executor-v1"),
                                TOK)) {
            FakeSandbox sandbox = FakeSandbox.printing("42\n");
            List<Trajectory> ts = executor(engine, sandbox).solve(List.of("one", "two"), 2, 7L);

            assertEquals(4, ts.size());
            assertEquals(8, server.requests.size(), "two rounds per row");
            Map<String, JsonNode> byId = new HashMap<>();
            for (JsonNode r : server.requests) {
                assertEquals("executor-v1", r.get("model").asText());
                assertEquals(0.8, r.get("temperature").asDouble());
                assertEquals(0.95, r.get("top_p").asDouble());
                assertEquals("```output", r.get("stop").get(0).asText());
                assertEquals(255, r.get("stop_token_ids").get(0).asInt());
                assertTrue(r.get("return_token_ids").asBoolean());
                assertTrue(r.get("return_tokens_as_token_ids").asBoolean());
                assertEquals(0, r.get("logprobs").asInt());
                byId.put(r.get("request_id").asText(), r);
            }
            assertEquals(8, byId.size(), "one request id per sequence and round");
            for (int row = 0; row < 4; row++) {
                Trajectory t = ts.get(row);
                assertEquals("42", t.answer(), "row " + row);
                assertEquals(1, t.toolCalls().size());
                // Round 2's prompt is round 1's prompt + its sampled id + the observation's ids:
                // the token ids themselves, not a re-rendered chat.
                JsonNode first = byId.get("agent0-s0-" + row + "-0");
                JsonNode second = byId.get("agent0-s0-" + row + "-1");
                int[] p1 = FakeCompletionsServer.ids(first.get("prompt"));
                int[] expected = Arrays.copyOf(p1, p1.length + 1 + OBS.length);
                expected[p1.length] = TOOL_ID;
                System.arraycopy(OBS, 0, expected, p1.length + 1, OBS.length);
                assertArrayEquals(expected, FakeCompletionsServer.ids(second.get("prompt")));
                assertArrayEquals(
                        TOK.encode(ExecutorAgentTest.FORMAT.render("S", row < 2 ? "one" : "two")),
                        p1);
                // The response: tool id, masked observation, answer ids and EOS, with log-probs.
                int[] resp = t.responseIds();
                assertEquals(1 + OBS.length + ANSWER.length + 1, resp.length);
                assertEquals(0f, t.lossMask()[1]);
                assertEquals(1f, t.lossMask()[resp.length - 1]);
                assertEquals(-0.5f, t.samplingLogProbs()[0]);
            }
            Set<Long> seeds = new HashSet<>();
            server.requests.forEach(r -> seeds.add(r.get("seed").asLong()));
            assertEquals(8, seeds.size(), "a seed per sequence and round");
        }
    }

    @Test
    void failedAttemptsAreRetriedOnAnotherServerAndNoRoundIsLostOrDuplicated() throws Exception {
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        Map<String, Integer> served = new ConcurrentHashMap<>();
        java.util.function.Function<JsonNode, Reply> flaky =
                req -> {
                    String id = req.get("request_id").asText();
                    if (failedOnce.add(id)) {
                        return Reply.error(503); // the first attempt of every round fails
                    }
                    served.merge(id, 1, Integer::sum);
                    return toolThenAnswer(req);
                };
        try (FakeCompletionsServer a = new FakeCompletionsServer(flaky, 0);
                FakeCompletionsServer b = new FakeCompletionsServer(flaky, 0);
                CompletionsEngine engine =
                        new CompletionsEngine(
                                CompletionsEngineConfig.of(List.of(a.url(), b.url()), "m")
                                        .withRetries(2, 0.01),
                                TOK)) {
            List<Trajectory> ts =
                    executor(engine, FakeSandbox.printing("42\n")).solve(List.of("q"), 4, 1L);
            assertEquals(4, ts.size());
            ts.forEach(t -> assertEquals("42", t.answer()));
            assertEquals(8, served.size());
            served.forEach((id, n) -> assertEquals(1, n, id + " served once"));
            assertEquals(16, a.requests.size() + b.requests.size(), "one retry per round");
        }
    }

    @Test
    void timeoutsResetsServerErrorsAndGarbledJsonAreRetriedAndEveryRoundIsServedOnce()
            throws Exception {
        // The first attempt of each round fails in one of four ways, by its request id's hash.
        FakeCompletionsServer.Fault[] kinds = {
            FakeCompletionsServer.Fault.HANG,
            FakeCompletionsServer.Fault.RESET,
            FakeCompletionsServer.Fault.GARBLED,
            FakeCompletionsServer.Fault.NONE // with status 500
        };
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        Map<String, Integer> served = new ConcurrentHashMap<>();
        Map<FakeCompletionsServer.Fault, Integer> injected = new ConcurrentHashMap<>();
        java.util.function.Function<JsonNode, Reply> faulty =
                req -> {
                    String id = req.get("request_id").asText();
                    if (failedOnce.add(id)) {
                        var f = kinds[Math.floorMod(id.hashCode(), kinds.length)];
                        injected.merge(f, 1, Integer::sum);
                        return f == FakeCompletionsServer.Fault.NONE
                                ? Reply.error(500)
                                : Reply.fault(f, 1500);
                    }
                    served.merge(id, 1, Integer::sum);
                    return toolThenAnswer(req);
                };
        try (FakeCompletionsServer a = new FakeCompletionsServer(faulty, 0);
                FakeCompletionsServer b = new FakeCompletionsServer(faulty, 0);
                CompletionsEngine engine =
                        new CompletionsEngine(
                                CompletionsEngineConfig.of(List.of(a.url(), b.url()), "m")
                                        .withRetries(3, 0.01)
                                        .withTimeoutSeconds(0.5),
                                TOK)) {
            List<Trajectory> ts =
                    executor(engine, FakeSandbox.printing("42\n")).solve(List.of("q", "r"), 8, 1L);
            assertEquals(16, ts.size());
            ts.forEach(t -> assertEquals("42", t.answer(), "every rollout complete"));
            assertEquals(32, served.size(), "16 rollouts × 2 rounds");
            served.forEach((id, n) -> assertEquals(1, n, id + " served once"));
            assertEquals(4, injected.size(), "all four faults injected: " + injected);
            Map<String, Long> counters = engine.counters();
            assertEquals(32, counters.get("requests"));
            assertEquals(32, counters.get("retries"), "one retry per round");
            assertEquals(64, counters.get("attempts"));
        }
    }

    @Test
    void requestsSpreadOverServersWithinTheConcurrencyBound() throws Exception {
        try (FakeCompletionsServer a =
                        new FakeCompletionsServer(CompletionsEngineTest::toolThenAnswer, 30);
                FakeCompletionsServer b =
                        new FakeCompletionsServer(CompletionsEngineTest::toolThenAnswer, 30);
                CompletionsEngine engine =
                        new CompletionsEngine(
                                CompletionsEngineConfig.of(List.of(a.url(), b.url()), "m")
                                        .withConcurrencyPerServer(2),
                                TOK)) {
            executor(engine, FakeSandbox.printing("42\n")).solve(List.of("q", "r"), 8, 1L);
            assertTrue(a.requests.size() > 0 && b.requests.size() > 0, "both servers used");
            assertEquals(32, a.requests.size() + b.requests.size());
            assertTrue(a.maxInFlight.get() <= 2 && b.maxInFlight.get() <= 2);
            assertEquals(2, Math.max(a.maxInFlight.get(), b.maxInFlight.get()), "concurrent");
        }
    }

    @Test
    void badResponsesAndExhaustedRetriesNameTheServerAndTheField() throws Exception {
        GenerationConfig gen =
                new GenerationConfig(8, SamplingConfig.defaults(), List.of(), List.of(255));
        JsonNode textReply =
                FakeCompletionsServer.JSON.readTree(
                        "{\"choices\": [{\"text\": \"hi\", \"finish_reason\": \"stop\"}]}");
        try (FakeCompletionsServer textOnly =
                        new FakeCompletionsServer(req -> Reply.ok(textReply), 0);
                CompletionsEngine engine =
                        new CompletionsEngine(
                                CompletionsEngineConfig.of(List.of(textOnly.url()), "m"), TOK)) {
            EngineException e =
                    assertThrows(
                            EngineException.class,
                            () -> engine.start(List.of(new int[] {1, 2}), gen, 64).generate());
            assertTrue(e.getMessage().startsWith(textOnly.url()), e.getMessage());
            assertTrue(e.getMessage().contains("choices[0].token_ids"), e.getMessage());
        }
        try (FakeCompletionsServer down = new FakeCompletionsServer(req -> Reply.error(500), 0);
                CompletionsEngine engine =
                        new CompletionsEngine(
                                CompletionsEngineConfig.of(List.of(down.url()), "m")
                                        .withRetries(2, 0.0),
                                TOK)) {
            EngineException e =
                    assertThrows(
                            EngineException.class,
                            () -> engine.start(List.of(new int[] {1, 2}), gen, 64).generate());
            assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
            assertTrue(e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
            assertEquals(3, down.requests.size());
        }
        var bad =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> CompletionsEngineConfig.of(List.of("ftp://x"), "m"));
        assertTrue(bad.getMessage().contains("baseUrls"), bad.getMessage());
    }
}
