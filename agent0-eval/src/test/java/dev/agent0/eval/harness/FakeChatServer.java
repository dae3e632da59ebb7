package dev.agent0.eval.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** An OpenAI-style /v1/chat/completions server on 127.0.0.1 (a free port), for tests only. */
final class FakeChatServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    /** Status codes to answer before answering normally (e.g. 500 once). */
    final Queue<Integer> failures = new ArrayDeque<>();

    private final HttpServer server;

    /**
     * @param answer request body → the message contents to return as choices
     */
    FakeChatServer(Function<JsonNode, List<String>> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/v1/chat/completions",
                ex -> {
                    JsonNode req = JSON.readTree(ex.getRequestBody().readAllBytes());
                    requests.add(req);
                    Integer fail;
                    synchronized (failures) {
                        fail = failures.poll();
                    }
                    byte[] body;
                    int status;
                    if (fail != null) {
                        status = fail;
                        body =
                                "{\"error\":{\"message\":\"boom\"}}"
                                        .getBytes(StandardCharsets.UTF_8);
                    } else {
                        status = 200;
                        ObjectNode resp = JSON.createObjectNode();
                        ArrayNode choices = resp.putArray("choices");
                        int i = 0;
                        for (String c : answer.apply(req)) {
                            ObjectNode ch = choices.addObject();
                            ch.put("index", i++);
                            ch.putObject("message").put("role", "assistant").put("content", c);
                        }
                        body = JSON.writeValueAsBytes(resp);
                    }
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    ex.sendResponseHeaders(status, body.length);
                    ex.getResponseBody().write(body);
                    ex.close();
                });
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
