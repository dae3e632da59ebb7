package dev.agent0.sandbox.local;

import dev.agent0.sandbox.CodeRequest;
import dev.agent0.sandbox.ExecutionResult;
import dev.agent0.sandbox.Sandbox;
import dev.agent0.sandbox.SandboxLimits;
import dev.agent0.sandbox.SandboxUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local sandbox: a pool of warm Python fork servers (default one per core, plus one lean server
 * per core without the preload), each forking an isolated child per snippet (design:
 * docs/sandbox.md, after ../shared/docs/SANDBOX.md).
 *
 * <p>Thread-safe: {@link #run} blocks until a server is free. A server that dies or hangs is
 * killed, its in-flight call returns {@code SANDBOX_ERROR}, and a fresh server replaces it on the
 * next call. {@link #close()} (also run by a JVM shutdown hook) kills every server, and with it
 * every snippet process. Unlike the Agent0 reference, it never runs code unsandboxed unless asked.
 */
public final class PythonSandbox implements Sandbox {
    private static final Logger LOG = LoggerFactory.getLogger(PythonSandbox.class);

    /** Worker uids come from a per-JVM range so two pools never share (and kill) a uid. */
    private static final AtomicInteger UID_COUNTER = new AtomicInteger();

    private final LocalSandboxConfig config;
    private final IsolationTier tier;
    private final int[] uids;
    private final ForkServer[] servers;

    /** Idle slots of the servers with the preload, and of the lean ones (may stay empty). */
    private final BlockingQueue<Integer> idle;

    private final BlockingQueue<Integer> idleLean;
    private final Pattern namesPreload;
    private final ScheduledExecutorService watchdog;
    private final ExecutorService batch;
    private volatile boolean closed;

    private PythonSandbox(LocalSandboxConfig config, IsolationTier tier) {
        this.config = config;
        this.tier = tier;
        this.uids = allocateUids(config);
        this.servers = new ForkServer[config.servers()];
        this.idle = new ArrayBlockingQueue<>(config.servers());
        this.idleLean = new ArrayBlockingQueue<>(config.servers());
        this.namesPreload =
                Pattern.compile(
                        config.preloadModules().stream()
                                .map(m -> "\\b" + Pattern.quote(m.split("\\.")[0]) + "\\b")
                                .reduce((a, b) -> a + "|" + b)
                                .orElse("(?!)"));
        this.watchdog =
                Executors.newSingleThreadScheduledExecutor(daemon("agent0-sandbox-watchdog"));
        this.batch = Executors.newFixedThreadPool(config.workers(), daemon("agent0-sandbox-batch"));
    }

    /**
     * Detects the isolation tier, starts {@code config.workers()} servers in parallel and waits
     * until all have preloaded their modules.
     *
     * @throws SandboxUnavailableException if no isolation is available and the config does not
     *     allow unisolated runs, or a server fails to start (message says why).
     */
    public static PythonSandbox start(LocalSandboxConfig config) {
        return start(config, CapabilityProbe.detect(config));
    }

    /** Starts with a given tier (tests force the user-namespace tier while running as root). */
    static PythonSandbox start(LocalSandboxConfig config, IsolationTier tier) {
        PythonSandbox s = new PythonSandbox(config, tier);
        ShutdownHook.register(s);
        try {
            s.startAll();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        LOG.info(
                "sandbox: {} fork servers ready ({} lean; tier {}, uids {}..{}, preload {})",
                s.servers.length,
                s.servers.length - config.workers(),
                s.tier,
                s.uids[0],
                s.uids[s.uids.length - 1],
                config.preloadModules());
        return s;
    }

    /** A pool with the defaults: one server per core, sympy and numpy preloaded. */
    public static PythonSandbox start() {
        return start(LocalSandboxConfig.defaults());
    }

    private void startAll() {
        List<Future<ForkServer>> starting = new ArrayList<>();
        for (int i = 0; i < servers.length; i++) {
            int slot = i;
            starting.add(batch.submit(() -> startServer(slot)));
        }
        for (int i = 0; i < servers.length; i++) {
            servers[i] = await(starting.get(i));
            queueOf(i).add(i);
        }
    }

    /** Slots [0, workers) preload modules; slots [workers, 2 workers) are lean. */
    private boolean isLean(int slot) {
        return slot >= config.workers();
    }

    private BlockingQueue<Integer> queueOf(int slot) {
        return isLean(slot) ? idleLean : idle;
    }

    private ForkServer startServer(int slot) {
        List<String> preload = isLean(slot) ? List.of() : config.preloadModules();
        return ForkServer.start(config, preload, tier, slot, uids[slot], watchdog);
    }

    /**
     * A snippet that never names a preloaded module (as a word anywhere in its source) goes to a
     * lean server when there are any; everything else to a server with the preload.
     */
    private BlockingQueue<Integer> route(String code) {
        boolean lean = config.servers() > config.workers() && !namesPreload.matcher(code).find();
        return lean ? idleLean : idle;
    }

    @Override
    public ExecutionResult run(CodeRequest request) {
        SandboxLimits effective = config.limits().min(request.limits());
        BlockingQueue<Integer> queue = route(request.code());
        int slot = acquire(queue);
        try {
            ForkServer server = ensureRunning(slot);
            return server.execute(request.code(), request.stdin(), effective);
        } catch (SandboxUnavailableException e) {
            return ExecutionResult.sandboxError(
                    "restart of fork server " + slot + " failed: " + e.getMessage(), 0);
        } finally {
            queue.add(slot);
        }
    }

    @Override
    public List<ExecutionResult> runAll(List<CodeRequest> requests) {
        List<Callable<ExecutionResult>> tasks = new ArrayList<>(requests.size());
        for (CodeRequest r : requests) {
            tasks.add(() -> run(r));
        }
        List<ExecutionResult> out = new ArrayList<>(requests.size());
        try {
            for (Future<ExecutionResult> f : batch.invokeAll(tasks)) {
                out.add(await(f));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running a batch", e);
        }
        return out;
    }

    private int acquire(BlockingQueue<Integer> idle) {
        try {
            while (true) {
                checkOpen();
                Integer slot = idle.poll(100, TimeUnit.MILLISECONDS);
                if (slot != null) {
                    return slot;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a sandbox worker", e);
        }
    }

    /** The server in {@code slot}, restarted first if it died (crash, watchdog, kill). */
    private ForkServer ensureRunning(int slot) {
        ForkServer s = servers[slot];
        if (s.isDead()) {
            checkOpen();
            s.kill();
            LOG.warn("sandbox: restarting fork server {} (uid {})", slot, uids[slot]);
            s = startServer(slot);
            servers[slot] = s;
            if (closed) {
                s.kill();
            }
        }
        return s;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("sandbox is closed");
        }
    }

    @Override
    public SandboxLimits limits() {
        return config.limits();
    }

    /** The isolation tier detected at start-up. */
    public IsolationTier tier() {
        return tier;
    }

    /** Uids snippets run as, one per server (meaningful for {@link IsolationTier#FULL}). */
    public int[] workerUids() {
        return uids.clone();
    }

    /** Pids of the launched server processes, for monitoring and fault-injection tests. */
    public long[] serverPids() {
        long[] p = new long[servers.length];
        for (int i = 0; i < servers.length; i++) {
            p[i] = servers[i] == null ? -1 : servers[i].pid();
        }
        return p;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ForkServer s : servers) {
            if (s != null) {
                s.kill(); // SIGKILL: the kernel then kills every snippet in its pid namespace
            }
        }
        for (ForkServer s : servers) {
            if (s != null) {
                s.shutdown(2_000);
            }
        }
        batch.shutdownNow();
        watchdog.shutdownNow();
        try {
            ShutdownHook.unregister(this);
        } catch (IllegalStateException e) {
            // JVM already shutting down: the hook is running us
        }
    }

    private static int[] allocateUids(LocalSandboxConfig config) {
        int[] u = new int[config.servers()];
        int base =
                config.firstUid() != 0
                        ? config.firstUid()
                        : 100_000 + (int) (ProcessHandle.current().pid() % 10_000) * 256;
        for (int i = 0; i < u.length; i++) {
            u[i] = config.firstUid() != 0 ? base + i : base + UID_COUNTER.getAndIncrement() % 256;
        }
        return u;
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
