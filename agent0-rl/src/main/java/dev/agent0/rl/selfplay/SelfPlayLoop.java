package dev.agent0.rl.selfplay;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.agent.CurriculumAgent;
import dev.agent0.core.agent.CurriculumConfig;
import dev.agent0.core.agent.CurriculumSample;
import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.ExecutorConfig;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.ModelType;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.model.TensorDType;
import dev.agent0.eval.consistency.SelfConsistency;
import dev.agent0.eval.consistency.Vote;
import dev.agent0.eval.grade.ValueEquivalence;
import dev.agent0.rl.reward.CurriculumReward;
import dev.agent0.rl.reward.CurriculumRewardConfig;
import dev.agent0.rl.train.PolicyTrainer;
import dev.agent0.rl.train.PolicyTrainerConfig;
import dev.agent0.rl.train.StepMetrics;
import dev.agent0.rl.train.TrainingCheckpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Agent0 co-evolution loop (AGENT0-SPEC.md section 1): for t = 1..T, train the curriculum
 * against the frozen executor, curate problems with the trained curriculum, train the executor on
 * them.
 *
 * <p>The run is a sequence of units (each curriculum step, the curation, each executor step). After
 * every unit the trainer it changed is checkpointed into a fresh folder and the run folder's state
 * is committed ({@code done} units, the latest checkpoint of each agent); a restarted run skips the
 * committed units, restores both trainers and redoes the rest. Every sampling seed is a function of
 * (seed, t, phase, step), so a resumed run samples exactly what an uninterrupted one would.
 *
 * <p>Around the units: the world's evaluator (if any) measures the executor before training and
 * after every iteration, each measurement committed on its own ({@code eval.jsonl}); the collapse
 * monitors are logged once per iteration, and with {@code monitors.earlyStop} a curation whose kept
 * fraction is below the threshold ends the run for good (AGENT0-SPEC.md section 7).
 */
public final class SelfPlayLoop {
    private static final Logger LOG = LoggerFactory.getLogger(SelfPlayLoop.class);
    static final String QUESTIONS = "questions.jsonl";
    static final String CURATED = "curated.jsonl";
    static final String METRICS = "metrics.jsonl";
    static final String EVAL = "eval.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SelfPlayConfig config;
    private final SelfPlayWorld world;
    private final RunDirectory run;
    private final SelfConsistency voter = new SelfConsistency();
    private final ToolConsistencyGuard guard;
    private final ToolGroundedVote groundedVote;
    private final Curation curation;
    private final CurriculumTraining curriculumTraining;
    private final ExecutorTraining executorTraining;

    private PolicyTrainer curriculumTrainer;
    private PolicyTrainer executorTrainer;
    private String curriculumCheckpoint;
    private String executorCheckpoint;
    private List<CuratedProblem> curated = List.of();
    private int done;
    /** Last iteration whose evaluation is committed; −1 for none. */
    private int evaluated = -1;
    /** Why the run stopped early, or null. */
    private String stopped;

    public SelfPlayLoop(SelfPlayConfig config, SelfPlayWorld world, RunDirectory run) {
        config.validate();
        if (config.executor().multiTurn() && world.sandbox() == null) {
            throw new IllegalArgumentException("executor.multiTurn is true but no sandbox was given");
        }
        this.config = config;
        this.world = world;
        this.run = run;
        ValueEquivalence grader = new ValueEquivalence();
        this.guard = new ToolConsistencyGuard(config.extensions().toolConsistencyGuard(), grader);
        this.groundedVote = new ToolGroundedVote(voter, guard, config.extensions().toolGroundedVote());
        this.curation = new Curation(voter, new CurationConfig(config.curation().minPHat(), config.curation().maxPHat()));
        SelfPlayConfig.Reward r = config.reward();
        this.curriculumTraining = new CurriculumTraining(new CurriculumReward(new CurriculumRewardConfig(
                r.lambdaUncertainty(), r.lambdaTool(), r.toolGamma(), r.toolCap(), r.lambdaRepetition(), r.tau(),
                r.toolReward(), r.repetitionPenalty(), r.requireAnswer())), groundedVote);
        this.executorTraining = new ExecutorTraining(grader, guard);
    }

    /** Runs (or resumes) the loop to the end; returns the number of units done. */
    public int run() {
        try (NDManager manager = NDManager.newBaseManager()) {
            try {
                return runUnits(manager);
            } finally {
                closeTrainers(); // before the manager that holds their arrays
            }
        }
    }

