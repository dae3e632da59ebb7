package dev.agent0.sandbox.local;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One JVM shutdown hook for every open pool: whatever way the JVM exits normally (end of main,
 * System.exit, SIGTERM, Ctrl-C), open pools are closed and their servers killed. On SIGKILL of the
 * JVM the servers see their input pipe close and exit, taking their snippets with them.
 */
final class ShutdownHook {
    private static final Set<PythonSandbox> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    for (PythonSandbox s : OPEN) {
                                        s.close();
                                    }
                                },
                                "agent0-sandbox-shutdown"));
    }

    private ShutdownHook() {}

    static void register(PythonSandbox s) {
        OPEN.add(s);
    }

    static void unregister(PythonSandbox s) {
        OPEN.remove(s);
    }
}
