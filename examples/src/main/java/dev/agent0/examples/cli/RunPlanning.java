package dev.agent0.examples.cli;

import dev.agent0.core.agent.PromptFormat;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.examples.tinyworld.TinyWorldFormat;
import dev.agent0.examples.tinyworld.TinyWorldModel;
import dev.agent0.rl.plan.MemoryPlan;
import dev.agent0.rl.plan.MemoryPlanner;
import dev.agent0.rl.plan.Workload;
import dev.agent0.rl.selfplay.SelfPlayConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What {@code agent0 plan} and {@code agent0 train} share: the model's shape from its {@code
 * config.json} (no weights), the prompts' token counts from its tokenizer, the budget, and the
 * {@link MemoryPlanner}'s verdict.
 */
final class RunPlanning {
    private RunPlanning() {}

    /**
     * The plan of {@code cfg}.
     *
     * @param model a folder whose {@code config.json} (and tokenizer, when present) replace the
     *     config's models; null to read the config's own
     * @param budget bytes the run may use; empty for the config's {@code memory.budget}
     * @param gpu plan the memory of one GPU (tensors and a CUDA context) instead of the CPU
     *     process's resident memory
     * @param deviceMemory the device's memory, for {@code memory.budget: machine}; empty for this
     *     machine's RAM
     */
    static MemoryPlan plan(
            SelfPlayConfig cfg,
            Path model,
            OptionalLong budget,
            boolean gpu,
            OptionalLong deviceMemory) {
        String source = model != null ? model.toString() : cfg.models().curriculum();
        if (!source.equals(TrainCommand.TINY_WORLD)
                && !source.equals("random")
                && !Files.isRegularFile(Path.of(source, "config.json"))) {
            throw new IllegalArgumentException(
                    (model != null ? "--model " : "models.curriculum = ")
                            + source
                            + ": no config.json there (the planner reads the model's shape from it;"
                            + " --model DIR names another folder)");
        }
        QwenConfig shape = shape(cfg, source);
        int[] prompts = promptTokens(cfg, model != null ? model.toString() : null);
        Workload w = Workload.of(cfg, prompts[0], prompts[1]);
        long bytes =
                budget.orElse(
                        cfg.memory().budgetBytes().orElse(deviceMemory.orElse(machineMemory())));
        return gpu
                ? MemoryPlanner.planGpu(shape, w, bytes)
                : MemoryPlanner.plan(shape, w, bytes, Runtime.getRuntime().maxMemory());
    }

    /** This machine's physical memory. */
    static long machineMemory() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
    }

    private static QwenConfig shape(SelfPlayConfig cfg, String source) {
        return switch (source) {
            case TrainCommand.TINY_WORLD -> TinyWorldModel.shape();
            case "random" -> SelfPlayConfig.Models.randomShape(vocabulary(cfg));
            default -> QwenConfig.load(Path.of(source));
        };
    }

    private static int vocabulary(SelfPlayConfig cfg) {
        String tok = cfg.models().tokenizer();
        if (TrainCommand.TINY_WORLD.equals(tok)) {
            return TinyWorldModel.shape().vocabSize();
        }
        try (HfTokenizer t = HfTokenizer.load(Path.of(tok))) {
            return t.vocabSize();
        }
    }

    /**
     * Tokens of the curriculum's prompt and of the executor's prompt without its problem, from the
     * tokenizer of {@code model} (or the config's); three characters a token when there is no
     * tokenizer to ask.
     */
    private static int[] promptTokens(SelfPlayConfig cfg, String model) {
        var cur = cfg.curriculum().generation();
        String exeSystem = cfg.executor().rollout().systemPrompt();
        String tok = model != null ? model : cfg.models().tokenizer();
        if (TrainCommand.TINY_WORLD.equals(tok)) {
            return new int[] {
                estimate(TinyWorldFormat.CURRICULUM.render("", "")),
                estimate(TinyWorldFormat.EXECUTOR.render("", ""))
            };
        }
        Path dir = Path.of(tok);
        if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            try (HfTokenizer t = HfTokenizer.load(dir)) {
                if (t.chatTemplate().isPresent()) {
                    PromptFormat f = PromptFormat.of(t.chatTemplate().get(), Map.of());
                    return new int[] {
                        t.encode(f.render(cur.systemPrompt(), cur.userPrompt())).length,
                        t.encode(f.render(exeSystem, "")).length
                    };
                }
            }
        }
        return new int[] {
            estimate(cur.systemPrompt() + cur.userPrompt()) + 16, estimate(exeSystem) + 16
        };
    }

    private static int estimate(String text) {
        return Math.max(1, text.length() / 3);
    }
}
