package dev.agent0.rl.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.rl.loss.LossNormaliser;
import dev.agent0.rl.loss.PolicyBatch;
import dev.agent0.rl.loss.PolicyLoss;
import dev.agent0.rl.loss.PolicyLossConfig;
import dev.agent0.rl.optim.AdamW;
import dev.agent0.rl.optim.AdamWConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Benchmark main (not a test): cost of the loss (forward + backward w.r.t. log-probs) and of one
 * AdamW step with global-norm clipping, float32 on CPU.
 *
 * <pre>
 * java -cp agent0-rl/target/test-classes:agent0-rl/target/classes:$(cat /tmp/rl.cp) \
 *      dev.agent0.rl.bench.RlMathBenchmark [threads] [adamwParamsMillions]
 * </pre>
 * Prints one JSON line per measurement.
 */
public final class RlMathBenchmark {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int millions = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(threads, 1));
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] bt : new int[][] {{16, 256}, {16, 1024}, {64, 4096}}) {
                loss(m, bt[0], bt[1]);
            }
            adamw(m, millions);
        }
    }

    static void loss(NDManager m, int b, int t) {
        PolicyLossConfig cfg = PolicyLossConfig.defaults().withDualClip(3);
        try (NDManager local = m.newSubManager(); PolicyLoss loss = new PolicyLoss(cfg, local)) {
            Engine.getInstance().setRandomSeed(1);
            NDArray leaf = local.randomUniform(-3f, -0.1f, new Shape(b, t));
            leaf.setRequiresGradient(true);
            NDArray old = leaf.add(local.randomUniform(-0.3f, 0.3f, new Shape(b, t)));
            NDArray ref = leaf.add(local.randomUniform(-0.5f, 0.5f, new Shape(b, t)));
            NDArray mask = local.ones(new Shape(b, t));
            NDArray adv = local.randomNormal(new Shape(b));
            NDArray clipHigh = local.full(new Shape(b), 0.28f);
            LossNormaliser norm = LossNormaliser.of(cfg.aggregation(), (long) b * t, b, t);
            PolicyBatch batch = PolicyBatch.of(leaf, old, mask, adv, clipHigh).withReference(ref);
            int warm = 5;
            int reps = Math.max(5, (int) (4_000_000L / ((long) b * t)));
            long start = 0;
            for (int i = 0; i < warm + reps; i++) {
                if (i == warm) {
                    start = System.nanoTime();
                }
                try (NDScope scope = new NDScope();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    scope.suppressNotUsedWarning();
                    gc.zeroGradients();
                    gc.backward(loss.compute(batch, norm).loss());
                }
            }
            double sec = (System.nanoTime() - start) / 1e9 / reps;
            System.out.printf("{\"bench\":\"loss_fwd_bwd\",\"B\":%d,\"T\":%d,\"ms\":%.3f,"
                    + "\"tokens_per_s\":%.0f}%n", b, t, sec * 1e3, b * t / sec);
        }
    }

    static void adamw(NDManager m, int millions) {
        try (NDManager local = m.newSubManager();
                AdamW opt = new AdamW(AdamWConfig.defaults(), local)) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            int rows = 1000;
            for (int i = 0; i < millions; i++) {
                NDArray p = local.randomNormal(new Shape(rows, 1000)).toType(DataType.FLOAT32, false);
                p.setRequiresGradient(true);
                params.put("p" + i, p);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray total = null;
                for (NDArray p : params.values()) {
                    NDArray s = p.mul(p).sum();
                    total = total == null ? s : total.add(s);
                }
                gc.backward(total);
            }
            int reps = 5;
            // Baseline: one in-place element-wise pass (p += 0·p) over the same parameters.
            long b0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    for (NDArray p : params.values()) {
                        p.addi(p.mul(0f));
                    }
                }
            }
            double base = (System.nanoTime() - b0) / 1e9 / reps;
            System.out.printf("{\"bench\":\"elementwise_mul_add_baseline\",\"params\":%d,"
                    + "\"ms\":%.1f}%n", millions * 1_000_000L, base * 1e3);
            opt.step(params, 1e-6, 1.0); // allocates the moments
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                opt.step(params, 1e-6, 1.0);
            }
            double sec = (System.nanoTime() - start) / 1e9 / reps;
            System.out.printf("{\"bench\":\"adamw_clip_step\",\"params\":%d,\"ms\":%.1f,"
                    + "\"ns_per_param\":%.2f,\"qwen3_0_6b_estimate_s\":%.2f}%n",
                    millions * 1_000_000L, sec * 1e3, sec * 1e9 / (millions * 1e6),
                    sec / (millions * 1e6) * 596e6);
        }
    }
}