    /** The algorithm, unit by unit; committed units are skipped. */
    private int runUnits(NDManager manager) {
        resume(manager);
        if (stopped != null) {
            LOG.info("{} stopped early before: {}", run.root(), stopped);
            return done;
        }
        // 0. Measure the executor before any training.
        if (done == 0) {
            evaluateOnce(0);
        }
        int unit = 0;
        for (int t = 1; t <= config.iterations(); t++) {
            // 1. Train the curriculum with GRPO; its reward asks the current, frozen executor.
            int curriculumSteps = config.curriculum().train() ? config.curriculum().steps() : 0;
            for (int s = 0; s < curriculumSteps; s++, unit++) {
                if (unit >= done) {
                    curriculumStep(t, s);
                    curriculumCheckpoint = checkpoint(curriculumTrainer, "curriculum", unit);
                    commit(unit);
                }
            }
            // 2. Curate: N problems from the trained curriculum, k executor answers, keep p̂ in band;
            //    stop here for good when too few pass the band (optional early stop).
            if (unit >= done) {
                CollapseMonitors monitors = curate(t);
                if (shouldStop(monitors)) {
                    stop(t, monitors);
                    commit(unit);
                    return done;
                }
                commit(unit);
            } else {
                curated = RunFiles.curated(run.resolve(CURATED), t);
            }
            unit++;
            // 3. Train the executor with ADPO (or GRPO) on the curated problems; the last step
            //    saves the iteration's checkpoints and logs the iteration's collapse monitors.
            for (int s = 0; s < config.executor().steps(); s++, unit++) {
                if (unit >= done) {
                    executorStep(t, s);
                    executorCheckpoint = checkpoint(executorTrainer, "executor", unit);
                    if (s == config.executor().steps() - 1) {
                        saveIteration(t);
                        logMonitors(t);
                    }
                    commit(unit);
                }
            }
            // 4. Measure the executor after the iteration (unless a later unit is already committed).
            if (done == unit) {
                evaluateOnce(t);
            }
        }
        return unit;
    }

    // ---- phases -------------------------------------------------------------------------------

    private void curriculumStep(int t, int s) {
        long start = System.nanoTime();
        SelfPlayConfig.Curriculum c = config.curriculum();
        CurriculumTraining.Step step;
        try (PhaseProgress bar = PhaseProgress.start("t" + t + " curriculum " + (s + 1) + "/" + c.steps(),
                List.of("sample", "answer", "train"))) {
            step = curriculumTraining.step(curriculumAgent(), executorAgent(), curriculumTrainer, c.batchSize(),
                    c.groupSize(), c.k(), seed(t, 1, s), bar::stage);
        }
        for (int i = 0; i < step.samples().size(); i++) {
            ObjectNode q = line(t, "curriculum", s);
            var out = step.samples().get(i).output();
            q.put("index", i).put("question", out.question()).put("answer", out.answer());
            var v = step.votes().get(i);
            q.put("pHat", step.problems().get(i).pHat()).put("majority", v == null ? null : v.majorityAnswer());
            q.put("meanToolCalls", step.problems().get(i).meanToolCalls());
            q.set("reward", JSON.valueToTree(step.terms().get(i)));
            run.appendJsonl(QUESTIONS, q);
        }
        double meanReward = step.terms().stream().mapToDouble(CurriculumReward.Terms::total).average().orElse(0);
        run.appendJsonl(METRICS, metrics(t, "curriculum", s, step.metrics(), start).put("rewardMean", meanReward));
    }

