package dev.agent0.examples.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.engine.CompletionsEngine;
import dev.agent0.core.engine.CompletionsEngineConfig;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.serve.CompletionsServer;
import dev.agent0.core.serve.ServeConfig;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.examples.tinyworld.ArithmeticProblem;
import dev.agent0.examples.tinyworld.EvaluationRollout;
import dev.agent0.examples.tinyworld.HeldOutSet;
import dev.agent0.examples.tinyworld.TinyWorldBase;
import dev.agent0.examples.tinyworld.TinyWorldFormat;
import dev.agent0.examples.tinyworld.TinyWorldModel;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import dev.agent0.sandbox.local.PythonSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Executor rollout throughput of the tiny world (the shipped base, the real sandbox, multi-turn
 * tool calls) generated three ways: in this process, over HTTP to one {@code agent0 serve} server,
 * and to two (a main, not a test). Every server runs in this JVM on its own copy of the base; on
 * one machine the servers share its cores, so the HTTP rows measure the engine's overhead
 * (requests, JSON, batching by the server), not a fleet's scaling.
 *
 * <pre>
 * java -cp examples/target/agent0.jar dev.agent0.examples.bench.EngineRolloutBenchmark \
 *     [problemsPerLevel=10] [samples=4] [repeats=5]
 * </pre>
 *
 * Prints, per mode, generated tokens per second of wall time over the repeats (median, min, max) as
 * text and one JSON line each.
 */
public final class EngineRolloutBenchmark {
    public static void main(String[] args) throws Exception {
        int perLevel = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Agent0Runtime.init(RuntimeOptions.defaults());
        Path base = TinyWorldBase.extract(Files.createTempDirectory("agent0-bench-base"));
        List<String> problems =
                new HeldOutSet(HeldOutSet.DEFAULT_SEED, perLevel)
                        .all().stream().map(ArithmeticProblem::expression).toList();
        EvaluationRollout rollout = EvaluationRollout.defaults();
        List<Integer> eos = List.of(TinyWorldModel.eosTokenId());
        try (HfTokenizer tok = HfTokenizer.load(base);
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                PythonSandbox sandbox =
                        PythonSandbox.start(
                                LocalSandboxConfig.defaults().withPreloadModules(List.of()))) {
            QwenModel local = new QwenModel(QwenWeights.load(base, manager));
            List<CompletionsServer> servers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                QwenModel copy = new QwenModel(QwenWeights.load(base, manager));
                servers.add(
                        new CompletionsServer(
                                copy,
                                tok,
                                ServeConfig.of(
                                                "tiny-base",
                                                copy.config().maxPositionEmbeddings(),
                                                eos)
                                        .withMaxBatch(256)));
            }
            try {
                TurnGenerator.Factory inProcess = TurnGenerator.sessions(new Generator(local, tok));
                run("in-process", inProcess, tok, sandbox, rollout, problems, samples, repeats);
                for (int n = 1; n <= 2; n++) {
                    List<String> urls = servers.subList(0, n).stream().map(s -> s.url()).toList();
                    try (CompletionsEngine engine =
                            new CompletionsEngine(
                                    CompletionsEngineConfig.of(urls, "tiny-base"), tok)) {
                        run(
                                "http-" + n + "-server" + (n > 1 ? "s" : ""),
                                engine,
                                tok,
                                sandbox,
                                rollout,
                                problems,
                                samples,
                                repeats);
                    }
                }
            } finally {
                for (CompletionsServer s : servers) {
                    s.close();
                }
            }
        }
    }

    private static void run(
            String mode,
            TurnGenerator.Factory generators,
            HfTokenizer tok,
            PythonSandbox sandbox,
            EvaluationRollout rollout,
            List<String> problems,
            int samples,
            int repeats) {
        ExecutorAgent agent =
                new ExecutorAgent(
                        generators,
                        tok,
                        TinyWorldFormat.EXECUTOR,
                        sandbox,
                        List.of(TinyWorldModel.eosTokenId()),
                        rollout.executorConfig(new SamplingConfig(1.0, 0, 1.0, 1L)));
        double[] rates = new double[repeats];
        long tokens = 0;
        for (int r = -1; r < repeats; r++) { // r = -1 warms up
            long t0 = System.nanoTime();
            List<Trajectory> ts = rollout.solve(agent, problems, samples, 100 + r);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long generated = ts.stream().mapToLong(Trajectory::generatedTokens).sum();
            if (r >= 0) {
                rates[r] = generated / seconds;
                tokens += generated;
            }
        }
        Measurement m =
                new Measurement(
                        "tiny-world",
                        "rollout-" + mode,
                        problems.size() * samples,
                        "budget " + rollout.responseBudget(),
                        "generated tokens/s",
                        rates);
        System.out.printf(
                "%-18s %d rollouts, %d tokens per repeat: median %.0f tokens/s (min %.0f, max"
                        + " %.0f)%n",
                mode,
                problems.size() * samples,
                tokens / repeats,
                m.median(),
                m.values()[0],
                m.values()[repeats - 1]);
        System.out.println(m.json());
    }
}
