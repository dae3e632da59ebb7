package dev.agent0.eval.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Solver} backed by any OpenAI-compatible {@code /chat/completions} endpoint (vLLM,
 * SGLang, llama.cpp server, ...), using {@code java.net.http}.
 *
 * <p>Asks for all k samples with {@code n = k}; a server that returns fewer choices is asked again
 * for the rest. Each request carries a seed derived from the config seed, so a seeded server
 * reproduces a run. Connection errors, HTTP 429 and 5xx are retried {@code maxRetries} times with 1
 * s, 2 s, 4 s back-off; other HTTP errors fail at once with the server's message.
 */
public final class OpenAiChatSolver implements Solver {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatSolver.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ChatSolverConfig config;
    private final HttpClient http;

    public OpenAiChatSolver(ChatSolverConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    @Override
    public String name() {
        return config.modelName();
    }

    @Override
    public List<String> solve(Problem problem, int k) throws IOException {
        if (k < 1) {
            throw new IllegalArgumentException("k = " + k + ", must be >= 1");
        }
        // Seeded by the problem id, not the order: a resumed run sends the same seeds.
        long index = Math.floorMod(problem.id().hashCode(), 1_000_000);
        List<String> out = new ArrayList<>();
        for (int round = 0; out.size() < k; round++) {
            if (round > k) {
                throw new IOException(
                        config.chatCompletionsUri()
                                + ": returned no choices after "
                                + round
                                + " requests");
            }
            out.addAll(request(problem, k - out.size(), config.seed() + 1000L * index + round));
        }
        return out.subList(0, k);
    }

    private List<String> request(Problem problem, int n, long seed) throws IOException {
        String body = JSON.writeValueAsString(body(problem, n, seed));
        HttpRequest.Builder req =
                HttpRequest.newBuilder(config.chatCompletionsUri())
                        .timeout(config.timeout())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!config.apiKey().isEmpty()) {
            req.header("Authorization", "Bearer " + config.apiKey());
        }
        IOException last = null;
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            if (attempt > 0) {
                sleep(1000L << (attempt - 1));
            }
            HttpResponse<String> resp;
            try {
                resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = new IOException(config.chatCompletionsUri() + ": " + e.getMessage(), e);
                LOG.warn("request failed (attempt {}): {}", attempt + 1, e.toString());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(
                        "interrupted while waiting for " + config.chatCompletionsUri(), e);
            }
            int status = resp.statusCode();
            if (status == 200) {
                return choices(resp.body());
            }
            String head =
                    resp.body().length() > 300 ? resp.body().substring(0, 300) + "…" : resp.body();
            last = new IOException(config.chatCompletionsUri() + ": HTTP " + status + ": " + head);
            if (status != 429 && status < 500) {
                throw last;
            }
            LOG.warn("HTTP {} (attempt {})", status, attempt + 1);
        }
        throw last;
    }

    private ObjectNode body(Problem problem, int n, long seed) {
        ObjectNode b = JSON.createObjectNode();
        b.put("model", config.modelName());
        ArrayNode messages = b.putArray("messages");
        messages.addObject()
                .put("role", "user")
                .put("content", config.promptTemplate().replace("{question}", problem.question()));
        b.put("n", n);
        b.put("temperature", config.temperature());
        b.put("top_p", config.topP());
        b.put("max_tokens", config.maxTokens());
        b.put("seed", seed);
        return b;
    }

    private List<String> choices(String body) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException(
                    config.chatCompletionsUri() + ": response is not JSON: " + e.getMessage(), e);
        }
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray()) {
            throw new IOException(
                    config.chatCompletionsUri() + ": response has no 'choices' array");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode c : choices) {
            JsonNode content = c.path("message").path("content");
            out.add(content.isTextual() ? content.asText() : "");
        }
        return out;
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during retry back-off", e);
        }
    }
}
