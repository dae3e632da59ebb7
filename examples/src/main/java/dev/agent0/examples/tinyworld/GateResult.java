package dev.agent0.examples.tinyworld;

import java.util.List;

/**
 * What the pre-RL gate measured on a base checkpoint, criterion by criterion.
 *
 * @param executorFormat sampled executor responses ending with {@code \boxed{<integer>}} and end of
 *     turn, over all labelled problems × k
 * @param curriculumFormat curriculum samples ending their turn with a valid {@code <question>}
 * @param hardToolRate sampled executor trajectories on hard levels with an executed tool call
 * @param pseudoLabelAccuracy labelled problems whose pseudo-label equals the true value, voted as
 *     the demo's curation votes: tool-consistency guard on, tool-grounded ({@code
 *     extensions.toolGroundedVote}, configs/tiny-world.yaml)
 * @param plainVoteAccuracy the same with the paper's plain majority over all k answers; reported,
 *     not a criterion of the verdict
 * @param pseudoLabelByLevel {@code pseudoLabelAccuracy} per difficulty level (levels with labelled
 *     problems only); reported, not criteria of the verdict
 */
public record GateResult(
        GateCriterion executorFormat,
        GateCriterion curriculumFormat,
        GateCriterion hardToolRate,
        GateCriterion pseudoLabelAccuracy,
        GateCriterion plainVoteAccuracy,
        List<GateCriterion> pseudoLabelByLevel) {
    public GateResult {
        pseudoLabelByLevel = List.copyOf(pseudoLabelByLevel);
    }

    /** Every criterion, in the order above. */
    public List<GateCriterion> criteria() {
        return List.of(executorFormat, curriculumFormat, hardToolRate, pseudoLabelAccuracy);
    }

    /** True when every criterion passed. */
    public boolean passed() {
        return criteria().stream().allMatch(GateCriterion::passed);
    }

    /**
     * One line per criterion, the plain-vote and per-level accuracies (information), then the
     * verdict.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        criteria().forEach(c -> sb.append(c.describe()).append('\n'));
        sb.append(plainVoteAccuracy.describe())
                .append(" (plain majority vote: information, not a criterion)\n");
        pseudoLabelByLevel.forEach(
                c -> sb.append("  ").append(c.describe()).append(" (information)\n"));
        return sb.append(passed() ? "pre-RL gate: PASS" : "pre-RL gate: FAIL").toString();
    }
}
