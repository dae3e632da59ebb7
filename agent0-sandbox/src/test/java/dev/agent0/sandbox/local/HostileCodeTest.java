package dev.agent0.sandbox.local;

import static dev.agent0.sandbox.Status.MEMORY;
import static dev.agent0.sandbox.Status.OK;
import static dev.agent0.sandbox.Status.OUTPUT_LIMIT;
import static dev.agent0.sandbox.Status.RUNTIME_ERROR;
import static dev.agent0.sandbox.Status.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.sandbox.CodeRequest;
import dev.agent0.sandbox.ExecutionResult;
import dev.agent0.sandbox.SandboxLimits;
import dev.agent0.sandbox.SandboxUnavailableException;
import dev.agent0.sandbox.Status;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every hostile case of SANDBOX.md against one shared pool. Each asserts: finished within the
 * timeout + 2 s, the expected status, no process of a worker uid left, host /tmp and /dev/shm
 * unchanged, and the pool still answers {@code print(6*7)} with 42.
 */
class HostileCodeTest {
    static final long WALL_MS = 2_000;
    static PythonSandbox sandbox;

    @BeforeAll
    static void startPool() {
        try {
            sandbox =
                    PythonSandbox.start(
                            LocalSandboxConfig.defaults()
                                    .withWorkers(2)
                                    .withLimits(
                                            SandboxLimits.defaults().withWallTimeMillis(WALL_MS)));
        } catch (SandboxUnavailableException e) {
            Assumptions.abort("no isolated sandbox on this machine: " + e.getMessage());
        }
    }

    @AfterAll
    static void stopPool() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** Runs {@code code}, checks every common property, returns the result for specifics. */
    static ExecutionResult hostile(String code, Status... allowed) throws InterruptedException {
        return hostile(CodeRequest.of(code), allowed);
    }

    static ExecutionResult hostile(CodeRequest req, Status... allowed) throws InterruptedException {
        HostState before = HostState.capture(sandbox.workerUids());
        long t0 = System.nanoTime();
        ExecutionResult r = sandbox.run(req);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String what = req.code().lines().findFirst().orElse("") + " -> " + r;
        assertTrue(ms <= WALL_MS + 2_000, what + ": took " + ms + " ms");
        assertTrue(
                Arrays.asList(allowed).contains(r.status()),
                what + ": status " + r.status() + ", expected one of " + Arrays.toString(allowed));
        if (sandbox.tier() == IsolationTier.FULL) {
            HostState.assertNoProcessesOf(sandbox.workerUids(), what);
        }
        before.assertUnchanged(what);
        assertStillAnswers();
        return r;
    }

    /** Both lean servers and both servers with the preload (routed by naming numpy) answer. */
    static void assertStillAnswers() {
        CodeRequest lean = CodeRequest.of("print(6*7)");
        CodeRequest preloaded = CodeRequest.of("import numpy\nprint(6*7)");
        List<ExecutionResult> rs = sandbox.runAll(List.of(lean, lean, preloaded, preloaded));
        for (ExecutionResult r : rs) {
            assertEquals(OK, r.status(), r.toString());
            assertEquals("42\n", r.stdout());
        }
    }

    @Test
    void sandboxKillsInfiniteLoopWithinTimeout() throws Exception {
        ExecutionResult r = hostile("while True: pass", TIMEOUT);
        assertTrue(r.wallMillis() >= WALL_MS - 50, "killed too early: " + r.wallMillis());
    }

    @Test
    void infiniteLoopInAPreloadedServerTimesOut() throws Exception {
        hostile("import numpy, sympy\nwhile True: pass", TIMEOUT);
    }

    @Test
    void cpuLoopIgnoringSigtermTimesOut() throws Exception {
        hostile(
                "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True: pass",
                TIMEOUT);
    }

