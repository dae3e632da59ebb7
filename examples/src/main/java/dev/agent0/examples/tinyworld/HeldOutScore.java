package dev.agent0.examples.tinyworld;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.agent.Trajectory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One decoding mode's held-out measurements, overall and per difficulty level.
 *
 * @param overall every problem of the set
 * @param levels the problems of each level; every level of the set is present
 */
public record HeldOutScore(ModeScore overall, Map<DifficultyLevel, ModeScore> levels) {
    public HeldOutScore {
        // Not new EnumMap<>(levels): that constructor rejects an empty plain map.
        Map<DifficultyLevel, ModeScore> copy = new EnumMap<>(DifficultyLevel.class);
        copy.putAll(levels);
        levels = Collections.unmodifiableMap(copy);
    }

    /** Scores one trajectory per problem of {@code set}, in {@link HeldOutSet#all()} order. */
    public static HeldOutScore of(HeldOutSet set, List<Trajectory> trajectories) {
        List<ArithmeticProblem> all = set.all();
        ModeScore overall = ModeScore.of(all, trajectories);
        Map<DifficultyLevel, ModeScore> levels = new EnumMap<>(DifficultyLevel.class);
        int from = 0;
        for (DifficultyLevel level : set.levels()) {
            List<ArithmeticProblem> problems = set.problems(level);
            List<Trajectory> mine =
                    new ArrayList<>(trajectories.subList(from, from + problems.size()));
            levels.put(level, ModeScore.of(problems, mine));
            from += problems.size();
        }
        return new HeldOutScore(overall, levels);
    }

    /**
     * The pooled score of the in-distribution levels (L1..L6, {@code frontier} false) or of the
     * frontier levels (F1..F3), or empty when the set has none of them.
     */
    public Optional<ModeScore> group(boolean frontier) {
        List<ModeScore> parts =
                levels.entrySet().stream()
                        .filter(e -> e.getKey().frontier() == frontier)
                        .map(Map.Entry::getValue)
                        .toList();
        return parts.isEmpty() ? Optional.empty() : Optional.of(ModeScore.pooled(parts));
    }

    /**
     * As JSON: the overall fields ({@code pass1}, {@code toolRate}, {@code noAnswerRate}, {@code
     * responseTokensMean}, {@code problems}) and {@code levels.L1 …} with the same fields; a set
     * with frontier levels adds {@code inDistribution} and {@code frontier}, pooled the same way.
     */
    public ObjectNode toJson() {
        ObjectNode node = fields(overall);
        ObjectNode byLevel = node.putObject("levels");
        levels.forEach((level, score) -> byLevel.set(level.name(), fields(score)));
        group(true)
                .ifPresent(
                        f -> {
                            node.set("frontier", fields(f));
                            group(false).ifPresent(d -> node.set("inDistribution", fields(d)));
                        });
        return node;
    }

    private static ObjectNode fields(ModeScore s) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("pass1", s.pass1())
                .put("toolRate", s.toolRate())
                .put("noAnswerRate", s.noAnswerRate())
                .put("responseTokensMean", s.responseTokensMean())
                .put("problems", s.problems());
        return n;
    }
}
