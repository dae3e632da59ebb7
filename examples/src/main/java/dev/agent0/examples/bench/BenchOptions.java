package dev.agent0.examples.bench;

import dev.agent0.core.generate.GenerationConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one side-by-side run measures. Parsed from {@code key=value} arguments with the same keys
 * and defaults as {@code benchmarks/pytorch_baseline.py}, so run.sh passes one string to both.
 *
 * @param model Hugging Face folder (config.json + safetensors) both sides load. Required.
 * @param shape label of the model in the output (tiny, 0.6b, …). Default "model".
 * @param parts subset of check, matmul, gen, score, train. Default all.
 * @param batches generation batch sizes. Default 1,16,64.
 * @param prompt prompt tokens per sequence, >= 1. Default 32.
 * @param newTokens greedy tokens generated per sequence ({@code new}), >= 2. Default 64.
 * @param score scoring shape, batch × length ({@code score=16x128}). Default 16 × 128.
 * @param train SFT step shape, batch × length ({@code train=8x128}). Default 8 × 128.
 * @param warmup untimed runs before the timed ones, >= 0. Default 1.
 * @param reps timed runs, >= 1; the table shows their median and min–max. Default 5.
 * @param threads PyTorch intra-op threads, >= 1. Default 2.
 * @param check folder to write the logits/greedy dump the Python side compares; null skips.
 * @param lr AdamW learning rate of the training step. Default 1e-5.
 * @param checkLen prompt length of the logits check. Default 16.
 * @param checkNew greedy tokens of the check. Default 8.
 * @param warmupNew tokens of a generation warm-up run (capped at new), >= 2. Default 8.
 * @param warmupSeconds warm-up also lasts at least this long ({@code warmup_s}), >= 0: the JVM
 *     compiles hot code in the background for its first seconds, and tiny-shape runs of a few ms
 *     each were timed before that settled. Default 0. Not for the training step, which updates the
 *     weights: every side must take the same steps.
 * @param warmupTrain untimed training steps ({@code warmup_train}), >= 0. Default: {@code warmup}.
 * @param singleThreadBelow the generation rows' {@code GenerationConfig#singleThreadBelow} ({@code
 *     single_thread_below}), >= 0: to measure the one-thread crossover. Java only (the Python side
 *     has no such switch). Default: the library's default.
 */
