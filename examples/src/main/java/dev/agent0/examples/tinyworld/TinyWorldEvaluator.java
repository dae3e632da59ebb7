package dev.agent0.examples.tinyworld;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.rl.selfplay.IterationEvaluator;
import java.util.List;

/**
 * Held-out evaluation of the tiny world's executor, greedy and sampled, with the tool loop on
 * (TINY-WORLD.md: report both, the tool rate only shows in sampled decoding).
 *
 * <p>Each call rolls out one trajectory per held-out problem twice: greedily (temperature 0) and
 * sampled (temperature {@code temperature}, fixed {@code seed}, so every iteration is measured on
 * the same random streams). Answers are graded by {@link IntegerAnswer}: the last {@code \boxed{}}
 * must be an integer literal equal to the problem's exact value. Ground truth is used here only;
 * nothing returned feeds training.
 *
 * <p>The JSON object (one line of {@code eval.jsonl}, to which the loop adds {@code iteration} and
 * {@code seconds}) is {@code {"greedy": S, "sampled": S, "problemsPerLevel": n, "temperature": T,
 * "seed": s}} where S is {@link HeldOutScore#toJson()}.
 */
public final class TinyWorldEvaluator implements IterationEvaluator {
    /** Seed of the sampled pass. */
    public static final long DEFAULT_SEED = 20_250_917L;

    private final TinyWorldAgents agents;
    private final HeldOutSet set;
    private final EvaluationRollout rollout;
    private final double temperature;
    private final long seed;
    private final int every;
    private final int lastIteration;

    /**
     * @param agents tokenizer, formats, sandbox and generation of the tiny world
     * @param set the held-out problems
     * @param rollout budgets and batch size
     * @param temperature temperature of the sampled pass; greater than 0. TINY-WORLD.md uses 1.
     * @param seed seed of the sampled pass
     */
    public TinyWorldEvaluator(
            TinyWorldAgents agents,
            HeldOutSet set,
            EvaluationRollout rollout,
            double temperature,
            long seed) {
        this(agents, set, rollout, temperature, seed, 1, 0);
    }

    private TinyWorldEvaluator(
            TinyWorldAgents agents,
            HeldOutSet set,
            EvaluationRollout rollout,
            double temperature,
            long seed,
            int every,
            int lastIteration) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException(
                    "temperature = "
                            + temperature
                            + ", must be finite and > 0 (the greedy pass is always run as well)");
        }
        this.agents = agents;
        this.set = set;
        this.rollout = rollout;
        this.temperature = temperature;
        this.seed = seed;
        this.every = every;
        this.lastIteration = lastIteration;
    }

    /**
     * This evaluator measuring only before training, after every {@code every}-th iteration and
     * after {@code lastIteration} (the frontier world's 360 problems take about as long as an
     * iteration).
     *
     * @throws IllegalArgumentException when {@code every < 1}
     */
    public TinyWorldEvaluator every(int every, int lastIteration) {
        if (every < 1) {
            throw new IllegalArgumentException("every = " + every + ", must be >= 1");
        }
        return new TinyWorldEvaluator(
                agents, set, rollout, temperature, seed, every, lastIteration);
    }

    @Override
    public boolean evaluates(int iteration) {
        return iteration % every == 0 || iteration >= lastIteration;
    }

    /** The standard held-out set, default budgets, temperature 1, {@link #DEFAULT_SEED}. */
    public static TinyWorldEvaluator standard(TinyWorldAgents agents) {
        return new TinyWorldEvaluator(
                agents, HeldOutSet.standard(), EvaluationRollout.defaults(), 1.0, DEFAULT_SEED);
    }

    public HeldOutSet set() {
        return set;
    }

    @Override
    public ObjectNode evaluate(int iteration, QwenModel executor) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("greedy", greedy(executor).toJson());
        node.set("sampled", sampled(executor).toJson());
        node.put("problemsPerLevel", set.perLevel())
                .put("temperature", temperature)
                .put("seed", seed);
        return node;
    }

    /** Greedy decoding: one trajectory per problem at temperature 0. */
    public HeldOutScore greedy(QwenModel executor) {
        return score(executor, SamplingConfig.greedy());
    }

    /** Sampled decoding: one trajectory per problem at the configured temperature and seed. */
    public HeldOutScore sampled(QwenModel executor) {
        return score(executor, new SamplingConfig(temperature, 0, 1.0, seed));
    }

    private HeldOutScore score(QwenModel executor, SamplingConfig sampling) {
        ExecutorAgent agent = agents.executor(executor, rollout, sampling);
        List<String> problems = set.all().stream().map(ArithmeticProblem::expression).toList();
        List<Trajectory> trajectories = rollout.solve(agent, problems, 1, sampling.seed());
        return HeldOutScore.of(set, trajectories);
    }
}
