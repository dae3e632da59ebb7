package dev.agent0.sandbox.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.sandbox.CodeRequest;
import dev.agent0.sandbox.ExecutionResult;
import dev.agent0.sandbox.SandboxUnavailableException;
import dev.agent0.sandbox.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Tier policy (never degrade silently) and the user-namespace tier where it can run. */
class IsolationTierTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode probe(boolean full, boolean userns) throws IOException {
        return JSON.readTree(
                "{\"uid\": 1000, \"python\": \"3.11\", \"full\": "
                        + full
                        + ", \"userns\": "
                        + userns
                        + ", \"seccomp\": true}");
    }

    @Test
    void refusesToStartWithoutIsolationUnlessOptedIn() throws Exception {
        LocalSandboxConfig config = LocalSandboxConfig.defaults();
        SandboxUnavailableException e =
                assertThrows(
                        SandboxUnavailableException.class,
                        () -> CapabilityProbe.decide(probe(false, false), config));
        assertTrue(e.getMessage().contains("withAllowUnisolated"), e.getMessage());
        assertEquals(
                IsolationTier.UNISOLATED,
                CapabilityProbe.decide(probe(false, false), config.withAllowUnisolated(true)));
    }

    @Test
    void aRootMachineWithNamespacesButNoSeccompModuleIsToldToInstallIt() throws Exception {
        JsonNode probe =
                JSON.readTree(
                        "{\"uid\": 0, \"python\": \"3.11\", \"full\": false, \"userns\": false,"
                                + " \"root_namespaces\": true, \"user_namespaces\": true,"
                                + " \"seccomp\": false}");
        SandboxUnavailableException e =
                assertThrows(
                        SandboxUnavailableException.class,
                        () -> CapabilityProbe.decide(probe, LocalSandboxConfig.defaults()));
        assertTrue(e.getMessage().contains("namespaces as root: yes"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install python3-seccomp"), e.getMessage());
        // No namespaces at all: the kernel settings, and the package too when it is missing.
        JsonNode none =
                JSON.readTree(
                        "{\"uid\": 1000, \"full\": false, \"userns\": false, \"seccomp\":"
                                + " false}");
        String m =
                assertThrows(
                                SandboxUnavailableException.class,
                                () -> CapabilityProbe.decide(none, LocalSandboxConfig.defaults()))
                        .getMessage();
        assertTrue(m.contains("namespaces as root: no, user namespaces: no"), m);
        assertTrue(m.contains("kernel.unprivileged_userns_clone"), m);
        assertTrue(m.contains("apt-get install python3-seccomp"), m);
    }

    @Test
    void prefersFullThenUserNamespace() throws Exception {
        LocalSandboxConfig config = LocalSandboxConfig.defaults().withAllowUnisolated(true);
        assertEquals(IsolationTier.FULL, CapabilityProbe.decide(probe(true, true), config));
        assertEquals(
                IsolationTier.USER_NAMESPACE, CapabilityProbe.decide(probe(false, true), config));
    }

    @Test
    void detectsFullIsolationWhenRunningAsRoot() {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "not root: the full tier cannot be detected here");
        assertEquals(IsolationTier.FULL, CapabilityProbe.detect(LocalSandboxConfig.defaults()));
    }

    @Test
    void userNamespaceTierIsolatesProcessesNetworkAndFiles() throws Exception {
        LocalSandboxConfig config =
                LocalSandboxConfig.defaults().withWorkers(1).withPreloadModules(List.of());
        PythonSandbox sandbox;
        try {
            sandbox = PythonSandbox.start(config, IsolationTier.USER_NAMESPACE);
        } catch (SandboxUnavailableException e) {
            Assumptions.abort("user namespaces unavailable here: " + e.getMessage());
            return;
        }
        try (sandbox;
                ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String code =
                    "import os, socket\n"
                            + "print(sorted(p for p in os.listdir('/proc') if p.isdigit()))\n"
                            + "print(dict(os.environ))\n"
                            + "try:\n    socket.create_connection(('127.0.0.1', "
                            + listener.getLocalPort()
                            + "), timeout=1)\n    print('connected')\n"
                            + "except OSError:\n    print('blocked')\n"
                            + "import ctypes\nprint(ctypes.CDLL(None).unshare(0x10000000))\n";
            ExecutionResult r = sandbox.run(CodeRequest.of(code));
            assertEquals(Status.OK, r.status(), r.toString());
            assertEquals("['1']\n{}\nblocked\n-1\n", r.stdout());
            ExecutionResult loop =
                    sandbox.run(CodeRequest.of("while True: pass").withWallTimeMillis(500));
            assertEquals(Status.TIMEOUT, loop.status());
            assertEquals("42\n", sandbox.run(CodeRequest.of("print(6*7)")).stdout());
        }
    }

    @Test
    void unisolatedOptInStillEnforcesDeadlinesAndOutputCaps() {
        LocalSandboxConfig config =
                LocalSandboxConfig.defaults()
                        .withWorkers(1)
                        .withPreloadModules(List.of())
                        .withAllowUnisolated(true);
        try (PythonSandbox sandbox = PythonSandbox.start(config, IsolationTier.UNISOLATED)) {
            assertEquals(IsolationTier.UNISOLATED, sandbox.tier());
            assertEquals("42\n", sandbox.run(CodeRequest.of("print(6*7)")).stdout());
            ExecutionResult loop =
                    sandbox.run(CodeRequest.of("while True: pass").withWallTimeMillis(500));
            assertEquals(Status.TIMEOUT, loop.status());
            ExecutionResult flood = sandbox.run(CodeRequest.of("while True: print('x' * 999)"));
            assertEquals(Status.OUTPUT_LIMIT, flood.status());
            assertEquals("42\n", sandbox.run(CodeRequest.of("print(6*7)")).stdout());
        }
    }
}
