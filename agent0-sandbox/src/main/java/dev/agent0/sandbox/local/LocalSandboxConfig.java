package dev.agent0.sandbox.local;

import dev.agent0.sandbox.SandboxLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link PythonSandbox} pool.
 *
 * @param workers fork servers, each running one snippet at a time; at least 1. Default: the number
 *     of available processors.
 * @param python the interpreter; must be a system Python readable by any uid (not one under /root).
 *     Default {@code /usr/bin/python3}.
 * @param preloadModules modules each server imports once so snippets import them for free. Default
 *     {@code [sympy, numpy]}; a missing module fails the start.
 * @param limits limits of every call (a call can lower them). Default {@link
 *     SandboxLimits#defaults()}.
 * @param allowUnisolated run code with no isolation if neither root nor user namespaces are
 *     available. Default false: refuse to start instead.
 * @param firstUid server i runs snippets as uid {@code firstUid + i} (full isolation); 0 picks a
 *     per-JVM range above 100 000. Default 0.
 * @param leanServers also start one server per worker with nothing preloaded; a snippet whose
 *     source never names a preloaded module runs there, because forking a small process is several
 *     times cheaper than forking one holding sympy and numpy. Routing only affects speed: a lean
 *     server can still import anything. Default true.
 */
public record LocalSandboxConfig(
        int workers,
        Path python,
        List<String> preloadModules,
        SandboxLimits limits,
        boolean allowUnisolated,
        int firstUid,
        boolean leanServers) {

    public LocalSandboxConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("workers = " + workers + ", must be >= 1");
        }
        Objects.requireNonNull(python, "python");
        Objects.requireNonNull(limits, "limits");
        preloadModules = List.copyOf(preloadModules);
        for (String m : preloadModules) {
            if (!m.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                throw new IllegalArgumentException(
                        "preloadModules: '" + m + "' is not a Python module name");
            }
        }
        if (firstUid != 0 && firstUid < 1000) {
            throw new IllegalArgumentException(
                    "firstUid = "
                            + firstUid
                            + ", must be 0 (auto) or >= 1000 so no system account is reused");
        }
    }

    public static LocalSandboxConfig defaults() {
        return new LocalSandboxConfig(
                Runtime.getRuntime().availableProcessors(),
                Path.of("/usr/bin/python3"),
                List.of("sympy", "numpy"),
                SandboxLimits.defaults(),
                false,
                0,
                true);
    }

    public LocalSandboxConfig withWorkers(int n) {
        return new LocalSandboxConfig(
                n, python, preloadModules, limits, allowUnisolated, firstUid, leanServers);
    }

    public LocalSandboxConfig withPython(Path p) {
        return new LocalSandboxConfig(
                workers, p, preloadModules, limits, allowUnisolated, firstUid, leanServers);
    }

    public LocalSandboxConfig withPreloadModules(List<String> m) {
        return new LocalSandboxConfig(
                workers, python, m, limits, allowUnisolated, firstUid, leanServers);
    }

    public LocalSandboxConfig withLimits(SandboxLimits l) {
        return new LocalSandboxConfig(
                workers, python, preloadModules, l, allowUnisolated, firstUid, leanServers);
    }

    public LocalSandboxConfig withAllowUnisolated(boolean b) {
        return new LocalSandboxConfig(
                workers, python, preloadModules, limits, b, firstUid, leanServers);
    }

    public LocalSandboxConfig withLeanServers(boolean b) {
        return new LocalSandboxConfig(
                workers, python, preloadModules, limits, allowUnisolated, firstUid, b);
    }

    /** Servers in the pool: one per worker, twice that with lean servers (and a preload). */
    public int servers() {
        return leanServers && !preloadModules.isEmpty() ? 2 * workers : workers;
    }

    public LocalSandboxConfig withFirstUid(int u) {
        return new LocalSandboxConfig(
                workers, python, preloadModules, limits, allowUnisolated, u, leanServers);
    }
}
