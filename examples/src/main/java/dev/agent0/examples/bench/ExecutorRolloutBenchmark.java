package dev.agent0.examples.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.ExecutorConfig;
import dev.agent0.core.agent.PromptFormat;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.sandbox.CodeRequest;
import dev.agent0.sandbox.ExecutionResult;
import dev.agent0.sandbox.Sandbox;
import dev.agent0.sandbox.SandboxLimits;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import dev.agent0.sandbox.local.PythonSandbox;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wall time of executor rollouts on the qwen3-tiny fixture with the real sandbox, split into
 * generation and sandbox time (a main, not a test). The byte tokenizer ({@link ByteTokenizer}, a
 * copy of the agent0-core tests' one) maps ids 256..499 to a whole tool call, so rows call the tool
 * often.
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=1 -cp examples/target/agent0.jar \
 *     dev.agent0.examples.bench.ExecutorRolloutBenchmark testdata/fixtures/qwen3-tiny 8,32 256
 * </pre>
 *
 * prints one line per batch size: rows, rounds, tool calls, response tokens, generation ms, sandbox
 * ms.
 */
public final class ExecutorRolloutBenchmark {
    /** The prompt format of the executor tests: short markers, so the prompt is a few bytes. */
    private static final PromptFormat FORMAT =
            (system, user) -> "<s>" + system + "<u>" + user + "<a>";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int budget = Integer.parseInt(args[2]);
        Map<Integer, String> specials = new HashMap<>();
        for (int id = 256; id < 500; id++) {
            specials.put(id, "```python\nprint(sum(range(10)))\n```\n```output");
        }
        ByteTokenizer tok = new ByteTokenizer(512, specials);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                QwenModel model = new QwenModel(QwenWeights.load(dir, manager));
                PythonSandbox pool =
                        PythonSandbox.start(
                                LocalSandboxConfig.defaults()
                                        .withPreloadModules(List.of())
                                        .withLimits(
                                                SandboxLimits.defaults()
                                                        .withWallTimeMillis(5_000)))) {
            long[] genNanos = new long[1];
            long[] boxNanos = new long[1];
            int[] rounds = new int[1];
            TurnGenerator.Factory real = TurnGenerator.sessions(new Generator(model, tok));
            TurnGenerator.Factory timed =
                    (p, c, cap) -> timedTurns(real.start(p, c, cap), genNanos, rounds);
            Sandbox sandbox = timedSandbox(pool, boxNanos);
            for (int pass = 0; pass < 2; pass++) { // pass 0 warms up
                for (String b : args[1].split(",")) {
                    int rows = Integer.parseInt(b);
                    ExecutorConfig config =
                            ExecutorConfig.defaults()
                                    .withSystemPrompt("S")
                                    .withResponseBudget(budget)
                                    .withObservationTokens(64)
                                    .withSampling(new SamplingConfig(1.0, 0, 1.0, 1L));
                    ExecutorAgent agent =
                            new ExecutorAgent(
                                    timed,
                                    tok,
                                    FORMAT,
                                    sandbox,
                                    model.config().eosTokenIds(),
                                    config);
                    genNanos[0] = 0;
                    boxNanos[0] = 0;
                    rounds[0] = 0;
                    long t0 = System.nanoTime();
                    List<Trajectory> ts = agent.solve(List.of("problem"), rows, 1L);
                    long total = System.nanoTime() - t0;
                    int calls = ts.stream().mapToInt(Trajectory::executedToolCalls).sum();
                    int tokens = ts.stream().mapToInt(t -> t.responseIds().length).sum();
                    int generated = ts.stream().mapToInt(Trajectory::generatedTokens).sum();
                    if (pass == 1) {
                        System.out.printf(
                                "rows %d: rounds %d, tool calls %d, response tokens %d (generated"
                                    + " %d), total %.0f ms = generation %.0f ms + sandbox %.0f ms +"
                                    + " other %.0f ms%n",
                                rows,
                                rounds[0],
                                calls,
                                tokens,
                                generated,
                                total / 1e6,
                                genNanos[0] / 1e6,
                                boxNanos[0] / 1e6,
                                (total - genNanos[0] - boxNanos[0]) / 1e6);
                    }
                }
            }
        }
    }

    static TurnGenerator timedTurns(TurnGenerator inner, long[] nanos, int[] rounds) {
        return new TurnGenerator() {
            @Override
            public List<GenerationResult> generate() {
                long t = System.nanoTime();
                List<GenerationResult> r = inner.generate();
                nanos[0] += System.nanoTime() - t;
                rounds[0]++;
                return r;
            }

            @Override
            public void append(int seq, int[] ids) {
                inner.append(seq, ids);
            }

            @Override
            public int[] tokens(int seq) {
                return inner.tokens(seq);
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    static Sandbox timedSandbox(Sandbox inner, long[] nanos) {
        return new Sandbox() {
            @Override
            public ExecutionResult run(CodeRequest request) {
                return inner.run(request);
            }

            @Override
            public List<ExecutionResult> runAll(List<CodeRequest> requests) {
                long t = System.nanoTime();
                List<ExecutionResult> r = inner.runAll(requests);
                nanos[0] += System.nanoTime() - t;
                return r;
            }

            @Override
            public SandboxLimits limits() {
                return inner.limits();
            }

            @Override
            public void close() {}
        };
    }
}
