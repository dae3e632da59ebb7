package dev.agent0.examples.tinyworld;

import java.util.List;

/**
 * What the pre-RL gate measured on a base checkpoint, criterion by criterion.
 *
 * @param executorFormat      sampled executor responses ending with {@code \boxed{<integer>}} and
 *                            end of turn, over all labelled problems × k
 * @param curriculumFormat    curriculum samples ending their turn with a valid {@code <question>}
 * @param hardToolRate        sampled executor trajectories on hard levels with an executed tool call
 * @param pseudoLabelAccuracy labelled problems whose majority answer equals the true value
 */
public record GateResult(GateCriterion executorFormat, GateCriterion curriculumFormat, GateCriterion hardToolRate,
        GateCriterion pseudoLabelAccuracy) {

    /** Every criterion, in the order above. */
    public List<GateCriterion> criteria() {
        return List.of(executorFormat, curriculumFormat, hardToolRate, pseudoLabelAccuracy);
    }

    /** True when every criterion passed. */
    public boolean passed() {
        return criteria().stream().allMatch(GateCriterion::passed);
    }

    /** One line per criterion, then the verdict. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        criteria().forEach(c -> sb.append(c.describe()).append('\n'));
        return sb.append(passed() ? "pre-RL gate: PASS" : "pre-RL gate: FAIL").toString();
    }
}
