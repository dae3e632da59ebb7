package dev.agent0.core.engine;

import java.net.URI;
import java.util.List;

/**
 * Where and how an {@link CompletionsEngine} sends its requests.
 *
 * @param baseUrls the servers, e.g. {@code http://10.0.0.5:8000} (the engine appends {@code
 *     /v1/completions}); at least one, http or https
 * @param model the {@code model} of every request: the served model, or a LoRA adapter's name
 * @param concurrencyPerServer requests in flight per server at most; >= 1. Default 64.
 * @param timeoutSeconds one request's time limit (a timeout is retried); > 0. Default 600.
 * @param maxRetries attempts after the first on a timeout, a connection error, HTTP 429 or 5xx; >=
 *     0. Default 5.
 * @param backoffSeconds wait before the first retry, doubled for each further one; >= 0. Default
 *     0.5.
 * @param requestPrefix prefix of every {@code request_id} (the id of a sequence's round is {@code
 *     prefix-stream-round}: a retry repeats it); not blank. Default {@code agent0}.
 */
public record CompletionsEngineConfig(
        List<String> baseUrls,
        String model,
        int concurrencyPerServer,
        double timeoutSeconds,
        int maxRetries,
        double backoffSeconds,
        String requestPrefix) {
    public CompletionsEngineConfig {
        if (baseUrls == null || baseUrls.isEmpty()) {
            throw new IllegalArgumentException("baseUrls is empty: name at least one server");
        }
        baseUrls = List.copyOf(baseUrls);
        for (String u : baseUrls) {
            URI uri;
            try {
                uri = URI.create(u);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("baseUrls: '" + u + "' is not a URL", e);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "baseUrls: '" + u + "' must be an http(s) URL with a host");
            }
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is blank: name the served model or adapter");
        }
        if (concurrencyPerServer < 1) {
            throw new IllegalArgumentException(
                    "concurrencyPerServer = " + concurrencyPerServer + ", must be >= 1");
        }
        if (!(timeoutSeconds > 0) || Double.isInfinite(timeoutSeconds)) {
            throw new IllegalArgumentException(
                    "timeoutSeconds = " + timeoutSeconds + ", must be finite and > 0");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries = " + maxRetries + ", must be >= 0");
        }
        if (!(backoffSeconds >= 0) || Double.isInfinite(backoffSeconds)) {
            throw new IllegalArgumentException(
                    "backoffSeconds = " + backoffSeconds + ", must be finite and >= 0");
        }
        if (requestPrefix == null || requestPrefix.isBlank()) {
            throw new IllegalArgumentException("requestPrefix is blank");
        }
    }

    /** One or more servers of {@code model} with the defaults. */
    public static CompletionsEngineConfig of(List<String> baseUrls, String model) {
        return new CompletionsEngineConfig(baseUrls, model, 64, 600, 5, 0.5, "agent0");
    }

    public CompletionsEngineConfig withModel(String m) {
        return new CompletionsEngineConfig(
                baseUrls,
                m,
                concurrencyPerServer,
                timeoutSeconds,
                maxRetries,
                backoffSeconds,
                requestPrefix);
    }

    public CompletionsEngineConfig withRetries(int retries, double backoff) {
        return new CompletionsEngineConfig(
                baseUrls,
                model,
                concurrencyPerServer,
                timeoutSeconds,
                retries,
                backoff,
                requestPrefix);
    }

    public CompletionsEngineConfig withConcurrencyPerServer(int n) {
        return new CompletionsEngineConfig(
                baseUrls, model, n, timeoutSeconds, maxRetries, backoffSeconds, requestPrefix);
    }

    public CompletionsEngineConfig withTimeoutSeconds(double s) {
        return new CompletionsEngineConfig(
                baseUrls,
                model,
                concurrencyPerServer,
                s,
                maxRetries,
                backoffSeconds,
                requestPrefix);
    }

    public CompletionsEngineConfig withRequestPrefix(String p) {
        return new CompletionsEngineConfig(
                baseUrls,
                model,
                concurrencyPerServer,
                timeoutSeconds,
                maxRetries,
                backoffSeconds,
                p);
    }
}
