package dev.agent0.examples.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationSession;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * Records PyTorch's per-op profile of greedy decode steps through the library, as a Chrome trace
 * that {@code benchmarks/op_profile.py java TRACE} sums per op.
 *
 * <pre>
 * java -cp examples/target/agent0.jar dev.agent0.examples.bench.OpProfile \
 *      DIR BATCH PROMPT STEPS THREADS TRACE
 * </pre>
 *
 * The prefill and two decode steps run first, unprofiled; then STEPS one-token rounds are recorded.
 * STEPS = 0 records the prefill round instead (a warm-up prefill of the same shape runs first).
 */
public final class OpProfile {
    private OpProfile() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int batch = Integer.parseInt(args[1]);
        int prompt = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        Agent0Runtime rt = Agent0Runtime.init(RuntimeOptions.defaults().withThreads(threads, 1));
        JniUtils.setGradMode(false);
        try (NDManager manager = NDManager.newBaseManager(rt.device());
                QwenModel model = new QwenModel(QwenWeights.load(dir, manager))) {
            List<int[]> prompts = BenchInputs.rows(batch, prompt, model.config().vocabSize());
            GenerationConfig one =
                    GenerationConfig.defaults()
                            .withSampling(SamplingConfig.greedy())
                            .withMaxNewTokens(1);
            if (steps == 0) {
                for (int r = 0; r < 2; r++) {
                    try (GenerationSession s =
                            new Generator(model, null).start(prompts, one, prompt + 1)) {
                        if (r == 1) {
                            JniUtils.startProfile(false, true, false);
                        }
                        s.generate();
                    }
                }
                JniUtils.stopProfile(args[5]);
                return;
            }
            try (GenerationSession s =
                    new Generator(model, null).start(prompts, one, prompt + steps + 3)) {
                s.generate();
                for (int r = 0; r < steps + 2; r++) {
                    if (r == 2) {
                        JniUtils.startProfile(false, true, false);
                    }
                    for (int i = 0; i < batch; i++) {
                        s.append(i, new int[0]);
                    }
                    s.generate();
                }
                JniUtils.stopProfile(args[5]);
            }
        }
    }
}
