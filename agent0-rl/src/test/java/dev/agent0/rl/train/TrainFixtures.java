package dev.agent0.rl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
import dev.agent0.rl.loss.KlEstimator;
import dev.agent0.rl.loss.PolicyLossConfig;
import dev.agent0.rl.optim.AdamWConfig;
import dev.agent0.rl.optim.LrSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Tiny models and synthetic rollout batches for the trainer tests. */
final class TrainFixtures {
    /** Token id that no synthetic batch uses (the NaN test poisons its embedding row). */
    static final int UNUSED_TOKEN = 10;

    private TrainFixtures() {}

    static void init() {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
    }

    /**
     * Qwen3 with q/k/v/o biases, q/k norms and 2 query heads per KV head; vocab 11 (copied from
     * core's TinyModels).
     */
    static QwenConfig tinyConfig() {
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

    static QwenModel model(long seed, DataType dtype, NDManager m) {
        QwenWeights w = QwenWeights.random(tinyConfig(), seed, 0.3, m);
        return new QwenModel(dtype == DataType.FLOAT32 ? w : w.copy(m, dtype));
    }

    /**
     * G groups of {@code perGroup} rollouts: prompt 3 tokens, response 2–5 tokens, 0/1 rewards
     * (mixed).
     */
    static RolloutBatch batch(long seed, int groups, int perGroup) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<RolloutBatch.Sequence> seqs = new ArrayList<>();
        PHat[] pHat = new PHat[groups];
        for (int g = 0; g < groups; g++) {
            pHat[g] = new PHat(0.25 + 0.5 * g / Math.max(1, groups - 1));
            int[] prompt = {rng.nextInt(10), rng.nextInt(10), rng.nextInt(10)};
            for (int i = 0; i < perGroup; i++) {
                int len = 3 + 2 + rng.nextInt(4);
                int[] tokens = new int[len];
                System.arraycopy(prompt, 0, tokens, 0, 3);
                float[] lp = new float[len];
                for (int t = 3; t < len; t++) {
                    tokens[t] = rng.nextInt(10);
                    lp[t] = (float) -(0.5 + 2 * rng.nextDouble());
                }
                double reward = i % 2 == 0 ? 1 : (rng.nextBoolean() ? 1 : 0);
                seqs.add(RolloutBatch.Sequence.ofResponse(tokens, 3, lp, g, reward));
            }
        }
        return new RolloutBatch(seqs, java.util.List.of(pHat));
    }

    /** ADPO, β = {@code beta} with k3, clip 0.2/0.28, AdamW lr {@code lr} constant. */
    static PolicyTrainerConfig config(double beta, double lr, int miniBatches, int micro) {
        PolicyLossConfig loss =
                PolicyLossConfig.defaults().withClip(0.2, 0.28).withKl(beta, KlEstimator.K3);
        return new PolicyTrainerConfig(
                AdvantageEstimator.ADPO,
                Ambiguity.defaults(),
                loss,
                1,
                miniBatches,
                micro,
                0,
                AdamWConfig.defaults(),
                LrSchedule.constant(lr, 0),
                1.0,
                7,
                dev.agent0.core.generate.PassMemory.none(),
                0,
                1.0);
    }

    /** Host copies of every parameter, by name. */
    static Map<String, float[]> snapshot(QwenModel model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
            out.put(e.getKey(), e.getValue().toType(DataType.FLOAT32, false).toFloatArray());
        }
        return out;
    }

    /** Host copies of every parameter's values (float64), by name. */
    static Map<String, double[]> values(QwenModel model) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
            out.put(e.getKey(), e.getValue().toType(DataType.FLOAT64, false).toDoubleArray());
        }
        return out;
    }

    /** Host copies of every parameter's gradient (float64), by name. */
    static Map<String, double[]> gradients(QwenModel model) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
            try (NDArray g = e.getValue().getGradient()) {
                out.put(e.getKey(), g.toType(DataType.FLOAT64, false).toDoubleArray());
            }
        }
        return out;
    }
}
