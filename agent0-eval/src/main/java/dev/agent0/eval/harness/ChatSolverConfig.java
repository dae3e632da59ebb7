package dev.agent0.eval.harness;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of {@link OpenAiChatSolver}.
 *
 * @param endpoint base URL such as {@code http://127.0.0.1:8000/v1}, or the full {@code
 *     .../chat/completions} URL
 * @param modelName the served model name sent as {@code model}
 * @param apiKey bearer token, or "" for none (vLLM's default). Default "".
 * @param temperature sampling temperature ≥ 0. Default 0.6 (Qwen3 thinking-mode recommendation).
 * @param topP nucleus mass in (0, 1]. Default 0.95.
 * @param maxTokens completion token cap ≥ 1. Default 4096.
 * @param seed base seed; request r for a problem sends seed + 1000·h + r, h = id.hashCode() mod
 *     10⁶. Default 0.
 * @param promptTemplate user message; {@code {question}} is replaced. Default: the Qwen2.5-Math
 *     instruction "Please reason step by step, and put your final answer within \boxed{}."
 * @param timeout per-request timeout. Default 10 minutes.
 * @param maxRetries retries after a connection error or HTTP 5xx/429, ≥ 0. Default 2.
 */
public record ChatSolverConfig(
        URI endpoint,
        String modelName,
        String apiKey,
        double temperature,
        double topP,
        int maxTokens,
        long seed,
        String promptTemplate,
        Duration timeout,
        int maxRetries) {
    public static final String DEFAULT_PROMPT =
            "{question}\nPlease reason step by step, and put your final answer within \\boxed{}.";

    public ChatSolverConfig {
        if (endpoint == null
                || endpoint.getScheme() == null
                || !endpoint.getScheme().startsWith("http")) {
            throw new IllegalArgumentException(
                    "endpoint = " + endpoint + ", must be an http(s) URL");
        }
        if (modelName == null || modelName.isBlank()) {
            throw new IllegalArgumentException("modelName is blank: the server needs a model name");
        }
        if (!(temperature >= 0)) {
            throw new IllegalArgumentException("temperature = " + temperature + ", must be >= 0");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP = " + topP + ", must be in (0, 1]");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens = " + maxTokens + ", must be >= 1");
        }
        if (promptTemplate == null || !promptTemplate.contains("{question}")) {
            throw new IllegalArgumentException("promptTemplate must contain {question}");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries = " + maxRetries + ", must be >= 0");
        }
        apiKey = apiKey == null ? "" : apiKey;
    }

    public static ChatSolverConfig defaults(URI endpoint, String modelName) {
        return new ChatSolverConfig(
                endpoint,
                modelName,
                "",
                0.6,
                0.95,
                4096,
                0L,
                DEFAULT_PROMPT,
                Duration.ofMinutes(10),
                2);
    }

    public ChatSolverConfig withTemperature(double t) {
        return new ChatSolverConfig(
                endpoint,
                modelName,
                apiKey,
                t,
                topP,
                maxTokens,
                seed,
                promptTemplate,
                timeout,
                maxRetries);
    }

    public ChatSolverConfig withMaxTokens(int n) {
        return new ChatSolverConfig(
                endpoint,
                modelName,
                apiKey,
                temperature,
                topP,
                n,
                seed,
                promptTemplate,
                timeout,
                maxRetries);
    }

    public ChatSolverConfig withSeed(long s) {
        return new ChatSolverConfig(
                endpoint,
                modelName,
                apiKey,
                temperature,
                topP,
                maxTokens,
                s,
                promptTemplate,
                timeout,
                maxRetries);
    }

    public ChatSolverConfig withApiKey(String key) {
        return new ChatSolverConfig(
                endpoint,
                modelName,
                key,
                temperature,
                topP,
                maxTokens,
                seed,
                promptTemplate,
                timeout,
                maxRetries);
    }

    public ChatSolverConfig withTimeout(Duration t) {
        return new ChatSolverConfig(
                endpoint,
                modelName,
                apiKey,
                temperature,
                topP,
                maxTokens,
                seed,
                promptTemplate,
                t,
                maxRetries);
    }

    public ChatSolverConfig withMaxRetries(int r) {
        return new ChatSolverConfig(
                endpoint,
                modelName,
                apiKey,
                temperature,
                topP,
                maxTokens,
                seed,
                promptTemplate,
                timeout,
                r);
    }

    /**
     * The URL requests go to: {@code endpoint} + {@code /chat/completions} unless already there.
     */
    public URI chatCompletionsUri() {
        String s = endpoint.toString();
        if (s.endsWith("/chat/completions")) {
            return endpoint;
        }
        return URI.create(s.replaceAll("/+$", "") + "/chat/completions");
    }
}
