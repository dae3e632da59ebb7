package dev.agent0.rl.selfplay;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.agent.CurriculumAgent;
import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.lora.LoraAdapter;
import dev.agent0.core.model.KvCache;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.NoGradient;
import dev.agent0.rl.train.PolicyTrainer;
import dev.agent0.rl.train.PolicyTrainerConfig;
import dev.agent0.rl.train.TrainingCheckpoint;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The two agents of a run and their trainers: the curriculum (GRPO) and the executor (ADPO), each a
 * {@link PolicyTrainer}, started from the config's models or restored from the run's committed
 * checkpoints. With {@code models.finetune: FULL} each agent is its own copy of its model; with
 * {@code LORA} both are adapters over one frozen base, loaded once. Hands out the agents that
 * sample with the current policies, saves checkpoints, and closes the trainers and the base (not
 * the manager their arrays live in).
 */
final class SelfPlayAgents implements AutoCloseable {
    private final SelfPlayConfig config;
    private final SelfPlayWorld world;
    private final RunDirectory run;
    private final Map<AgentRole, PolicyTrainer> trainers;

    /** The shared base of LoRA runs; null for full fine-tuning. */
    private final QwenModel base;

    private TurnGenerator.Factory lastFactory; // every factory of a run shares one engine

    private SelfPlayAgents(
            SelfPlayConfig config,
            SelfPlayWorld world,
            RunDirectory run,
            Map<AgentRole, PolicyTrainer> trainers,
            QwenModel base) {
        this.config = config;
        this.world = world;
        this.run = run;
        this.trainers = trainers;
        this.base = base;
    }

    /** Fresh trainers on the initial models or adapters, or the committed checkpoints. */
    static SelfPlayAgents open(
            SelfPlayConfig config,
            SelfPlayWorld world,
            RunDirectory run,
            RunProgress progress,
            NDManager manager) {
        boolean lora = config.models().finetune() == FineTuning.LORA;
        QwenModel base =
                lora
                        ? new QwenModel(
                                initial(config, world, config.models().curriculum(), manager))
                        : null;
        Map<AgentRole, PolicyTrainer> trainers = new EnumMap<>(AgentRole.class);
        try {
            for (AgentRole role : AgentRole.values()) {
                String checkpoint = progress.checkpoint(role);
                Path dir = checkpoint == null ? null : run.resolve(checkpoint);
                QwenModel policy =
                        lora
                                ? adapted(config, base, dir, role, manager)
                                : full(config, world, dir, role, manager);
                PolicyTrainer t = new PolicyTrainer(policy, trainerConfig(config, role), manager);
                trainers.put(role, t);
                if (dir != null) {
                    t.restore(dir);
                }
            }
            return new SelfPlayAgents(config, world, run, trainers, base);
        } catch (RuntimeException e) {
            trainers.values().forEach(PolicyTrainer::close);
            if (base != null) {
                base.close();
            }
            throw e;
        }
    }

    PolicyTrainer trainer(AgentRole role) {
        return trainers.get(role);
    }

    /** The curriculum agent, sampling with the current curriculum policy. */
    CurriculumAgent curriculumAgent() {
        return curriculumAgent(config.curriculum().generation());
    }

    /**
     * The curriculum agent as curation samples it: the curriculum's generation settings with the
     * curation's own top-p ({@code curation.topP}, reference 0.95).
     */
    CurriculumAgent curationAgent() {
        var g = config.curriculum().generation();
        return curriculumAgent(g.withSampling(g.sampling().withTopP(config.curation().topP())));
    }

    private CurriculumAgent curriculumAgent(dev.agent0.core.agent.CurriculumConfig generation) {
        return new CurriculumAgent(
                generators(trainer(AgentRole.CURRICULUM).policy()),
                world.tokenizer(),
                world.curriculumFormat(),
                world.eosTokenIds(),
                generation);
    }

    /**
     * {@code model}'s generation, its batches split into blocks of rows whose worst-case KV caches
     * fit {@code memory.kvCacheCap} (when set).
     */
    private TurnGenerator.Factory generators(QwenModel model) {
        TurnGenerator.Factory f = world.generators().apply(model);
        lastFactory = f;
        OptionalLong cap = config.memory().kvCacheCapBytes();
        if (cap.isEmpty()) {
            return f;
        }
        return f.withMaxRows(
                capacity ->
                        KvCache.rowsWithin(
                                model.config(), model.dtype(), cap.getAsLong(), capacity));
    }