public record BenchOptions(
        Path model,
        String shape,
        Set<String> parts,
        int[] batches,
        int prompt,
        int newTokens,
        int[] score,
        int[] train,
        int warmup,
        int reps,
        int threads,
        Path check,
        double lr,
        int checkLen,
        int checkNew,
        int warmupNew,
        double warmupSeconds,
        int warmupTrain,
        long singleThreadBelow) {
    private static final Map<String, String> DEFAULTS = defaults();

    public BenchOptions {
        arg(model != null, "model=DIR is required (a Hugging Face folder)");
        arg(PARTS.containsAll(parts), "parts = %s, each must be one of %s", parts, PARTS);
        arg(
                batches.length > 0 && Arrays.stream(batches).allMatch(b -> b >= 1),
                "batches = %s, each must be >= 1",
                Arrays.toString(batches));
        arg(prompt >= 1, "prompt = %s, must be >= 1", prompt);
        arg(
                newTokens >= 2,
                "new = %s, must be >= 2: decode is timed from the second token",
                newTokens);
        arg(
                score[0] >= 1 && score[1] >= 2,
                "score = %sx%s, need batch >= 1 and length >= 2",
                score[0],
                score[1]);
        arg(
                train[0] >= 1 && train[1] >= 2,
                "train = %sx%s, need batch >= 1 and length >= 2",
                train[0],
                train[1]);
        arg(warmup >= 0, "warmup = %s, must be >= 0", warmup);
        arg(reps >= 1, "reps = %s, must be >= 1", reps);
        arg(threads >= 1, "threads = %s, must be >= 1", threads);
        arg(lr > 0, "lr = %s, must be > 0", lr);
        arg(
                warmupNew >= 2,
                "warmup_new = %s, must be >= 2 (a prefill and a decode step)",
                warmupNew);
        arg(warmupSeconds >= 0, "warmup_s = %s, must be >= 0", warmupSeconds);
        arg(warmupTrain >= 0, "warmup_train = %s, must be >= 0", warmupTrain);
        arg(singleThreadBelow >= 0, "single_thread_below = %s, must be >= 0", singleThreadBelow);
        arg(
                checkLen >= 1 && checkNew >= 1,
                "check_len = %s, check_new = %s, both must be >= 1",
                checkLen,
                checkNew);
    }

    /**
     * Whether another warm-up run is due after {@code done} runs and {@code elapsedNanos} of
     * warming up.
     */
    public boolean warmingUp(int done, long elapsedNanos) {
        return done < warmup || elapsedNanos < warmupSeconds * 1e9;
    }

    /** These options with no warm-up at all (the caller has warmed up). */
    public BenchOptions withoutWarmup() {
        return new BenchOptions(
                model,
                shape,
                parts,
                batches,
                prompt,
                newTokens,
                score,
                train,
                0,
                reps,
                threads,
                check,
                lr,
                checkLen,
                checkNew,
                warmupNew,
                0,
                warmupTrain,
                singleThreadBelow);
    }

    /** The parts a run can have. */
    public static final Set<String> PARTS = Set.of("check", "matmul", "gen", "score", "train");

    /** Parses {@code key=value} arguments; an IllegalArgumentException names an unknown key. */
    public static BenchOptions parse(String... args) {
        Map<String, String> a = KeyValueArgs.parse(args, DEFAULTS);
        return new BenchOptions(
                a.get("model").isEmpty() ? null : Path.of(a.get("model")),
                a.get("shape"),
                Set.copyOf(List.of(a.get("parts").split(","))),
                ints(a.get("batches"), ","),
                Integer.parseInt(a.get("prompt")),
                Integer.parseInt(a.get("new")),
                ints(a.get("score"), "x"),
                ints(a.get("train"), "x"),
                Integer.parseInt(a.get("warmup")),
                Integer.parseInt(a.get("reps")),
                Integer.parseInt(a.get("threads")),
                a.get("check").isEmpty() ? null : Path.of(a.get("check")),
                Double.parseDouble(a.get("lr")),
                Integer.parseInt(a.get("check_len")),
                Integer.parseInt(a.get("check_new")),
                Integer.parseInt(a.get("warmup_new")),
                Double.parseDouble(a.get("warmup_s")),
                Integer.parseInt(
                        a.get("warmup_train").isEmpty() ? a.get("warmup") : a.get("warmup_train")),
                Long.parseLong(a.get("single_thread_below")));
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("model", "");
        d.put("shape", "model");
        d.put("parts", "check,matmul,gen,score,train");
        d.put("batches", "1,16,64");
        d.put("prompt", "32");
        d.put("new", "64");
        d.put("score", "16x128");
        d.put("train", "8x128");
        d.put("warmup", "1");
        d.put("reps", "5");
        d.put("threads", "2");
        d.put("check", "");
        d.put("expected", ""); // the Python side's fixture check; the Java tests cover it here
        d.put("lr", "1e-5");
        d.put("check_len", "16");
        d.put("check_new", "8");
        d.put("warmup_new", "8");
        d.put("warmup_s", "0");
        d.put("warmup_train", "");
        d.put("single_thread_below", Long.toString(GenerationConfig.DEFAULT_SINGLE_THREAD_BELOW));
        return d;
    }

    private static int[] ints(String s, String sep) {
        return Arrays.stream(s.split(sep)).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
    }

    private static void arg(boolean ok, String format, Object... values) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(format, values));
        }
    }
}
