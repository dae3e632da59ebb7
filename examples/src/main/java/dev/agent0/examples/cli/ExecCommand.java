package dev.agent0.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.sandbox.CodeRequest;
import dev.agent0.sandbox.ExecutionResult;
import dev.agent0.sandbox.Sandbox;
import dev.agent0.sandbox.SandboxLimits;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import dev.agent0.sandbox.local.PythonSandbox;
import dev.agent0.sandbox.remote.RemoteSandbox;
import dev.agent0.sandbox.remote.RemoteSandboxConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs Python files in the sandbox, one snippet per file, and prints one JSON line per file: {@code
 * agent0 exec [--timeout S] [--memory-mb M] FILE...} ({@code -} reads a snippet from stdin).
 * Researchers use it to replay tool calls from a run.
 */
@Command(
        name = "exec",
        mixinStandardHelpOptions = true,
        description = "Run Python files in the sandbox; one JSON result line per file.")
final class ExecCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Python files; - for stdin.")
    List<String> files;

    @Option(
            names = "--timeout",
            defaultValue = "10",
            description =
                    "Wall-clock limit per " + "snippet in seconds (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(
            names = "--memory-mb",
            defaultValue = "1024",
            description = "Address-space limit in " + "MiB (default: ${DEFAULT-VALUE}).")
    long memoryMb;

    @Option(
            names = "--workers",
            defaultValue = "0",
            description =
                    "Fork servers; 0 = one per "
                            + "core, at most one per file (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--no-preload", description = "Do not preload sympy and numpy.")
    boolean noPreload;

    @Option(names = "--remote", description = "SandboxFusion base URL instead of the local pool.")
    URI remote;

    @Option(
            names = "--allow-unisolated",
            description =
                    "Run without isolation if neither root "
                            + "nor user namespaces are available (unsafe).")
    boolean allowUnisolated;

    @Override
    public Integer call() throws IOException {
        if (!(timeoutSeconds > 0) || memoryMb < 64) {
            System.err.println("agent0 exec: --timeout must be > 0 and --memory-mb >= 64");
            return 2;
        }
        List<CodeRequest> requests = new ArrayList<>();
        for (String f : files) {
            try {
                requests.add(CodeRequest.of(read(f)));
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("agent0 exec: FILE " + f + ": " + e.getMessage());
                return 2;
            }
        }
        SandboxLimits limits =
                SandboxLimits.defaults()
                        .withWallTimeMillis(Math.round(timeoutSeconds * 1000))
                        .withMemoryBytes(memoryMb << 20);
        ObjectMapper json = new ObjectMapper();
        try (Sandbox sandbox = open(limits)) {
            List<ExecutionResult> results = sandbox.runAll(requests);
            for (int i = 0; i < results.size(); i++) {
                System.out.println(
                        json.writeValueAsString(toJson(json, files.get(i), results.get(i))));
            }
        }
        return 0;
    }

    private Sandbox open(SandboxLimits limits) {
        if (remote != null) {
            return new RemoteSandbox(RemoteSandboxConfig.of(remote).withLimits(limits));
        }
        int n =
                workers > 0
                        ? workers
                        : Math.min(files.size(), Runtime.getRuntime().availableProcessors());
        LocalSandboxConfig config =
                LocalSandboxConfig.defaults()
                        .withWorkers(n)
                        .withLimits(limits)
                        .withAllowUnisolated(allowUnisolated);
        if (noPreload) {
            config = config.withPreloadModules(List.of());
        }
        return PythonSandbox.start(config);
    }

    private static String read(String f) throws IOException {
        if (f.equals("-")) {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path p = Path.of(f);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("not a readable file");
        }
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static ObjectNode toJson(ObjectMapper json, String file, ExecutionResult r) {
        ObjectNode o = json.createObjectNode();
        o.put("file", file);
        o.put("status", r.status().name());
        o.put("exit_code", r.exitCode());
        o.put("signal", r.signal());
        o.put("stdout", r.stdout());
        o.put("stderr", r.stderr());
        o.put("stdout_truncated", r.stdoutTruncated());
        o.put("stderr_truncated", r.stderrTruncated());
        o.put("wall_ms", r.wallMillis());
        o.put("cpu_ms", r.cpuMillis());
        o.put("error", r.error());
        return o;
    }
}
