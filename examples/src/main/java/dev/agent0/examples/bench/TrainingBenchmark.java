package dev.agent0.examples.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.model.ModelType;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.model.TensorDType;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.eval.consistency.PHat;
import dev.agent0.rl.advantage.AdvantageEstimator;
import dev.agent0.rl.advantage.Ambiguity;
import dev.agent0.rl.loss.PolicyLossConfig;
import dev.agent0.rl.optim.AdamWConfig;
import dev.agent0.rl.optim.LrSchedule;
import dev.agent0.rl.train.PolicyTrainer;
import dev.agent0.rl.train.PolicyTrainerConfig;
import dev.agent0.rl.train.RolloutBatch;
import dev.agent0.rl.train.SftTrainer;
import dev.agent0.rl.train.StepMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benchmark main (not a test): training tokens/s on CPU, float32, random weights.
 *
 * <pre>
 * java -Xmx2g -cp examples/target/agent0.jar dev.agent0.examples.bench.TrainingBenchmark \
 *      tiny|qwen3-0.6b [layers] [batch] [seqLen] [steps]
 * </pre>
 *
 * Two numbers per shape, one JSON line each: {@code sft} = one SftTrainer step (forward + backward
 * + global-norm clip + AdamW) over all tokens; {@code grpo} = one PolicyTrainer step (β = 0: old
 * log-probs and entropy without grad, then forward + backward + AdamW, one mini-batch). The first
 * step is a warm-up and is not counted. {@code layers} overrides the decoder depth (all other
 * dimensions kept) when the full model does not fit in memory.
 */
public final class TrainingBenchmark {
    public static void main(String[] args) {
        String shape = args.length > 0 ? args[0] : "tiny";
        QwenConfig base =
                shape.equals("tiny")
                        ? tiny()
                        : QwenConfig.qwen3_0_6B().withTorchDtype(TensorDType.F32);
        int layers = args.length > 1 ? Integer.parseInt(args[1]) : base.numHiddenLayers();
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int len = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        int steps = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        QwenConfig cfg = base.withNumHiddenLayers(layers);
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        List<int[]> seqs = sequences(cfg.vocabSize(), batch, len);
        try (NDManager m = NDManager.newBaseManager()) {
            QwenModel model = new QwenModel(QwenWeights.random(cfg, 1, 0.02, m));
            long params = model.parameters().values().stream().mapToLong(a -> a.size()).sum();
            sft(shape, cfg, params, model, seqs, batch, steps, m);
            grpo(shape, cfg, params, model, seqs, batch, steps, m);
        }
    }

    static void sft(
            String shape,
            QwenConfig cfg,
            long params,
            QwenModel model,
            List<int[]> seqs,
            int micro,
            int steps,
            NDManager m) {
        List<SftTrainer.Example> data = new ArrayList<>();
        for (int[] s : seqs) {
            float[] mask = new float[s.length];
            Arrays.fill(mask, 1, s.length, 1f);
            data.add(new SftTrainer.Example(s, mask));
        }
        try (SftTrainer t =
                new SftTrainer(
                        model,
                        AdamWConfig.defaults(),
                        LrSchedule.constant(1e-5, 0),
                        1.0,
                        micro,
                        0,
                        m)) {
            t.step(data); // warm-up
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                t.step(data);
            }
            report("sft", shape, cfg, params, seqs, steps, System.nanoTime() - start, Double.NaN);
        }
    }

    static void grpo(
            String shape,
            QwenConfig cfg,
            long params,
            QwenModel model,
            List<int[]> seqs,
            int micro,
            int steps,
            NDManager m) {
        List<RolloutBatch.Sequence> rollouts = new ArrayList<>();
        for (int i = 0; i < seqs.size(); i++) {
            int[] s = seqs.get(i);
            rollouts.add(
                    RolloutBatch.Sequence.ofResponse(
                            s, s.length / 4, new float[s.length], 0, i % 2));
        }
        RolloutBatch batch = new RolloutBatch(rollouts, List.of(new PHat(0.5)));
        PolicyTrainerConfig pc =
                new PolicyTrainerConfig(
                        AdvantageEstimator.ADPO,
                        Ambiguity.defaults(),
                        PolicyLossConfig.defaults()
                                .withKl(0, PolicyLossConfig.defaults().klEstimator()),
                        1,
                        1,
                        micro,
                        0,
                        AdamWConfig.defaults(),
                        LrSchedule.constant(1e-6, 0),
                        1.0,
                        0,
                        dev.agent0.core.generate.PassMemory.none(),
                        0,
                        1.0);
        try (PolicyTrainer t = new PolicyTrainer(model, pc, m)) {
            t.step(batch); // warm-up
            long start = System.nanoTime();
            double reported = 0;
            for (int i = 0; i < steps; i++) {
                StepMetrics s = t.step(batch);
                reported += s.updates().tokensPerSecond() / steps;
            }
            report("grpo", shape, cfg, params, seqs, steps, System.nanoTime() - start, reported);
        }
    }

    static void report(
            String what,
            String shape,
            QwenConfig cfg,
            long params,
            List<int[]> seqs,
            int steps,
            long nanos,
            double metricTokensPerSecond) {
        long tokens = seqs.stream().mapToLong(s -> s.length).sum();
        double seconds = nanos / 1e9;
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("bench", what)
                .put("shape", shape)
                .put("layers", cfg.numHiddenLayers())
                .put("params", params)
                .put("batch", seqs.size())
                .put("seq_len", seqs.get(0).length)
                .put("steps", steps)
                .put("seconds_per_step", seconds / steps)
                .put("tokens_per_second", tokens * steps / seconds);
        if (!Double.isNaN(metricTokensPerSecond)) {
            o.put("step_metrics_tokens_per_second", metricTokensPerSecond);
        }
        System.out.println(o);
    }

    static List<int[]> sequences(int vocab, int batch, int len) {
        SplittableRandom rng = new SplittableRandom(3);
        List<int[]> out = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            out.add(rng.ints(len, 0, vocab).toArray());
        }
        return out;
    }

    /** The tiny test shape (hidden 8, 2 layers, vocab 11) of the trainer tests. */
    static QwenConfig tiny() {
        return new QwenConfig(
                ModelType.QWEN3,
                8,
                16,
                2,
                4,
                2,
                4,
                1e-6,
                10_000,
                11,
                true,
                512,
                true,
                TensorDType.F32,
                -1,
                List.of(10));
    }
}
