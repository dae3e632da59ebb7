package dev.agent0.examples.cli;

import ai.djl.ndarray.NDManager;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.examples.tinyworld.ArithmeticWorld;
import dev.agent0.examples.tinyworld.GateConfig;
import dev.agent0.examples.tinyworld.GateResult;
import dev.agent0.examples.tinyworld.PretrainGate;
import dev.agent0.examples.tinyworld.TinyWorldAgents;
import dev.agent0.examples.tinyworld.TinyWorldBase;
import dev.agent0.examples.tinyworld.TinyWorldFormat;
import dev.agent0.examples.tinyworld.TinyWorldModel;
import dev.agent0.sandbox.SandboxUnavailableException;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import dev.agent0.sandbox.local.PythonSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The tiny world's pre-RL gate: may this base start label-free self-play?
 *
 * <pre>
 * agent0 gate [--world tiny|frontier] [--model DIR]
 * </pre>
 *
 * Prints each criterion (format ≥ 99 %, sampled tool rate ≥ 20 % on L4–L6, majority-vote
 * pseudo-label accuracy ≥ 0.85, all on L1..L6 in both worlds); exit code 0 when all pass, 1 when
 * one fails.
 */
@Command(
        name = "gate",
        mixinStandardHelpOptions = true,
        description =
                "Check a tiny-world base against the pre-RL gate (default: the shipped base).")
final class GateCommand implements Callable<Integer> {
    @Option(
            names = "--world",
            defaultValue = "tiny",
            description =
                    "tiny or frontier: whose shipped base and budgets. Default: ${DEFAULT-VALUE}.")
    String world;

    @Option(
            names = "--model",
            description = "A tiny-world Hugging Face folder (default: the shipped base).")
    Path model;

    @Option(
            names = "--problems-per-level",
            defaultValue = "20",
            description = "Labelled problems per level. Default: ${DEFAULT-VALUE}.")
    int perLevel;

    @Override
    public Integer call() throws Exception {
        Agent0Runtime rt = Agent0Runtime.init(RuntimeOptions.defaults());
        ArithmeticWorld w;
        GateConfig config;
        try {
            w = ArithmeticWorld.parse(world);
            config = w.gateConfig().withProblemsPerLevel(perLevel);
        } catch (IllegalArgumentException e) {
            System.err.println("agent0 gate: " + e.getMessage());
            return 2;
        }
        Path dir = model;
        if (dir == null) {
            dir = TinyWorldBase.extract(w, Files.createTempDirectory("agent0-base"));
        }
        try (NDManager manager = NDManager.newBaseManager(rt.device());
                HfTokenizer tokenizer = HfTokenizer.load(dir);
                QwenModel base = new QwenModel(QwenWeights.load(dir, manager));
                PythonSandbox sandbox =
                        PythonSandbox.start(
                                LocalSandboxConfig.defaults().withPreloadModules(List.of()))) {
            TinyWorldAgents agents =
                    TinyWorldAgents.of(
                            tokenizer,
                            TinyWorldFormat.EXECUTOR,
                            TinyWorldFormat.CURRICULUM,
                            List.of(TinyWorldModel.eosTokenId()),
                            sandbox);
            GateResult r = new PretrainGate(agents, config).check(base);
            System.out.println(r.describe());
            return r.passed() ? 0 : 1;
        } catch (IllegalArgumentException | SandboxUnavailableException e) {
            System.err.println("agent0 gate: " + e.getMessage());
            return 2;
        }
    }
}
