package dev.agent0.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.Permission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Starts the engine and a tokenizer under a security manager that refuses, and records, every name
 * lookup and connection to a non-loopback host: DJL phones home from exactly these initialisers
 * unless offline mode is on.
 */
class NoNetworkTest {

    /** Records and blocks outside connections; permits everything else. */
    static final class NoOutsideNetwork extends SecurityManager {
        final List<String> attempts = new CopyOnWriteArrayList<>();

        @Override
        public void checkConnect(String host, int port) {
            if (!isLoopback(host)) {
                attempts.add(host + ":" + port);
                throw new SecurityException("outside network access to " + host + ":" + port);
            }
        }

        @Override
        public void checkConnect(String host, int port, Object context) {
            checkConnect(host, port);
        }

        @Override
        public void checkPermission(Permission perm) {}

        @Override
        public void checkPermission(Permission perm, Object context) {}

        private static boolean isLoopback(String host) {
            if (host == null
                    || host.equals("localhost")
                    || host.startsWith("127.")
                    || host.equals("::1")
                    || host.equals("[::1]")
                    || host.equals("0:0:0:0:0:0:0:1")) {
                return true;
            }
            try {
                return InetAddress.getByAddress(InetAddress.getByName(host).getAddress())
                                .isLoopbackAddress()
                        && host.matches("[0-9.:\\[\\]]+");
            } catch (Exception e) {
                return false;
            }
        }
    }

    @Test
    @SuppressWarnings("removal")
    void engineAndTokenizerStartWithoutOutsideNetwork() throws Exception {
        NoOutsideNetwork guard = new NoOutsideNetwork();
        try {
            System.setSecurityManager(guard);
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("this JVM forbids a security manager: " + e.getMessage());
        }
        try {
            Agent0Runtime rt = Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
            assertEquals("2.7.1", rt.engine().getVersion());
            Path tok = ModelCommandsTest.testdata("assets/qwen3-tokenizer/tokenizer.json");
            try (HuggingFaceTokenizer t =
                    HuggingFaceTokenizer.newInstance(
                            tok,
                            Map.of(
                                    "truncation",
                                    "false",
                                    "padding",
                                    "false",
                                    "addSpecialTokens",
                                    "false"))) {
                assertTrue(t.encode("hello world").getIds().length > 0);
            }
        } finally {
            System.setSecurityManager(null);
        }
        assertTrue(guard.attempts.isEmpty(), "outside network attempts: " + guard.attempts);
    }
}
