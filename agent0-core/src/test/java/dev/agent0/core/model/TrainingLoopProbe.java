package dev.agent0.core.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.agent0.core.generate.LogProbScorer;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import java.util.List;

/**
 * Run in a forked JVM by {@link GradientTest}: trains a tiny model with plain SGD and exits 1 on a
 * non-finite loss, 2 when the loss did not fall, 3 when live arrays grew.
 */
public final class TrainingLoopProbe {
    public static void main(String[] args) {
        int steps = Integer.parseInt(args[0]);
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        List<int[]> batch =
                List.of(
                        new int[] {1, 2, 3, 4, 5, 6, 7, 8},
                        new int[] {8, 7, 6, 5, 4, 3, 2, 1, 0, 9});
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel model =
                    new QwenModel(QwenWeights.random(TinyModels.qwen3WithBias(), 9, 0.2, m));
            LogProbScorer scorer = new LogProbScorer(model);
            NDArray lr = m.create(0.05f); // long-lived: never a Number overload on the update path
            model.setTrainable(true);
            double first = Double.NaN;
            double last = Double.NaN;
            int liveAfterFirst = -1;
            for (int step = 0; step < steps; step++) {
                try (NDScope scope = new NDScope();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray lp = scorer.tokenLogProbs(m, batch);
                    NDArray loss = lp.sum().neg();
                    gc.backward(loss);
                    last = loss.getFloat();
                }
                JniUtils.setGradMode(false);
                try (NDScope scope = new NDScope()) {
                    for (NDArray p : model.parameters().values()) {
                        try (NDArray g = p.getGradient()) {
                            if (!Float.isFinite(g.abs().max().getFloat())) {
                                System.out.println("probe: non-finite gradient at step " + step);
                                System.exit(1);
                            }
                            p.subi(g.mul(lr));
                        }
                        JniUtils.zeroGrad((PtNDArray) p);
                    }
                }
                JniUtils.setGradMode(true);
                if (!Double.isFinite(last)) {
                    System.out.println("probe: loss " + last + " at step " + step);
                    System.exit(1);
                }
                if (step == 0) {
                    first = last;
                    liveAfterFirst = m.getManagedArrays().size();
                }
                if (step % 20 == 0) {
                    System.gc();
                }
            }
            int live = m.getManagedArrays().size();
            System.out.printf(
                    "probe: loss %.4f -> %.4f over %d steps; live arrays %d after step 1, %d at"
                            + " end%n",
                    first, last, steps, liveAfterFirst, live);
            if (!(last < first * 0.8)) {
                System.exit(2);
            }
            if (live != liveAfterFirst) {
                System.exit(3);
            }
        }
        System.exit(0);
    }
}
