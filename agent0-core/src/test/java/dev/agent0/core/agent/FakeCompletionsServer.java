package dev.agent0.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback stand-in for a vLLM server's {@code /v1/completions}: a script maps each request to a
 * response (or an HTTP error status); every request is recorded, and the most requests in flight at
 * once are counted.
 */
final class FakeCompletionsServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Injected faults besides an error status. */
    enum Fault {
        NONE,
        /** The connection is closed without a response (a reset, a crashed worker). */
        RESET,
        /** Status 200 with a body cut off mid-JSON. */
        GARBLED,
        /** The reply comes after {@code hangMillis}, past the client's timeout. */
        HANG
    }

    /** What the script returns: a JSON body with status 200, an error status, or a fault. */
    record Reply(int status, JsonNode body, Fault fault, long hangMillis) {
        static Reply ok(JsonNode body) {
            return new Reply(200, body, Fault.NONE, 0);
        }

        static Reply error(int status) {
            return new Reply(
                    status,
                    JSON.createObjectNode().put("error", "scripted " + status),
                    Fault.NONE,
                    0);
        }

        static Reply fault(Fault f, long hangMillis) {
            return new Reply(200, JSON.createObjectNode(), f, hangMillis);
        }
    }

    final List<JsonNode> requests = new ArrayList<>();

    /** Calls of the LoRA endpoints, as "load NAME PATH" / "unload NAME". */
    final List<String> adapterCalls = new ArrayList<>();

    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private final HttpServer server;

    FakeCompletionsServer(Function<JsonNode, Reply> script, long delayMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext(
                "/v1/completions",
                ex -> {
                    int now = inFlight.incrementAndGet();
                    maxInFlight.accumulateAndGet(now, Math::max);
                    try {
                        JsonNode req = JSON.readTree(ex.getRequestBody());
                        synchronized (requests) {
                            requests.add(req);
                        }
                        if (delayMillis > 0) {
                            Thread.sleep(delayMillis);
                        }
                        Reply r = script.apply(req);
                        switch (r.fault()) {
                            case RESET -> ex.close(); // no status line: the client sees an EOF
                            case GARBLED -> send(ex, 200, "{\"choices\": [{\"token_ids\": [1, ");
                            case HANG -> {
                                Thread.sleep(r.hangMillis());
                                send(ex, 200, r.body().toString());
                            }
                            case NONE -> send(ex, r.status(), r.body().toString());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        send(ex, 500, "{}");
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
        server.createContext(
                "/v1/load_lora_adapter",
                ex -> {
                    JsonNode req = JSON.readTree(ex.getRequestBody());
                    synchronized (adapterCalls) {
                        adapterCalls.add(
                                "load "
                                        + req.get("lora_name").asText()
                                        + " "
                                        + req.get("lora_path").asText());
                    }
                    send(ex, 200, "\"Success\"");
                });
        server.createContext(
                "/v1/unload_lora_adapter",
                ex -> {
                    JsonNode req = JSON.readTree(ex.getRequestBody());
                    synchronized (adapterCalls) {
                        adapterCalls.add("unload " + req.get("lora_name").asText());
                    }
                    send(ex, 200, "\"Success\"");
                });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A vLLM-shaped completion of {@code ids}, each with log-prob −0.5. */
    static ObjectNode completion(int[] ids, String finish, Object stopReason) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode c = body.putArray("choices").addObject();
        c.put("index", 0);
        c.put("text", "ignored: ids are what count");
        var t = c.putArray("token_ids");
        var lp = c.putObject("logprobs");
        var tokens = lp.putArray("tokens");
        var values = lp.putArray("token_logprobs");
        for (int id : ids) {
            t.add(id);
            tokens.add("token_id:" + id);
            values.add(-0.5);
        }
        c.put("finish_reason", finish);
        if (stopReason instanceof String s) {
            c.put("stop_reason", s);
        } else if (stopReason instanceof Integer i) {
            c.put("stop_reason", i);
        } else {
            c.putNull("stop_reason");
        }
        return body;
    }

    static int[] ids(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
