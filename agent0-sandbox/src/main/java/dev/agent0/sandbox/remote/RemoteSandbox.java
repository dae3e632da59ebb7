package dev.agent0.sandbox.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.sandbox.CodeRequest;
import dev.agent0.sandbox.ExecutionResult;
import dev.agent0.sandbox.Sandbox;
import dev.agent0.sandbox.SandboxLimits;
import dev.agent0.sandbox.Status;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * A {@link Sandbox} backed by a SandboxFusion service ({@code POST /run_code}).
 *
 * <p>Request: {@code code, language="python", run_timeout} (s), {@code memory_limit_MB, stdin}.
 * Response: {@code status} (Success / Failed / SandboxError) and {@code run_result{status (Finished
 * / TimeLimitExceeded / Error), stdout, stderr, return_code, execution_time}}. Mapping:
 * TimeLimitExceeded → TIMEOUT; Finished with code 0 → OK; Finished with a final {@code MemoryError}
 * line → MEMORY; other Finished → RUNTIME_ERROR; SandboxError, Error, HTTP or parse failures →
 * SANDBOX_ERROR. Output is capped locally with the same limits as the local pool (SandboxFusion
 * itself cuts long output silently). CPU time is not reported (0).
 */
public final class RemoteSandbox implements Sandbox {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RemoteSandboxConfig config;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Semaphore inFlight;
    private volatile boolean closed;

    public RemoteSandbox(RemoteSandboxConfig config) {
        this.config = config;
        this.executor =
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "agent0-remote-sandbox");
                            t.setDaemon(true);
                            return t;
                        });
        this.http =
                HttpClient.newBuilder()
                        .executor(executor)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
        this.inFlight = new Semaphore(config.maxConcurrency());
    }

    @Override
    public ExecutionResult run(CodeRequest request) {
        if (closed) {
            throw new IllegalStateException("sandbox is closed");
        }
        SandboxLimits limits = config.limits().min(request.limits());
        long t0 = System.nanoTime();
        try {
            inFlight.acquire();
            try {
                HttpResponse<String> resp =
                        http.send(
                                httpRequest(request, limits),
                                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return map(resp, limits, ms(t0));
            } finally {
                inFlight.release();
            }
        } catch (IOException e) {
            return ExecutionResult.sandboxError(config.runCodeUri() + ": " + e, ms(t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExecutionResult.sandboxError("interrupted", ms(t0));
        }
    }

    @Override
    public List<ExecutionResult> runAll(List<CodeRequest> requests) {
        List<CompletableFuture<ExecutionResult>> fs = new ArrayList<>();
        for (CodeRequest r : requests) {
            fs.add(CompletableFuture.supplyAsync(() -> run(r), executor));
        }
        List<ExecutionResult> out = new ArrayList<>(fs.size());
        for (CompletableFuture<ExecutionResult> f : fs) {
            out.add(f.join());
        }
        return out;
    }

    private HttpRequest httpRequest(CodeRequest request, SandboxLimits limits) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("code", request.code());
        body.put("language", "python");
        body.put("run_timeout", limits.wallTimeMillis() / 1000.0);
        body.put("memory_limit_MB", limits.memoryBytes() >> 20);
        body.put("stdin", request.stdin());
        return HttpRequest.newBuilder(config.runCodeUri())
                .timeout(Duration.ofMillis(limits.wallTimeMillis() + config.slackMillis()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
    }

    static ExecutionResult map(HttpResponse<String> resp, SandboxLimits limits, double wallMs) {
        String where = resp.uri().toString();
        if (resp.statusCode() / 100 != 2) {
            return ExecutionResult.sandboxError(
                    where + ": HTTP " + resp.statusCode() + " " + abbreviate(resp.body()), wallMs);
        }
        JsonNode root;
        try {
            root = JSON.readTree(resp.body());
        } catch (IOException e) {
            return ExecutionResult.sandboxError(
                    where + ": response is not JSON: " + abbreviate(resp.body()), wallMs);
        }
        JsonNode run = root.path("run_result");
        if ("SandboxError".equals(root.path("status").asText()) || !run.isObject()) {
            return ExecutionResult.sandboxError(
                    where
                            + ": status "
                            + root.path("status").asText()
                            + (run.isObject() ? "" : ", no run_result")
                            + ": "
                            + root.path("message").asText(""),
                    wallMs);
        }
        String runStatus = run.path("status").asText();
        Capped out = Capped.of(run.path("stdout").asText(""), limits);
        Capped err = Capped.of(run.path("stderr").asText(""), limits);
        int code = run.path("return_code").isInt() ? run.path("return_code").asInt() : -1;
        double execMs =
                run.path("execution_time").isNumber()
                        ? run.path("execution_time").asDouble() * 1000
                        : wallMs;
        Status status =
                switch (runStatus) {
                    case "TimeLimitExceeded" -> Status.TIMEOUT;
                    case "Finished" ->
                            out.killed || err.killed
                                    ? Status.OUTPUT_LIMIT
                                    : code == 0
                                            ? Status.OK
                                            : lastLine(err.full).startsWith("MemoryError")
                                                    ? Status.MEMORY
                                                    : Status.RUNTIME_ERROR;
                    default -> Status.SANDBOX_ERROR;
                };
        String error =
                status == Status.SANDBOX_ERROR
                        ? where
                                + ": run_result.status "
                                + runStatus
                                + " "
                                + root.path("message").asText("")
                        : "";
        return new ExecutionResult(
                status,
                code,
                0,
                out.text,
                err.text,
                out.truncated,
                err.truncated,
                execMs,
                0,
                error);
    }

    /** One stream cut to the capture cap (in UTF-8 bytes), with its flags. */
    private record Capped(String full, String text, boolean truncated, boolean killed) {
        static Capped of(String s, SandboxLimits limits) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            int cap = limits.captureBytesPerStream();
            boolean cut = b.length > cap;
            String text = cut ? new String(b, 0, cap, StandardCharsets.UTF_8) : s;
            return new Capped(s, text, cut, b.length > limits.killOutputBytes());
        }
    }

    private static String lastLine(String s) {
        String t = s.strip();
        int i = t.lastIndexOf('\n');
        return i < 0 ? t : t.substring(i + 1);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    @Override
    public SandboxLimits limits() {
        return config.limits();
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
