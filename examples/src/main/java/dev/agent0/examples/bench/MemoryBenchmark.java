package dev.agent0.examples.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.agent.CurriculumAgent;
import dev.agent0.core.agent.CurriculumConfig;
import dev.agent0.core.agent.CurriculumSample;
import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.ExecutorConfig;
import dev.agent0.core.agent.PromptFormat;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.generate.PassMemory;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.lora.LoraAdapter;
import dev.agent0.core.lora.LoraConfig;
import dev.agent0.core.model.KvCache;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.ByteSize;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.eval.consistency.PHat;
import dev.agent0.eval.grade.ValueEquivalence;
import dev.agent0.rl.plan.MemoryPlan;
import dev.agent0.rl.plan.MemoryPlanner;
import dev.agent0.rl.plan.Phase;
import dev.agent0.rl.plan.Workload;
import dev.agent0.rl.reward.CurriculumReward;
import dev.agent0.rl.selfplay.CuratedProblem;
import dev.agent0.rl.selfplay.CurationVerdict;
import dev.agent0.rl.selfplay.CurriculumTraining;
import dev.agent0.rl.selfplay.ExecutorTraining;
import dev.agent0.rl.selfplay.FineTuning;
import dev.agent0.rl.selfplay.ToolConsistencyGuard;
import dev.agent0.rl.train.PolicyTrainer;
import dev.agent0.rl.train.PolicyTrainerConfig;
import dev.agent0.rl.train.RolloutBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Peak resident memory (VmHWM) of each phase of one self-play iteration at reduced counts, on a
 * random-weight Qwen3 shape with the real Qwen3 tokenizer (a benchmark main, not a test).
 *
 * <pre>
 * java -Xmx1g -cp examples/target/agent0.jar dev.agent0.examples.bench.MemoryBenchmark \
 *     tokenizer=testdata/assets/qwen3-tokenizer shape=0.6b layers=4 finetune=lora recompute=true chunk=256
 * </pre>
 *
 * Phases, each after resetting the peak ({@code /proc/self/clear_refs} 5): curriculum sampling (B
 * problems), curriculum update (one GRPO step on them, synthetic rewards), curation sampling (N
 * problems, k executor answers each), executor rollout (P problems × G) and executor update (one
 * ADPO step). Random weights never stop early, so every generation runs its whole token budget: the
 * worst case. Prints one JSON line per phase ({@code phase}, {@code seconds}, {@code
 * peak_rss_bytes}) and one for the run ({@code peak_rss_bytes} over everything, the options).
 */
public final class MemoryBenchmark {
    private static final String QUESTION = "What is 17 times 23 plus 5? Put it in \\boxed{}.";

    private MemoryBenchmark() {}

