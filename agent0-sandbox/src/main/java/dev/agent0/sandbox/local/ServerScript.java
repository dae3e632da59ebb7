package dev.agent0.sandbox.local;

import dev.agent0.sandbox.SandboxUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fork server script shipped in this jar, and how to launch it: {@code python -I -c SOURCE}
 * with an empty environment, so no file is written and no host variable reaches a snippet.
 */
final class ServerScript {
    static final String RESOURCE = "fork_server.py";
    private static volatile String source;

    private ServerScript() {}

    static String source() {
        if (source == null) {
            try (InputStream in = ServerScript.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(
                            "resource dev/agent0/sandbox/local/"
                                    + RESOURCE
                                    + " missing from the agent0-sandbox jar");
                }
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + RESOURCE, e);
            }
        }
        return source;
    }

    /** A process builder for the script with {@code args}, environment reduced to the minimum. */
    static ProcessBuilder builder(LocalSandboxConfig config, String... args) {
        if (!Files.isExecutable(config.python())) {
            throw new SandboxUnavailableException(
                    "python = "
                            + config.python()
                            + " is not an executable file; install python3 (Debian: python3"
                            + " python3-sympy python3-numpy python3-seccomp) or set"
                            + " LocalSandboxConfig.python");
        }
        List<String> cmd =
                new ArrayList<>(List.of(config.python().toString(), "-I", "-c", source()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.clear(); // never pass the JVM's environment (tokens, keys) on to model code
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("OPENBLAS_NUM_THREADS", "1");
        env.put("OMP_NUM_THREADS", "1");
        env.put("MKL_NUM_THREADS", "1");
        return pb;
    }
}
