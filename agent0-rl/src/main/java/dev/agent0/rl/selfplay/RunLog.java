package dev.agent0.rl.selfplay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.rl.reward.CurriculumReward;
import dev.agent0.rl.train.StepMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a self-play run reports: one JSON line per event in the run folder's logs (appended and
 * forced to disk by {@link RunDirectory}; rolled back to the last commit on resume) and a one-line
 * summary per unit on the SLF4J logger. Every line carries {@code iteration}, {@code phase} and
 * {@code step}; field names and formulas are listed in docs/selfplay.md.
 *
 * <ul>
 *   <li>{@value #QUESTIONS}: every generated problem, from curriculum steps and from curation;
 *   <li>{@value #CURATED}: the kept problems, the executor's training set (read back on resume);
 *   <li>{@value #METRICS}: one line per unit, the iteration's collapse monitors, an early stop
 *       (kept fraction, or a streak of skipped updates);
 *   <li>{@value #EVAL}: the world's evaluation before training and after every iteration.
 * </ul>
 */
final class RunLog {
    static final String QUESTIONS = "questions.jsonl";
    static final String CURATED = "curated.jsonl";
    static final String METRICS = "metrics.jsonl";
    static final String EVAL = "eval.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(SelfPlayLoop.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunDirectory run;
    private final Supplier<Map<String, Long>> counters;

    /**
     * @param counters the generation engine's counters (requests, attempts, retries), added to
     *     every metrics line as {@code engineRequests}, … when not empty (an HTTP engine)
     */
    RunLog(RunDirectory run, Supplier<Map<String, Long>> counters) {
        this.run = run;
        this.counters = counters;
    }

    /** The engine's cumulative counters since this process started, as engineName fields. */
    private ObjectNode withCounters(ObjectNode m) {
        for (Map.Entry<String, Long> e : counters.get().entrySet()) {
            String k = e.getKey();
            m.put("engine" + Character.toUpperCase(k.charAt(0)) + k.substring(1), e.getValue());
        }
        return m;
    }

    /** A curriculum step: its B problems with their reward terms, and the trainer's metrics. */
    void curriculumStep(int t, int s, CurriculumTraining.Step step, double seconds) {
        for (int i = 0; i < step.samples().size(); i++) {
            ObjectNode q = line(t, "curriculum", s);
            var out = step.samples().get(i).output();
            q.put("index", i).put("question", out.question()).put("answer", out.answer());
            var v = step.votes().get(i);
            q.put("pHat", step.problems().get(i).pHat().value())
                    .put("majority", v == null ? null : v.majorityAnswer());
            q.put("meanToolCalls", step.problems().get(i).meanToolCalls());
            q.set("reward", JSON.valueToTree(step.terms().get(i)));
            run.appendJsonl(QUESTIONS, q);
        }
        double meanReward =
                step.terms().stream()
                        .mapToDouble(CurriculumReward.Terms::total)
                        .average()
                        .orElse(0);
        run.appendJsonl(
                METRICS,
                metrics(t, "curriculum", s, step.metrics(), seconds).put("rewardMean", meanReward));
    }

    /** A curation: every judged problem, the kept ones, and the curation's monitors. */
    void curation(int t, Curation.Result r, double seconds) {
        for (CuratedProblem p : r.judged()) {
            run.appendJsonl(
                    QUESTIONS, line(t, "curation", 0).setAll((ObjectNode) JSON.valueToTree(p)));
        }
        for (CuratedProblem p : r.kept().problems()) {
            run.appendJsonl(
                    CURATED, line(t, "curation", 0).setAll((ObjectNode) JSON.valueToTree(p)));
        }
        ObjectNode m = line(t, "curation", 0);
        m.put("problems", r.judged().size())
                .put("kept", r.kept().problems().size())
                .put("seconds", seconds);
        m.set("monitors", JSON.valueToTree(r.monitors()));
        run.appendJsonl(METRICS, withCounters(m));
        LOG.info(
                "iteration {} curation: kept {} of {} problems ({} s)",
                t,
                r.kept().problems().size(),
                r.judged().size(),
                String.format("%.1f", seconds));
    }

    /**
     * An executor step: the trainer's metrics, the batch's p̂ and how many rollouts the guard
     * zeroed.
     */
    void executorStep(
            int t, int s, ExecutorTraining.Step step, long guardedRollouts, double seconds) {
        double meanReward = Arrays.stream(step.batch().rewards()).average().orElse(0);
        ObjectNode m = metrics(t, "executor", s, step.metrics(), seconds);
        m.put("rewardMean", meanReward).set("pHat", JSON.valueToTree(step.batch().pHat()));
        m.put("guardedRollouts", guardedRollouts);
        run.appendJsonl(METRICS, m);
    }

    /** An executor step that had nothing to train on. */
    void executorSkipped(int t, int s, double seconds) {
        run.appendJsonl(
                METRICS,
                line(t, "executor", s)
                        .put("skipped", "no curated problems")
                        .put("seconds", seconds));
        LOG.warn("iteration {} executor step {}: skipped, curation kept no problem", t, s);
    }

    /** The iteration's collapse monitors. */
    void monitors(int t, CollapseMonitors m) {
        run.appendJsonl(METRICS, line(t, "monitors", 0).setAll((ObjectNode) JSON.valueToTree(m)));
        LOG.info(
                "iteration {} monitors: kept {}, distinct answers {}, boxed≠tool {}, no answer {},"
                        + " tool calls {}, loss spikes {}/{}",
                t,
                fmt(m.keptFraction()),
                fmt(m.distinctAnswersMean()),
                fmt(m.boxedNeToolRate()),
                fmt(m.noAnswerRate()),
                fmt(m.toolCallRate()),
                m.lossSpikes(),
                m.executorSteps());
    }

    /** Why the run stops for good after iteration t's curation. */
    void earlyStop(int t, String reason, CollapseMonitors m, double minKeptFraction) {
        ObjectNode line = line(t, "early-stop", 0);
        line.put("reason", reason)
                .put("keptFraction", m.keptFraction())
                .put("minKeptFraction", minKeptFraction);
        run.appendJsonl(METRICS, line);
        LOG.warn("iteration {}: early stop: {}", t, reason);
    }

    /**
     * Why the run stops for good after {@code role}'s step s of iteration t: a streak of skipped
     * updates reached monitors.maxSkippedUpdatesInARow. An {@code early-stop} line like the
     * kept-fraction stop's, with the agent, the streak and the limit.
     */
    void skippedUpdatesStop(int t, AgentRole role, int s, String reason, SkippedUpdateStreak k) {
        ObjectNode line = line(t, "early-stop", s);
        line.put("agent", role.folder())
                .put("reason", reason)
                .put("skippedUpdatesInARow", k.length())
                .put("maxSkippedUpdatesInARow", k.limit());
        run.appendJsonl(METRICS, line);
        LOG.warn("iteration {} {} step {}: early stop: {}", t, role.folder(), s, reason);
    }

    /**
     * The streak of skipped updates at the end of the committed trainer steps, replayed from their
     * metrics lines ({@code updates}, {@code skippedUpdates}) in order: where a resumed run's count
     * stands.
     */
    SkippedUpdateStreak skippedUpdateStreak(int limit) {
        SkippedUpdateStreak streak = new SkippedUpdateStreak(limit);
        Path file = run.resolve(METRICS);
        if (!Files.isRegularFile(file)) {
            return streak;
        }
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                JsonNode n = RunFiles.line(file, i, lines.get(i));
                if (n.has("skippedUpdates")) {
                    streak.add(n.get("updates").asInt(), n.get("skippedUpdates").asInt());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": unreadable line: " + e.getMessage(), e);
        }
        return streak;
    }

    /**
     * The world's evaluation after iteration t (0: before training), plus iteration and seconds.
     */
    void evaluation(int t, ObjectNode result, double seconds) {
        ObjectNode line = JSON.createObjectNode().put("iteration", t);
        if (result != null) {
            line.setAll(result);
        }
        line.put("iteration", t).put("seconds", seconds);
        run.appendJsonl(EVAL, line);
        LOG.info("iteration {} eval: {} ({} s)", t, result, String.format("%.1f", seconds));
    }

    /** Iteration t's curated set as logged (a resumed run's hand-off to the executor steps). */
    CuratedSet curated(int t) {
        return new CuratedSet(t, RunFiles.curated(run.resolve(CURATED), t));
    }

    /**
     * Iteration t's monitors: curation's (from its metrics line) plus the executor steps' loss
     * spikes.
     */
    CollapseMonitors iterationMonitors(int t, double lossSpikeThreshold) {
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
            throw new IllegalStateException(
                    run.resolve(METRICS) + " has no curation line for iteration " + t);
        }
        return m.withLosses(losses, lossSpikeThreshold);
    }

    private ObjectNode metrics(int t, String phase, int s, StepMetrics sm, double seconds) {
        ObjectNode m = line(t, phase, s);
        if (sm != null) {
            m.setAll((ObjectNode) JSON.valueToTree(sm));
        }
        m.put("seconds", seconds);
        withCounters(m);
        LOG.info(
                "iteration {} {} step {}: loss {} grad norm {} ({} s)",
                t,
                phase,
                s,
                sm == null ? "-" : String.format("%.4g", sm.losses().loss()),
                sm == null ? "-" : String.format("%.3g", sm.updates().gradNorm()),
                String.format("%.1f", seconds));
        return m;
    }

    private static ObjectNode line(int t, String phase, int s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("iteration", t).put("phase", phase).put("step", s);
        return n;
    }

    private static String fmt(double x) {
        return String.format("%.3g", x);
    }
}