    /** Samples, votes and keeps; returns the curation part of the iteration's collapse monitors. */
    private CollapseMonitors curate(int t) {
        long start = System.nanoTime();
        SelfPlayConfig.Curation c = config.curation();
        List<Trajectory> trajectories;
        List<CuratedProblem> judged;
        try (PhaseProgress bar = PhaseProgress.start("t" + t + " curation", List.of("sample", "solve", "vote"))) {
            bar.stage("sample");
            List<CurriculumSample> samples = curriculumAgent().sample(c.problems(), seed(t, 2, 0));
            List<String> questions = new ArrayList<>();
            List<String> answers = new ArrayList<>();
            List<String> asked = new ArrayList<>();
            for (CurriculumSample s : samples) {
                questions.add(s.output().question());
                answers.add(s.output().answer());
                if (s.output().question() != null && !s.output().question().isBlank()) {
                    asked.add(s.output().question());
                }
            }
            bar.stage("solve");
            trajectories = asked.isEmpty() ? List.of()
                    : executorAgent().solve(asked, c.k(), seed(t, 2, 1));
            bar.stage("vote");
            // With the guard on, an answer that contradicts its own tool output abstains (counts in k);
            // with the grounded vote on, ỹ comes from tool-verified answers when there are any.
            List<Vote> byAsked = groundedVote.votes(trajectories, asked.size(), c.k());
            List<Vote> votes = new ArrayList<>();
            int next = 0;
            for (String q : questions) {
                votes.add(q != null && !q.isBlank() ? byAsked.get(next++) : null);
            }
            judged = curation.judgeVotes(questions, answers, votes);
        }
        for (CuratedProblem p : judged) {
            ObjectNode q = line(t, "curation", 0);
            q.setAll((ObjectNode) JSON.valueToTree(p));
            run.appendJsonl(QUESTIONS, q);
        }
        curated = Curation.kept(judged);
        for (CuratedProblem p : curated) {
            ObjectNode q = line(t, "curation", 0);
            q.setAll((ObjectNode) JSON.valueToTree(p));
            run.appendJsonl(CURATED, q);
        }
        CollapseMonitors monitors = CollapseMonitors.ofCuration(judged, trajectories, guard);
        ObjectNode m = line(t, "curation", 0);
        m.put("problems", judged.size()).put("kept", curated.size()).put("seconds", seconds(start));
        m.set("monitors", JSON.valueToTree(monitors));
        run.appendJsonl(METRICS, m);
        LOG.info("iteration {} curation: kept {} of {} problems ({} s)", t, curated.size(), judged.size(),
                String.format("%.1f", seconds(start)));
        return monitors;
    }

    private void executorStep(int t, int s) {
        long start = System.nanoTime();
        if (curated.isEmpty()) {
            ObjectNode m = line(t, "executor", s);
            m.put("skipped", "no curated problems").put("seconds", seconds(start));
            run.appendJsonl(METRICS, m);
            LOG.warn("iteration {} executor step {}: skipped, curation kept no problem", t, s);
            return;
        }
        int n = config.executor().problemsPerStep();
        List<CuratedProblem> problems = new ArrayList<>(n);
        for (int i = 0; i < Math.min(n, curated.size()); i++) {
            problems.add(curated.get((s * n + i) % curated.size()));
        }
        ExecutorTraining.Step step;
        try (PhaseProgress bar = PhaseProgress.start("t" + t + " executor " + (s + 1) + "/"
                + config.executor().steps(), List.of("rollout", "train"))) {
            step = executorTraining.step(problems, executorAgent(), executorTrainer, config.executor().groupSize(),
                    seed(t, 3, s), bar::stage);
        }
        double meanReward = java.util.Arrays.stream(step.batch().rewards()).average().orElse(0);
        ObjectNode m = metrics(t, "executor", s, step.metrics(), start);
        m.put("rewardMean", meanReward).set("pHat", JSON.valueToTree(step.batch().pHat()));
        long guarded = step.trajectories().stream().filter(tr -> !guard.allowsReward(tr)).count();
        m.put("guardedRollouts", guarded);
        run.appendJsonl(METRICS, m);
    }

    // ---- section 7: collapse monitors, early stop; evaluation ---------------------------------

    /** Writes iteration t's monitors line: curation's numbers (from its metrics line) plus loss spikes. */
    private void logMonitors(int t) {
        CollapseMonitors m = null;
        List<Double> losses = new ArrayList<>();
        for (ObjectNode l : RunFiles.iterationLines(run.resolve(METRICS), t)) {
            String phase = l.path("phase").asText();
            if (phase.equals("curation") && l.has("monitors")) {
                m = JSON.convertValue(l.get("monitors"), CollapseMonitors.class);
            } else if (phase.equals("executor") && l.has("loss")) {
                losses.add(l.get("loss").asDouble());
            }
        }
        if (m == null) {
            throw new IllegalStateException(run.resolve(METRICS) + " has no curation line for iteration " + t);
        }
        writeMonitors(t, m.withLosses(losses, config.monitors().lossSpikeThreshold()));
    }

