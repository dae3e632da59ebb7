package dev.agent0.sandbox;

/**
 * Resource limits of one snippet. A pool is created with one set; a request may carry its own, and
 * the effective limits are the component-wise minimum ({@link #min}), so a call can only lower
 * them. Network access and the environment are not limits: there is never a network and the
 * environment is always empty.
 *
 * @param wallTimeMillis wall-clock deadline in ms; also the CPU-time limit (rounded up to whole
 *     seconds, hard limit one second later). Default 10 000.
 * @param memoryBytes address-space limit (RLIMIT_AS) in bytes. Default 1 GiB.
 * @param maxProcesses processes and threads of the worker uid (RLIMIT_NPROC; full isolation only).
 *     Default 32.
 * @param maxOpenFiles open file descriptors (RLIMIT_NOFILE). Default 64.
 * @param maxFileSizeBytes largest file the snippet may write (RLIMIT_FSIZE). Default 16 MiB.
 * @param tmpfsBytes size of each private tmpfs (/tmp, /dev/shm, /var/tmp). Default 64 MiB.
 * @param captureBytesPerStream bytes of stdout and of stderr kept in the result. Default 64 KiB.
 * @param killOutputBytes a stream longer than this kills the snippet ({@link Status#OUTPUT_LIMIT}).
 *     Default 1 MiB.
 */
public record SandboxLimits(
        long wallTimeMillis,
        long memoryBytes,
        int maxProcesses,
        int maxOpenFiles,
        long maxFileSizeBytes,
        long tmpfsBytes,
        int captureBytesPerStream,
        long killOutputBytes) {

    /** Limits that lower nothing: a request carrying these runs under the pool's limits. */
    public static final SandboxLimits UNBOUNDED =
            new SandboxLimits(
                    Long.MAX_VALUE,
                    Long.MAX_VALUE,
                    Integer.MAX_VALUE,
                    Integer.MAX_VALUE,
                    Long.MAX_VALUE,
                    Long.MAX_VALUE,
                    Integer.MAX_VALUE,
                    Long.MAX_VALUE);

    public SandboxLimits {
        positive("wallTimeMillis", wallTimeMillis);
        arg(
                memoryBytes >= 64L << 20,
                "memoryBytes = %s, must be >= 64 MiB: the interpreter "
                        + "itself needs that much address space",
                memoryBytes);
        arg(maxProcesses >= 1, "maxProcesses = %s, must be >= 1", maxProcesses);
        arg(
                maxOpenFiles >= 16,
                "maxOpenFiles = %s, must be >= 16: Python opens a few itself",
                maxOpenFiles);
        positive("maxFileSizeBytes", maxFileSizeBytes);
        arg(tmpfsBytes >= 1L << 20, "tmpfsBytes = %s, must be >= 1 MiB", tmpfsBytes);
        positive("captureBytesPerStream", captureBytesPerStream);
        arg(
                killOutputBytes >= captureBytesPerStream,
                "killOutputBytes = %s, must be >= " + "captureBytesPerStream = %s",
                killOutputBytes,
                captureBytesPerStream);
    }

    /** The documented defaults (SANDBOX.md): 10 s, 1 GiB, 32 processes, 64 files, 16 MiB, ... */
    public static SandboxLimits defaults() {
        return new SandboxLimits(
                10_000, 1L << 30, 32, 64, 16L << 20, 64L << 20, 64 << 10, 1L << 20);
    }

    /** Component-wise minimum: the stricter of the two for every limit. */
    public SandboxLimits min(SandboxLimits o) {
        return new SandboxLimits(
                Math.min(wallTimeMillis, o.wallTimeMillis),
                Math.min(memoryBytes, o.memoryBytes),
                Math.min(maxProcesses, o.maxProcesses),
                Math.min(maxOpenFiles, o.maxOpenFiles),
                Math.min(maxFileSizeBytes, o.maxFileSizeBytes),
                Math.min(tmpfsBytes, o.tmpfsBytes),
                Math.min(captureBytesPerStream, o.captureBytesPerStream),
                Math.min(killOutputBytes, o.killOutputBytes));
    }

    public SandboxLimits withWallTimeMillis(long v) {
        return new SandboxLimits(
                v,
                memoryBytes,
                maxProcesses,
                maxOpenFiles,
                maxFileSizeBytes,
                tmpfsBytes,
                captureBytesPerStream,
                killOutputBytes);
    }

    public SandboxLimits withMemoryBytes(long v) {
        return new SandboxLimits(
                wallTimeMillis,
                v,
                maxProcesses,
                maxOpenFiles,
                maxFileSizeBytes,
                tmpfsBytes,
                captureBytesPerStream,
                killOutputBytes);
    }

    public SandboxLimits withMaxProcesses(int v) {
        return new SandboxLimits(
                wallTimeMillis,
                memoryBytes,
                v,
                maxOpenFiles,
                maxFileSizeBytes,
                tmpfsBytes,
                captureBytesPerStream,
                killOutputBytes);
    }

    public SandboxLimits withTmpfsBytes(long v) {
        return new SandboxLimits(
                wallTimeMillis,
                memoryBytes,
                maxProcesses,
                maxOpenFiles,
                maxFileSizeBytes,
                v,
                captureBytesPerStream,
                killOutputBytes);
    }

    public SandboxLimits withOutput(int captureBytes, long killBytes) {
        return new SandboxLimits(
                wallTimeMillis,
                memoryBytes,
                maxProcesses,
                maxOpenFiles,
                maxFileSizeBytes,
                tmpfsBytes,
                captureBytes,
                killBytes);
    }

    private static void positive(String name, long v) {
        arg(v > 0, "%s = %s, must be > 0", name, v);
    }

    private static void arg(boolean ok, String fmt, Object... args) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(fmt, args));
        }
    }
}