    /** The generation engine's counters (an HTTP engine's requests and retries); may be empty. */
    Map<String, Long> engineCounters() {
        return lastFactory == null ? Map.of() : lastFactory.counters();
    }

    /**
     * The executor agent, rolling out with the current executor policy (and the sandbox when
     * multi-turn).
     */
    ExecutorAgent executorAgent() {
        boolean multiTurn = config.executor().rollout().multiTurn();
        return new ExecutorAgent(
                generators(trainer(AgentRole.EXECUTOR).policy()),
                world.tokenizer(),
                world.format(),
                multiTurn ? world.sandbox() : null,
                world.eosTokenIds(),
                config.executor().rollout());
    }

    /**
     * Saves {@code role}'s trainer (policy or adapter, optimiser, RNG, reference) into a
     * run-relative folder.
     */
    void save(AgentRole role, String folder) {
        trainer(role).save(run.resolve(folder), world.tokenizerDir());
    }

    /**
     * Saves both agents into {@code checkpoints/iter-<t>/curriculum} and {@code .../executor}:
     * Hugging Face folders, or PEFT adapter folders with {@code finetune: LORA}.
     */
    void saveIteration(int t) {
        Path dir = run.resolve(RunProgress.CHECKPOINTS, "iter-" + t);
        RunFiles.deleteTempFolders(dir); // left by a kill during an earlier save
        for (AgentRole role : AgentRole.values()) {
            trainer(role).save(dir.resolve(role.folder()), world.tokenizerDir());
        }
    }

    /**
     * Runs {@code evaluator} on the executor policy after iteration t, frozen: no parameter
     * requires a gradient and grad mode is off on this thread, so nothing records an autograd
     * graph.
     */
    ObjectNode evaluate(IterationEvaluator evaluator, int t) {
        QwenModel policy = trainer(AgentRole.EXECUTOR).policy();
        policy.setTrainable(false);
        try (NoGradient off = NoGradient.enter()) {
            return evaluator.evaluate(t, policy);
        } finally {
            policy.setTrainable(true); // PolicyTrainer keeps its policy trainable
        }
    }

    /** Closes both trainers and the shared base; the caller closes the manager afterwards. */
    @Override
    public void close() {
        trainers.values().forEach(PolicyTrainer::close);
        if (base != null) {
            base.close();
        }
    }

    private static PolicyTrainerConfig trainerConfig(SelfPlayConfig config, AgentRole role) {
        return role == AgentRole.CURRICULUM
                ? config.curriculum().trainer()
                : config.executor().trainer();
    }

    /** Full fine-tuning: the agent's own model, from its checkpoint or its initial model. */
    private static QwenModel full(
            SelfPlayConfig config,
            SelfPlayWorld world,
            Path checkpoint,
            AgentRole role,
            NDManager manager) {
        if (checkpoint != null) {
            return new QwenModel(TrainingCheckpoint.loadWeights(checkpoint, manager));
        }
        String initial =
                role == AgentRole.CURRICULUM
                        ? config.models().curriculum()
                        : config.models().executor();
        return new QwenModel(initial(config, world, initial, manager));
    }

    /**
     * LoRA: the shared base with the agent's adapter, from its checkpoint or freshly initialised (B
     * = 0).
     */
    private static QwenModel adapted(
            SelfPlayConfig config,
            QwenModel base,
            Path checkpoint,
            AgentRole role,
            NDManager manager) {
        if (checkpoint != null) {
            return TrainingCheckpoint.loadAdapted(checkpoint, base, manager);
        }
        long seed =
                config.models().randomSeed()
                        + 1
                        + role.ordinal(); // the two adapters draw different A
        return base.withAdapter(
                LoraAdapter.init(
                        base.config(), config.models().lora(), seed, manager, base.dtype()));
    }

    /**
     * An initial model: a random fixture-shaped one, or the Hugging Face folder {@code initial}.
     */
    private static QwenWeights initial(
            SelfPlayConfig config, SelfPlayWorld world, String initial, NDManager manager) {
        return "random".equals(initial)
                ? QwenWeights.random(
                        SelfPlayConfig.Models.randomShape(vocab(world)),
                        config.models().randomSeed(),
                        0.02,
                        manager)
                : QwenWeights.load(Path.of(initial), manager);
    }

    /** The tokenizer's vocabulary, widened to hold every end-of-turn id. */
    private static int vocab(SelfPlayWorld world) {
        int v = world.tokenizer().vocabSize();
        for (int id : world.eosTokenIds()) {
            v = Math.max(v, id + 1);
        }
        return v;
    }
}