    private void writeMonitors(int t, CollapseMonitors m) {
        ObjectNode line = line(t, "monitors", 0);
        line.setAll((ObjectNode) JSON.valueToTree(m));
        run.appendJsonl(METRICS, line);
        LOG.info("iteration {} monitors: kept {}, distinct answers {}, boxed≠tool {}, no answer {}, tool calls {}, "
                + "loss spikes {}/{}", t, fmt(m.keptFraction()), fmt(m.distinctAnswersMean()), fmt(m.boxedNeToolRate()),
                fmt(m.noAnswerRate()), fmt(m.toolCallRate()), m.lossSpikes(), m.executorSteps());
    }

    private boolean shouldStop(CollapseMonitors m) {
        return config.monitors().earlyStop() && m.keptFraction() < config.monitors().minKeptFraction();
    }

    /** Logs the monitors and why the run stops; the commit that follows makes the stop permanent. */
    private void stop(int t, CollapseMonitors m) {
        writeMonitors(t, m);
        stopped = String.format("kept fraction %s < monitors.minKeptFraction %s in iteration %d", fmt(m.keptFraction()),
                fmt(config.monitors().minKeptFraction()), t);
        ObjectNode line = line(t, "early-stop", 0);
        line.put("reason", stopped).put("keptFraction", m.keptFraction())
                .put("minKeptFraction", config.monitors().minKeptFraction());
        run.appendJsonl(METRICS, line);
        LOG.warn("iteration {}: early stop: {}", t, stopped);
    }

    /**
     * Runs the world's evaluator on the executor after iteration t (0: before training), unless
     * already committed; appends its object plus {@code iteration} and {@code seconds} to
     * eval.jsonl and commits. The policy is frozen meanwhile: no parameter requires a gradient and
     * grad mode is off on this thread, so nothing records an autograd graph.
     */
    private void evaluateOnce(int t) {
        IterationEvaluator evaluator = world.evaluator();
        if (evaluator == null || evaluated >= t) {
            return;
        }
        long start = System.nanoTime();
        QwenModel policy = executorTrainer.policy();
        boolean gradMode = JniUtils.isGradMode();
        policy.setTrainable(false);
        JniUtils.setGradMode(false);
        ObjectNode result;
        try {
            result = evaluator.evaluate(t, policy);
        } finally {
            JniUtils.setGradMode(gradMode);
            policy.setTrainable(true); // PolicyTrainer keeps its policy trainable
        }
        ObjectNode line = JSON.createObjectNode().put("iteration", t);
        if (result != null) {
            line.setAll(result);
        }
        line.put("iteration", t).put("seconds", seconds(start));
        run.appendJsonl(EVAL, line);
        evaluated = t;
        commitState();
        LOG.info("iteration {} eval: {} ({} s)", t, result, String.format("%.1f", seconds(start)));
    }

    // ---- agents and trainers ------------------------------------------------------------------

    private CurriculumAgent curriculumAgent() {
        SelfPlayConfig.Curriculum c = config.curriculum();
        CurriculumConfig cc = CurriculumConfig.defaults().withMaxNewTokens(c.maxNewTokens())
                .withSampling(new SamplingConfig(c.temperature(), 0, c.topP(), config.seed()));
        return new CurriculumAgent(world.generators().apply(curriculumTrainer.policy()), world.tokenizer(),
                world.curriculumFormat(), world.eosTokenIds(), cc);
    }

    private ExecutorAgent executorAgent() {
        SelfPlayConfig.Executor e = config.executor();
        ExecutorConfig ec = ExecutorConfig.defaults().withGroupSize(e.groupSize()).withMaxToolCalls(e.maxToolCalls())
                .withObservationTokens(e.observationTokens()).withResponseBudget(e.responseBudget())
                .withMultiTurn(e.multiTurn()).withSampling(new SamplingConfig(e.temperature(), 0, 1.0, config.seed()));
        return new ExecutorAgent(world.generators().apply(executorTrainer.policy()), world.tokenizer(), world.format(),
                e.multiTurn() ? world.sandbox() : null, world.eosTokenIds(), ec);
    }

    /** Fresh models (random or from folders), or the committed checkpoints of a resumed run. */
    private void resume(NDManager manager) {
        JsonNode state = run.committedState().orElse(null);
        done = state == null ? 0 : state.get("done").asInt();
        curriculumCheckpoint = state == null ? null : text(state, "curriculumCheckpoint");
        executorCheckpoint = state == null ? null : text(state, "executorCheckpoint");
        evaluated = state == null ? -1 : state.path("evaluated").asInt(-1);
        stopped = state == null ? null : text(state, "stopped");
        curriculumTrainer = trainer(curriculumCheckpoint, config.models().curriculum(), TrainerConfigs.curriculum(config),
                manager);
        executorTrainer = trainer(executorCheckpoint, config.models().executor(), TrainerConfigs.executor(config), manager);
        if (done > 0) {
            LOG.info("resuming {} after {} committed units", run.root(), done);
        }
    }

