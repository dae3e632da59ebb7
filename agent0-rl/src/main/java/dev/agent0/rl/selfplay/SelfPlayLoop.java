package dev.agent0.rl.selfplay;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.eval.consistency.SelfConsistency;
import dev.agent0.eval.grade.ValueEquivalence;
import dev.agent0.rl.reward.CurriculumReward;
import dev.agent0.rl.train.StepMetrics;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Agent0 co-evolution loop (AGENT0-SPEC.md section 1): for t = 1..T, train the curriculum
 * against the frozen executor, curate problems with it, train the executor on them, measure it.
 *
 * <p>{@link #iteration} is the algorithm; one level down, {@link SelfPlayAgents} holds the two
 * trainers, {@link Curation}, {@link CurriculumTraining} and {@link ExecutorTraining} are the
 * phases, {@link RunProgress} commits each unit so a killed run resumes where it stopped (every
 * seed is a function of (seed, t, phase, step)), and {@link RunLog} writes the run's logs.
 */
public final class SelfPlayLoop {
    private static final Logger LOG = LoggerFactory.getLogger(SelfPlayLoop.class);

    private final SelfPlayConfig config;
    private final SelfPlayWorld world;
    private final RunDirectory run;
    private final Device device;
    private final RunLog log;
    private final Curation curation;
    private final CurriculumTraining curriculumTraining;
    private final ExecutorTraining executorTraining;
    private RunProgress progress;
    private SelfPlayAgents agents;

    /** Updates skipped in a row (NaN/∞) up to the cursor; replayed from the log on resume. */
    private SkippedUpdateStreak skipped;

    /** A loop on the engine's default device. */
    public SelfPlayLoop(SelfPlayConfig config, SelfPlayWorld world, RunDirectory run) {
        this(config, world, run, Engine.getInstance().defaultDevice());
    }

    /**
     * A loop whose models, caches, optimiser state and scratch arrays all live on {@code device}.
     */
    public SelfPlayLoop(
            SelfPlayConfig config, SelfPlayWorld world, RunDirectory run, Device device) {
        if (config.executor().rollout().multiTurn() && world.sandbox() == null) {
            throw new IllegalArgumentException(
                    "executor.rollout.multiTurn is true but no sandbox was given");
        }
        this.config = config;
        this.world = world;
        this.run = run;
        this.device = device;
        this.log = new RunLog(run, () -> agents == null ? Map.of() : agents.engineCounters());
        ValueEquivalence grader = new ValueEquivalence();
        ToolConsistencyGuard guard =
                new ToolConsistencyGuard(config.extensions().toolConsistencyGuard(), grader);
        ToolGroundedVote voting =
                new ToolGroundedVote(
                        new SelfConsistency(), guard, config.extensions().toolGroundedVote());
        this.curation = new Curation(config.curation(), voting);
        this.curriculumTraining =
                new CurriculumTraining(new CurriculumReward(config.reward()), voting);
        this.executorTraining = new ExecutorTraining(grader, guard);
    }

    /** Runs (or resumes) the loop to the end; returns the number of units done. */
    public int run() {
        progress = RunProgress.resume(run);
        if (progress.stopped() != null) {
            LOG.info("{} stopped early before: {}", run.root(), progress.stopped());
            return progress.done();
        }
        if (progress.done() > 0) {
            LOG.info("resuming {} after {} committed units", run.root(), progress.done());
        }
        skipped = log.skippedUpdateStreak(config.monitors().maxSkippedUpdatesInARow());
        try (NDManager manager = NDManager.newBaseManager(device);
                SelfPlayAgents opened =
                        SelfPlayAgents.open(config, world, run, progress, manager)) {
            agents = opened;
            // 0. Measure the executor before any training.
            if (progress.atFrontier()) {
                evaluate(0);
            }
            for (int t = 1; t <= config.iterations(); t++) {
                if (!iteration(t)) {
                    return progress.done(); // stopped early, for good
                }
            }
            return progress.next();
        } finally {
            agents = null;
        }
    }

    /**
     * One co-evolution iteration, as in the paper; units committed by an earlier run are skipped.
     * Returns false when the run stops early: too few problems kept, or a training step that ends a
     * streak of monitors.maxSkippedUpdatesInARow skipped (NaN/∞) updates.
     */
    private boolean iteration(int t) {
        // 1. Train the curriculum with GRPO; its reward asks the current, frozen executor.
        for (int s = 0; s < config.curriculum().trainedSteps(); s++) {
            int step = s;
            progress.unit(() -> trainCurriculum(t, step));
            if (progress.stopped() != null) {
                return false; // diverged: stopped for good on the last good checkpoint
            }
        }
        // 2. Curate: N problems from the trained curriculum, k executor answers each; keep p̂ in
        //    the band. Too few kept ends the run for good (monitors.earlyStop).
        CuratedSet curated;
        if (progress.pending()) {
            Curation.Result result = curate(t);
            if (stopsEarly(t, result.monitors())) {
                progress.commit();
                return false;
            }
            curated = result.kept();
            progress.commit();
        } else {
            curated = log.curated(t);
            progress.skip();
        }
        // 3. Train the executor with ADPO (or GRPO) on the curated set; the last step saves the
        //    iteration's checkpoints and logs its collapse monitors.
        for (int s = 0; s < config.executor().steps(); s++) {
            int step = s;
            progress.unit(() -> trainExecutor(t, step, curated));
            if (progress.stopped() != null) {
                return false; // diverged: stopped for good on the last good checkpoint
            }
        }
        // 4. Measure the executor after the iteration (unless a later unit is committed).
        if (progress.atFrontier()) {
            evaluate(t);
        }
        return true;
    }

    private void trainCurriculum(int t, int s) {
        long start = System.nanoTime();
        SelfPlayConfig.CurriculumPhase c = config.curriculum();
        CurriculumTraining.Step step;
        try (PhaseProgress bar =
                PhaseProgress.start(
                        "t" + t + " curriculum " + (s + 1) + "/" + c.steps(),
                        List.of("sample", "answer", "train"))) {
            step =
                    curriculumTraining.step(
                            agents.curriculumAgent(),
                            agents.executorAgent(),
                            agents.trainer(AgentRole.CURRICULUM),
                            c.batchSize(),
                            c.groupSize(),
                            c.k(),
                            seed(t, 1, s),
                            bar::stage);
        }
        log.curriculumStep(t, s, step, seconds(start));
        if (!stopsOnSkippedUpdates(t, AgentRole.CURRICULUM, s, step.metrics())) {
            checkpoint(AgentRole.CURRICULUM);
        }
    }

    private Curation.Result curate(int t) {
        long start = System.nanoTime();
        Curation.Result result;
        try (PhaseProgress bar =
                PhaseProgress.start("t" + t + " curation", List.of("sample", "solve", "vote"))) {
            result =
                    curation.curate(
                            t,
                            agents.curationAgent(),
                            agents.executorAgent(),
                            seed(t, 2, 0),
                            seed(t, 2, 1),
                            bar::stage);
        }
        log.curation(t, result, seconds(start));
        return result;
    }

    private void trainExecutor(int t, int s, CuratedSet curated) {
        long start = System.nanoTime();
        SelfPlayConfig.ExecutorPhase e = config.executor();
        ExecutorTraining.Step step = null;
        if (curated.isEmpty()) {
            log.executorSkipped(t, s, seconds(start));
        } else {
            try (PhaseProgress bar =
                    PhaseProgress.start(
                            "t" + t + " executor " + (s + 1) + "/" + e.steps(),
                            List.of("rollout", "train"))) {
                step =
                        executorTraining.step(
                                curated.forStep(s, e.problemsPerStep()),
                                agents.executorAgent(),
                                agents.trainer(AgentRole.EXECUTOR),
                                e.rollout().groupSize(),
                                seed(t, 3, s),
                                bar::stage);
            }
            log.executorStep(t, s, step, executorTraining.guardedRollouts(step), seconds(start));
        }
        if (stopsOnSkippedUpdates(t, AgentRole.EXECUTOR, s, step == null ? null : step.metrics())) {
            return; // no checkpoint, no iter-<t>/: the run stays on its last good checkpoints
        }
        checkpoint(AgentRole.EXECUTOR);
        if (s == e.steps() - 1) {
            agents.saveIteration(t);
            log.monitors(t, log.iterationMonitors(t, config.monitors().lossSpikeThreshold()));
        }
    }

    /** Saves {@code role}'s trainer into the unit's checkpoint folder; the commit names it. */
    private void checkpoint(AgentRole role) {
        String folder = progress.checkpointFolder(role);
        agents.save(role, folder);
        progress.checkpointed(role, folder);
    }

    /** With monitors.earlyStop, a kept fraction below the threshold stops the run; logged here. */
    private boolean stopsEarly(int t, CollapseMonitors monitors) {
        SelfPlayConfig.Monitors m = config.monitors();
        if (!m.earlyStop() || monitors.keptFraction() >= m.minKeptFraction()) {
            return false;
        }
        String reason =
                String.format(
                        "kept fraction %.3g < monitors.minKeptFraction %.3g in iteration %d",
                        monitors.keptFraction(), m.minKeptFraction(), t);
        log.monitors(t, monitors);
        log.earlyStop(t, reason, monitors, m.minKeptFraction());
        progress.stop(reason);
        return true;
    }

    /**
     * Counts the step's skipped updates; when the streak reaches monitors.maxSkippedUpdatesInARow
     * the run stops for good, logged here. The caller then saves no checkpoint: every update of the
     * step was skipped, so it changed no parameter, and the committed checkpoints stay those of the
     * units before it.
     */
    private boolean stopsOnSkippedUpdates(int t, AgentRole role, int s, StepMetrics metrics) {
        skipped.add(metrics);
        if (!skipped.reached()) {
            return false;
        }
        String reason = skipped.reason("iteration " + t + ", " + role.folder() + " step " + s);
        log.skippedUpdatesStop(t, role, s, reason, skipped);
        progress.stop(reason);
        return true;
    }

    /** The world's evaluation of the executor after iteration t (0: before training), once. */
    private void evaluate(int t) {
        IterationEvaluator evaluator = world.evaluator();
        if (evaluator == null || !evaluator.evaluates(t) || progress.evaluated(t)) {
            return;
        }
        long start = System.nanoTime();
        ObjectNode result = agents.evaluate(evaluator, t);
        log.evaluation(t, result, seconds(start));
        progress.commitEvaluation(t);
    }

    /** The seed of (iteration t, phase, step): a resumed run draws what the first one drew. */
    private long seed(int t, int phase, int s) {
        return new SplittableRandom(config.seed() ^ ((long) t << 40) ^ ((long) phase << 32) ^ s)
                .nextLong();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
