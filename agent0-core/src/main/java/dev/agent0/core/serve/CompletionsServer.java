package dev.agent0.core.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.serve.BatchQueue.Completion;
import dev.agent0.core.serve.BatchQueue.Task;
import dev.agent0.core.tokenize.TextTokenizer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible completions server on this library's generator, speaking the subset of
 * vLLM's HTTP API that {@link dev.agent0.core.engine.CompletionsEngine} and {@link
 * dev.agent0.core.engine.AdapterPublisher} use: {@code POST /v1/completions} (token ids in and out,
 * {@link CompletionRequest}), {@code GET /v1/models}, {@code POST /v1/load_lora_adapter} and {@code
 * /v1/unload_lora_adapter}, and {@code GET /health}.
 *
 * <p>Why: to run a rollout engine end to end on a CPU, and to test the client against the real
 * model instead of a script. Concurrent requests are queued and batched ({@link BatchQueue}); one
 * worker thread owns the model ({@link ModelWorker}). It is not fast: vLLM's continuous batching
 * and paged attention are not here; use vLLM for speed.
 *
 * <p>Listens from construction until {@link #close()}, which stops the listener and the worker
 * (after its running batch) and frees the loaded adapters; the model and tokenizer stay the
 * caller's to close.
 */
public final class CompletionsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServeConfig config;
    private final TextTokenizer tokenizer;
    private final int vocab;
    private final AdapterRegistry registry;
    private final BatchQueue queue = new BatchQueue();
    private final ModelWorker worker;
    private final Thread workerThread;
    private final ExecutorService handlers;
    private final HttpServer http;
    private final AtomicLong serial = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long created = System.currentTimeMillis() / 1000;

    /** A response: status, content type and body. */
    private record Reply(int status, String contentType, String body) {
        static Reply json(Object body) {
            return new Reply(200, "application/json", body.toString());
        }

        static Reply text(String body) {
            return new Reply(200, "text/plain; charset=utf-8", body);
        }

        static Reply error(ApiError e) {
            return new Reply(e.status(), "application/json", e.body());
        }
    }

    /**
     * Starts listening on {@code config.host():config.port()}.
     *
     * @param model the base model (no adapter); used by the worker thread only from now on
     * @param tokenizer tokenizes text prompts, decodes outputs and finds stop strings
     * @throws UncheckedIOException when the address cannot be bound
     */
    public CompletionsServer(QwenModel model, TextTokenizer tokenizer, ServeConfig config) {
        if (model == null || model.adapter() != null) {
            throw new IllegalArgumentException(
                    "model must be a base without adapter (adapters are loaded by name)");
        }
        if (tokenizer == null) {
            throw new IllegalArgumentException("tokenizer is null");
        }
        this.vocab = model.config().vocabSize();
        for (int id : config.eosTokenIds()) {
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException(
                        "eosTokenIds: " + id + " outside [0, " + vocab + ")");
            }
        }
        this.config = config;
        this.tokenizer = tokenizer;
        this.registry = new AdapterRegistry(model, config.name());
        this.worker = new ModelWorker(queue, registry, tokenizer, config.maxBatch());
        this.workerThread = new Thread(worker, "agent0-serve-model");
        this.workerThread.setDaemon(true);
        this.handlers =
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "agent0-serve-http");
                            t.setDaemon(true);
                            return t;
                        });
        try {
            http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 256);
        } catch (IOException e) {
            registry.close();
            throw new UncheckedIOException(
                    "cannot listen on " + config.host() + ":" + config.port(), e);
        }
        route("/v1/completions", "POST", this::completions);
        route("/v1/models", "GET", body -> Reply.json(models()));
        route("/v1/load_lora_adapter", "POST", this::load);
        route("/v1/unload_lora_adapter", "POST", this::unload);
        route("/health", "GET", body -> new Reply(200, "application/json", ""));
        http.setExecutor(handlers);
        workerThread.start();
        http.start();
        LOG.info("serving {} at {}/v1 (max batch {})", config.name(), url(), config.maxBatch());
    }

    /** Completions generated so far (rows of every batch), e.g. to see two servers share load. */
    public long completions() {
        return worker.completions();
    }

    /** The bound port (the free one picked for port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://host:port}, the base URL clients append {@code /v1/...} to. */
    public String url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port();
    }

    /**
     * Loads the PEFT adapter in {@code dir} under {@code name}, as {@code POST
     * /v1/load_lora_adapter} does.
     *
     * @throws IllegalArgumentException when the name is taken or the folder is not an adapter of
     *     this base
     */
    public String loadAdapter(String name, Path dir) {
        try {
            return await(onWorker(() -> registry.load(name, dir)));
        } catch (ApiError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    // ---- endpoints

    private Reply completions(String body) {
        CompletionRequest r =
                CompletionRequest.parse(
                        JsonFields.parse(body), config, vocab, tokenizer, serial.incrementAndGet());
        if (registry.model(r.model()) == null) {
            throw ApiError.notFound("model", "The model `" + r.model() + "` does not exist.");
        }
        CompletableFuture<ObjectNode> reply = new CompletableFuture<>();
        queue.put(new Completion(r, reply));
        return Reply.json(await(reply));
    }

    /** vLLM's model list: the base, then each adapter with the base as {@code parent}. */
    private ObjectNode models() {
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        var data = root.putArray("data");
        ObjectNode base = data.addObject();
        base.put("id", config.name());
        base.put("object", "model");
        base.put("created", created);
        base.put("owned_by", "agent0");
        base.put("root", config.name());
        base.putNull("parent");
        base.put("max_model_len", config.capacity());
        registry.adapters()
                .forEach(
                        (name, served) -> {
                            ObjectNode a = data.addObject();
                            a.put("id", name);
                            a.put("object", "model");
                            a.put("created", created);
                            a.put("owned_by", "agent0");
                            a.put("root", served.path().toString());
                            a.put("parent", config.name());
                        });
        return root;
    }

    private Reply load(String body) {
        JsonFields f = JsonFields.parse(body);
        String name = f.requiredString("lora_name");
        Path dir;
        try {
            dir = Path.of(f.requiredString("lora_path"));
        } catch (InvalidPathException e) {
            throw ApiError.badRequest("lora_path", e.getMessage());
        }
        return Reply.text(await(onWorker(() -> registry.load(name, dir))));
    }

    private Reply unload(String body) {
        String name = JsonFields.parse(body).requiredString("lora_name");
        return Reply.text(await(onWorker(() -> registry.unload(name))));
    }

    // ---- plumbing

    /** Runs {@code work} on the worker thread between batches, in queue order. */
    CompletableFuture<String> onWorker(Supplier<String> work) {
        CompletableFuture<String> reply = new CompletableFuture<>();
        queue.put(new Task(work, reply));
        return reply;
    }

    /** Requests waiting for the worker (for tests). */
    int queued() {
        return queue.size();
    }

    ModelWorker worker() {
        return worker;
    }

    /** The result, or the ApiError the worker failed it with (anything else is a 500). */
    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiError a) {
                throw a;
            }
            throw ApiError.internal(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("interrupted");
        }
    }

    private void route(String path, String method, Function<String, Reply> handler) {
        http.createContext(
                path,
                ex -> {
                    try {
                        send(ex, answer(ex, path, method, handler));
                    } finally {
                        ex.close();
                    }
                });
    }

    private static Reply answer(
            HttpExchange ex, String path, String method, Function<String, Reply> handler)
            throws IOException {
        if (!ex.getRequestMethod().equals(method)) {
            return Reply.error(ApiError.methodNotAllowed(ex.getRequestMethod(), path));
        }
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return handler.apply(body);
        } catch (ApiError e) {
            return Reply.error(e);
        } catch (RuntimeException e) {
            // A bug, not the client's fault: the client gets a 500 naming it, the log the trace.
            LOG.warn("{} {} failed", method, path, e);
            return Reply.error(ApiError.internal(String.valueOf(e)));
        }
    }

    private static void send(HttpExchange ex, Reply r) throws IOException {
        byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        ex.sendResponseHeaders(r.status(), b.length == 0 ? -1 : b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    /**
     * Stops taking requests, fails the waiting ones with 503, waits for the running batch, stops
     * the listener and frees the adapters. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        queue.close();
        boolean interrupted = false;
        while (workerThread.isAlive()) {
            try {
                workerThread.join();
            } catch (InterruptedException e) {
                interrupted = true; // the adapters must outlive the running batch: keep waiting
            }
        }
        http.stop(0);
        registry.close();
        handlers.shutdownNow();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("stopped serving {}", config.name());
    }
}
