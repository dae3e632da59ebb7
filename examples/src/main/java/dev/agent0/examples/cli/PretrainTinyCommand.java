package dev.agent0.examples.cli;

import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.examples.tinyworld.ArithmeticWorld;
import dev.agent0.examples.tinyworld.PretrainConfig;
import dev.agent0.examples.tinyworld.TinyWorldCorpus;
import dev.agent0.examples.tinyworld.TinyWorldPretraining;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Regenerates an embedded world's base model (the ones shipped in the jar) from scratch.
 *
 * <pre>
 * agent0 pretrain-tiny --out DIR [--world tiny|frontier] [--steps 2400] [--seed 0]
 *                      [--tool-rate r1,...,r6] [--wrong-digit-rate w1,...,w6]
 * </pre>
 *
 * With the defaults and 2 PyTorch threads it reproduces the shipped base bit for bit on x86-64 CPU.
 */
@Command(
        name = "pretrain-tiny",
        mixinStandardHelpOptions = true,
        description =
                "Pretrain the tiny world's base model from synthetic transcripts (TINY-WORLD.md"
                        + " recipe).")
final class PretrainTinyCommand implements Callable<Integer> {
    @Option(
            names = "--out",
            required = true,
            description = "New (or empty) folder for the Hugging Face checkpoint.")
    Path out;

    @Option(
            names = "--world",
            defaultValue = "tiny",
            description =
                    "tiny or frontier: the frontier world's curriculum role also writes F1..F3"
                            + " questions (5 %%). Default: ${DEFAULT-VALUE}.")
    String world;

    @Option(
            names = "--steps",
            defaultValue = "2400",
            description = "Optimiser steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of weights, corpus and order. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--tool-rate",
            split = ",",
            paramLabel = "R",
            description =
                    "Share of executor transcripts that use the tool, one value per level L1..L6. "
                            + "Default: the shipped recipe (TinyWorldCorpus.Mix.defaults()).")
    double[] toolRate;

    @Option(
            names = "--wrong-digit-rate",
            split = ",",
            paramLabel = "W",
            description =
                    "Probability that a direct answer has one wrong digit, one value per level"
                            + " L1..L6. Default: the shipped recipe.")
    double[] wrongDigitRate;

    @Option(
            names = "--threads",
            defaultValue = "2",
            description =
                    "PyTorch intra-op threads; results are bit-identical only for the same count."
                            + " Default: ${DEFAULT-VALUE}.")
    int threads;

    @Override
    public Integer call() {
        PretrainConfig config;
        try {
            config = ArithmeticWorld.parse(world).pretrainConfig().withSteps(steps).withSeed(seed);
            TinyWorldCorpus.Mix mix = config.mix();
            if (toolRate != null || wrongDigitRate != null) {
                config =
                        config.withMix(
                                new TinyWorldCorpus.Mix(
                                        toolRate != null ? toolRate : mix.toolRate(),
                                        wrongDigitRate != null
                                                ? wrongDigitRate
                                                : mix.wrongDigitRate(),
                                        mix.curriculumShare(),
                                        mix.frontierQuestionShare(),
                                        mix.mixedShapes()));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("agent0 pretrain-tiny: " + e.getMessage());
            return 2;
        }
        Agent0Runtime.init(RuntimeOptions.defaults().withSeed(seed).withThreads(threads, 1));
        try (ProgressBar bar =
                new ProgressBarBuilder()
                        .setTaskName("pretrain")
                        .setInitialMax(steps)
                        .setConsumer(
                                new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                        .build()) {
            TinyWorldPretraining.Result r = new TinyWorldPretraining(config).run(out, bar::stepTo);
            bar.close();
            System.out.printf(
                    "base model: %s (loss %.4f -> %.4f, %.0f s)%n",
                    r.dir(), r.firstLoss(), r.lastLoss(), r.seconds());
        }
        return 0;
    }
}