    private PolicyTrainer trainer(String checkpoint, String initial, PolicyTrainerConfig tc, NDManager manager) {
        if (checkpoint != null) {
            Path dir = run.resolve(checkpoint);
            PolicyTrainer t = new PolicyTrainer(new QwenModel(TrainingCheckpoint.loadWeights(dir, manager)), tc, manager);
            t.restore(dir);
            return t;
        }
        QwenWeights w = "random".equals(initial)
                ? QwenWeights.random(tinyShape(vocab()), config.models().randomSeed(), 0.02, manager)
                : QwenWeights.load(Path.of(initial), manager);
        return new PolicyTrainer(new QwenModel(w), tc, manager);
    }

    /** The tokenizer's vocabulary, widened to hold every end-of-turn id. */
    private int vocab() {
        int v = world.tokenizer().vocabSize();
        for (int id : world.eosTokenIds()) {
            v = Math.max(v, id + 1);
        }
        return v;
    }

    /** The shape of the qwen3-tiny fixture (hidden 64, 2 layers, 4/2 heads of 32) with the given vocabulary. */
    static QwenConfig tinyShape(int vocab) {
        return new QwenConfig(ModelType.QWEN3, 64, 128, 2, 4, 2, 32, 1e-6, 1_000_000, vocab, true, 40960, false,
                TensorDType.F32, -1, List.of());
    }


    // ---- run folder ---------------------------------------------------------------------------

    /** Saves into {@code checkpoints/<name>-u<unit>}; the previous one stays until the commit. */
    private String checkpoint(PolicyTrainer trainer, String name, int unit) {
        String rel = "checkpoints/" + name + "-u" + unit;
        trainer.save(run.resolve(rel), world.tokenizerDir());
        return rel;
    }

    private void saveIteration(int t) {
        RunFiles.deleteTempFolders(run.resolve("iter-" + t)); // left by a kill during an earlier save
        curriculumTrainer.save(run.resolve("iter-" + t, "curriculum"), world.tokenizerDir());
        executorTrainer.save(run.resolve("iter-" + t, "executor"), world.tokenizerDir());
    }

    /** Unit {@code unit} is done: commit, then delete checkpoint folders the state no longer names. */
    private void commit(int unit) {
        done = unit + 1;
        commitState();
        Set<String> keep = new HashSet<>();
        for (String rel : new String[] {curriculumCheckpoint, executorCheckpoint}) {
            if (rel != null) {
                keep.add(Path.of(rel).getFileName().toString());
            }
        }
        RunFiles.deleteAllBut(run.resolve("checkpoints"), keep);
    }

    private void commitState() {
        ObjectNode s = JSON.createObjectNode();
        s.put("done", done).put("curriculumCheckpoint", curriculumCheckpoint)
                .put("executorCheckpoint", executorCheckpoint).put("evaluated", evaluated);
        if (stopped != null) {
            s.put("stopped", stopped);
        }
        run.commit(s);
    }

    private ObjectNode metrics(int t, String phase, int s, StepMetrics sm, long start) {
        ObjectNode m = line(t, phase, s);
        if (sm != null) {
            m.setAll((ObjectNode) JSON.valueToTree(sm));
        }
        m.put("seconds", seconds(start));
        LOG.info("iteration {} {} step {}: loss {} grad norm {} ({} s)", t, phase, s,
                sm == null ? "-" : String.format("%.4g", sm.loss()), sm == null ? "-" : String.format("%.3g",
                        sm.gradNorm()), String.format("%.1f", seconds(start)));
        return m;
    }

    private static ObjectNode line(int t, String phase, int s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("iteration", t).put("phase", phase).put("step", s);
        return n;
    }

    private long seed(int t, int phase, int s) {
        return new SplittableRandom(config.seed() ^ ((long) t << 40) ^ ((long) phase << 32) ^ s).nextLong();
    }

    private static String fmt(double x) {
        return String.format("%.3g", x);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private void closeTrainers() {
        if (curriculumTrainer != null) {
            curriculumTrainer.close();
        }
        if (executorTrainer != null) {
            executorTrainer.close();
        }
    }
}
