package dev.agent0.examples.tinyworld;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.rl.selfplay.RolloutEngine;
import dev.agent0.rl.selfplay.RunDirectory;
import dev.agent0.rl.selfplay.SelfPlayConfig;
import dev.agent0.rl.selfplay.SelfPlayLoop;
import dev.agent0.rl.selfplay.SelfPlayWorld;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import dev.agent0.sandbox.local.PythonSandbox;
import java.nio.file.Path;
import java.util.List;

/**
 * The self-play demo of an embedded world ({@link ArithmeticWorld}): Agent0 with zero labels from
 * the world's shipped base, on a CPU.
 *
 * <p>Reads like the algorithm: extract the base into the run folder, set up the world (tokenizer,
 * the two role formats, the sandbox, the held-out evaluator), run the co-evolution loop (which
 * evaluates before training and after every iteration, and resumes an interrupted run), then write
 * the report. Every model path of the config is replaced by the extracted base.
 */
public final class TinyWorldDemo {
    private final SelfPlayConfig config;
    private final Path out;
    private final int evalPerLevel;
    private final Path baseSource;
    private final ArithmeticWorld world;
    private final int evalEvery;

    /**
     * @param config the run's config; its {@code models} section is replaced by the shipped base
     * @param out the run folder (resumed when it holds an unfinished run of the same config)
     * @param evalPerLevel held-out problems per level (the standard set's first ones), 1 to {@link
     *     HeldOutSet#MAX_PER_LEVEL}; {@link HeldOutSet#DEFAULT_PER_LEVEL} for the reported numbers
     */
    public TinyWorldDemo(JsonNode config, Path out, int evalPerLevel) {
        this(config, out, evalPerLevel, null);
    }

    /**
     * A demo from a base of one's own instead of the shipped one.
     *
     * @param baseSource a folder written by {@code agent0 pretrain-tiny}, copied into {@code
     *     out/base}; null for the shipped base
     */
    public TinyWorldDemo(JsonNode config, Path out, int evalPerLevel, Path baseSource) {
        this(ArithmeticWorld.TINY, config, out, evalPerLevel, baseSource);
    }

    /**
     * The demo of {@code world}: its shipped base (or {@code baseSource}), its held-out levels and
     * evaluation budgets.
     */
    public TinyWorldDemo(
            ArithmeticWorld world, JsonNode config, Path out, int evalPerLevel, Path baseSource) {
        this(world, config, out, evalPerLevel, baseSource, world.evalEvery());
    }

    /**
     * @param evalEvery held-out evaluation before training, after every {@code evalEvery}-th
     *     iteration and after the last; at least 1
     */
    public TinyWorldDemo(
            ArithmeticWorld world,
            JsonNode config,
            Path out,
            int evalPerLevel,
            Path baseSource,
            int evalEvery) {
        if (evalEvery < 1) {
            throw new IllegalArgumentException("evalEvery = " + evalEvery + ", must be >= 1");
        }
        if (evalPerLevel < 1 || evalPerLevel > HeldOutSet.MAX_PER_LEVEL) {
            throw new IllegalArgumentException(
                    "evalPerLevel = "
                            + evalPerLevel
                            + ", must be in [1, "
                            + HeldOutSet.MAX_PER_LEVEL
                            + "]");
        }
        this.out = out.toAbsolutePath();
        this.config = SelfPlayConfig.fromTree(withBase(config, this.out.resolve("base")));
        this.evalPerLevel = evalPerLevel;
        this.baseSource = baseSource;
        this.world = world;
        this.evalEvery = evalEvery;
    }

    public SelfPlayConfig config() {
        return config;
    }

    /** Where the demo puts things, and how many units the loop ran. */
    public record Result(Path runDir, Path report, int units, double seconds) {}

    public Result run() {
        long start = System.nanoTime();
        // 1. The base, as the initial curriculum AND executor (one base LLM, two roles).
        Path base =
                baseSource == null
                        ? TinyWorldBase.extract(world, out.resolve("base"))
                        : TinyWorldBase.copy(baseSource, out.resolve("base"));
        RunDirectory run = RunDirectory.open(out, config.toTree());
        LocalSandboxConfig sc =
                LocalSandboxConfig.defaults().withPreloadModules(config.sandbox().preload());
        try (HfTokenizer tokenizer = HfTokenizer.load(base);
                PythonSandbox sandbox =
                        PythonSandbox.start(
                                sc.withLimits(
                                        sc.limits()
                                                .withWallTimeMillis(
                                                        Math.round(
                                                                config.sandbox().timeoutSeconds()
                                                                        * 1000))));
                // In this process, or on the config's servers (engine.type: http).
                RolloutEngine engine = RolloutEngine.open(config, tokenizer)) {
            // 2. The world: formats of the two roles, the tool, the held-out evaluation (which
            //    generates through the same engine).
            List<Integer> eos = List.of(TinyWorldModel.eosTokenId());
            TinyWorldAgents agents =
                    new TinyWorldAgents(
                            tokenizer,
                            TinyWorldFormat.EXECUTOR,
                            TinyWorldFormat.CURRICULUM,
                            eos,
                            sandbox,
                            engine.generators());
            SelfPlayWorld world =
                    new SelfPlayWorld(
                            tokenizer,
                            base,
                            TinyWorldFormat.EXECUTOR,
                            TinyWorldFormat.CURRICULUM,
                            eos,
                            sandbox,
                            agents.generators(),
                            new TinyWorldEvaluator(
                                            agents,
                                            this.world.heldOut(evalPerLevel),
                                            this.world.evaluationRollout(),
                                            1.0,
                                            TinyWorldEvaluator.DEFAULT_SEED)
                                    .every(evalEvery, config.iterations()));
            // 3. T iterations of curriculum GRPO -> curation -> executor ADPO, zero labels.
            int units = new SelfPlayLoop(config, world, run).run();
            // 4. The report: Markdown and PNG plots next to the run's logs.
            Path report = TinyWorldReport.write(out);
            return new Result(out, report, units, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * {@code config} with every model path pointing at {@code base}; the other {@code models} keys
     * ({@code finetune}, {@code lora}) are kept.
     */
    static JsonNode withBase(JsonNode config, Path base) {
        ObjectNode c =
                config == null || config.isNull()
                        ? new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                        : ((ObjectNode) config).deepCopy();
        ObjectNode models = c.get("models") instanceof ObjectNode m ? m : c.putObject("models");
        models.put("tokenizer", base.toString())
                .put("curriculum", base.toString())
                .put("executor", base.toString());
        return c;
    }
}
