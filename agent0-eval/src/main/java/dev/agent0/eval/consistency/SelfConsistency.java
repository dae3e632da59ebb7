package dev.agent0.eval.consistency;

import dev.agent0.eval.grade.ValueEquivalence;
import java.util.ArrayList;
import java.util.List;

/**
 * Self-consistency voting (Agent0 paper: the executor's pseudo-label ỹ and uncertainty p̂).
 *
 * <p>Answers are grouped by the value-equivalence grader: each non-empty answer joins the first
 * group whose representative it equals, else starts a new group. The largest group wins, ties going
 * to the group seen first; p̂ = |majority| / k with empty answers counted in k ({@link PHat}).
 * Thread-safe; the grader's seed makes the grouping deterministic.
 */
public final class SelfConsistency {
    private final ValueEquivalence grader;

    public SelfConsistency(ValueEquivalence grader) {
        this.grader = grader;
    }

    public SelfConsistency() {
        this(new ValueEquivalence());
    }

    /** Votes over k extracted answers; null or blank entries are empty answers. */
    public Vote vote(List<String> answers) {
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("answers is empty: need k >= 1 answers to vote");
        }
        List<String> reps = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<Integer> groupOf = new ArrayList<>();
        for (String a : answers) {
            if (a == null || a.isBlank()) {
                groupOf.add(-1);
                continue;
            }
            int g = firstEqualGroup(a.strip(), reps);
            if (g < 0) {
                reps.add(a.strip());
                sizes.add(0);
                g = reps.size() - 1;
            }
            sizes.set(g, sizes.get(g) + 1);
            groupOf.add(g);
        }
        int best = -1;
        for (int g = 0; g < sizes.size(); g++) {
            if (best < 0 || sizes.get(g) > sizes.get(best)) { // strict >: first seen wins ties
                best = g;
            }
        }
        return Vote.withMajority(best, sizes, reps, groupOf, answers.size());
    }

    private int firstEqualGroup(String answer, List<String> reps) {
        for (int g = 0; g < reps.size(); g++) {
            if (grader.equivalent(answer, reps.get(g))) {
                return g;
            }
        }
        return -1;
    }
}
