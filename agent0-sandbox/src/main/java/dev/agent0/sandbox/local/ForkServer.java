package dev.agent0.sandbox.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.sandbox.ExecutionResult;
import dev.agent0.sandbox.SandboxLimits;
import dev.agent0.sandbox.SandboxUnavailableException;
import dev.agent0.sandbox.Status;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One warm Python fork server and the pipe to it. Runs one snippet at a time; not thread-safe on
 * its own (the pool hands each server to one caller). A watchdog kills the server if a reply is
 * late by more than {@link #GRACE_MILLIS}; the call then returns {@link Status#SANDBOX_ERROR} and
 * the pool starts a fresh server.
 */
final class ForkServer {
    private static final Logger LOG = LoggerFactory.getLogger(ForkServer.class);

    /** How long past the snippet's own deadline the server may take to answer. */
    static final long GRACE_MILLIS = 1_500;

    private static final long START_TIMEOUT_MILLIS = 120_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int slot;
    private final int uid;
    private final Process process;
    private final DataOutputStream toServer;
    private final DataInputStream fromServer;
    private final ScheduledExecutorService watchdog;
    private final AtomicBoolean killedByWatchdog = new AtomicBoolean();
    private volatile boolean dead;
    private long nextId;

    private ForkServer(int slot, int uid, Process process, ScheduledExecutorService watchdog) {
        this.slot = slot;
        this.uid = uid;
        this.process = process;
        this.watchdog = watchdog;
        this.toServer = new DataOutputStream(process.getOutputStream());
        this.fromServer = new DataInputStream(process.getInputStream());
    }

    /** Starts a server and waits for its "ready" message (modules preloaded, seccomp built). */
    static ForkServer start(
            LocalSandboxConfig config,
            List<String> preload,
            IsolationTier tier,
            int slot,
            int uid,
            ScheduledExecutorService watchdog) {
        ObjectNode opts = JSON.createObjectNode();
        opts.put("tier", tier.wireName());
        opts.put("uid", uid);
        opts.putPOJO("preload", preload);
        opts.put("tmpfs_bytes", config.limits().tmpfsBytes());
        Process p;
        try {
            p = ServerScript.builder(config, opts.toString()).start();
        } catch (IOException e) {
            throw new SandboxUnavailableException("sandbox: cannot start " + config.python(), e);
        }
        ForkServer server = new ForkServer(slot, uid, p, watchdog);
        server.drainStderr();
        JsonNode ready = server.awaitReady();
        if (!ready.path("ready").asBoolean(false)) {
            server.kill();
            throw new SandboxUnavailableException(
                    "sandbox: fork server failed to start: "
                            + ready.path("error").asText("no reason given")
                            + " (preload "
                            + preload
                            + ", python "
                            + config.python()
                            + ")");
        }
        LOG.debug(
                "fork server {} (preload {}): {}",
                slot,
                preload,
                ready.path("prefault").asText("no prefault report"));
        return server;
    }

    private JsonNode awaitReady() {
        ScheduledFuture<?> dog =
                watchdog.schedule(
                        this::killByWatchdog, START_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        try {
            return readFrame();
        } catch (IOException e) {
            kill();
            throw new SandboxUnavailableException(
                    "sandbox: fork server died during start-up "
                            + "(exit "
                            + exitCode()
                            + "); see its stderr in the log",
                    e);
        } finally {
            dog.cancel(false);
        }
    }

    /**
     * Runs one snippet under {@code limits}. Never throws: a broken pipe, a dead or hung server
     * becomes {@link Status#SANDBOX_ERROR}, and {@link #isDead()} turns true.
     */
    ExecutionResult execute(String code, String stdin, SandboxLimits limits) {
        long t0 = System.nanoTime();
        if (dead) {
            return ExecutionResult.sandboxError("fork server " + slot + " is not running", 0);
        }
        ObjectNode req = JSON.createObjectNode();
        req.put("id", ++nextId);
        req.put("code", code);
        req.put("stdin", stdin);
        req.set("limits", wireLimits(limits));
        ScheduledFuture<?> dog =
                watchdog.schedule(
                        this::killByWatchdog,
                        limits.wallTimeMillis() + GRACE_MILLIS,
                        TimeUnit.MILLISECONDS);
        try {
            byte[] body = JSON.writeValueAsBytes(req);
            toServer.writeInt(body.length);
            toServer.write(body);
            toServer.flush();
            return decode(readFrame());
        } catch (IOException e) {
            kill();
            awaitExit();
            double ms = (System.nanoTime() - t0) / 1e6;
            String why =
                    killedByWatchdog.get()
                            ? "fork server "
                                    + slot
                                    + " hung: killed by the watchdog after "
                                    + (limits.wallTimeMillis() + GRACE_MILLIS)
                                    + " ms"
                            : "fork server " + slot + " died mid-snippet (exit " + exitCode() + ")";
            return ExecutionResult.sandboxError(why, ms);
        } finally {
            dog.cancel(false);
        }
    }

    private static ObjectNode wireLimits(SandboxLimits l) {
        ObjectNode o = JSON.createObjectNode();
        o.put("wall_ms", l.wallTimeMillis());
        o.put("memory_bytes", l.memoryBytes());
        o.put("processes", l.maxProcesses());
        o.put("open_files", l.maxOpenFiles());
        o.put("file_size_bytes", l.maxFileSizeBytes());
        o.put("tmpfs_bytes", l.tmpfsBytes());
        o.put("capture_bytes", l.captureBytesPerStream());
        o.put("kill_bytes", l.killOutputBytes());
        return o;
    }

    private static ExecutionResult decode(JsonNode r) {
        Status status = Status.valueOf(r.path("status").asText("SANDBOX_ERROR"));
        return new ExecutionResult(
                status,
                r.path("exit_code").isInt() ? r.path("exit_code").asInt() : -1,
                r.path("signal").isInt() ? r.path("signal").asInt() : 0,
                text(r.path("stdout").asText("")),
                text(r.path("stderr").asText("")),
                r.path("stdout_truncated").asBoolean(),
                r.path("stderr_truncated").asBoolean(),
                r.path("wall_ms").asDouble(),
                r.path("cpu_ms").asDouble(),
                status == Status.SANDBOX_ERROR ? r.path("error").asText("unknown") : "");
    }

    private static String text(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private JsonNode readFrame() throws IOException {
        int n = fromServer.readInt();
        if (n < 0 || n > (64 << 20)) {
            throw new IOException("bad frame length " + n);
        }
        byte[] body = new byte[n];
        fromServer.readFully(body);
        return JSON.readTree(body);
    }

    private void drainStderr() {
        Thread t =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getErrorStream(),
                                                    StandardCharsets.UTF_8))) {
                                for (String line; (line = r.readLine()) != null; ) {
                                    LOG.warn("fork server {}: {}", slot, line);
                                }
                            } catch (IOException e) {
                                // the stream closes when the server dies; nothing left to report
                            }
                        },
                        "agent0-sandbox-stderr-" + slot);
        t.setDaemon(true);
        t.start();
    }

    private void killByWatchdog() {
        killedByWatchdog.set(true);
        LOG.warn("fork server {} (pid {}) missed its deadline: killing it", slot, process.pid());
        kill();
    }

    /**
     * Kills the server at once (SIGKILL). The script runs as pid 1 of its own pid namespace with a
     * parent-death signal, so the kernel then kills every snippet process it started.
     */
    void kill() {
        dead = true;
        process.destroyForcibly();
    }

    /** Asks the server to exit (end of input), then kills it if it has not within {@code ms}. */
    void shutdown(long ms) {
        dead = true;
        try {
            toServer.close();
            if (!process.waitFor(ms, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
            process.waitFor(ms, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitExit() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isDead() {
        return dead || !process.isAlive();
    }

    int slot() {
        return slot;
    }

    /** The uid snippets of this server run as (full isolation). */
    int uid() {
        return uid;
    }

    /** The pid of the launched process (it waits for the real server, its only child). */
    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    private String exitCode() {
        return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
    }
}
