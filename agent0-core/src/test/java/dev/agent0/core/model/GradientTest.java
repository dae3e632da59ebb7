package dev.agent0.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.agent0.core.generate.LogProbScorer;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Autograd through the scorer against central finite differences, in float64. */
class GradientTest {
    static final List<int[]> SEQS = List.of(new int[] {1, 4, 2, 8, 5, 7}, new int[] {3, 9, 6});

    static double loss(LogProbScorer scorer, NDManager m, NDArray coef) {
        return scorer.tokenLogProbs(m, SEQS).mul(coef).sum().getDouble();
    }

    @Test
    void scorerGradientMatchesFiniteDifferences() {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        for (QwenConfig cfg : List.of(TinyModels.qwen3WithBias(), TinyModels.qwen2())) {
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                QwenWeights w = QwenWeights.random(cfg, 3, 0.3, m).copy(m, DataType.FLOAT64);
                QwenModel model = new QwenModel(w);
                LogProbScorer scorer = new LogProbScorer(model);
                // L = Σ c_bt · log p(ids[t] | ids[<t]) with fixed random weights c (not all equal).
                SplittableRandom rng = new SplittableRandom(1);
                double[] c = new double[2 * 6];
                for (int i = 0; i < c.length; i++) {
                    c[i] = rng.nextDouble() - 0.3;
                }
                NDArray coef = m.create(c, new Shape(2, 6));
                model.setTrainable(true);
                Map<String, double[]> grads = new java.util.HashMap<>();
                try (GradientCollector gc = Engine.getInstance().newGradientCollector();
                        NDManager step = m.newSubManager()) {
                    NDArray l = scorer.tokenLogProbs(step, SEQS).mul(coef).sum();
                    gc.backward(l);
                }
                for (var e : w.parameters().entrySet()) {
                    try (NDArray g = e.getValue().getGradient()) {
                        grads.put(e.getKey(), g.toDoubleArray());
                    }
                }
                JniUtils.setGradMode(false);
                int checked = 0;
                double worst = 0;
                for (var e : w.parameters().entrySet()) {
                    NDArray p = e.getValue();
                    double[] v = p.toDoubleArray();
                    for (int k = 0; k < 2; k++) {
                        int i = rng.nextInt(v.length);
                        double h = 1e-6;
                        double orig = v[i];
                        v[i] = orig + h;
                        p.set(v);
                        double up;
                        double down;
                        try (NDManager s = m.newSubManager()) {
                            up = loss(scorer, s, coef);
                        }
                        v[i] = orig - h;
                        p.set(v);
                        try (NDManager s = m.newSubManager()) {
                            down = loss(scorer, s, coef);
                        }
                        v[i] = orig;
                        p.set(v);
                        double fd = (up - down) / (2 * h);
                        double ad = grads.get(e.getKey())[i];
                        double err = Math.abs(fd - ad) / Math.max(1e-3, Math.abs(fd));
                        worst = Math.max(worst, err);
                        assertTrue(
                                err < 1e-5,
                                cfg.modelType()
                                        + " "
                                        + e.getKey()
                                        + "["
                                        + i
                                        + "]: autograd "
                                        + ad
                                        + ", finite differences "
                                        + fd);
                        checked++;
                    }
                }
                JniUtils.setGradMode(true);
                System.out.printf(
                        "%s: %d gradient entries checked, worst relative error %.2g%n",
                        cfg.modelType(), checked, worst);
                assertEquals(2 * w.parameters().size(), checked);
                model.setTrainable(false);
                model.close();
            }
        }
    }

    /**
     * 200 SGD steps on a tiny FP32 model in a JVM with a 64 MB heap (so the GC runs often and would
     * free any Java buffer autograd still needs): fails on NaN, on no learning, and on live native
     * arrays growing (see {@link TrainingLoopProbe}).
     */
    @Test
    void trainingLoopUnder64MbHeapStaysFiniteLearnsAndLeaksNothing() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                javaBin,
                                "-Xmx64m",
                                "-Dai.djl.offline=true",
                                "-DOPT_OUT_TRACKING=true",
                                "-Dai.djl.pytorch.num_threads=2",
                                "-Dai.djl.pytorch.num_interop_threads=1",
                                "-cp",
                                System.getProperty("java.class.path"),
                                TrainingLoopProbe.class.getName(),
                                "200"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        File log = File.createTempFile("probe", ".log");
        pb.redirectOutput(log);
        Process p = pb.start();
        assertTrue(p.waitFor(150, TimeUnit.SECONDS), "probe timed out");
        String out = java.nio.file.Files.readString(log.toPath());
        System.out.println(
                out.lines().filter(l -> l.startsWith("probe")).reduce("", (a, b) -> a + b + "\n"));
        assertEquals(0, p.exitValue(), "training probe failed:\n" + out);
    }
}
