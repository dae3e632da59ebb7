package dev.agent0.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationSession;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.generate.LogProbScorer;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.AttentionMasks;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.rl.optim.AdamWConfig;
import dev.agent0.rl.optim.LrSchedule;
import dev.agent0.rl.train.SftTrainer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Java half of the side-by-side benchmark against eager PyTorch ({@code benchmarks/run.sh}).
 *
 * <pre>
 * java -Xmx8g -cp examples/target/agent0.jar dev.agent0.examples.bench.SideBySideBenchmark \
 *      model=DIR shape=tiny parts=check,matmul,gen,score,train batches=1,16,64 prompt=32 new=64 \
 *      score=16x128 train=8x128 warmup=1 reps=5 threads=2 [check=DUMP_DIR]
 * </pre>
 *
 * Prints JSON lines (see {@link Measurement}). Timing protocol, the same as {@code
 * benchmarks/pytorch_baseline.py}: {@code warmup} untimed runs (and at least {@code warmup_s}
 * seconds of them), then {@code reps} timed ones. A generation run is one round of one token
 * through {@link GenerationSession} for the prefill, then new − 1 resumed rounds of one token each
 * (the decode steps), greedy, so EOS never ends a row early; only ids and their log-probs cross to
 * the host. Scoring is {@link LogProbScorer#score}; the training step is one {@link
 * SftTrainer#step} (forward, backward, global-norm clip 1.0, AdamW).
 */
public final class SideBySideBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SideBySideBenchmark() {}

    public static void main(String[] args) throws IOException {
        BenchOptions o = BenchOptions.parse(args);
        Agent0Runtime rt =
                Agent0Runtime.init(RuntimeOptions.defaults().withThreads(o.threads(), 1));
        JniUtils.setGradMode(false);
        try (NDManager manager = NDManager.newBaseManager(rt.device())) {
            // 1. The machine's matmul rate through the same engine, before anything else.
            if (o.parts().contains("matmul")) {
                print(matmul(o, manager).json());
            }
            // 2. The weights both sides load, from the same safetensors files.
            long t0 = System.nanoTime();
            QwenWeights weights = QwenWeights.load(o.model(), manager);
            long params = weights.parameters().values().stream().mapToLong(NDArray::size).sum();
            ObjectNode info =
                    JSON.createObjectNode()
                            .put("side", "java")
                            .put("shape", o.shape())
                            .put("what", "info")
                            .put("engine", rt.engine().getVersion())
                            .put("threads", o.threads())
                            .put("params", params)
                            .put("weight_bytes", params * 4)
                            .put("load_s", (System.nanoTime() - t0) / 1e9);
            print(info);
            try (QwenModel model = new QwenModel(weights)) {
                int vocab = model.config().vocabSize();
                // 3. Logits and greedy tokens of one prompt, for the Python side to compare.
                if (o.parts().contains("check") && o.check() != null) {
                    writeCheck(o, model, vocab);
                }
                // 4. Generation, prefill and decode, per batch size.
                if (o.parts().contains("gen")) {
                    for (int b : o.batches()) {
                        generation(o, model, b, vocab).forEach(m -> print(m.json()));
                    }
                }
                // 5. Log-prob scoring of whole sequences.
                if (o.parts().contains("score")) {
                    print(score(o, model, vocab).json());
                }
                // 6. The training step, last: it updates the weights.
                if (o.parts().contains("train")) {
                    train(o, model, vocab, manager);
                }
            }
        }
    }

    private static Measurement matmul(BenchOptions o, NDManager manager) {
        int n = 1024;
        double[] gflops = new double[10];
        try (NDManager m = manager.newSubManager()) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            for (int i = -3; i < gflops.length; i++) {
                long t = System.nanoTime();
                a.matMul(b).close();
                if (i >= 0) {
                    gflops[i] = 2.0 * n * n * n / (System.nanoTime() - t);
                }
            }
        }
        return new Measurement(o.shape(), "matmul", 1, "1024²", "GFLOP/s", gflops);
    }

    private static List<Measurement> generation(
            BenchOptions o, QwenModel model, int batch, int vocab) {
        List<int[]> prompts = BenchInputs.rows(batch, o.prompt(), vocab);
        Generator gen = new Generator(model, null);
        // Rounds of one token: the first is the prefill, each resumed round is exactly one decode
        // step.
        GenerationConfig one =
                GenerationConfig.defaults()
                        .withSampling(SamplingConfig.greedy())
                        .withMaxNewTokens(1)
                        .withSingleThreadBelow(o.singleThreadBelow());
        long w0 = System.nanoTime();
        for (int i = 0; o.warmingUp(i, System.nanoTime() - w0); i++) {
            rounds(gen, prompts, one, Math.min(o.newTokens(), o.warmupNew()));
        }
        double[] prefill = new double[o.reps()];
        double[] decode = new double[o.reps()];
        for (int i = 0; i < o.reps(); i++) {
            double[] t = rounds(gen, prompts, one, o.newTokens());
            prefill[i] = batch * o.prompt() / t[0];
            decode[i] = batch * (o.newTokens() - 1) / t[1];
        }
        return List.of(
                new Measurement(
                        o.shape(),
                        "prefill",
                        batch,
                        Integer.toString(o.prompt()),
                        "tok/s",
                        prefill),
                new Measurement(
                        o.shape(),
                        "decode",
                        batch,
                        o.prompt() + "+" + o.newTokens(),
                        "tok/s",
                        decode));
    }

    /** Seconds of the prefill round and of the {@code rounds − 1} one-token decode rounds. */
    private static double[] rounds(
            Generator gen, List<int[]> prompts, GenerationConfig cfg, int rounds) {
        try (GenerationSession s = gen.start(prompts, cfg, prompts.get(0).length + rounds)) {
            long t0 = System.nanoTime();
            s.generate();
            long t1 = System.nanoTime();
            for (int r = 1; r < rounds; r++) {
                for (int i = 0; i < prompts.size(); i++) {
                    s.append(i, new int[0]);
                }
                s.generate();
            }
            return new double[] {(t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9};
        }
    }

    private static Measurement score(BenchOptions o, QwenModel model, int vocab) {
        int b = o.score()[0];
        int t = o.score()[1];
        List<int[]> seqs = BenchInputs.rows(b, t, vocab);
        LogProbScorer scorer = new LogProbScorer(model);
        double[] rate = timed(o, () -> scorer.score(seqs), b * t);
        return new Measurement(o.shape(), "score", b, Integer.toString(t), "tok/s", rate);
    }

    private static void train(BenchOptions o, QwenModel model, int vocab, NDManager manager) {
        int b = o.train()[0];
        int t = o.train()[1];
        List<SftTrainer.Example> batch = new ArrayList<>();
        for (int[] s : BenchInputs.rows(b, t, vocab)) {
            float[] mask = new float[t];
            Arrays.fill(
                    mask, 1, t, 1f); // every token but the first is a target, as the Python side
            batch.add(new SftTrainer.Example(s, mask));
        }
        List<Double> losses = new ArrayList<>();
        try (SftTrainer trainer =
                new SftTrainer(
                        model,
                        AdamWConfig.defaults(),
                        LrSchedule.constant(o.lr(), 0),
                        1.0,
                        b,
                        0,
                        manager)) {
            // A fixed number of warm-up steps (not warmup_s): every side must take the same
            // updates.
            for (int i = 0; i < o.warmupTrain(); i++) {
                losses.add(trainer.step(batch));
            }
            double[] rate = timed(o.withoutWarmup(), () -> losses.add(trainer.step(batch)), b * t);
            ObjectNode line =
                    new Measurement(o.shape(), "train", b, Integer.toString(t), "tok/s", rate)
                            .json();
            print(
                    line.put("loss_first", losses.get(0))
                            .put("loss_last", losses.get(losses.size() - 1)));
        }
    }

    /** Tokens/s of {@code reps} timed calls after {@code warmup} untimed ones. */
    private static double[] timed(BenchOptions o, Runnable call, long tokensPerCall) {
        long w0 = System.nanoTime();
        for (int i = 0; o.warmingUp(i, System.nanoTime() - w0); i++) {
            call.run();
        }
        double[] rate = new double[o.reps()];
        for (int i = 0; i < rate.length; i++) {
            long t = System.nanoTime();
            call.run();
            rate[i] = tokensPerCall / ((System.nanoTime() - t) / 1e9);
        }
        return rate;
    }

    /**
     * Writes {@code check.json} (prompt, greedy tokens) and {@code logits.f32} ([T, V]
     * little-endian).
     */
    private static void writeCheck(BenchOptions o, QwenModel model, int vocab) throws IOException {
        int[] prompt = BenchInputs.row(0, o.checkLen(), vocab);
        float[] logits;
        try (NDManager m = model.newManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            boolean[][] keep = new boolean[1][prompt.length];
            Arrays.fill(keep[0], true);
            NDArray ids =
                    m.create(
                            Arrays.stream(prompt).asLongStream().toArray(),
                            new Shape(1, prompt.length));
            NDArray mask = AttentionMasks.causal(m, keep, DataType.FLOAT32);
            logits = model.logits(ids, AttentionMasks.positions(m, keep), mask).toFloatArray();
        }
        GenerationConfig greedy =
                GenerationConfig.defaults()
                        .withSampling(SamplingConfig.greedy())
                        .withMaxNewTokens(o.checkNew());
        int[] tokens =
                new Generator(model, null).generate(List.of(prompt), greedy).get(0).tokenIds();
        Files.createDirectories(o.check());
        ByteBuffer buf = ByteBuffer.allocate(logits.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(logits);
        Files.write(o.check().resolve("logits.f32"), buf.array());
        ObjectNode meta = JSON.createObjectNode();
        Arrays.stream(prompt).forEach(meta.putArray("prompt")::add);
        Arrays.stream(tokens).forEach(meta.putArray("greedy")::add);
        meta.putArray("shape").add(prompt.length).add(vocab);
        Files.writeString(o.check().resolve("check.json"), meta.toString());
    }

    private static void print(ObjectNode line) {
        System.out.println(line);
        System.out.flush();
    }
}
