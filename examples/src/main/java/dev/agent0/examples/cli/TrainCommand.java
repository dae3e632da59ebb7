package dev.agent0.examples.cli;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.agent.PromptFormat;
import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.ChatTemplate;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.examples.tinyworld.TinyWorldBase;
import dev.agent0.examples.tinyworld.TinyWorldFormat;
import dev.agent0.examples.tinyworld.TinyWorldModel;
import dev.agent0.rl.plan.MemoryPlan;
import dev.agent0.rl.selfplay.RolloutEngine;
import dev.agent0.rl.selfplay.RunDirectory;
import dev.agent0.rl.selfplay.SelfPlayConfig;
import dev.agent0.rl.selfplay.SelfPlayLoop;
import dev.agent0.rl.selfplay.SelfPlayWorld;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import dev.agent0.sandbox.local.PythonSandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs (or resumes) the Agent0 self-play loop.
 *
 * <pre>
 * agent0 train --config configs/tiny-smoke.yaml --out runs/tiny-smoke
 * </pre>
 *
 * A folder holding an unfinished run with the same config is resumed from its last committed step;
 * a folder whose config differs is refused, naming the differing fields. Prints {@code {"out": DIR,
 * "units": N, "seconds": S}}; logs and progress bars go to stderr (bars only on a terminal; {@code
 * -Dagent0.progress=false} turns them off).
 *
 * <p>The value {@value #TINY_WORLD} for {@code models.tokenizer}, {@code models.curriculum} or
 * {@code models.executor} means the tiny-world base shipped in this jar (extracted into {@code
 * DIR/base}); with the tiny-world tokenizer the agents use the tiny world's turn formats instead of
 * a chat template. The config snapshot keeps the word, not the extracted path, so a moved run
 * folder still resumes.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Run or resume the Agent0 co-evolution loop (JSON summary on stdout).")
final class TrainCommand implements Callable<Integer> {
    /** The models keyword for the tiny-world base shipped in this jar. */
    static final String TINY_WORLD = "tiny-world";

    @Spec CommandSpec spec;

    @Option(
            names = "--config",
            required = true,
            description = "YAML or JSON config (docs/selfplay.md).")
    Path config;

    @Option(
            names = "--out",
            required = true,
            description = "Run folder; resumed when it holds this config's run.")
    Path out;

    @Option(
            names = "--device",
            defaultValue = "auto",
            description =
                    "cpu, gpu or auto (a GPU when the engine sees one). Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(
            names = "--skip-plan",
            description =
                    "Start even when the memory planner predicts the run does not fit (agent0"
                            + " plan).")
    boolean skipPlan;

    @Option(
            names = "--engine-url",
            description =
                    "An OpenAI-compatible server for the rollouts (repeatable); replaces"
                            + " engine.baseUrls of the config, whose engine.type must be http."
                            + " Not part of the run's identity: a resumed run may use others.")
    List<String> engineUrls = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (RuntimeException e) {
            return RunFailures.report("agent0 train", e, spec.commandLine().getErr());
        }
    }

    private int run() throws Exception {
        long start = System.nanoTime();
        SelfPlayConfig asWritten = SelfPlayConfig.load(config);
        Agent0Runtime rt =
                Agent0Runtime.init(
                        RuntimeOptions.defaults().withDevice(device).withSeed(asWritten.seed()));
        // Refuse, before anything loads, a run the planner says cannot fit (docs/memory.md).
        MemoryPlan plan =
                RunPlanning.plan(
                        asWritten,
                        null,
                        OptionalLong.empty(),
                        rt.device().isGpu(),
                        deviceMemory(rt.device()));
        if (!plan.fits() && !skipPlan) {
            spec.commandLine()
                    .getErr()
                    .print(
                            "agent0 train: the run does not fit (agent0 plan; --skip-plan starts it"
                                    + " anyway):\n"
                                    + plan.toText());
            spec.commandLine().getErr().flush();
            return 2;
        }
        RunDirectory run = RunDirectory.open(out, asWritten.toTree());
        SelfPlayConfig cfg = withShippedBase(asWritten, out.toAbsolutePath().resolve("base"));
        if (!engineUrls.isEmpty()) {
            cfg = cfg.withEngineUrls(engineUrls);
        }
        boolean tinyWorld = TINY_WORLD.equals(asWritten.models().tokenizer());
        Path tokDir = Path.of(cfg.models().tokenizer());
        try (HfTokenizer tokenizer = HfTokenizer.load(tokDir);
                PythonSandbox sandbox =
                        cfg.executor().rollout().multiTurn() ? startSandbox(cfg) : null;
                // In this process, or on the config's servers with each adapter published first.
                RolloutEngine engine = RolloutEngine.open(cfg, tokenizer)) {
            Function<QwenModel, TurnGenerator.Factory> generators = engine.generators();
            SelfPlayWorld world =
                    tinyWorld
                            ? new SelfPlayWorld(
                                    tokenizer,
                                    tokDir,
                                    TinyWorldFormat.EXECUTOR,
                                    TinyWorldFormat.CURRICULUM,
                                    List.of(TinyWorldModel.eosTokenId()),
                                    sandbox,
                                    generators,
                                    null)
                            : chatWorld(tokenizer, tokDir, sandbox, generators);
            int units = new SelfPlayLoop(cfg, world, run, rt.device()).run();
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("out", out.toString())
                    .put("resumed", run.resumed())
                    .put("units", units)
                    .put("seconds", (System.nanoTime() - start) / 1e9);
            System.out.println(o);
            return 0;
        }
    }

    /** A GPU's memory as the driver reports it; empty on the CPU (the planner uses the RAM). */
    private static OptionalLong deviceMemory(Device device) {
        if (!device.isGpu()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(CudaUtils.getGpuMemory(device).getMax());
    }

    /**
     * Agents prompted through the tokenizer's chat template, ending turns at EOS or {@code
     * <|im_end|>}.
     */
    private static SelfPlayWorld chatWorld(
            HfTokenizer tokenizer,
            Path tokDir,
            PythonSandbox sandbox,
            Function<QwenModel, TurnGenerator.Factory> generators) {
        ChatTemplate template =
                tokenizer
                        .chatTemplate()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "models.tokenizer: "
                                                        + tokDir
                                                        + " has no chat template"));
        List<Integer> eos = new ArrayList<>();
        tokenizer.eosTokenId().ifPresent(eos::add);
        tokenizer
                .tokenId("<|im_end|>")
                .ifPresent(
                        id -> {
                            if (!eos.contains(id)) {
                                eos.add(id);
                            }
                        });
        return new SelfPlayWorld(
                tokenizer, tokDir, PromptFormat.of(template, Map.of()), eos, sandbox, generators);
    }

    /**
     * {@code cfg} with every {@value #TINY_WORLD} model entry replaced by the shipped base,
     * extracted into {@code base}; unchanged (and nothing extracted) when no entry names it.
     */
    static SelfPlayConfig withShippedBase(SelfPlayConfig cfg, Path base) {
        SelfPlayConfig.Models m = cfg.models();
        if (!TINY_WORLD.equals(m.tokenizer())
                && !TINY_WORLD.equals(m.curriculum())
                && !TINY_WORLD.equals(m.executor())) {
            return cfg;
        }
        TinyWorldBase.extract(base);
        String b = base.toString();
        ObjectNode tree = (ObjectNode) cfg.toTree();
        ObjectNode models = (ObjectNode) tree.get("models");
        for (String f : List.of("tokenizer", "curriculum", "executor")) {
            if (TINY_WORLD.equals(models.get(f).asText())) {
                models.put(f, b);
            }
        }
        return SelfPlayConfig.fromTree(tree);
    }

    /**
     * The real sandbox with the config's wall-clock limit and preloaded modules ({@code
     * sandbox.*}).
     */
    private static PythonSandbox startSandbox(SelfPlayConfig cfg) {
        long ms = Math.round(cfg.sandbox().timeoutSeconds() * 1000);
        LocalSandboxConfig sc = LocalSandboxConfig.defaults();
        return PythonSandbox.start(
                sc.withLimits(sc.limits().withWallTimeMillis(ms))
                        .withPreloadModules(cfg.sandbox().preload()));
    }
}
