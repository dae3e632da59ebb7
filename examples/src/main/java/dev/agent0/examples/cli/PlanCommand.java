package dev.agent0.examples.cli;

import dev.agent0.core.model.CheckpointFormatException;
import dev.agent0.core.runtime.ByteSize;
import dev.agent0.rl.plan.MemoryPlan;
import dev.agent0.rl.selfplay.SelfPlayConfig;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Predicts a run's peak memory per phase before anything loads (docs/memory.md).
 *
 * <pre>
 * agent0 plan --config configs/qwen3-4b-base.yaml --model /models/Qwen3-4B-Base --memory 80GiB
 * </pre>
 *
 * Reads only the model's {@code config.json} (and its tokenizer, when present, for the prompts'
 * lengths): a folder holding just {@code config.json} is enough. Exit status 0 when the peak fits
 * the budget, 2 when it does not (the output names the knobs to turn), 2 on a bad config.
 */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = "Predict the peak memory of each phase of a run; exit 2 if it does not fit.")
final class PlanCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            required = true,
            description = "YAML or JSON run config (docs/selfplay.md).")
    Path config;

    @Option(
            names = "--model",
            description =
                    "A model folder (config.json; tokenizer optional) replacing the config's"
                            + " models.")
    Path model;

    @Option(
            names = "--memory",
            description =
                    "Budget, e.g. 80GiB; default the config's memory.budget (machine: this"
                            + " machine's RAM).")
    String memory;

    @Option(
            names = "--device",
            defaultValue = "cpu",
            description =
                    "cpu (the process's resident memory, JVM and libtorch included) or gpu (one"
                            + " card's memory: tensors and a CUDA context). Default:"
                            + " ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        MemoryPlan plan;
        try {
            SelfPlayConfig cfg = SelfPlayConfig.load(config);
            OptionalLong budget =
                    memory == null
                            ? OptionalLong.empty()
                            : OptionalLong.of(ByteSize.parse(memory, "--memory"));
            if (!device.equals("cpu") && !device.equals("gpu")) {
                throw new IllegalArgumentException("--device = " + device + ", must be cpu or gpu");
            }
            if (device.equals("gpu") && budget.isEmpty() && cfg.memory().budgetBytes().isEmpty()) {
                throw new IllegalArgumentException(
                        "--device gpu needs the card's memory: --memory (e.g. 80GiB) or"
                                + " memory.budget in the config");
            }
            plan = RunPlanning.plan(cfg, model, budget, device.equals("gpu"), OptionalLong.empty());
        } catch (IllegalArgumentException
                | IllegalStateException
                | CheckpointFormatException
                | UncheckedIOException e) {
            System.err.println("agent0 plan: " + e.getMessage());
            return 2;
        }
        System.out.print(json ? plan.toJson() + "\n" : plan.toText());
        return plan.fits() ? 0 : 2;
    }
}
