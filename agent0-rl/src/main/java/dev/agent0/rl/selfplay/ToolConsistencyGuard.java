package dev.agent0.rl.selfplay;

import dev.agent0.core.agent.ToolCall;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.eval.grade.ValueEquivalence;
import dev.agent0.sandbox.Status;
import java.util.List;

/**
 * The tool-consistency guard (AGENT0-SPEC.md section 7, after Agent0-VL's tool-grounded
 * verification): a trajectory whose final {@code \boxed{}} answer contradicts the value its last
 * tool call printed gets no vote in the majority (curation's ỹ and p̂, the curriculum's p̂) and
 * reward 0 in executor training. Label-free: it compares the model with its own tool.
 *
 * <p>Why: once the executor uses the tool everywhere, the band keeps only the problems on which it
 * mis-copies the tool's output, and the vote then reinforces a systematically wrong answer (the
 * prototype's {@code \boxed{-0}} for every negative result, TINY-WORLD.md failure mode 1).
 *
 * <p>What counts as a contradiction: the answer is non-empty, the last executed tool call ended
 * {@link Status#OK} and printed something, and the answer is value-equivalent to none of: the whole
 * printed text, its last non-empty line, the last whitespace-separated token of that line (so
 * {@code x = 153} supports 153). A failed or silent last call, or no call at all, has no value to
 * contradict. A guarded answer abstains: it still counts in k, the denominator of p̂, exactly as an
 * empty answer does.
 */
public final class ToolConsistencyGuard {
    private final boolean enabled;
    private final ValueEquivalence grader;

    /**
     * @param enabled false: {@link #vote} and {@link #allowsReward} never intervene, but {@link
     *     #contradicts} still measures (the collapse monitor logs it either way)
     * @param grader value equivalence of the answer and the printed value
     */
    public ToolConsistencyGuard(boolean enabled, ValueEquivalence grader) {
        this.enabled = enabled;
        this.grader = grader;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * What the trajectory's last executed tool call printed (stdout then stderr, stripped), or null
     * when there was no executed call, it did not end OK, or it printed nothing.
     */
    public static String lastToolValue(Trajectory t) {
        List<ToolCall> calls = t.toolCalls();
        for (int i = calls.size() - 1; i >= 0; i--) {
            ToolCall c = calls.get(i);
            if (!c.executed()) {
                continue; // a turn that ran nothing printed nothing
            }
            if (c.status() != Status.OK || c.output() == null) {
                return null;
            }
            String text = c.output().strip(); // observation = "\n" + result + "\n```\n"
            if (text.endsWith("```")) {
                text = text.substring(0, text.length() - 3).strip();
            }
            return text.isEmpty() ? null : text;
        }
        return null;
    }

    /**
     * True when the answer contradicts the last printed tool value (whether or not the guard is
     * on).
     */
    public boolean contradicts(Trajectory t) {
        String answer = t.answer();
        String printed = lastToolValue(t);
        if (answer == null || answer.isBlank() || printed == null) {
            return false;
        }
        return !supports(printed, answer.strip());
    }

    /**
     * True when the answer is supported by the value the trajectory's last executed tool call
     * printed (checkable and not contradicting), whether or not the guard is on.
     */
    public boolean verifies(Trajectory t) {
        return checkable(t) && !contradicts(t);
    }

    /**
     * True when the trajectory both answered and its last tool call printed a value to compare
     * with.
     */
    public static boolean checkable(Trajectory t) {
        return t.answer() != null && !t.answer().isBlank() && lastToolValue(t) != null;
    }

    /**
     * The trajectory's vote: its answer, or null (an abstention) when the guard is on and it
     * contradicts.
     */
    public String vote(Trajectory t) {
        return enabled && contradicts(t) ? null : t.answer();
    }

    /** False when the guard is on and the answer contradicts the tool: the reward is then 0. */
    public boolean allowsReward(Trajectory t) {
        return !(enabled && contradicts(t));
    }

    /** Whether {@code printed} (a tool's output) supports {@code answer}. */
    boolean supports(String printed, String answer) {
        if (grader.equivalent(answer, printed)) {
            return true;
        }
        String[] lines = printed.split("\n");
        String last = "";
        for (int i = lines.length - 1; i >= 0 && last.isEmpty(); i--) {
            last = lines[i].strip();
        }
        if (!last.equals(printed) && grader.equivalent(answer, last)) {
            return true;
        }
        String[] tokens = last.split("\\s+");
        String lastToken = tokens[tokens.length - 1];
        return !lastToken.equals(last)
                && !lastToken.isEmpty()
                && grader.equivalent(answer, lastToken);
    }
}
