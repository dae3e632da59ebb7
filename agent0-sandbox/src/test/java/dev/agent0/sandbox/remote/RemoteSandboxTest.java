package dev.agent0.sandbox.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agent0.sandbox.CodeRequest;
import dev.agent0.sandbox.ExecutionResult;
import dev.agent0.sandbox.SandboxLimits;
import dev.agent0.sandbox.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SandboxFusion client against a real HTTP server the test opens on 127.0.0.1. The fake service
 * answers like SandboxFusion's {@code /run_code}, chosen by a keyword in the code.
 */
class RemoteSandboxTest {
    static final ObjectMapper JSON = new ObjectMapper();
    HttpServer server;
    final ConcurrentLinkedQueue<JsonNode> received = new ConcurrentLinkedQueue<>();
    RemoteSandbox sandbox;

    @BeforeEach
    void startFakeService() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/run_code", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        sandbox =
                new RemoteSandbox(
                        RemoteSandboxConfig.of(uri)
                                .withLimits(SandboxLimits.defaults().withWallTimeMillis(5_000)));
    }

    @AfterEach
    void stop() {
        sandbox.close();
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        JsonNode req = JSON.readTree(ex.getRequestBody());
        received.add(req);
        String code = req.path("code").asText();
        if (code.contains("http500")) {
            reply(ex, 500, "internal error");
            return;
        }
        ObjectNode resp = JSON.createObjectNode();
        ObjectNode run = resp.putObject("run_result");
        resp.put("status", "Success");
        run.put("execution_time", 0.25);
        run.put("stderr", "");
        if (code.contains("sleep")) {
            resp.put("status", "Failed");
            run.put("status", "TimeLimitExceeded");
            run.putNull("return_code");
            run.put("stdout", "");
        } else if (code.contains("MemoryError")) {
            resp.put("status", "Failed");
            run.put("status", "Finished");
            run.put("return_code", 1);
            run.put("stdout", "");
            run.put("stderr", "Traceback (most recent call last):\n  ...\nMemoryError\n");
        } else if (code.contains("huge")) {
            run.put("status", "Finished");
            run.put("return_code", 0);
            run.put("stdout", "y".repeat(2 << 20));
        } else if (code.contains("crash")) {
            resp.put("status", "SandboxError");
            resp.put("message", "worker lost");
            resp.remove("run_result");
        } else {
            // echo: stdin reversed plus the code's number, as a real run would print
            run.put("status", "Finished");
            run.put("return_code", code.contains("exit(3)") ? 3 : 0);
            run.put("stdout", new StringBuilder(req.path("stdin").asText()).reverse() + code);
        }
        reply(ex, 200, resp.toString());
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Test
    void sendsSandboxFusionFieldsWithLoweredLimits() {
        ExecutionResult r =
                sandbox.run(
                        CodeRequest.of("print(1)")
                                .withStdin("cba")
                                .withLimits(
                                        SandboxLimits.defaults()
                                                .withWallTimeMillis(2_500)
                                                .withMemoryBytes(256L << 20)));
        assertEquals(Status.OK, r.status(), r.toString());
        assertEquals("abcprint(1)", r.stdout());
        assertEquals(250.0, r.wallMillis(), 1e-9, "execution_time 0.25 s");
        JsonNode req = received.poll();
        assertEquals("python", req.path("language").asText());
        assertEquals("print(1)", req.path("code").asText());
        assertEquals("cba", req.path("stdin").asText());
        assertEquals(2.5, req.path("run_timeout").asDouble(), 1e-12);
        assertEquals(256, req.path("memory_limit_MB").asInt());
    }

    @Test
    void callCannotRaiseThePoolTimeout() {
        sandbox.run(CodeRequest.of("print(1)").withWallTimeMillis(60_000));
        assertEquals(5.0, received.poll().path("run_timeout").asDouble(), 1e-12);
    }

    @Test
    void mapsEveryRemoteOutcomeToAStatus() {
        assertEquals(Status.TIMEOUT, sandbox.run(CodeRequest.of("sleep")).status());
        assertEquals(Status.MEMORY, sandbox.run(CodeRequest.of("MemoryError")).status());
        ExecutionResult exit3 = sandbox.run(CodeRequest.of("exit(3)"));
        assertEquals(Status.RUNTIME_ERROR, exit3.status());
        assertEquals(3, exit3.exitCode());
        ExecutionResult crash = sandbox.run(CodeRequest.of("crash"));
        assertEquals(Status.SANDBOX_ERROR, crash.status());
        assertTrue(crash.error().contains("worker lost"), crash.error());
        ExecutionResult http = sandbox.run(CodeRequest.of("http500"));
        assertEquals(Status.SANDBOX_ERROR, http.status());
        assertTrue(http.error().contains("HTTP 500"), http.error());
    }

    @Test
    void longOutputIsCappedAndKilledLikeTheLocalPool() {
        ExecutionResult r = sandbox.run(CodeRequest.of("huge"));
        assertEquals(Status.OUTPUT_LIMIT, r.status());
        assertTrue(r.stdoutTruncated());
        assertEquals(64 << 10, r.stdout().length());
        assertFalse(r.stderrTruncated());
    }

    @Test
    void unreachableServiceIsASandboxError() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (RemoteSandbox dead =
                new RemoteSandbox(
                        RemoteSandboxConfig.of(URI.create("http://127.0.0.1:" + closedPort)))) {
            ExecutionResult r = dead.run(CodeRequest.of("print(1)"));
            assertEquals(Status.SANDBOX_ERROR, r.status());
            assertTrue(r.error().contains("127.0.0.1:" + closedPort), r.error());
        }
    }

    @Test
    void runAllKeepsRequestOrder() {
        List<CodeRequest> reqs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            reqs.add(CodeRequest.of("n" + i));
        }
        List<ExecutionResult> rs = sandbox.runAll(reqs);
        for (int i = 0; i < 20; i++) {
            assertEquals("n" + i, rs.get(i).stdout());
        }
        assertEquals(20, received.size());
    }
}
