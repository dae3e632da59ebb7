package dev.agent0.examples.tinyworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.ToolCall;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.sandbox.CodeRequest;
import dev.agent0.sandbox.SandboxUnavailableException;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import dev.agent0.sandbox.local.PythonSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sandbox workers killed in a storm while the executor rolls out with the real sampler and the tool
 * loop: a thread SIGKILLs every fork server of the pool every 40 ms during 240 tiny-world rollouts.
 * Every rollout must end, every tool call must carry a status (a result, or SANDBOX_ERROR for the
 * calls the storm hit), and once the storm stops the same pool answers again.
 */
class SandboxStormTest {
    @TempDir Path tmp;

    @Test
    void workersKilledInAStormMidRolloutGiveResultsOrSandboxErrorsAndThePoolRecovers()
            throws Exception {
        Assumptions.assumeTrue(TinyWorldBase.shipped(), "the tiny-world base is not in this build");
        Agent0Runtime.init(RuntimeOptions.defaults());
        Path base = TinyWorldBase.extract(tmp.resolve("base"));
        PythonSandbox sandbox;
        try {
            sandbox =
                    PythonSandbox.start(
                            LocalSandboxConfig.defaults().withPreloadModules(List.of()));
        } catch (SandboxUnavailableException e) {
            Assumptions.abort("no isolated sandbox on this machine: " + e.getMessage());
            return;
        }
        try (PythonSandbox pool = sandbox;
                HfTokenizer tok = HfTokenizer.load(base);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            QwenModel model = new QwenModel(QwenWeights.load(base, manager));
            TinyWorldAgents agents =
                    TinyWorldAgents.of(
                            tok,
                            TinyWorldFormat.EXECUTOR,
                            TinyWorldFormat.CURRICULUM,
                            List.of(TinyWorldModel.eosTokenId()),
                            pool);
            EvaluationRollout rollout = EvaluationRollout.defaults();
            ExecutorAgent agent =
                    agents.executor(model, rollout, new SamplingConfig(1.0, 0, 1.0, 7L));
            List<String> problems =
                    new HeldOutSet(HeldOutSet.DEFAULT_SEED, 10)
                            .all().stream().map(ArithmeticProblem::expression).toList();

            AtomicBoolean storming = new AtomicBoolean(true);
            AtomicInteger kills = new AtomicInteger();
            Thread storm =
                    new Thread(
                            () -> {
                                while (storming.get()) {
                                    for (long pid : pool.serverPids()) {
                                        ProcessHandle.of(pid)
                                                .ifPresent(
                                                        p -> {
                                                            if (p.destroyForcibly()) {
                                                                kills.incrementAndGet();
                                                            }
                                                        });
                                    }
                                    try {
                                        Thread.sleep(40);
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                }
                            },
                            "sandbox-storm");
            storm.start();
            List<Trajectory> ts;
            try {
                ts = rollout.solve(agent, problems, 4, 11L);
            } finally {
                storming.set(false);
                storm.join();
            }

            assertEquals(problems.size() * 4, ts.size(), "every rollout ended");
            Map<String, Long> statuses =
                    ts.stream()
                            .flatMap(t -> t.toolCalls().stream())
                            .filter(ToolCall::executed) // a turn without a program ran nothing
                            .collect(
                                    Collectors.groupingBy(
                                            c -> String.valueOf(c.status()),
                                            Collectors.counting()));
            System.out.printf("storm: %d kills, tool call statuses %s%n", kills.get(), statuses);
            assertTrue(kills.get() > 0, "the storm killed nothing");
            assertTrue(
                    statuses.getOrDefault("SANDBOX_ERROR", 0L) > 0,
                    "no tool call was hit by the storm: " + statuses);
            long executed =
                    ts.stream()
                            .mapToLong(
                                    t -> t.toolCalls().stream().filter(ToolCall::executed).count())
                            .sum();
            assertEquals(
                    executed,
                    ts.stream()
                            .flatMap(t -> t.toolCalls().stream())
                            .filter(c -> c.executed() && c.status() != null)
                            .count(),
                    "every executed tool call has a result or a SANDBOX_ERROR");
            // The pool recovers: fresh servers answer, and every worker is a live process.
            assertEquals("42\n", pool.run(CodeRequest.of("print(6*7)")).stdout());
            assertEquals(
                    List.of("0\n", "1\n", "2\n", "3\n"),
                    pool
                            .runAll(
                                    Stream.of(0, 1, 2, 3)
                                            .map(i -> CodeRequest.of("print(" + i + ")"))
                                            .toList())
                            .stream()
                            .map(r -> r.stdout())
                            .toList());
            for (long pid : pool.serverPids()) {
                assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            }
            assertTrue(Files.isDirectory(base), "the run's files are untouched");
        }
    }
}
