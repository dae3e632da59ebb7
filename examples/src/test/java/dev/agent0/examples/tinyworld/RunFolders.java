package dev.agent0.examples.tinyworld;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.examples.cli.Agent0Cli;
import dev.agent0.rl.selfplay.RunDirectory;
import dev.agent0.sandbox.local.PythonSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the crash-and-resume tests share: {@code agent0 train} in a child JVM, and reading a run
 * folder back (committed units, files by relative path, log lines without wall-clock fields).
 */
final class RunFolders {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFolders() {}

    /** Skips a test where the jar lacks the tiny-world base or the machine an isolated sandbox. */
    static void assumeShippedBaseAndSandbox() {
        Assumptions.assumeTrue(TinyWorldBase.shipped(), "the tiny-world base is not in this build");
        try (PythonSandbox probe = PythonSandbox.start()) {
            probe.limits();
        } catch (RuntimeException e) {
            Assumptions.abort("no isolated sandbox on this machine: " + e.getMessage());
        }
    }

    /**
     * {@code agent0 train --config config --out out} in a child JVM (this test classpath, offline),
     * its output in {@code log}; files capped at {@code capKiB} KiB by {@code ulimit -f} unless 0.
     */
    static Process train(Path out, Path config, Path log, int capKiB) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>();
        if (capKiB > 0) {
            cmd.addAll(List.of("bash", "-c", "ulimit -f " + capKiB + " && exec \"$@\"", "bash"));
        }
        cmd.addAll(
                List.of(
                        java,
                        "-Xmx1g",
                        "-Dai.djl.offline=true",
                        "-DOPT_OUT_TRACKING=true",
                        "-Dagent0.progress=false",
                        "-cp",
                        cp,
                        Agent0Cli.class.getName(),
                        "train",
                        "--config",
                        config.toString(),
                        "--out",
                        out.toString(),
                        "--device",
                        "cpu"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("DJL_OFFLINE", "true");
        return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Units the run in {@code dir} has committed (0 before its first commit). */
    static int committed(Path dir) {
        try {
            return Files.isRegularFile(dir.resolve(RunDirectory.STATE))
                    ? JSON.readTree(dir.resolve(RunDirectory.STATE).toFile())
                            .get("state")
                            .get("done")
                            .asInt()
                    : 0;
        } catch (Exception e) {
            return 0; // written atomically, but a read may race the rename
        }
    }

    /** Every regular file under {@code root}, by relative path. */
    static TreeMap<String, byte[]> files(Path root) throws Exception {
        TreeMap<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** The JSON lines of a log, without the fields that measure wall-clock time. */
    static List<JsonNode> logLines(Path f) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            ObjectNode n = (ObjectNode) JSON.readTree(l);
            n.remove(List.of("seconds", "tokensPerSecond"));
            out.add(n);
        }
        return out;
    }
}
