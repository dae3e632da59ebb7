package dev.agent0.eval.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.agent0.core.io.AtomicFiles;
import dev.agent0.eval.consistency.SelfConsistency;
import dev.agent0.eval.consistency.Vote;
import dev.agent0.eval.grade.AnswerExtractor;
import dev.agent0.eval.grade.Grade;
import dev.agent0.eval.grade.Grader;
import dev.agent0.eval.grade.Graders;
import dev.agent0.eval.grade.ValueEquivalence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark loop: sample, extract, grade, vote, append; then metrics and reports.
 *
 * <p>Files in the output directory: {@code results.jsonl} (one {@link ItemResult} per line,
 * appended as each item finishes, so an interrupted run resumes where it stopped; a torn last line
 * is dropped), {@code report.json} and {@code report.md} (written atomically at the end).
 */
public final class EvalRunner {
    public static final String RESULTS = "results.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(EvalRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ValueEquivalence value;
    private final List<Grader> graders;
    private final SelfConsistency consistency;
    private final boolean showProgress;

    /**
     * @param value the grader behind the headline metrics and the vote
     * @param showProgress draw a progress bar with rate and ETA on stderr
     */
    public EvalRunner(ValueEquivalence value, boolean showProgress) {
        this.value = value;
        this.graders = Graders.all(value.config());
        this.consistency = new SelfConsistency(value);
        this.showProgress = showProgress;
    }

    /**
     * Runs (or resumes) an evaluation of the first {@code limit} problems (0 = all) with k samples.
     */
    public EvalReport run(
            String dataset, List<Problem> problems, Solver solver, int k, int limit, Path outDir)
            throws IOException {
        if (k < 1) {
            throw new IllegalArgumentException("k = " + k + ", must be >= 1");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit = " + limit + ", must be >= 0 (0 means all)");
        }
        // 1. The items of this run.
        List<Problem> todo =
                limit == 0 ? problems : problems.subList(0, Math.min(limit, problems.size()));
        // 2. Resume: items already in results.jsonl are kept, not re-sampled.
        Path results = outDir.resolve(RESULTS);
        Map<String, ItemResult> done = resume(results, k);
        Set<String> wanted = todo.stream().map(Problem::id).collect(Collectors.toSet());
        long already = done.keySet().stream().filter(wanted::contains).count();
        LOG.info("{}: {} items, {} already graded in {}", dataset, todo.size(), already, results);
        // 3. Sample, grade, vote and append, one item at a time.
        try (ProgressBar bar = progressBar(todo.size(), already)) {
            for (Problem p : todo) {
                if (done.containsKey(p.id())) {
                    continue;
                }
                ItemResult r = gradeItem(p, solver.solve(p, k));
                append(results, r);
                done.put(p.id(), r);
                if (bar != null) {
                    bar.step();
                }
            }
        }
        // 4. Metrics over this run's items, then the reports.
        List<ItemResult> items = todo.stream().map(p -> done.get(p.id())).toList();
        EvalReport report = report(dataset, solver.name(), k, items);
        AtomicFiles.writeString(
                outDir.resolve("report.json"),
                JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report)
                        + "\n");
        AtomicFiles.writeString(outDir.resolve("report.md"), report.toMarkdown());
        return report;
    }

    /** Grades k responses to one problem with every grader and votes over the extracted answers. */
    public ItemResult gradeItem(Problem p, List<String> responses) {
        Optional<String> goldError = value.parseError(p.gold());
        List<String> answers = new ArrayList<>();
        List<Boolean> correct = new ArrayList<>();
        Map<String, Integer> byGrader = new TreeMap<>();
        for (String response : responses) {
            answers.add(AnswerExtractor.extractValue(response).orElse(""));
            for (Grader g : graders) {
                Grade grade = g.grade(response, p.gold());
                if (grade.verdict() != null) {
                    byGrader.merge(g.name(), grade.correct() ? 1 : 0, Integer::sum);
                }
                if (g.name().equals(ValueEquivalence.NAME)) {
                    correct.add(grade.correct());
                }
            }
        }
        Vote vote = consistency.vote(answers);
        boolean majorityCorrect =
                vote.majorityAnswer() != null
                        && value.compare(vote.majorityAnswer(), p.gold()).correct();
        return new ItemResult(
                p.id(),
                p.subject(),
                p.level(),
                p.gold(),
                goldError.orElse(null),
                responses,
                answers,
                correct,
                byGrader,
                vote.majorityAnswer(),
                majorityCorrect,
                vote.pHat().value());
    }

    EvalReport report(String dataset, String solver, int k, List<ItemResult> items) {
        Map<String, Metrics> bySubject = group(items, ItemResult::subject);
        Map<String, Metrics> byLevel =
                group(items, r -> r.level() == 0 ? "" : String.valueOf(r.level()));
        List<String> unreadable =
                items.stream().filter(r -> r.goldError() != null).map(ItemResult::id).toList();
        String grader = ValueEquivalence.NAME + " " + value.config();
        return new EvalReport(
                dataset, solver, grader, k, Metrics.of(items), bySubject, byLevel, unreadable);
    }

    private static Map<String, Metrics> group(
            List<ItemResult> items, Function<ItemResult, String> key) {
        Map<String, List<ItemResult>> groups = new TreeMap<>();
        for (ItemResult r : items) {
            String kv = key.apply(r);
            if (!kv.isEmpty()) {
                groups.computeIfAbsent(kv, x -> new ArrayList<>()).add(r);
            }
        }
        Map<String, Metrics> out = new LinkedHashMap<>();
        groups.forEach((g, rs) -> out.put(g, Metrics.of(rs)));
        return out;
    }

    /**
     * Reads results.jsonl; a torn last line (an interrupted write) is dropped and the file
     * rewritten.
     */
    static Map<String, ItemResult> resume(Path results, int k) throws IOException {
        Map<String, ItemResult> done = new LinkedHashMap<>();
        if (!Files.exists(results)) {
            return done;
        }
        List<String> lines = Files.readAllLines(results, StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            ItemResult r;
            try {
                r = JSON.readValue(line, ItemResult.class);
            } catch (JsonProcessingException e) {
                if (i == lines.size() - 1) {
                    LOG.warn("{}: dropping a torn last line (interrupted write)", results);
                    AtomicFiles.writeString(
                            results, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
                    break;
                }
                throw new DatasetException(
                        results + ":" + (i + 1) + ": not a result line: " + e.getOriginalMessage(),
                        e);
            }
            if (r.k() != k) {
                throw new DatasetException(
                        results
                                + ":"
                                + (i + 1)
                                + ": item "
                                + r.id()
                                + " has k="
                                + r.k()
                                + " samples but this run asks k="
                                + k
                                + "; use another --out directory");
            }
            done.put(r.id(), r);
            kept.add(line);
        }
        return done;
    }

    private static void append(Path results, ItemResult r) throws IOException {
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(
                results,
                JSON.writeValueAsString(r) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE,
                StandardOpenOption.SYNC);
    }

    private ProgressBar progressBar(int total, long already) {
        if (!showProgress) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName("eval")
                .setInitialMax(total)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .startsFrom(already, Duration.ZERO)
                .showSpeed()
                .build();
    }
}
