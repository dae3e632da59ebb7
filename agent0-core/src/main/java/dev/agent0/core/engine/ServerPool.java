package dev.agent0.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers of an engine: each request goes to the server with the most free slots (at most
 * {@code concurrencyPerServer} in flight on each), and is retried with exponential backoff, on
 * another server when there is one, after a timeout, a connection error, HTTP 429 or 5xx, or a 200
 * whose body is not JSON. Thread safe.
 */
final class ServerPool {
    private static final Logger LOG = LoggerFactory.getLogger(ServerPool.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Server(String base, URI endpoint, Semaphore slots) {}

    /** A 200 response's JSON and the endpoint that gave it. */
    record Answer(URI endpoint, JsonNode json) {}

    private final List<Server> servers = new ArrayList<>();
    private final CompletionsEngineConfig config;
    private final HttpClient http;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    ServerPool(CompletionsEngineConfig config) {
        this.config = config;
        for (String base : config.baseUrls()) {
            String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            servers.add(
                    new Server(
                            b,
                            URI.create(b + "/v1/completions"),
                            new Semaphore(config.concurrencyPerServer(), true)));
        }
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(30))
                        .build();
    }

    /** Posts {@code body} until a server answers 200 with JSON, or the retries run out. */
    Answer complete(JsonNode body) {
        String payload = body.toString();
        requests.incrementAndGet();
        Server last = null;
        for (int attempt = 0; ; attempt++) {
            Server s = acquire(last);
            attempts.incrementAndGet();
            String failure;
            try {
                HttpResponse<String> r = post(s.endpoint(), payload);
                failure = r.statusCode() == 200 ? null : failure(s.endpoint(), r);
                if (failure == null) {
                    JsonNode json = parse(r.body());
                    if (json != null) {
                        return new Answer(s.endpoint(), json);
                    }
                    // A 200 whose body is not JSON (cut off by a proxy, a crashed worker): the
                    // request is fine, the answer was lost; ask again.
                    failure = "response is not JSON: " + abbreviate(r.body());
                }
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            } finally {
                s.slots().release();
            }
            backOff(s.endpoint(), failure, attempt);
            last = s;
        }
    }

    /**
     * Posts {@code body} to {@code path} (e.g. {@code /v1/load_lora_adapter}) on every server, with
     * the same retries; a 400 whose text says {@code already} counts as done (loading an adapter
     * twice is not an error here).
     */
    void broadcast(String path, JsonNode body) {
        String payload = body.toString();
        for (Server s : servers) {
            URI uri = URI.create(s.base() + path);
            for (int attempt = 0; ; attempt++) {
                String failure;
                try {
                    HttpResponse<String> r = post(uri, payload);
                    boolean done =
                            r.statusCode() == 200
                                    || (r.statusCode() == 400 && r.body().contains("already"));
                    failure = done ? null : failure(uri, r);
                } catch (IOException e) {
                    failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
                if (failure == null) {
                    break;
                }
                backOff(uri, failure, attempt);
            }
        }
    }

    private HttpResponse<String> post(URI uri, String payload) throws IOException {
        try {
            return http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofMillis(timeoutMillis()))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(payload))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(uri + ": interrupted", e);
        }
    }

    /**
     * What went wrong with a non-success response, to retry (429, 5xx); other statuses mean the
     * request itself is wrong and fail at once.
     */
    private static String failure(URI uri, HttpResponse<String> r) {
        String failure = "HTTP " + r.statusCode() + ": " + abbreviate(r.body());
        if (r.statusCode() != 429 && r.statusCode() < 500) {
            throw new EngineException(uri + ": " + failure);
        }
        return failure;
    }

    /**
     * Counters since the pool was built: {@code requests} (completions asked for), {@code attempts}
     * (HTTP posts, retries included), {@code retries} (of completions and adapter calls).
     */
    Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("requests", requests.get());
        c.put("attempts", attempts.get());
        c.put("retries", retries.get());
        return c;
    }

    /** Gives up after the last retry; otherwise logs and waits the attempt's backoff. */
    private void backOff(URI uri, String failure, int attempt) {
        if (attempt >= config.maxRetries()) {
            throw new EngineException(
                    uri + ": " + failure + " (gave up after " + (attempt + 1) + " attempts)");
        }
        retries.incrementAndGet();
        LOG.warn("{}: {}; retry {} of {}", uri, failure, attempt + 1, config.maxRetries());
        sleep(config.backoffSeconds() * Math.pow(2, attempt));
    }

    /** The server with the most free slots, another than {@code avoid} when possible; waits. */
    private Server acquire(Server avoid) {
        Server best = null;
        for (Server s : servers) {
            if (s == avoid && servers.size() > 1) {
                continue;
            }
            if (best == null || s.slots().availablePermits() > best.slots().availablePermits()) {
                best = s;
            }
        }
        try {
            best.slots().acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(best.endpoint() + ": interrupted while waiting", e);
        }
        return best;
    }

    /** The body as JSON, or null when it is not a JSON object. */
    private static JsonNode parse(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private long timeoutMillis() {
        return Math.round(config.timeoutSeconds() * 1000);
    }

    private static void sleep(double seconds) {
        try {
            Thread.sleep(Math.round(seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted during backoff", e);
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
