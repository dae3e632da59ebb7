package dev.agent0.rl.selfplay;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems one iteration's curation kept, each with its pseudo-label ỹ and p̂: the hand-off
 * from curation to the executor's ADPO steps, passed as a value (a resumed run reads it back from
 * {@code curated.jsonl}).
 *
 * @param iteration t, the iteration that curated them
 * @param problems the kept problems, in curation order (possibly none)
 */
public record CuratedSet(int iteration, List<CuratedProblem> problems) {
    public CuratedSet {
        problems = List.copyOf(problems);
        for (CuratedProblem p : problems) {
            if (!p.kept()) {
                throw new IllegalArgumentException(
                        "problem "
                                + p.index()
                                + " of iteration "
                                + iteration
                                + " was not kept by curation (verdict "
                                + p.verdict()
                                + ")");
            }
        }
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /**
     * The problems of executor step {@code step}: {@code perStep} of them (at most the set's size),
     * continuing where the previous step stopped and wrapping around, so successive steps cycle
     * through the whole set.
     */
    public List<CuratedProblem> forStep(int step, int perStep) {
        List<CuratedProblem> out = new ArrayList<>(perStep);
        for (int i = 0; i < Math.min(perStep, problems.size()); i++) {
            out.add(problems.get((step * perStep + i) % problems.size()));
        }
        return out;
    }
}