    /** {@code f} holding at most the rows whose caches fit {@code cap}, when given. */
    private static TurnGenerator.Factory capped(
            TurnGenerator.Factory f, QwenConfig cfg, OptionalLong cap) {
        return cap.isEmpty()
                ? f
                : f.withMaxRows(c -> KvCache.rowsWithin(cfg, DataType.FLOAT32, cap.getAsLong(), c));
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> o = new java.util.HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("argument '" + a + "' is not key=value");
            }
            o.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Path tokDir = Path.of(o.getOrDefault("tokenizer", "testdata/assets/qwen3-tokenizer"));
        String shape = o.getOrDefault("shape", "0.6b");
        int layers = Integer.parseInt(o.getOrDefault("layers", "0"));
        boolean lora = !"full".equals(o.getOrDefault("finetune", "lora"));
        PassMemory memory =
                new PassMemory(
                        Integer.parseInt(o.getOrDefault("chunk", "256")),
                        Boolean.parseBoolean(o.getOrDefault("recompute", "true")));
        int newTokens = Integer.parseInt(o.getOrDefault("newTokens", "256"));
        int b = Integer.parseInt(o.getOrDefault("curriculumProblems", "8"));
        int g = Integer.parseInt(o.getOrDefault("groupSize", "4"));
        int n = Integer.parseInt(o.getOrDefault("curationProblems", "16"));
        int k = Integer.parseInt(o.getOrDefault("k", "4"));
        int p = Integer.parseInt(o.getOrDefault("executorProblems", "8"));
        int micro = Integer.parseInt(o.getOrDefault("micro", "4"));
        String cap = o.getOrDefault("kvCap", "none");
        OptionalLong kvCap =
                cap.equals("none")
                        ? OptionalLong.empty()
                        : OptionalLong.of(ByteSize.parse(cap, "kvCap"));
        Agent0Runtime rt = Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        try (HfTokenizer tok = HfTokenizer.load(tokDir);
                NDManager m = NDManager.newBaseManager(rt.device())) {
            long runtimeRss = status("VmRSS:");
            QwenConfig cfg = shape(shape, layers, tok);
            PolicyTrainerConfig cur =
                    PolicyTrainerConfig.curriculumDefaults()
                            .withMemory(memory)
                            .withBatching(1, 1, micro);
            PolicyTrainerConfig exe =
                    PolicyTrainerConfig.executorDefaults()
                            .withMemory(memory)
                            .withBatching(1, 1, micro);
            PromptFormat format = PromptFormat.of(tok.chatTemplate().orElseThrow(), Map.of());
            List<Integer> eos = List.of(tok.tokenId("<|im_end|>").orElseThrow());
            CurriculumConfig curConfig = CurriculumConfig.defaults().withMaxNewTokens(newTokens);
            ExecutorConfig exeConfig =
                    ExecutorConfig.defaults()
                            .withGroupSize(g)
                            .withResponseBudget(newTokens)
                            .withMultiTurn(false)
                            .withSampling(SamplingConfig.defaults());
            // The planner's prediction for exactly this workload, before anything is built.
            int curPrompt =
                    tok.encode(format.render(curConfig.systemPrompt(), curConfig.userPrompt()))
                            .length;
            int exePrompt = tok.encode(format.render(exeConfig.systemPrompt(), QUESTION)).length;
            int curLength = curPrompt + newTokens;
            int exeCapacity = exePrompt + exeConfig.cacheColumns();
            int exeColumns = exePrompt + newTokens + 1; // single-turn: prompt + budget
            Workload workload =
                    new Workload(
                            lora ? FineTuning.LORA : FineTuning.FULL,
                            LoraConfig.defaults(),
                            cur.usesReference(),
                            exe.usesReference(),
                            new Workload.Generation(b * g, curPrompt, curLength),
                            new Workload.Generation(0, exePrompt, exeColumns, exeCapacity),
                            new Workload.Generation(n, curPrompt, curLength),
                            new Workload.Generation(n * k, exePrompt, exeColumns, exeCapacity),
                            new Workload.Generation(p * g, exePrompt, exeColumns, exeCapacity),
                            new Workload.Update(micro, curLength, memory),
                            new Workload.Update(micro, exePrompt + newTokens, memory),
                            kvCap);
            MemoryPlan plan =
                    MemoryPlanner.plan(
                            cfg, workload, Long.MAX_VALUE, Runtime.getRuntime().maxMemory());
            if (Boolean.parseBoolean(o.getOrDefault("planOnly", "false"))) {
                System.out.println(plan.toJson());
                return;
            }
            QwenModel base = new QwenModel(QwenWeights.random(cfg, 1, 0.02, m));
            QwenModel curPolicy = lora ? base.withAdapter(adapter(cfg, m, 2)) : base;
            QwenModel exePolicy =
                    lora
                            ? base.withAdapter(adapter(cfg, m, 3))
                            : new QwenModel(QwenWeights.random(cfg, 1, 0.02, m));
            // The random weights were drawn into direct buffers: free them now (a loaded
            // checkpoint maps its file instead), so phases start from the model alone.
            System.gc();
            List<ObjectNode> lines = new ArrayList<>();
            long runPeak = 0;
            try (PolicyTrainer curTrainer = new PolicyTrainer(curPolicy, cur, m);
                    PolicyTrainer exeTrainer = new PolicyTrainer(exePolicy, exe, m)) {
                CurriculumAgent curriculum =
                        new CurriculumAgent(
                                capped(
                                        TurnGenerator.sessions(new Generator(curPolicy, tok)),
                                        cfg,
                                        kvCap),
                                tok,
                                format,
                                eos,
                                curConfig);
                ExecutorAgent executor =
                        new ExecutorAgent(
                                capped(
                                        TurnGenerator.sessions(new Generator(exePolicy, tok)),
                                        cfg,
                                        kvCap),
                                tok,
                                format,
                                null,
                                eos,
                                exeConfig);
                List<CurriculumSample> samples = new ArrayList<>();
                boolean updatesOnly = Boolean.parseBoolean(o.getOrDefault("updatesOnly", "false"));
                if (updatesOnly) {
                    // The updates alone, on synthetic samples of the sampled lengths (worst case).
                    samples.addAll(syntheticSamples(curriculum.promptIds(), b * g, newTokens));
                } else {
                    runPeak =
                            Math.max(
                                    runPeak,
                                    phase(
                                            lines,
                                            "curriculum sampling",
                                            () -> samples.addAll(curriculum.sample(b * g, 11))));
                }
                List<CurriculumReward.Terms> terms = new ArrayList<>();
                for (int i = 0; i < samples.size(); i++) {
                    terms.add(new CurriculumReward.Terms(1, 0.5, 0, 0, i % 2)); // mixed rewards
                }
                RolloutBatch curBatch = CurriculumTraining.batch(samples, terms, g);
                runPeak =
                        Math.max(
                                runPeak,
                                phase(lines, "curriculum update", () -> curTrainer.step(curBatch)));
                List<String> questions = Collections.nCopies(n, QUESTION);
                List<Trajectory> rollouts = new ArrayList<>();
                List<String> asked = questions.subList(0, p);
                if (updatesOnly) {
                    rollouts.addAll(
                            syntheticRollouts(
                                    tok.encode(format.render(exeConfig.systemPrompt(), QUESTION)),
                                    p,
                                    g,
                                    newTokens));
                } else {
                    runPeak =
                            Math.max(
                                    runPeak,
                                    phase(
                                            lines,
                                            "curation sampling",
                                            () -> {
                                                curriculum.sample(n, 12);
                                                executor.solve(questions, k, 13);
                                            }));
                    runPeak =
                            Math.max(
                                    runPeak,
                                    phase(
                                            lines,
                                            "executor rollout",
                                            () -> rollouts.addAll(executor.solve(asked, g, 14))));
                }
                List<CuratedProblem> curated = new ArrayList<>();
                for (int i = 0; i < p; i++) {
                    curated.add(
                            new CuratedProblem(
                                    i,
                                    asked.get(i),
                                    null,
                                    "396",
                                    new PHat(0.5),
                                    k,
                                    2,
                                    CurationVerdict.KEPT));
                }
                ValueEquivalence grader = new ValueEquivalence();
                RolloutBatch exeBatch =
                        new ExecutorTraining(grader, new ToolConsistencyGuard(false, grader))
                                .batch(curated, withRewards(rollouts), g);
                runPeak =
                        Math.max(
                                runPeak,
                                phase(lines, "executor update", () -> exeTrainer.step(exeBatch)));
            }
            ObjectMapper json = new ObjectMapper();
            for (ObjectNode l : lines) {
                Phase ph = Phase.valueOf(l.get("phase").asText().toUpperCase().replace(' ', '_'));
                l.put("predicted_peak_bytes", plan.phases().get(ph));
                l.put(
                        "predicted_over_measured",
                        plan.phases().get(ph) / (double) l.get("peak_rss_bytes").asLong());
                System.out.println(l);
            }
            ObjectNode run =
                    json.createObjectNode()
                            .put("phase", "run")
                            .put("shape", shape)
                            .put("layers", cfg.numHiddenLayers())
                            .put("finetune", lora ? "lora" : "full")
                            .put("logit_chunk", memory.logitChunk())
                            .put("recompute", memory.recomputeLayers())
                            .put("new_tokens", newTokens)
                            .put("kv_cap", cap)
                            .put("runtime_rss_bytes", runtimeRss)
                            .put("max_heap_bytes", Runtime.getRuntime().maxMemory())
                            .put("peak_rss_bytes", runPeak)
                            .put("predicted_peak_bytes", plan.peakBytes())
                            .put("predicted_over_measured", plan.peakBytes() / (double) runPeak)
                            .put("peak_rss_gib", runPeak / (double) (1L << 30));
            System.out.println(run);
        }
    }

    /** {@code count} curriculum samples of {@code length} ids each after {@code prompt}. */
    private static List<CurriculumSample> syntheticSamples(int[] prompt, int count, int length) {
        List<CurriculumSample> out = new ArrayList<>();
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < count; i++) {
            int[] ids = r.ints(length, 0, 151_000).toArray();
            float[] lp = new float[length];
            java.util.Arrays.fill(lp, -1f);
            out.add(
                    new CurriculumSample(
                            dev.agent0.core.agent.CurriculumOutput.parse(""),
                            prompt,
                            ids,
                            lp,
                            lp.clone(),
                            dev.agent0.core.generate.StopReason.MAX_NEW_TOKENS));
        }
        return out;
    }

    /** {@code problems × g} rollouts of {@code length} generated ids each after {@code prompt}. */
    private static List<Trajectory> syntheticRollouts(
            int[] prompt, int problems, int g, int length) {
        List<Trajectory> out = new ArrayList<>();
        java.util.Random r = new java.util.Random(8);
        for (int pi = 0; pi < problems; pi++) {
            for (int s = 0; s < g; s++) {
                int[] ids = r.ints(length, 0, 151_000).toArray();
                int[] mask = new int[length];
                java.util.Arrays.fill(mask, 1);
                float[] lp = new float[length];
                java.util.Arrays.fill(lp, -1f);
                out.add(
                        new Trajectory(
                                pi,
                                s,
                                prompt,
                                ids,
                                mask,
                                lp,
                                lp.clone(),
                                List.of(),
                                null,
                                "",
                                dev.agent0.core.agent.RolloutEnd.BUDGET));
            }
        }
        return out;
    }

    /** Rollouts answer "396" on every other sample, so the groups' rewards are mixed. */
    private static List<Trajectory> withRewards(List<Trajectory> rollouts) {
        List<Trajectory> out = new ArrayList<>(rollouts.size());
        for (int i = 0; i < rollouts.size(); i++) {
            Trajectory t = rollouts.get(i);
            out.add(
                    new Trajectory(
                            t.problemIndex(),
                            t.sampleIndex(),
                            t.promptIds(),
                            t.responseIds(),
                            t.lossMask(),
                            t.logProbs(),
                            t.samplingLogProbs(),
                            t.toolCalls(),
                            i % 2 == 0 ? "396" : "1",
                            t.text(),
                            t.end()));
        }
        return out;
    }

    private static LoraAdapter adapter(QwenConfig cfg, NDManager m, long seed) {
        return LoraAdapter.init(cfg, LoraConfig.defaults(), seed, m, DataType.FLOAT32);
    }

    private static QwenConfig shape(String name, int layers, HfTokenizer tok) {
        QwenConfig c =
                switch (name) {
                    case "0.6b" -> QwenConfig.qwen3_0_6B();
                    case "tiny" -> QwenConfig.qwen3Tiny();
                    default ->
                            throw new IllegalArgumentException(
                                    "shape = " + name + ", must be 0.6b or tiny");
                };
        // The tokenizer's vocabulary (151,669 for Qwen3) instead of the checkpoint's padded
        // 151,936: a
        // random model samples the padding ids, which no tokenizer decodes (0.2 % of the
        // embedding).
        return (layers > 0 ? c.withNumHiddenLayers(layers) : c).withVocabSize(tok.vocabSize());
    }

    /**
     * Runs {@code work} after resetting the peak RSS; records the RSS it started from and its peak,
     * and returns the peak.
     */
    private static long phase(List<ObjectNode> lines, String name, Runnable work)
            throws IOException {
        Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // resets VmHWM to the current RSS
        long before = status("VmRSS:");
        long start = System.nanoTime();
        work.run();
        long peak = status("VmHWM:");
        double seconds = (System.nanoTime() - start) / 1e9;
        lines.add(
                new ObjectMapper()
                        .createObjectNode()
                        .put("phase", name)
                        .put("seconds", seconds)
                        .put("start_rss_bytes", before)
                        .put("peak_rss_bytes", peak)
                        .put("heap_committed_bytes", Runtime.getRuntime().totalMemory()));
        System.err.printf(
                "%s: %.1f s, RSS %.2f GiB at the start, peak %.2f GiB%n",
                name, seconds, before / (double) (1L << 30), peak / (double) (1L << 30));
        return peak;
    }

    /** A kB field of /proc/self/status ({@code VmRSS:}, {@code VmHWM:}), in bytes. */
    static long status(String field) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith(field)) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("/proc/self/status has no " + field);
    }
}
