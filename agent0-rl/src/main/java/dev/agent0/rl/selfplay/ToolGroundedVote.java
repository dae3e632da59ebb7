package dev.agent0.rl.selfplay;

import dev.agent0.core.agent.Trajectory;
import dev.agent0.eval.consistency.SelfConsistency;
import dev.agent0.eval.consistency.Vote;
import java.util.ArrayList;
import java.util.List;

/**
 * Majority voting over one problem's k executor trajectories, optionally <em>tool-grounded</em>
 * ({@code extensions.toolGroundedVote}): when at least one trajectory's answer is supported by the
 * value its own last tool call printed, the pseudo-label ỹ is the majority among those
 * tool-verified answers only; p̂ stays the share of all k answers that agree with ỹ.
 *
 * <p>Why: the plain vote rewards consensus, not correctness. The tiny-world base answers hard
 * problems in its head in consistent, wrong ways, so a wrong direct answer often holds the
 * majority; RL then rewards the tool calls that mis-copy the problem into exactly that wrong value
 * and the executor's copying degrades (measured: the base copies 95-100 % of held-out expressions
 * correctly, the executor after 13 plain-vote iterations 73 % on 2-digit problems;
 * docs/results.md). Label-free like the tool-consistency guard: it trusts the model's executed code
 * over its mental arithmetic, never ground truth.
 *
 * <p>With the switch off, or when no answer is tool-verified, this is the plain vote over the
 * guard's votes ({@link ToolConsistencyGuard#vote}: contradicting answers abstain, counting in k).
 */
public final class ToolGroundedVote {
    private final SelfConsistency voter;
    private final ToolConsistencyGuard guard;
    private final boolean grounded;

    /**
     * @param voter groups answers by value equivalence
     * @param guard turns answers that contradict their own tool output into abstentions (when on)
     * @param grounded true: ỹ from tool-verified answers whenever there are any
     */
    public ToolGroundedVote(SelfConsistency voter, ToolConsistencyGuard guard, boolean grounded) {
        this.voter = voter;
        this.guard = guard;
        this.grounded = grounded;
    }

    /** Whether ỹ comes from tool-verified answers when there are any. */
    public boolean grounded() {
        return grounded;
    }

    /** The guard that decides which answers abstain and which a tool verifies. */
    public ToolConsistencyGuard guard() {
        return guard;
    }

    /**
     * The plain vote over already-extracted answers (no trajectories, so no guard or grounding).
     */
    public Vote voteAnswers(List<String> answers) {
        return voter.vote(answers);
    }

    /** The vote over one problem's k trajectories (k >= 1). */
    public Vote vote(List<Trajectory> group) {
        List<String> answers = new ArrayList<>(group.size());
        List<String> verified = new ArrayList<>(group.size());
        for (Trajectory t : group) {
            answers.add(guard.vote(t));
            verified.add(guard.verifies(t) ? t.answer() : null);
        }
        Vote all = voter.vote(answers);
        if (!grounded) {
            return all;
        }
        Vote byTool = voter.vote(verified);
        if (byTool.majorityAnswer() == null) {
            return all; // nothing verified by a tool: the plain majority
        }
        // The first verified answer of the tool majority; a verified answer never abstains, so it
        // has
        // a group in the vote over all k, and that group is ỹ (p̂ its share of all k).
        int first = byTool.groupOfAnswer().indexOf(byTool.majorityGroup());
        int g = all.groupOfAnswer().get(first);
        return Vote.withMajority(
                g, all.groupSizes(), all.representatives(), all.groupOfAnswer(), all.k());
    }

    /** Votes of {@code problems} consecutive groups of {@code k} trajectories (problem-major). */
    public List<Vote> votes(List<Trajectory> trajectories, int problems, int k) {
        if (trajectories.size() != (long) problems * k) {
            throw new IllegalArgumentException(
                    "trajectories.size() = "
                            + trajectories.size()
                            + ", expected problems ("
                            + problems
                            + ") × k ("
                            + k
                            + ")");
        }
        List<Vote> out = new ArrayList<>(problems);
        for (int p = 0; p < problems; p++) {
            out.add(vote(trajectories.subList(p * k, (p + 1) * k)));
        }
        return out;
    }
}
