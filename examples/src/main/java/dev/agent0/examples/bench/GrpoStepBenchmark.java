package dev.agent0.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.rl.advantage.AdvantageEstimator;
import dev.agent0.rl.loss.KlEstimator;
import dev.agent0.rl.loss.LossAggregation;
import dev.agent0.rl.loss.PolicyLossConfig;
import dev.agent0.rl.optim.AdamWConfig;
import dev.agent0.rl.optim.LrSchedule;
import dev.agent0.rl.train.PolicyTrainer;
import dev.agent0.rl.train.PolicyTrainerConfig;
import dev.agent0.rl.train.RolloutBatch;
import dev.agent0.rl.train.StepMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One GRPO step end to end — sampling with {@link Generator}, then {@link PolicyTrainer#step} —
 * timed against TRL's {@code GRPOTrainer} by {@code benchmarks/grpo_step.sh} (the Python half is
 * {@code benchmarks/trl_grpo_step.py}, which takes the same keys).
 *
 * <pre>
 * java -Xmx8g -cp examples/target/agent0.jar dev.agent0.examples.bench.GrpoStepBenchmark \
 *      model=DIR shape=tiny prompts=8 group=8 prompt_len=32 new=64 beta=0 loss=dapo \
 *      warmup=5 reps=10 threads=2 lr=1e-6 seed=1
 * </pre>
 *
 * <p>One step: P prompts ({@code prompts}, each {@code prompt_len} ids from the closed formula of
 * {@link BenchInputs}, the same every step and on both sides), each repeated G times ({@code
 * group}) into one batch of P×G rows; {@link Generator#generate} samples exactly {@code new} tokens
 * per row (temperature 1, no top-k, no top-p, no EOS id: nothing stops a row early; the seed
 * changes every step); the reward of a completion is the fraction of its ids that are even; then
 * one {@link PolicyTrainer#step}: GRPO advantages (group mean, unbiased std), reference log-probs
 * without a graph when β &gt; 0, forward + backward of the clipped loss (ε 0.2 both ways, k3 KL
 * with coefficient {@code beta}) over one mini-batch of one micro-batch of P×G (on-policy: the old
 * log-probs are the training forward's, detached, as in TRL), global-norm clip 1.0, AdamW (lr
 * {@code lr}, constant, the library's defaults otherwise). {@code loss} names TRL's {@code
 * loss_type} and picks the library's matching {@link LossAggregation}: {@code dapo} and {@code
 * bnpo} → TOKEN_MEAN, {@code grpo} → SEQ_MEAN_TOKEN_MEAN, {@code dr_grpo} → DR_GRPO with the
 * constant length {@code new} (TRL divides by B × max_completion_length).
 *
 * <p>{@code warmup} untimed steps, then {@code reps} timed ones; every step updates the weights.
 * Prints one JSON line: the seconds of each timed step, split into generation (the {@code generate}
 * call) and update (everything after it: reward, batch, {@link PolicyTrainer#step}), the first and
 * last step's loss, KL, gradient norm, entropy and mean reward, and the KL of every step.
 */
public final class GrpoStepBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GrpoStepBenchmark() {}

    public static void main(String[] args) {
        Map<String, String> a = parse(args);
        Path dir = Path.of(required(a, "model"));
        String shape = a.get("shape");
        int prompts = Integer.parseInt(a.get("prompts"));
        int group = Integer.parseInt(a.get("group"));
        int promptLen = Integer.parseInt(a.get("prompt_len"));
        int newTokens = Integer.parseInt(a.get("new"));
        double beta = Double.parseDouble(a.get("beta"));
        String lossType = a.get("loss");
        int warmup = Integer.parseInt(a.get("warmup"));
        int reps = Integer.parseInt(a.get("reps"));
        int threads = Integer.parseInt(a.get("threads"));
        double lr = Double.parseDouble(a.get("lr"));
        long seed = Long.parseLong(a.get("seed"));
        check(prompts >= 1 && group >= 2, "prompts >= 1 and group >= 2 needed");
        check(promptLen >= 1 && newTokens >= 1, "prompt_len and new must be >= 1");
        check(warmup >= 0 && reps >= 1, "warmup >= 0 and reps >= 1 needed");
        check(beta >= 0, "beta must be >= 0");

        Agent0Runtime rt = Agent0Runtime.init(RuntimeOptions.defaults().withThreads(threads, 1));
        try (NDManager manager = NDManager.newBaseManager(rt.device())) {
            long t0 = System.nanoTime();
            QwenWeights weights = QwenWeights.load(dir, manager);
            long params = weights.parameters().values().stream().mapToLong(NDArray::size).sum();
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            try (QwenModel model = new QwenModel(weights)) {
                int vocab = model.config().vocabSize();
                List<int[]> rows = new ArrayList<>();
                for (int[] p : BenchInputs.rows(prompts, promptLen, vocab)) {
                    for (int g = 0; g < group; g++) {
                        rows.add(p);
                    }
                }
                Generator generator = new Generator(model, null);
                // No EOS id, no stop string: every row samples exactly `new` tokens.
                GenerationConfig gen =
                        GenerationConfig.defaults()
                                .withMaxNewTokens(newTokens)
                                .withSampling(new SamplingConfig(1.0, 0, 1.0, seed));
                PolicyTrainerConfig config =
                        trainerConfig(lossType, beta, lr, rows.size(), newTokens);
                List<Double> stepS = new ArrayList<>();
                List<Double> genS = new ArrayList<>();
                List<Double> updateS = new ArrayList<>();
                List<Double> warmupS = new ArrayList<>();
                List<ObjectNode> metrics = new ArrayList<>();
                try (PolicyTrainer trainer = new PolicyTrainer(model, config, manager)) {
                    for (int step = 0; step < warmup + reps; step++) {
                        long s0 = System.nanoTime();
                        List<GenerationResult> out =
                                generator.generate(
                                        rows,
                                        gen.withSampling(gen.sampling().withSeed(seed + step)));
                        long s1 = System.nanoTime();
                        RolloutBatch batch = batch(rows, out, group, newTokens);
                        StepMetrics m = trainer.step(batch);
                        long s2 = System.nanoTime();
                        metrics.add(metrics(m, batch));
                        if (step < warmup) {
                            warmupS.add((s2 - s0) / 1e9);
                        } else {
                            stepS.add((s2 - s0) / 1e9);
                            genS.add((s1 - s0) / 1e9);
                            updateS.add((s2 - s1) / 1e9);
                        }
                    }
                }
                ObjectNode o = JSON.createObjectNode();
                o.put("side", "java")
                        .put("shape", shape)
                        .put("beta", beta)
                        .put("loss", lossType)
                        .put("aggregation", config.loss().aggregation().name())
                        .put("prompts", prompts)
                        .put("group", group)
                        .put("prompt_len", promptLen)
                        .put("new", newTokens)
                        .put("warmup", warmup)
                        .put("reps", reps)
                        .put("threads", threads)
                        .put("params", params)
                        .put("layers", model.config().numHiddenLayers())
                        .put("vocab", vocab)
                        .put("engine", rt.engine().getVersion())
                        .put("load_s", loadSeconds);
                array(o.putArray("step_s"), stepS);
                array(o.putArray("gen_s"), genS);
                array(o.putArray("update_s"), updateS);
                array(o.putArray("warmup_step_s"), warmupS);
                o.set("first", metrics.get(0));
                o.set("last", metrics.get(metrics.size() - 1));
                ArrayNode kl = o.putArray("kl_per_step");
                metrics.forEach(x -> kl.add(x.get("kl").asDouble()));
                System.out.println(o);
                System.out.flush();
            }
        }
    }

    /** GRPO with the TRL-equivalent aggregation, one update of one micro-batch per step. */
    static PolicyTrainerConfig trainerConfig(
            String lossType, double beta, double lr, int batch, int newTokens) {
        LossAggregation agg =
                switch (lossType) {
                    case "dapo", "bnpo" -> LossAggregation.TOKEN_MEAN;
                    case "grpo" -> LossAggregation.SEQ_MEAN_TOKEN_MEAN;
                    case "dr_grpo" -> LossAggregation.DR_GRPO;
                    default ->
                            throw new IllegalArgumentException(
                                    "loss = " + lossType + ", must be dapo, bnpo, grpo or dr_grpo");
                };
        PolicyTrainerConfig d = PolicyTrainerConfig.defaults();
        return new PolicyTrainerConfig(
                AdvantageEstimator.GRPO,
                d.ambiguity(),
                PolicyLossConfig.defaults()
                        .withClip(0.2, 0.2)
                        .withKl(beta, KlEstimator.K3)
                        .withAggregation(agg),
                1,
                1,
                batch,
                agg == LossAggregation.DR_GRPO ? newTokens : 0,
                AdamWConfig.defaults(),
                LrSchedule.constant(lr, 0),
                1.0,
                0,
                d.memory(),
                0,
                1.0);
    }

    /** Prompt + completion per row, mask on the completion, reward = share of even ids. */
    static RolloutBatch batch(
            List<int[]> rows, List<GenerationResult> out, int group, int newTokens) {
        List<RolloutBatch.Sequence> seqs = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            int[] p = rows.get(i);
            GenerationResult r = out.get(i);
            if (r.tokenIds().length != newTokens) {
                throw new IllegalStateException(
                        "row "
                                + i
                                + " sampled "
                                + r.tokenIds().length
                                + " tokens, expected "
                                + newTokens
                                + " ("
                                + r.stopReason()
                                + ")");
            }
            int[] ids = Arrays.copyOf(p, p.length + newTokens);
            System.arraycopy(r.tokenIds(), 0, ids, p.length, newTokens);
            float[] lp = new float[ids.length];
            System.arraycopy(r.logProbs(), 0, lp, p.length, newTokens);
            seqs.add(
                    RolloutBatch.Sequence.ofResponse(
                            ids, p.length, lp, i / group, evenShare(r.tokenIds())));
        }
        return RolloutBatch.withoutPHat(seqs);
    }

    /** The reward: the fraction of completion ids that are even (the Python side's formula). */
    static double evenShare(int[] ids) {
        int even = 0;
        for (int id : ids) {
            even += id % 2 == 0 ? 1 : 0;
        }
        return (double) even / ids.length;
    }

    private static ObjectNode metrics(StepMetrics m, RolloutBatch b) {
        double reward = Arrays.stream(b.rewards()).average().orElse(Double.NaN);
        return JSON.createObjectNode()
                .put("loss", m.losses().loss())
                .put("kl", m.losses().kl())
                .put("entropy", m.losses().entropy())
                .put("grad_norm", m.updates().gradNorm())
                .put("reward", reward);
    }

    private static void array(ArrayNode node, List<Double> values) {
        values.forEach(node::add);
    }

    private static Map<String, String> parse(String... args) {
        Map<String, String> a = new LinkedHashMap<>();
        // The known keys and their defaults.
        a.put("model", "");
        a.put("shape", "model");
        a.put("prompts", "8");
        a.put("group", "8");
        a.put("prompt_len", "32");
        a.put("new", "64");
        a.put("beta", "0");
        a.put("loss", "dapo");
        a.put("warmup", "5");
        a.put("reps", "10");
        a.put("threads", "2");
        a.put("lr", "1e-6");
        a.put("seed", "1");
        return KeyValueArgs.parse(args, a);
    }

    private static String required(Map<String, String> a, String key) {
        check(!a.get(key).isEmpty(), key + "=... is required");
        return a.get(key);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
