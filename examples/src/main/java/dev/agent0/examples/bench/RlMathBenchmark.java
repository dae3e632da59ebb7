package dev.agent0.examples.bench;

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
 * java -cp examples/target/agent0.jar dev.agent0.examples.bench.RlMathBenchmark \
 *      [threads] [adamwParamsMillions] [rowsOf1000PerParam]
 * </pre>
 *
 * Prints one JSON line per measurement.
 */
public final class RlMathBenchmark {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int millions = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        // Rows of 1000 per parameter: 1000 = 4 MB arrays; 155000 = one embedding-sized (Qwen3-0.6B)
        // array.
        int rowsPerParam = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(threads, 1));
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] bt : new int[][] {{16, 256}, {16, 1024}, {64, 4096}}) {
                loss(m, bt[0], bt[1]);
            }
            adamw(m, millions, rowsPerParam);
        }
    }

    static void loss(NDManager m, int b, int t) {
        PolicyLossConfig cfg = PolicyLossConfig.defaults().withDualClip(3);
        try (NDManager local = m.newSubManager();
                PolicyLoss loss = new PolicyLoss(cfg, local)) {
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
            System.out.printf(
                    "{\"bench\":\"loss_fwd_bwd\",\"B\":%d,\"T\":%d,\"ms\":%.3f,"
                            + "\"tokens_per_s\":%.0f}%n",
                    b, t, sec * 1e3, b * t / sec);
        }
    }

    static void adamw(NDManager m, int millions, int rowsPerParam) {
        for (long chunk : new long[] {Long.MAX_VALUE, AdamW.DEFAULT_CHUNK}) {
            adamw(m, millions, rowsPerParam, chunk);
        }
    }

    static void adamw(NDManager m, int millions, int rowsPerParam, long chunk) {
        try (NDManager local = m.newSubManager();
                AdamW opt = new AdamW(AdamWConfig.defaults(), local, chunk)) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            int rows = rowsPerParam;
            int count = Math.max(1, millions * 1000 / rows);
            long total = (long) count * rows * 1000;
            for (int i = 0; i < count; i++) {
                NDArray p =
                        local.randomNormal(new Shape(rows, 1000)).toType(DataType.FLOAT32, false);
                p.setRequiresGradient(true);
                params.put("p" + i, p);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray sum = null;
                for (NDArray p : params.values()) {
                    NDArray s = p.mul(p).sum();
                    sum = sum == null ? s : sum.add(s);
                }
                gc.backward(sum);
            }
            int reps = 5;
            opt.step(params, 1e-6, 1.0); // allocates the moments
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                opt.step(params, 1e-6, 1.0);
            }
            double sec = (System.nanoTime() - start) / 1e9 / reps;
            System.out.printf(
                    "{\"bench\":\"adamw_clip_step\",\"params\":%d,\"param_shape\":\"%dx1000\","
                            + "\"slice\":\"%s\",\"ms\":%.1f,\"ns_per_param\":%.2f}%n",
                    total,
                    rows,
                    chunk == Long.MAX_VALUE ? "whole" : Long.toString(chunk),
                    sec * 1e3,
                    sec * 1e9 / total);
        }
    }
}