    @Test
    void cpuLoopHandlingSigxcpuTimesOut() throws Exception {
        hostile(
                "import signal\nsignal.signal(signal.SIGXCPU, lambda *a: None)\n"
                        + "while True: pass",
                TIMEOUT);
    }

    @Test
    void naiveForkBombIsContained() throws Exception {
        hostile("import os\nwhile True: os.fork()", RUNTIME_ERROR, TIMEOUT);
    }

    @Test
    void eagainResilientForkBombTimesOut() throws Exception {
        hostile("import os\nwhile True:\n    try: os.fork()\n    except OSError: pass", TIMEOUT);
    }

    @Test
    void twoForkBombsInPreloadedServersAtOnceBothTimeOut() throws Exception {
        HostState before = HostState.capture(sandbox.workerUids());
        String bomb = "import os, numpy\nwhile True:\n    try: os.fork()\n    except OSError: pass";
        long t0 = System.nanoTime();
        List<ExecutionResult> rs =
                sandbox.runAll(List.of(CodeRequest.of(bomb), CodeRequest.of(bomb)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms <= WALL_MS + 2_000, "took " + ms + " ms");
        for (ExecutionResult r : rs) {
            assertEquals(TIMEOUT, r.status(), r.toString());
        }
        HostState.assertNoProcessesOf(sandbox.workerUids(), "two bombs");
        before.assertUnchanged("two bombs");
        assertStillAnswers();
    }

    @Test
    void threadBombIsContained() throws Exception {
        hostile(
                "import threading, time\n"
                    + "while True:\n"
                    + "    threading.Thread(target=time.sleep, args=(100,), daemon=True).start()",
                RUNTIME_ERROR,
                TIMEOUT);
    }

    @Test
    void hugeBytearrayIsAMemoryError() throws Exception {
        hostile("bytearray(10**10)", MEMORY);
    }

    @Test
    void growingListIsAMemoryError() throws Exception {
        // 128 MiB for this call: faulting in 1 GiB takes longer than the 2 s test wall on a loaded
        // VM.
        hostile(
                CodeRequest.of("x = []\nwhile True: x.append('x' * 10**7)")
                        .withLimits(SandboxLimits.defaults().withMemoryBytes(128L << 20)),
                MEMORY);
    }

    @Test
    void endlessStdoutIsCutAndKilled() throws Exception {
        ExecutionResult r = hostile("while True: print('x' * 1000)", OUTPUT_LIMIT);
        assertTrue(r.stdoutTruncated());
        assertEquals(sandbox.limits().captureBytesPerStream(), r.stdout().length());
    }

    @Test
    void endlessStderrIsCutAndKilled() throws Exception {
        ExecutionResult r =
                hostile("import sys\nwhile True: sys.stderr.write('e' * 1000)", OUTPUT_LIMIT);
        assertTrue(r.stderrTruncated());
        assertFalse(r.stdoutTruncated());
        assertEquals(sandbox.limits().captureBytesPerStream(), r.stderr().length());
    }

    @Test
    void writesOutsideTheSandboxFail() throws Exception {
        String code =
                """
                import os
                for d in ['/etc', '/root', '/usr', '/tmp', '/dev/shm']:
                    try:
                        with open(d + '/agent0_hostile_probe', 'w') as f:
                            f.write('x')
                        print(d, 'written')
                    except OSError as e:
                        print(d, 'denied')
                """;
        ExecutionResult r = hostile(code, OK);
        assertTrue(r.stdout().contains("/etc denied"), r.stdout());
        assertTrue(r.stdout().contains("/root denied"), r.stdout());
        assertTrue(r.stdout().contains("/usr denied"), r.stdout());
        // /tmp and /dev/shm are private tmpfs: writable, gone with the snippet (host unchanged).
        assertTrue(r.stdout().contains("/tmp written"), r.stdout());
    }

    @Test
    void fillingTheDiskStopsAtTheTmpfsCap() throws Exception {
        String code =
                """
                i = 0
                while True:
                    with open('/tmp/agent0_fill%d' % i, 'wb') as f:
                        f.write(b'x' * (8 << 20))
                    i += 1
                """;
        ExecutionResult r = hostile(code, RUNTIME_ERROR);
        assertTrue(r.stderr().contains("No space left on device"), r.stderr());
    }

    @Test
    void oneHugeFileStopsAtTheFileSizeLimit() throws Exception {
        ExecutionResult r =
                hostile(
                        "f = open('/tmp/agent0_big', 'wb')\nwhile True: f.write(b'x' * 2**20)",
                        RUNTIME_ERROR);
        // RLIMIT_FSIZE: Python ignores SIGXFSZ, so the write fails with EFBIG.
        assertTrue(r.stderr().contains("File too large"), r.stderr());
    }

    @Test
    void readingShadowIsDenied() throws Exception {
        ExecutionResult r = hostile("print(open('/etc/shadow').read())", RUNTIME_ERROR);
        assertTrue(r.stderr().contains("PermissionError"), r.stderr());
        assertFalse(r.stdout().contains("root:"));
    }

    @Test
    void jvmEnvironmentAndOtherProcessesAreInvisible() throws Exception {
        long jvm = ProcessHandle.current().pid();
        String code =
                "import os\nprint(dict(os.environ))\n"
                        + "print(sorted(p for p in os.listdir('/proc') if p.isdigit()))\n"
                        + "try:\n    print(open('/proc/"
                        + jvm
                        + "/environ', 'rb').read())\n"
                        + "except OSError as e:\n    print('environ denied', type(e).__name__)\n";
        ExecutionResult r = hostile(code, OK);
        List<String> lines = r.stdout().lines().toList();
        assertEquals("{}", lines.get(0), "environment must be empty");
        assertEquals("['1']", lines.get(1), "only the snippet itself is visible in /proc");
        assertTrue(lines.get(2).startsWith("environ denied"), r.stdout());
        for (var e : System.getenv().entrySet()) {
            if (e.getValue().length() >= 6) {
                assertFalse(r.stdout().contains(e.getValue()), "JVM env " + e.getKey() + " leaked");
            }
        }
    }

    @Test
    void connectingToALoopbackListenerFails() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            String code =
                    "import socket\ntry:\n"
                            + "    s = socket.create_connection(('127.0.0.1', "
                            + port
                            + "), timeout=1)\n"
                            + "    print('connected')\nexcept OSError as e:\n"
                            + "    print('blocked', type(e).__name__)\n";
            ExecutionResult r = hostile(code, OK);
            assertTrue(r.stdout().startsWith("blocked"), r.stdout());
            listener.setSoTimeout(200);
            assertThrows(
                    SocketTimeoutException.class,
                    listener::accept,
                    "the listener must not have received a connection");
        }
    }

    @Test
    void setsidOrphanHoldingThePipeDoesNotHang() throws Exception {
        ExecutionResult r =
                hostile(
                        "import os, time\nif os.fork() == 0:\n    os.setsid()\n"
                                + "    time.sleep(100)\nprint('parent done')",
                        OK);
        assertEquals("parent done\n", r.stdout());
        assertTrue(r.wallMillis() < WALL_MS, "waited for the orphan: " + r.wallMillis());
    }

    @Test
    void snippetClosingItsPipesAndSleepingTimesOut() throws Exception {
        // All its output pipes close long before it exits: waiting for the exit must still
        // honour the deadline (a blocking wait would hang the server until the JVM's watchdog).
        ExecutionResult r =
                hostile(
                        "import os, time\nprint('bye', flush=True)\n"
                                + "os.closerange(0, 1024)\ntime.sleep(100)",
                        TIMEOUT);
        assertEquals("bye\n", r.stdout());
    }

    @Test
    void daemonisedGrandchildDies() throws Exception {
        String code =
                """
                import os, time
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        os.close(1); os.close(2)
                        time.sleep(100)
                    os._exit(0)
                os.wait()
                print('daemonised')
                """;
        ExecutionResult r = hostile(code, OK);
        assertEquals("daemonised\n", r.stdout());
    }

    @Test
    void killingTheParentHurtsOnlyTheSnippet() throws Exception {
        hostile(
                "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nprint('alive')",
                OK,
                RUNTIME_ERROR);
    }

    @Test
    void killMinusOneHurtsOnlyTheSnippet() throws Exception {
        hostile(
                "import os, signal\nos.kill(-1, signal.SIGKILL)\nprint('alive')",
                OK,
                RUNTIME_ERROR);
    }

    @Test
    void deepRecursionWithRaisedLimitIsARuntimeError() throws Exception {
        // repr() of a deeply nested list recurses on the C stack: the raised limit lets it
        // overflow, and the snippet dies of SIGSEGV. (Pure-Python recursion in 3.11 grows heap
        // frames instead and ends as MEMORY or TIMEOUT: also contained.)
        ExecutionResult r =
                hostile(
                        "import sys\nsys.setrecursionlimit(10**7)\na = []\n"
                                + "for i in range(3 * 10**5): a = [a]\nprint(len(repr(a)))",
                        RUNTIME_ERROR);
        assertEquals(11, r.signal(), r.toString());
    }

    @Test
    void osExitAfterPrintKeepsFlushedOutput() throws Exception {
        ExecutionResult r =
                hostile("import os, sys\nprint('bye')\nsys.stdout.flush()\nos._exit(0)", OK);
        assertEquals("bye\n", r.stdout());
        assertEquals(0, r.exitCode());
    }

    @Test
    void sysExitSevenIsARuntimeErrorWithCodeSeven() throws Exception {
        ExecutionResult r = hostile("import sys\nsys.exit(7)", RUNTIME_ERROR);
        assertEquals(7, r.exitCode());
    }

    @Test
    void inputWithoutStdinIsAnEofError() throws Exception {
        ExecutionResult r = hostile("print(input())", RUNTIME_ERROR);
        assertTrue(r.stderr().contains("EOFError"), r.stderr());
        ExecutionResult fed =
                hostile(CodeRequest.of("print(input()[::-1])").withStdin("abc\n"), OK);
        assertEquals("cba\n", fed.stdout());
    }

    @Test
    void setuidZeroIsDenied() throws Exception {
        Assumptions.assumeTrue(sandbox.tier() == IsolationTier.FULL, "needs the full tier");
        ExecutionResult r = hostile("import os\nos.setuid(0)", RUNTIME_ERROR);
        assertTrue(r.stderr().contains("PermissionError"), r.stderr());
    }

    @Test
    void creatingAUserNamespaceViaCtypesIsDenied() throws Exception {
        ExecutionResult r =
                hostile(
                        "import ctypes, os\n"
                                + "libc = ctypes.CDLL(None, use_errno=True)\n"
                                + "print(libc.unshare(0x10000000), ctypes.get_errno())\n"
                                + "try:\n"
                                + "    os.fork and __import__('os').unshare\n"
                                + "except AttributeError:\n"
                                + "    pass",
                        OK);
        assertEquals("-1 1\n", r.stdout(), "unshare(CLONE_NEWUSER) must fail with EPERM");
    }

    @Test
    void twoWorkersRunningBombsAtOnceBothTimeOut() throws Exception {
        HostState before = HostState.capture(sandbox.workerUids());
        String bomb = "import os\nwhile True:\n    try: os.fork()\n    except OSError: pass";
        long t0 = System.nanoTime();
        List<ExecutionResult> rs =
                sandbox.runAll(
                        List.of(
                                CodeRequest.of(bomb),
                                // 64 MiB of address space per step: the 256 MiB cap is hit within a
                                // few steps
                                // even when the fork bomb next door leaves this snippet little CPU.
                                // bytes(n) is
                                // calloc'ed, so no page is touched (bytearray(n) zero-fills: 16k
                                // page faults per
                                // step took > 2 s on the loaded test VM and turned MEMORY into
                                // TIMEOUT).
                                CodeRequest.of("x = []\nwhile True: x.append(bytes(64 * 2**20))")
                                        .withLimits(
                                                SandboxLimits.defaults()
                                                        .withMemoryBytes(256L << 20))));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms <= WALL_MS + 2_000, "took " + ms + " ms");
        assertEquals(TIMEOUT, rs.get(0).status(), rs.get(0).toString());
        assertEquals(MEMORY, rs.get(1).status(), rs.get(1).toString());
        if (sandbox.tier() == IsolationTier.FULL) {
            HostState.assertNoProcessesOf(sandbox.workerUids(), "two bombs");
        }
        before.assertUnchanged("two bombs");
        assertStillAnswers();
    }

    @Test
    void noSnippetSeesStateLeftByAnEarlierOne() throws Exception {
        // Snippets on both kinds of server change interpreter, module, environment, file and
        // SysV IPC state; the snippets after them, on the same servers, look for any of it.
        HostState before = HostState.capture(sandbox.workerUids());
        String leave =
                "import builtins, json, os{0}\n"
                    + "builtins.agent0_left = 1; json.agent0_left = 1; os.environ['AGENT0_LEFT'] ="
                    + " '1'\n"
                    + "open('/tmp/agent0_left', 'w').write('x'); open('/dev/shm/agent0_left',"
                    + " 'w').write('x')\n"
                    + "import ctypes; libc = ctypes.CDLL(None)\n"
                    + "print(libc.shmget(0x6167300, 4096, 0o1666))";
        String look =
                "import builtins, json, os{0}\n"
                    + "import ctypes; libc = ctypes.CDLL(None)\n"
                    + "print(hasattr(builtins, 'agent0_left'), hasattr(json, 'agent0_left'),"
                    + " 'AGENT0_LEFT' in os.environ, os.path.exists('/tmp/agent0_left'),"
                    + " os.path.exists('/dev/shm/agent0_left'), libc.shmget(0x6167300, 0, 0) >= 0)";
        for (String preload : List.of("", ", numpy")) {
            List<CodeRequest> left = new ArrayList<>();
            List<CodeRequest> looking = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                left.add(CodeRequest.of(leave.replace("{0}", preload)));
                looking.add(CodeRequest.of(look.replace("{0}", preload)));
            }
            for (ExecutionResult r : sandbox.runAll(left)) {
                assertEquals(OK, r.status(), r.toString());
                assertNotEquals("-1\n", r.stdout(), "could not create the IPC segment: " + r);
            }
            for (ExecutionResult r : sandbox.runAll(looking)) {
                assertEquals("False False False False False False\n", r.stdout(), r.toString());
            }
        }
        before.assertUnchanged("state left for later snippets");
        assertStillAnswers();
    }

    @Test
    void twoSnippetsDrawDifferentRandomNumbers() throws Exception {
        String code = "import random, numpy\nprint(random.random(), numpy.random.rand())";
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 4; i++) {
            seen.add(hostile(code, OK).stdout());
        }
        assertEquals(4, seen.size(), "forked children share an RNG stream: " + seen);
    }

    @Test
    void callLimitsCanOnlyLowerThePoolLimits() throws Exception {
        CodeRequest raised =
                CodeRequest.of("import time\ntime.sleep(3)\nprint('slept')")
                        .withWallTimeMillis(60_000);
        assertEquals(TIMEOUT, hostile(raised, TIMEOUT).status(), "a call must not raise the wall");
        ExecutionResult lowered =
                hostile(CodeRequest.of("while True: pass").withWallTimeMillis(300), TIMEOUT);
        assertTrue(lowered.wallMillis() < 1_000, "lowered wall ignored: " + lowered.wallMillis());
        assertNotEquals(0, lowered.cpuMillis());
    }
}
