package dev.agent0.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.agent0.core.generate.LogProbScorer;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tempered view's log-probs are log_softmax(logits / T) of the plain model's logits, computed
 * here on the host in double precision from the plain model's logits.
 */
class TemperatureViewTest {
    static final int[] SEQ = {1, 4, 2, 8, 5, 7};

    @Test
    void temperedLogProbsAreTheLogSoftmaxOfTheScaledLogits() {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenWeights w =
                    QwenWeights.random(TinyModels.qwen3WithBias(), 3, 0.5, m)
                            .copy(m, DataType.FLOAT64);
            QwenModel plain = new QwenModel(w);
            double t = 0.6;
            QwenModel tempered = plain.withTemperature(t);
            assertSame(plain, plain.withTemperature(1.0), "T = 1 is the model itself");
            double[] got =
                    new LogProbScorer(tempered).tokenLogProbs(m, List.of(SEQ)).toDoubleArray();
            // The plain logits [1, T, V], on the host.
            boolean[][] keep = {new boolean[SEQ.length]};
            java.util.Arrays.fill(keep[0], true);
            long[] ids = java.util.Arrays.stream(SEQ).asLongStream().toArray();
            NDArray logits =
                    plain.logits(
                            m.create(ids, new ai.djl.ndarray.types.Shape(1, SEQ.length)),
                            AttentionMasks.positions(m, keep),
                            AttentionMasks.causal(m, keep, plain.dtype()));
            int v = (int) logits.getShape().get(2);
            double[] l = logits.toDoubleArray();
            for (int pos = 1; pos < SEQ.length; pos++) {
                int row = (pos - 1) * v;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < v; j++) {
                    max = Math.max(max, l[row + j] / t);
                }
                double sum = 0;
                for (int j = 0; j < v; j++) {
                    sum += Math.exp(l[row + j] / t - max);
                }
                double expected = l[row + SEQ[pos]] / t - max - Math.log(sum);
                assertEquals(expected, got[pos], 1e-9, "position " + pos);
            }
            double[] untempered =
                    new LogProbScorer(plain).tokenLogProbs(m, List.of(SEQ)).toDoubleArray();
            assertEquals(true, Math.abs(untempered[3] - got[3]) > 1e-3, "T changes log-probs");
            assertThrows(IllegalArgumentException.class, () -> plain.withTemperature(0));
        }
    }
}
