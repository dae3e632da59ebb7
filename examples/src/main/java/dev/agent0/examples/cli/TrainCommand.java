package dev.agent0.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.agent.PromptFormat;
import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.ChatTemplate;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.rl.selfplay.RunConfigMismatchException;
import dev.agent0.rl.selfplay.RunDirectory;
import dev.agent0.rl.selfplay.SelfPlayConfig;
import dev.agent0.rl.selfplay.SelfPlayLoop;
import dev.agent0.rl.selfplay.SelfPlayWorld;
import dev.agent0.sandbox.SandboxUnavailableException;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import dev.agent0.sandbox.local.PythonSandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs (or resumes) the Agent0 self-play loop.
 *
 * <pre>
 * agent0 train --config configs/tiny-smoke.yaml --out runs/tiny-smoke
 * </pre>
 *
 * A folder holding an unfinished run with the same config is resumed from its last committed
 * step; a folder whose config differs is refused, naming the differing fields. Prints
 * {@code {"out": DIR, "units": N, "seconds": S}}; logs and progress bars go to stderr (bars only
 * on a terminal; {@code -Dagent0.progress=false} turns them off).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Run or resume the Agent0 co-evolution loop (JSON summary on stdout).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "YAML or JSON config (docs/selfplay.md).")
    Path config;

    @Option(names = "--out", required = true, description = "Run folder; resumed when it holds this config's run.")
    Path out;

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (IllegalArgumentException | RunConfigMismatchException | SandboxUnavailableException e) {
            System.err.println("agent0 train: " + e.getMessage());
            return 2;
        }
    }

    private int run() throws Exception {
        long start = System.nanoTime();
        SelfPlayConfig cfg = SelfPlayConfig.load(config);
        Agent0Runtime.init(RuntimeOptions.defaults().withSeed(cfg.seed()));
        Path tokDir = Path.of(cfg.models().tokenizer());
        RunDirectory run = RunDirectory.open(out, cfg.toTree());
        try (HfTokenizer tokenizer = HfTokenizer.load(tokDir);
                PythonSandbox sandbox = cfg.executor().multiTurn() ? startSandbox(cfg) : null) {
            ChatTemplate template = tokenizer.chatTemplate().orElseThrow(() -> new IllegalArgumentException(
                    "models.tokenizer: " + tokDir + " has no chat template"));
            List<Integer> eos = new ArrayList<>();
            tokenizer.eosTokenId().ifPresent(eos::add);
            tokenizer.tokenId("<|im_end|>").ifPresent(id -> {
                if (!eos.contains(id)) {
                    eos.add(id);
                }
            });
            SelfPlayWorld world = new SelfPlayWorld(tokenizer, tokDir, PromptFormat.of(template, Map.of()), eos, sandbox,
                    m -> TurnGenerator.sessions(new Generator(m, tokenizer)));
            int units = new SelfPlayLoop(cfg, world, run).run();
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("out", out.toString()).put("resumed", run.resumed()).put("units", units)
                    .put("seconds", (System.nanoTime() - start) / 1e9);
            System.out.println(o);
            return 0;
        }
    }

    /** The real sandbox with the config's wall-clock limit and preloaded modules ({@code sandbox.*}). */
    private static PythonSandbox startSandbox(SelfPlayConfig cfg) {
        long ms = Math.round(cfg.sandbox().timeoutSeconds() * 1000);
        LocalSandboxConfig sc = LocalSandboxConfig.defaults();
        return PythonSandbox.start(sc.withLimits(sc.limits().withWallTimeMillis(ms))
                .withPreloadModules(cfg.sandbox().preload()));
    }
}
