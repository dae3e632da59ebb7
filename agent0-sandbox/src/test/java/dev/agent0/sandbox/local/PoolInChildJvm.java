package dev.agent0.sandbox.local;

import dev.agent0.sandbox.CodeRequest;
import java.util.List;

/**
 * Test helper run in a separate JVM: starts a pool, runs one snippet, prints "ready" and then
 * either returns (after a line on stdin) from main without closing (the shutdown hook must clean
 * up) or sleeps until the test kills this JVM with SIGKILL (the servers must notice and exit on
 * their own).
 */
public final class PoolInChildJvm {
    private PoolInChildJvm() {}

    public static void main(String[] args) throws Exception {
        PythonSandbox pool =
                PythonSandbox.start(
                        LocalSandboxConfig.defaults().withWorkers(2).withPreloadModules(List.of()));
        System.out.println(pool.run(CodeRequest.of("print('ready')")).stdout().strip());
        System.out.flush();
        if (args.length > 0 && args[0].equals("sleep")) {
            Thread.sleep(600_000);
        }
        System.in.read(); // the test has recorded our process tree; now exit
        // no close(): the JVM exits here and the shutdown hook must stop the servers
    }
}
