package dev.agent0.rl.selfplay;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.agent.CurriculumAgent;
import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.model.ModelType;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.model.TensorDType;
import dev.agent0.core.runtime.NoGradient;
import dev.agent0.rl.train.PolicyTrainer;
import dev.agent0.rl.train.PolicyTrainerConfig;
import dev.agent0.rl.train.TrainingCheckpoint;
import java.nio.file.Path;
import java.util.List;

/**
 * The two agents of a run and their trainers: the curriculum (GRPO) and the executor (ADPO), each a
 * {@link PolicyTrainer} over its own policy, started from the config's models or restored from the
 * run's committed checkpoints. Hands out the agents that sample with the current policies, saves
 * checkpoints, and closes the trainers (not the manager their arrays live in).
 */
final class SelfPlayAgents implements AutoCloseable {
    private final SelfPlayConfig config;
    private final SelfPlayWorld world;
    private final RunDirectory run;
    private final PolicyTrainer curriculum;
    private final PolicyTrainer executor;

    private SelfPlayAgents(
            SelfPlayConfig config,
            SelfPlayWorld world,
            RunDirectory run,
            PolicyTrainer curriculum,
            PolicyTrainer executor) {
        this.config = config;
        this.world = world;
        this.run = run;
        this.curriculum = curriculum;
        this.executor = executor;
    }

    /**
     * Fresh trainers on the initial models (random or from folders), or the committed checkpoints.
     */
    static SelfPlayAgents open(
            SelfPlayConfig config,
            SelfPlayWorld world,
            RunDirectory run,
            RunProgress progress,
            NDManager manager) {
        PolicyTrainer curriculum =
                trainer(
                        config,
                        world,
                        run,
                        progress.checkpoint(AgentRole.CURRICULUM),
                        config.models().curriculum(),
                        config.curriculum().trainer(),
                        manager);
        try {
            PolicyTrainer executor =
                    trainer(
                            config,
                            world,
                            run,
                            progress.checkpoint(AgentRole.EXECUTOR),
                            config.models().executor(),
                            config.executor().trainer(),
                            manager);
            return new SelfPlayAgents(config, world, run, curriculum, executor);
        } catch (RuntimeException e) {
            curriculum.close();
            throw e;
        }
    }

    PolicyTrainer trainer(AgentRole role) {
        return role == AgentRole.CURRICULUM ? curriculum : executor;
    }

    /** The curriculum agent, sampling with the current curriculum policy. */
    CurriculumAgent curriculumAgent() {
        return new CurriculumAgent(
                world.generators().apply(curriculum.policy()),
                world.tokenizer(),
                world.curriculumFormat(),
                world.eosTokenIds(),
                config.curriculum().generation());
    }

    /**
     * The executor agent, rolling out with the current executor policy (and the sandbox when
     * multi-turn).
     */
    ExecutorAgent executorAgent() {
        boolean multiTurn = config.executor().rollout().multiTurn();
        return new ExecutorAgent(
                world.generators().apply(executor.policy()),
                world.tokenizer(),
                world.format(),
                multiTurn ? world.sandbox() : null,
                world.eosTokenIds(),
                config.executor().rollout());
    }

    /**
     * Saves {@code role}'s trainer (policy, optimiser, RNG, reference) into a run-relative folder.
     */
    void save(AgentRole role, String folder) {
        trainer(role).save(run.resolve(folder), world.tokenizerDir());
    }

    /** Saves both agents into {@code iter-<t>/curriculum} and {@code iter-<t>/executor}. */
    void saveIteration(int t) {
        RunFiles.deleteTempFolders(
                run.resolve("iter-" + t)); // left by a kill during an earlier save
        for (AgentRole role : AgentRole.values()) {
            trainer(role).save(run.resolve("iter-" + t, role.folder()), world.tokenizerDir());
        }
    }

    /**
     * Runs {@code evaluator} on the executor policy after iteration t, frozen: no parameter
     * requires a gradient and grad mode is off on this thread, so nothing records an autograd
     * graph.
     */
    ObjectNode evaluate(IterationEvaluator evaluator, int t) {
        QwenModel policy = executor.policy();
        policy.setTrainable(false);
        try (NoGradient off = NoGradient.enter()) {
            return evaluator.evaluate(t, policy);
        } finally {
            policy.setTrainable(true); // PolicyTrainer keeps its policy trainable
        }
    }

    /** Closes both trainers; the caller closes the manager that holds their arrays afterwards. */
    @Override
    public void close() {
        curriculum.close();
        executor.close();
    }

    private static PolicyTrainer trainer(
            SelfPlayConfig config,
            SelfPlayWorld world,
            RunDirectory run,
            String checkpoint,
            String initial,
            PolicyTrainerConfig tc,
            NDManager manager) {
        if (checkpoint != null) {
            Path dir = run.resolve(checkpoint);
            PolicyTrainer t =
                    new PolicyTrainer(
                            new QwenModel(TrainingCheckpoint.loadWeights(dir, manager)),
                            tc,
                            manager);
            t.restore(dir);
            return t;
        }
        QwenWeights w =
                "random".equals(initial)
                        ? QwenWeights.random(
                                tinyShape(vocab(world)),
                                config.models().randomSeed(),
                                0.02,
                                manager)
                        : QwenWeights.load(Path.of(initial), manager);
        return new PolicyTrainer(new QwenModel(w), tc, manager);
    }

    /** The tokenizer's vocabulary, widened to hold every end-of-turn id. */
    private static int vocab(SelfPlayWorld world) {
        int v = world.tokenizer().vocabSize();
        for (int id : world.eosTokenIds()) {
            v = Math.max(v, id + 1);
        }
        return v;
    }

    /**
     * The shape of the qwen3-tiny fixture (hidden 64, 2 layers, 4/2 heads of 32) with the given
     * vocabulary.
     */
    static QwenConfig tinyShape(int vocab) {
        return new QwenConfig(
                ModelType.QWEN3,
                64,
                128,
                2,
                4,
                2,
                32,
                1e-6,
                1_000_000,
                vocab,
                true,
                40960,
                false,
                TensorDType.F32,
                -1,
                List.of());
    }
}
