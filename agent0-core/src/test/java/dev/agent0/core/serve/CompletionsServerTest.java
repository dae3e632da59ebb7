package dev.agent0.core.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.engine.CompletionsEngine;
import dev.agent0.core.engine.CompletionsEngineConfig;
import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.GenerationSession;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.generate.StopReason;
import dev.agent0.core.lora.LoraAdapter;
import dev.agent0.core.lora.LoraConfig;
import dev.agent0.core.lora.PeftAdapterFiles;
import dev.agent0.core.model.Fixture;
import dev.agent0.core.model.Projection;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.NoGradient;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.TextTokenizer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent0 serve}'s server with the qwen3-tiny fixture, driven by the library's own client
 * ({@link CompletionsEngine}) and by plain HTTP: two paths, one answer (HTTP vs the in-process
 * {@link Generator}), batching, seeds, adapters, and a 400 naming the field for each bad request.
 */
class CompletionsServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String NAME = "qwen3-tiny";
    static final int CAPACITY = 128;

    static NDManager manager;
    static QwenModel model;
    static Latin1Tokenizer tokenizer = new Latin1Tokenizer();
    static CompletionsServer server;
    static CompletionsEngine engine;
    static HttpClient http = HttpClient.newHttpClient();

    @TempDir static Path tmp;

    @BeforeAll
    static void start() {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        manager = NDManager.newBaseManager(Device.cpu());
        model = new QwenModel(QwenWeights.load(Fixture.qwen3Tiny(), manager));
        server =
                new CompletionsServer(
                        model,
                        tokenizer,
                        ServeConfig.of(NAME, CAPACITY, model.config().eosTokenIds())
                                .withMaxBatch(8));
        engine =
                new CompletionsEngine(
                        CompletionsEngineConfig.of(List.of(server.url()), NAME).withRetries(0, 0),
                        tokenizer);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
        manager.close();
    }

    @Test
    void greedyCompletionsOverHttpEqualTheInProcessGenerator() {
        List<int[]> prompts = prompts(5, 3, 9, 17, 30);
        GenerationConfig cfg = greedy(16);
        List<GenerationResult> local = new Generator(model, tokenizer).generate(prompts, cfg);
        List<GenerationResult> served;
        try (TurnGenerator t = engine.start(prompts, cfg, 64)) {
            served = t.generate();
        }
        for (int i = 0; i < prompts.size(); i++) {
            assertArrayEquals(local.get(i).tokenIds(), served.get(i).tokenIds(), "row " + i);
            Fixture.assertClose(
                    local.get(i).logProbs(), served.get(i).logProbs(), 1e-4, "row " + i);
            assertEquals(local.get(i).stopReason(), served.get(i).stopReason(), "row " + i);
            assertEquals(local.get(i).text(), served.get(i).text());
        }
    }

    @Test
    void queuedCompatibleRequestsRunAsOneBatchEachCutToItsOwnMaxTokens() throws Exception {
        List<int[]> prompts = prompts(6, 4, 11, 7, 20);
        int[] maxTokens = {2, 5, 9, 9};
        int before = server.worker().batches();
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> sampled = new ArrayList<>();
        whilePaused(
                () -> {
                    for (int i = 0; i < prompts.size(); i++) {
                        replies.add(postAsync(request(prompts.get(i), maxTokens[i], 0.0)));
                        if (i == 0) { // incompatible (sampled): must not join the greedy batch
                            sampled.add(postAsync(request(prompts.get(i), 3, 0.7)));
                        }
                    }
                },
                5);
        // Two batches: the four greedy rows together, then the sampled one.
        ok(sampled.get(0).get());
        for (int i = 0; i < prompts.size(); i++) {
            JsonNode c = ok(replies.get(i).get()).get("choices").get(0);
            GenerationResult alone =
                    new Generator(model, tokenizer)
                            .generate(List.of(prompts.get(i)), greedy(maxTokens[i]))
                            .get(0);
            assertArrayEquals(alone.tokenIds(), ints(c.get("token_ids")), "row " + i);
            assertEquals(
                    alone.stopReason() == StopReason.EOS ? "stop" : "length",
                    c.get("finish_reason").asText());
        }
        assertEquals(2, server.worker().batches() - before);
    }

    @Test
    void sameSeedSameTokensAndEachRowOfABatchSamplesWithItsOwnSeed() throws Exception {
        int[] prompt = prompts(7, 6).get(0);
        int[] a = ids(ok(post("/v1/completions", sampled(prompt, 1))));
        int[] b = ids(ok(post("/v1/completions", sampled(prompt, 1))));
        int[] c = ids(ok(post("/v1/completions", sampled(prompt, 2))));
        assertArrayEquals(a, b, "same seed, same tokens");
        assertFalse(Arrays.equals(a, c), "another seed, other tokens");

        // One batch of three rows with seeds 1, 2, 1: each row samples as if alone.
        List<CompletableFuture<HttpResponse<String>>> rows = new ArrayList<>();
        int before = server.worker().batches();
        whilePaused(
                () -> {
                    for (long seed : new long[] {1, 2, 1}) {
                        rows.add(postAsync(sampled(prompt, seed)));
                    }
                },
                3);
        assertArrayEquals(a, ids(ok(rows.get(0).get())));
        assertArrayEquals(c, ids(ok(rows.get(1).get())));
        assertArrayEquals(a, ids(ok(rows.get(2).get())));
        assertEquals(1, server.worker().batches() - before);
        assertEquals(3, server.worker().lastBatchSize());
        // The same as Generator.start with row seeds, in process.
        GenerationConfig cfg =
                GenerationConfig.defaults()
                        .withMaxNewTokens(20)
                        .withSampling(new SamplingConfig(1.0, 0, 1.0, 0))
                        .withEosTokenIds(model.config().eosTokenIds());
        try (GenerationSession s =
                new Generator(model, tokenizer)
                        .start(
                                List.of(prompt, prompt),
                                cfg,
                                prompt.length + 20,
                                new long[] {1, 2})) {
            List<GenerationResult> local = s.generate();
            assertArrayEquals(a, local.get(0).tokenIds());
            assertArrayEquals(c, local.get(1).tokenIds());
        }
    }

    @Test
    void multiTurnRoundTripThroughTheEngineEqualsTheInProcessSession() {
        List<int[]> prompts = prompts(8, 5, 12);
        int[] observation = {7, 300, 9};
        GenerationConfig cfg = greedy(6);
        List<GenerationResult> served;
        int[] servedTokens;
        try (TurnGenerator t = engine.start(prompts, cfg, 64)) {
            t.generate();
            t.append(0, observation);
            served = t.generate();
            servedTokens = t.tokens(0);
        }
        try (GenerationSession s = new Generator(model, tokenizer).start(prompts, cfg, 64)) {
            s.generate();
            s.append(0, observation);
            List<GenerationResult> local = s.generate();
            assertArrayEquals(s.tokens(0), servedTokens);
            assertArrayEquals(local.get(0).tokenIds(), served.get(0).tokenIds());
            Fixture.assertClose(local.get(0).logProbs(), served.get(0).logProbs(), 1e-4, "turn 2");
        }
        assertEquals(StopReason.INACTIVE, served.get(1).stopReason());
        assertEquals(prompts.get(0).length + 6 + 3 + 6, servedTokens.length);
    }

    @Test
    void loadedAdapterGeneratesAsTheInProcessViewAndUnloadsTo404() throws Exception {
        Path dir = tmp.resolve("adapter-a");
        List<int[]> prompts = prompts(9, 6, 14);
        try (LoraAdapter adapter =
                LoraAdapter.init(
                        model.config(),
                        LoraConfig.defaults().withRank(4),
                        5,
                        manager,
                        DataType.FLOAT32)) {
            randomiseB(adapter, 3);
            PeftAdapterFiles.save(adapter, dir, NAME);
            HttpResponse<String> loaded = post("/v1/load_lora_adapter", adapterBody("a", dir));
            assertEquals(200, loaded.statusCode(), loaded.body());
            assertEquals("Success: LoRA adapter 'a' added successfully.", loaded.body());

            List<GenerationResult> served;
            try (TurnGenerator t = engine.forModel("a").start(prompts, greedy(12), 64)) {
                served = t.generate();
            }
            List<GenerationResult> local =
                    new Generator(model.withAdapter(adapter), tokenizer)
                            .generate(prompts, greedy(12));
            List<GenerationResult> base =
                    new Generator(model, tokenizer).generate(prompts, greedy(12));
            boolean differs = false;
            for (int i = 0; i < prompts.size(); i++) {
                assertArrayEquals(local.get(i).tokenIds(), served.get(i).tokenIds(), "row " + i);
                Fixture.assertClose(
                        local.get(i).logProbs(), served.get(i).logProbs(), 1e-4, "row " + i);
                differs |= !Arrays.equals(base.get(i).tokenIds(), served.get(i).tokenIds());
            }
            assertTrue(differs, "the adapter changes the greedy tokens");
        }
        HttpResponse<String> again = post("/v1/load_lora_adapter", adapterBody("a", dir));
        assertEquals(400, again.statusCode());
        assertTrue(again.body().contains("already"), again.body());

        HttpResponse<String> unloaded = post("/v1/unload_lora_adapter", "{\"lora_name\":\"a\"}");
        assertEquals(200, unloaded.statusCode(), unloaded.body());
        assertEquals("Success: LoRA adapter 'a' removed successfully.", unloaded.body());
        ObjectNode req = request(prompts.get(0), 4, 0.0);
        req.put("model", "a");
        assertError(post("/v1/completions", req.toString()), 404, "model", "`a`");
        assertError(
                post("/v1/unload_lora_adapter", "{\"lora_name\":\"a\"}"), 404, "lora_name", "'a'");
        assertError(
                post("/v1/load_lora_adapter", adapterBody("b", tmp.resolve("nowhere"))),
                400,
                "lora_path",
                "nowhere");
    }

    @Test
    void modelsListsTheBaseAndEachAdapterWithItsParent() throws Exception {
        Path dir = tmp.resolve("adapter-m");
        try (LoraAdapter adapter =
                LoraAdapter.init(
                        model.config(),
                        LoraConfig.defaults().withRank(2),
                        1,
                        manager,
                        DataType.FLOAT32)) {
            PeftAdapterFiles.save(adapter, dir, NAME);
        }
        assertEquals(200, post("/v1/load_lora_adapter", adapterBody("m", dir)).statusCode());
        try {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(server.url() + "/v1/models")).build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode body = ok(r);
            assertEquals("list", body.get("object").asText());
            JsonNode data = body.get("data");
            assertEquals(NAME, data.get(0).get("id").asText());
            assertEquals("agent0", data.get(0).get("owned_by").asText());
            assertTrue(data.get(0).get("parent").isNull());
            JsonNode m = null;
            for (JsonNode d : data) {
                m = d.get("id").asText().equals("m") ? d : m;
            }
            assertTrue(m != null, body.toString());
            assertEquals(NAME, m.get("parent").asText());
            assertEquals("model", m.get("object").asText());
        } finally {
            post("/v1/unload_lora_adapter", "{\"lora_name\":\"m\"}");
        }
    }

    @Test
    void badRequestsAre400NamingTheField() throws Exception {
        int[] p = {1, 2, 3};
        assertError(post("/v1/completions", with(p, r -> r.put("n", 2))), 400, "n", "n = 1");
        assertError(
                post("/v1/completions", with(p, r -> r.put("logprobs", 5))),
                400,
                "logprobs",
                "only the sampled token's log-prob");
        assertError(
                post("/v1/completions", with(p, r -> r.remove("max_tokens"))),
                400,
                "max_tokens",
                "missing");
        assertError(
                post("/v1/completions", body(new int[] {1, 9999}, 4)), 400, "prompt[1]", "9999");
        assertError(post("/v1/completions", body(new int[CAPACITY + 5], 4)), 400, "prompt", "128");
        assertError(
                post("/v1/completions", body(new int[100], 40)), 400, "max_tokens", "at most 28");
        assertError(
                post("/v1/completions", with(p, r -> r.put("model", "nope"))),
                404,
                "model",
                "`nope`");
        assertError(post("/v1/completions", "{\"prompt\": [1,"), 400, "body", "not JSON");
        assertError(
                post("/v1/completions", with(p, r -> r.put("include_stop_str_in_output", false))),
                400,
                "include_stop_str_in_output",
                "not supported");
        assertError(post("/v1/completions", with(p, r -> r.put("top_k", -5))), 400, "top_k", "-5");
        assertError(
                post("/v1/completions", with(p, r -> r.put("max_tokens", "8"))),
                400,
                "max_tokens",
                "integer");
        assertError(
                post("/v1/completions", with(p, r -> r.put("stream", true))),
                400,
                "stream",
                "not supported");
        // The server still serves, and ignores fields it does not know (as vLLM does).
        ok(post("/v1/completions", with(p, r -> r.put("some_future_field", 1))));
    }

    @Test
    void stopTokenIdsStopStringsAndTextPromptsAreHonoured() throws Exception {
        int[] prompt = prompts(10, 8).get(0);
        int[] free = ids(ok(post("/v1/completions", body(prompt, 16))));
        // A stop id: the first generated token not seen before it ends the completion there.
        int at = 1;
        while (at < free.length
                && (contains(Arrays.copyOf(free, at), free[at])
                        || tokenizer
                                .decode(Arrays.copyOf(free, at))
                                .contains(tokenizer.decode(new int[] {free[at]})))) {
            at++;
        }
        assertTrue(at < free.length, "a token not generated before: " + Arrays.toString(free));
        int stopId = free[at];
        JsonNode c =
                ok(post(
                                "/v1/completions",
                                with(prompt, r -> r.putArray("stop_token_ids").add(stopId))))
                        .get("choices")
                        .get(0);
        assertArrayEquals(Arrays.copyOf(free, at + 1), ints(c.get("token_ids")));
        assertEquals("stop", c.get("finish_reason").asText());
        assertEquals(stopId, c.get("stop_reason").asInt());
        // A stop string: the text of that token, kept in the output, named as the stop reason.
        String stop = tokenizer.decode(new int[] {stopId});
        JsonNode s =
                ok(post("/v1/completions", with(prompt, r -> r.putArray("stop").add(stop))))
                        .get("choices")
                        .get(0);
        assertArrayEquals(Arrays.copyOf(free, at + 1), ints(s.get("token_ids")));
        assertEquals("stop", s.get("finish_reason").asText());
        assertEquals(stop, s.get("stop_reason").asText());
        assertEquals(tokenizer.decode(Arrays.copyOf(free, at + 1)), s.get("text").asText());
        // A text prompt is tokenized: the same completion as its ids.
        ObjectNode text = request(new int[] {1}, 6, 0.0);
        text.put("prompt", "abc");
        JsonNode fromText = ok(post("/v1/completions", text.toString()));
        JsonNode fromIds = ok(post("/v1/completions", body(new int[] {97, 98, 99}, 6)));
        assertEquals(
                fromIds.get("choices").get(0).get("token_ids"),
                fromText.get("choices").get(0).get("token_ids"));
        assertEquals(3, fromText.get("usage").get("prompt_tokens").asInt());
        assertEquals(9, fromText.get("usage").get("total_tokens").asInt());
        assertEquals("text_completion", fromText.get("object").asText());
    }

    @Test
    void aFailedBatchAnswers500AndTheServerGoesOn() throws Exception {
        int[] prompt = {5, 6, 7};
        tokenizer.failDecode = true;
        HttpResponse<String> failed;
        try {
            failed = post("/v1/completions", body(prompt, 3));
        } finally {
            tokenizer.failDecode = false;
        }
        assertEquals(500, failed.statusCode(), failed.body());
        assertTrue(failed.body().contains("decode failed on purpose"), failed.body());
        ok(post("/v1/completions", body(prompt, 3)));
    }

    // ---- helpers

    /** Holds the worker on a task while {@code submit} queues requests, until {@code n} wait. */
    static void whilePaused(Runnable submit, int n) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<String> pause =
                server.onWorker(
                        () -> {
                            holding.countDown();
                            try {
                                gate.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return "resumed";
                        });
        try {
            holding.await();
            submit.run();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.queued() < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(n, server.queued(), "requests waiting");
        } finally {
            gate.countDown();
        }
        assertEquals("resumed", pause.get());
    }

    static GenerationConfig greedy(int n) {
        return GenerationConfig.defaults()
                .withSampling(SamplingConfig.greedy())
                .withMaxNewTokens(n)
                .withEosTokenIds(model.config().eosTokenIds());
    }

    static List<int[]> prompts(long seed, int... lengths) {
        Random r = new Random(seed);
        List<int[]> out = new ArrayList<>();
        for (int n : lengths) {
            out.add(r.ints(n, 0, 500).toArray());
        }
        return out;
    }

    /** What the engine sends, as a JSON object (greedy when temperature is 0). */
    static ObjectNode request(int[] prompt, int maxTokens, double temperature) {
        ObjectNode r = JSON.createObjectNode();
        r.put("model", NAME);
        var p = r.putArray("prompt");
        Arrays.stream(prompt).forEach(p::add);
        r.put("max_tokens", maxTokens);
        r.put("temperature", temperature);
        r.put("seed", 11);
        r.put("logprobs", 0);
        r.put("return_token_ids", true);
        r.put("return_tokens_as_token_ids", true);
        return r;
    }

    static String body(int[] prompt, int maxTokens) {
        return request(prompt, maxTokens, 0.0).toString();
    }

    static String with(int[] prompt, Consumer<ObjectNode> change) {
        ObjectNode r = request(prompt, 8, 0.0);
        change.accept(r);
        return r.toString();
    }

    static String sampled(int[] prompt, long seed) {
        ObjectNode r = request(prompt, 20, 1.0);
        r.put("seed", seed);
        return r.toString();
    }

    static String adapterBody(String name, Path dir) {
        return JSON.createObjectNode()
                .put("lora_name", name)
                .put("lora_path", dir.toString())
                .toString();
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(httpPost(path, body), HttpResponse.BodyHandlers.ofString());
    }

    static CompletableFuture<HttpResponse<String>> postAsync(ObjectNode body) {
        return postAsync(body.toString());
    }

    static CompletableFuture<HttpResponse<String>> postAsync(String body) {
        return http.sendAsync(
                httpPost("/v1/completions", body), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest httpPost(String path, String body) {
        return HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** A vLLM error body whose message names {@code field} first and mentions {@code detail}. */
    static void assertError(HttpResponse<String> r, int status, String field, String detail)
            throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode e = JSON.readTree(r.body()).get("error");
        String message = e.get("message").asText();
        assertTrue(message.startsWith(field + ": "), message);
        assertTrue(message.contains(detail), message);
        assertEquals(status, e.get("code").asInt());
        assertEquals(status == 400 ? "BadRequestError" : "NotFoundError", e.get("type").asText());
    }

    static int[] ids(JsonNode response) {
        return ints(response.get("choices").get(0).get("token_ids"));
    }

    static int[] ints(JsonNode a) {
        return Fixture.ints(a);
    }

    static boolean contains(int[] a, int v) {
        return Arrays.stream(a).anyMatch(x -> x == v);
    }

    /** Every B of the adapter set to seeded values of ±0.5: a trained-looking adapter. */
    static void randomiseB(LoraAdapter adapter, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        NoGradient.run(
                () -> {
                    for (int l = 0; l < adapter.baseConfig().numHiddenLayers(); l++) {
                        for (Projection p : adapter.config().targets()) {
                            NDArray b = adapter.b(l, p);
                            float[] v = new float[(int) b.size()];
                            for (int i = 0; i < v.length; i++) {
                                v[i] = (float) (rng.nextDouble() - 0.5);
                            }
                            b.set(v);
                        }
                    }
                });
    }

    /**
     * Ids 0..255 are the Latin-1 characters (one char per id, so a stop string is found where it
     * is); ids 256.. decode to {@code <id>}.
     */
    static final class Latin1Tokenizer implements TextTokenizer {
        volatile boolean failDecode;

        @Override
        public int[] encode(String text) {
            byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
            int[] ids = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                ids[i] = b[i] & 0xff;
            }
            return ids;
        }

        @Override
        public String decode(int[] ids) {
            if (failDecode) {
                throw new IllegalStateException("decode failed on purpose");
            }
            StringBuilder s = new StringBuilder();
            for (int id : ids) {
                s.append(id < 256 ? String.valueOf((char) id) : "<" + id + ">");
            }
            return s.toString();
        }

        @Override
        public int vocabSize() {
            return 512;
        }

        @Override
        public OptionalInt tokenId(String token) {
            return OptionalInt.empty();
        }
    }
}
