package dev.agent0.examples.tinyworld;

import java.util.List;
import java.util.Locale;

/**
 * The two embedded worlds. Both use the same tokenizer, model shape, formats and sandboxed tool;
 * they differ in what the base was pretrained on and what the held-out set asks.
 *
 * <ul>
 *   <li>{@link #TINY}: levels L1..L6, all covered by the base's transcripts (TINY-WORLD.md). The
 *       demo saturates: greedy pass@1 reaches 1.0 once the executor always calls the tool.
 *   <li>{@link #FRONTIER}: the same L1..L6, plus frontier levels F1..F3 (more operands, longer
 *       expressions and answers) that no executor transcript of its base shows, and that its
 *       curriculum role writes only rarely (docs/frontier-world.md). Calling the tool is necessary
 *       but not sufficient: the executor must copy an expression longer than any it was trained on.
 * </ul>
 */
public enum ArithmeticWorld {
    TINY("base/", "tiny-world.yaml", DifficultyLevel.IN_DISTRIBUTION, 64, 32, 1),
    FRONTIER("frontier-base/", "frontier-world.yaml", DifficultyLevel.all(), 96, 48, 3);

    /** Classpath folder of the worlds' shipped checkpoints and configs. */
    static final String RESOURCE_ROOT = "/dev/agent0/examples/tinyworld/";

    private final String baseDir;
    private final String configFile;
    private final List<DifficultyLevel> levels;
    private final int responseBudget;
    private final int questionTokens;
    private final int evalEvery;

    ArithmeticWorld(
            String baseDir,
            String configFile,
            List<DifficultyLevel> levels,
            int responseBudget,
            int questionTokens,
            int evalEvery) {
        this.baseDir = baseDir;
        this.configFile = configFile;
        this.levels = List.copyOf(levels);
        this.responseBudget = responseBudget;
        this.questionTokens = questionTokens;
        this.evalEvery = evalEvery;
    }

    /**
     * The demo's default evaluation interval: every iteration in the first world, every third (and
     * the last) in the frontier world, whose 360 held-out problems cost about one iteration.
     */
    public int evalEvery() {
        return evalEvery;
    }

    /** {@code tiny} or {@code frontier}, as the CLI's {@code --world} spells it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The world named {@code id} ({@code tiny} or {@code frontier}, any case).
     *
     * @throws IllegalArgumentException naming the known worlds otherwise
     */
    public static ArithmeticWorld parse(String id) {
        for (ArithmeticWorld w : values()) {
            if (w.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown world '" + id + "': one of tiny, frontier");
    }

    /** Classpath folder of the shipped base. */
    public String baseResourceDir() {
        return RESOURCE_ROOT + baseDir;
    }

    /** Classpath path of the demo's config (the same bytes as {@code configs/<file>}). */
    public String configResource() {
        return RESOURCE_ROOT + configFile;
    }

    /** The config's file name under {@code configs/}. */
    public String configFile() {
        return configFile;
    }

    /** The held-out levels: L1..L6, and F1..F3 in the frontier world. */
    public List<DifficultyLevel> levels() {
        return levels;
    }

    /** The standard held-out set of this world with {@code perLevel} problems per level. */
    public HeldOutSet heldOut(int perLevel) {
        return new HeldOutSet(HeldOutSet.DEFAULT_SEED, perLevel, levels);
    }

    /**
     * Evaluation budgets: 64 response tokens in the first world, 96 in the frontier world (an F3
     * tool transcript takes about 70).
     */
    public EvaluationRollout evaluationRollout() {
        return EvaluationRollout.defaults().withResponseBudget(responseBudget);
    }

    /** Pretraining recipe of the world's base. */
    public PretrainConfig pretrainConfig() {
        return this == TINY
                ? PretrainConfig.defaults()
                : PretrainConfig.defaults().withMix(TinyWorldCorpus.Mix.frontier());
    }

    /**
     * The pre-RL gate: the same thresholds on L1..L6 in both worlds (a frontier base must fail the
     * frontier, not the gate), with this world's budgets.
     */
    public GateConfig gateConfig() {
        return GateConfig.defaults()
                .withRollout(evaluationRollout())
                .withCurriculumMaxTokens(questionTokens);
    }
}
