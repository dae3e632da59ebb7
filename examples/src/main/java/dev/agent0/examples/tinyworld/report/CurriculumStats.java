package dev.agent0.examples.tinyworld.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agent0.examples.tinyworld.DifficultyLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Difficulty and template diversity of the questions the curriculum wrote in one iteration.
 *
 * <p>The questions of iteration t are those curation drew from the trained curriculum ({@code
 * questions.jsonl} lines with {@code phase = curation}); an iteration without curation lines falls
 * back to its curriculum-step samples ({@code phase = curriculum}).
 *
 * @param iteration t
 * @param questions questions generated (including unparsable ones)
 * @param parsed questions that are valid tiny-world expressions
 * @param meanLevel mean {@link QuestionShape#estimatedLevel()} over parsed questions
 * @param meanMaxDigits mean longest-operand length
 * @param meanOperations mean operation count
 * @param distinctTemplates distinct operator templates among parsed questions
 * @param topTemplate the most frequent template (the first to reach the top count wins ties); null
 *     when none parsed
 * @param topTemplateShare its share of the parsed questions: near 1 means collapse onto one
 *     template
 * @param beyondTrainingShare share of the parsed questions that are {@link
 *     QuestionShape#beyondTraining()}: the frontier world's measure of a curriculum moving past
 *     what its executor was trained on
 * @param levelCounts parsed questions by {@link QuestionShape#estimatedLevel()}: index 0 (bare
 *     numbers) to 9 (F3)
 */
public record CurriculumStats(
        int iteration,
        int questions,
        int parsed,
        double meanLevel,
        double meanMaxDigits,
        double meanOperations,
        int distinctTemplates,
        String topTemplate,
        double topTemplateShare,
        double beyondTrainingShare,
        int[] levelCounts) {

    /** One entry per iteration that has questions, in iteration order. */
    public static List<CurriculumStats> of(List<JsonNode> questionLines) {
        Map<Integer, List<String>> curation = byIteration(questionLines, "curation");
        Map<Integer, List<String>> curriculum = byIteration(questionLines, "curriculum");
        TreeMap<Integer, List<String>> chosen = new TreeMap<>(curriculum);
        chosen.putAll(curation); // curation's questions win where both exist
        List<CurriculumStats> out = new ArrayList<>();
        chosen.forEach((t, qs) -> out.add(of(t, qs)));
        return out;
    }

    /** The statistics of one iteration's questions. */
    public static CurriculumStats of(int iteration, List<String> questions) {
        List<QuestionShape> shapes = new ArrayList<>();
        for (String q : questions) {
            Optional<QuestionShape> s = QuestionShape.parse(q);
            s.ifPresent(shapes::add);
        }
        Map<String, Integer> counts = new HashMap<>();
        String top = null;
        for (QuestionShape s : shapes) {
            int c = counts.merge(s.template(), 1, Integer::sum);
            if (top == null || c > counts.get(top)) {
                top = s.template();
            }
        }
        double n = shapes.size();
        return new CurriculumStats(
                iteration,
                questions.size(),
                shapes.size(),
                shapes.stream()
                        .mapToInt(QuestionShape::estimatedLevel)
                        .average()
                        .orElse(Double.NaN),
                shapes.stream().mapToInt(QuestionShape::maxDigits).average().orElse(Double.NaN),
                shapes.stream().mapToInt(QuestionShape::operations).average().orElse(Double.NaN),
                counts.size(),
                top,
                top == null ? Double.NaN : counts.get(top) / n,
                shapes.isEmpty()
                        ? Double.NaN
                        : shapes.stream().filter(QuestionShape::beyondTraining).count() / n,
                levelCounts(shapes));
    }

    private static int[] levelCounts(List<QuestionShape> shapes) {
        int[] counts = new int[DifficultyLevel.values().length + 1];
        shapes.forEach(s -> counts[s.estimatedLevel()]++);
        return counts;
    }

    /** Share of the parsed questions at {@code level}; NaN when none parsed. */
    public double levelShare(DifficultyLevel level) {
        return levelShare(level.number());
    }

    /** Share of the parsed questions that are bare numbers (estimated level 0). */
    public double bareNumberShare() {
        return levelShare(0);
    }

    private double levelShare(int estimatedLevel) {
        return parsed == 0 ? Double.NaN : levelCounts[estimatedLevel] / (double) parsed;
    }

    private static Map<Integer, List<String>> byIteration(List<JsonNode> lines, String phase) {
        Map<Integer, List<String>> out = new TreeMap<>();
        for (JsonNode l : lines) {
            if (phase.equals(RunLogs.text(l, "phase")) && RunLogs.iteration(l) >= 0) {
                out.computeIfAbsent(RunLogs.iteration(l), t -> new ArrayList<>())
                        .add(RunLogs.text(l, "question"));
            }
        }
        return out;
    }
}
