package dev.agent0.core.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.model.TinyModels;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scoring only the tokens from a position on (the response after a prompt) gives, at those tokens,
 * the log-probs, entropies and logits of the whole-sequence pass, and 0 before them: the plain
 * scorer and the chunked pass (float64, to rounding).
 */
class ScoringFromAPositionTest {
    static final List<int[]> SEQS =
            List.of(
                    new int[] {1, 4, 2, 8, 5, 7, 3},
                    new int[] {6, 2, 9, 1, 4},
                    new int[] {3, 3, 5});

    @BeforeAll
    static void init() {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
    }

    private static QwenModel model(NDManager m) {
        return new QwenModel(
                QwenWeights.random(TinyModels.qwen3WithBias(), 5, 0.5, m)
                        .copy(m, DataType.FLOAT64));
    }

    @Test
    void plainScorerFromAPositionMatchesTheWholePassThereAndIsZeroBefore() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel model = model(m);
            LogProbScorer scorer = new LogProbScorer(model);
            NDList whole = scorer.forward(m, SEQS, true);
            double[] all = whole.get(0).toDoubleArray();
            int t = 7;
            int v = (int) whole.get(1).getShape().get(2);
            double[] allLogits = whole.get(1).toDoubleArray();
            for (int from = 1; from <= t - 1; from++) {
                NDList part = scorer.forward(m, SEQS, true, from);
                double[] lp = part.get(0).toDoubleArray();
                assertEquals(all.length, lp.length, "shape [B, T] kept");
                for (int r = 0; r < SEQS.size(); r++) {
                    for (int i = 0; i < t; i++) {
                        double expected = i >= from ? all[r * t + i] : 0;
                        assertEquals(
                                expected,
                                lp[r * t + i],
                                1e-12,
                                "from " + from + " [" + r + "," + i + "]");
                    }
                }
                NDArray logits = part.get(1);
                int n = t - from + 1;
                assertEquals(n, logits.getShape().get(1), "positions from − 1 .. T − 1");
                double[] l = logits.toDoubleArray();
                for (int r = 0; r < SEQS.size(); r++) {
                    for (int j = 0; j < n; j++) {
                        for (int k = 0; k < v; k += 7) {
                            assertEquals(
                                    allLogits[(r * t + from - 1 + j) * v + k],
                                    l[(r * n + j) * v + k],
                                    1e-12);
                        }
                    }
                }
            }
            assertThrows(IllegalArgumentException.class, () -> scorer.forward(m, SEQS, false, 0));
            assertThrows(IllegalArgumentException.class, () -> scorer.forward(m, SEQS, false, 7));
        }
    }

    @Test
    void chunkedScoresFromAPositionMatchTheWholeScoresThere() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel model = model(m);
            LeanPass pass = new LeanPass(model, new PassMemory(2, false));
            LeanPass.Scores whole = pass.score(SEQS, true);
            for (int from = 1; from <= 6; from++) {
                LeanPass.Scores part = pass.score(SEQS, true, from);
                for (int r = 0; r < SEQS.size(); r++) {
                    for (int i = 0; i < SEQS.get(r).length; i++) {
                        String at = "from " + from + " [" + r + "," + i + "]";
                        assertEquals(
                                i >= from ? whole.logProbs()[r][i] : 0,
                                part.logProbs()[r][i],
                                1e-12,
                                at);
                        assertEquals(
                                i >= from ? whole.entropies()[r][i] : 0,
                                part.entropies()[r][i],
                                1e-12,
                                at);
                    }
                }
            }
            assertThrows(IllegalArgumentException.class, () -> pass.score(SEQS, false, 7));
        }
    }
}
