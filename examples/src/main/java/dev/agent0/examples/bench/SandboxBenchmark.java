package dev.agent0.examples.bench;

import dev.agent0.sandbox.CodeRequest;
import dev.agent0.sandbox.ExecutionResult;
import dev.agent0.sandbox.Status;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import dev.agent0.sandbox.local.PythonSandbox;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Snippets/s and p50/p99 latency of the warm fork-server pool for {@code print(1)} and a light
 * sympy snippet, beside a cold {@code python3 -I -c} per snippet measured in the same run.
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * java -cp examples/target/agent0.jar dev.agent0.examples.bench.SandboxBenchmark \
 *     [trivialN=2000] [sympyN=500] [coldN=100]
 * </pre>
 *
 * Prints one line per measurement: name, snippets/s, p50 and p99 latency in ms, and the CPU time
 * the sandbox's processes (servers, zygotes, snippet children) or the cold interpreters used per
 * snippet; plus the load average before and after. On a shared machine the rates depend on what
 * else runs; CPU per snippet much less so, which makes it the number to compare across runs.
 */
public final class SandboxBenchmark {
    static final String TRIVIAL = "print(1)";
    static final String SYMPY =
            "import sympy as sp\nx = sp.Symbol('x')\n"
                    + "print(sp.factor(x**2 - 1), sp.diff(sp.sin(x) * x, x))";

    private SandboxBenchmark() {}

    public static void main(String[] args) throws Exception {
        int trivialN = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int sympyN = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int coldN = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int workers = Runtime.getRuntime().availableProcessors();
        System.out.printf(
                "sandbox benchmark: %d cores, %d workers (+%d lean), load average %s%n",
                workers, workers, workers, loadAverage());
        long t0 = System.nanoTime();
        try (PythonSandbox pool = PythonSandbox.start(LocalSandboxConfig.defaults())) {
            System.out.printf(
                    "pool start (tier %s, sympy+numpy preloaded): %.0f ms%n",
                    pool.tier(), (System.nanoTime() - t0) / 1e6);
            pooled(pool, "warm-up", TRIVIAL, 200, workers);
            pooled(pool, "pool print(1), concurrent", TRIVIAL, trivialN, workers);
            pooled(pool, "pool print(1), one caller", TRIVIAL, trivialN / 4, 1);
            pooled(pool, "pool sympy, concurrent", SYMPY, sympyN, workers);
            pooled(pool, "pool sympy, one caller", SYMPY, sympyN / 4, 1);
            // Tool calls arrive between generation steps: with think time the next snippet
            // process is already forked and confined when the call comes (latency only).
            thinking(pool, "pool print(1), 50 ms think time", TRIVIAL, 200);
            thinking(pool, "pool sympy, 50 ms think time", SYMPY, 100);
        }
        cold("cold python3 -I -c print(1)", TRIVIAL, coldN, workers);
        cold("cold python3 -I -c sympy", SYMPY, Math.max(10, coldN / 5), workers);
        System.out.printf("load average after: %s%n", loadAverage());
    }

    /** {@code n} snippets from {@code callers} threads; per-call latency as seen by the caller. */
    static void pooled(PythonSandbox pool, String name, String code, int n, int callers)
            throws Exception {
        measure(
                name,
                n,
                callers,
                () -> poolCpuMillis(pool),
                () -> {
                    ExecutionResult r = pool.run(CodeRequest.of(code));
                    if (r.status() != Status.OK) {
                        throw new IllegalStateException(name + ": " + r);
                    }
                });
    }

    /** One caller pausing 50 ms between calls; p50/p99 of the calls alone. */
    static void thinking(PythonSandbox pool, String name, String code, int n) throws Exception {
        double[] ms = new double[n];
        double cpu0 = poolCpuMillis(pool);
        for (int i = 0; i < n; i++) {
            Thread.sleep(50);
            long t = System.nanoTime();
            ExecutionResult r = pool.run(CodeRequest.of(code));
            ms[i] = (System.nanoTime() - t) / 1e6;
            if (r.status() != Status.OK) {
                throw new IllegalStateException(name + ": " + r);
            }
        }
        double cpu = (poolCpuMillis(pool) - cpu0) / n;
        Arrays.sort(ms);
        System.out.printf(
                "%-34s n=%5d  %7s snippets/s  p50 %7.2f ms  p99 %7.2f ms  cpu %6.1f ms%n",
                name, n, "-", ms[n / 2], ms[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)], cpu);
    }

    /** A cold interpreter per snippet (what a sandbox without warm servers pays). */
    static void cold(String name, String code, int n, int callers) throws Exception {
        measure(
                name,
                n,
                callers,
                () -> reapedChildrenCpuMillis(),
                () -> {
                    Process p =
                            new ProcessBuilder("/usr/bin/python3", "-I", "-c", code)
                                    .redirectErrorStream(true)
                                    .start();
                    p.getInputStream().readAllBytes();
                    if (p.waitFor() != 0) {
                        throw new IllegalStateException(name + ": exit " + p.exitValue());
                    }
                });
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * CPU ms used so far by the pool's process trees: each live process's own time plus that of the
     * children it reaped (snippet children are reaped by their zygote, so they count once).
     */
    static double poolCpuMillis(PythonSandbox pool) {
        long ticks = 0;
        for (long pid : pool.serverPids()) {
            ticks += cpuTicks(pid, true);
            for (ProcessHandle d :
                    ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) {
                ticks += cpuTicks(d.pid(), true);
            }
        }
        return ticks * 1000.0 / CLOCK_TICKS;
    }

    /** CPU ms of this JVM's reaped children (the cold interpreters). */
    static double reapedChildrenCpuMillis() {
        return cpuTicks(ProcessHandle.current().pid(), false) * 1000.0 / CLOCK_TICKS;
    }

    /** Linux's USER_HZ, the unit of /proc/PID/stat times (100 on every mainstream build). */
    private static final double CLOCK_TICKS = 100.0;

    /** utime+stime (if {@code own}) + cutime+cstime of a process; 0 if it is gone. */
    private static long cpuTicks(long pid, boolean own) {
        try {
            String stat =
                    java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long children = Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return children + (own ? Long.parseLong(f[11]) + Long.parseLong(f[12]) : 0);
        } catch (IOException | RuntimeException e) {
            return 0; // exited meanwhile
        }
    }

    interface Call {
        void run() throws IOException, InterruptedException;
    }

    interface CpuClock {
        double millis();
    }

    static void measure(String name, int n, int callers, CpuClock clock, Call call)
            throws Exception {
        double[] ms = new double[n];
        double cpu0 = clock.millis();
        ExecutorService ex = Executors.newFixedThreadPool(callers);
        long start = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            fs.add(
                    ex.submit(
                            () -> {
                                long t = System.nanoTime();
                                call.run();
                                ms[k] = (System.nanoTime() - t) / 1e6;
                                return null;
                            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (clock.millis() - cpu0) / n;
        ex.shutdown();
        Arrays.sort(ms);
        System.out.printf(
                "%-34s n=%5d  %7.1f snippets/s  p50 %7.2f ms  p99 %7.2f ms  cpu %6.1f ms%n",
                name,
                n,
                n / seconds,
                ms[n / 2],
                ms[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)],
                cpu);
    }
}
