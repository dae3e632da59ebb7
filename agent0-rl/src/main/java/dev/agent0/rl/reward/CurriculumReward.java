package dev.agent0.rl.reward;

import dev.agent0.eval.consistency.PHat;
import java.util.ArrayList;
import java.util.List;

/**
 * The curriculum agent's composite reward for one batch of generated problems: R_C = R_format ·
 * max(0, λ_unc·R_unc + λ_tool·R_tool − R_rep) (AGENT0-SPEC.md section 2).
 */
public final class CurriculumReward {
    private final CurriculumRewardConfig config;

    public CurriculumReward(CurriculumRewardConfig config) {
        this.config = config;
    }

    /**
     * What the frozen executor did on one generated problem.
     *
     * @param question parsed question (null when unparsable)
     * @param answer the curriculum's own boxed answer (null when missing); only the format gate
     *     reads it
     * @param pHat executor self-consistency over its k answers ({@link PHat#ZERO} when the executor
     *     was not asked: a malformed problem)
     * @param meanToolCalls mean executed tool calls per executor trajectory
     */
    public record Problem(String question, String answer, PHat pHat, double meanToolCalls) {}

    /** Every term of one problem's reward, kept for questions.jsonl and the metrics. */
    public record Terms(
            double format, double uncertainty, double tool, double repetition, double total) {}

    public CurriculumRewardConfig config() {
        return config;
    }

    /** Rewards of a batch; R_rep compares the problems of this batch with each other. */
    public List<Terms> score(List<Problem> batch) {
        List<String> questions = new ArrayList<>(batch.size());
        for (Problem p : batch) {
            questions.add(p.question() == null ? "" : p.question());
        }
        double[] rep =
                config.repetitionPenalty()
                        ? RepetitionPenalty.of(questions, config.lambdaRepetition(), config.tau())
                        : new double[batch.size()];
        List<Terms> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Problem p = batch.get(i);
            double format = FormatGate.score(p.question(), p.answer(), config.requireAnswer());
            double unc = UncertaintyReward.of(p.pHat());
            double tool =
                    config.toolReward()
                            ? ToolUseReward.of(
                                    p.meanToolCalls(), config.toolGamma(), config.toolCap())
                            : 0.0;
            double inner = config.lambdaUncertainty() * unc + config.lambdaTool() * tool - rep[i];
            out.add(new Terms(format, unc, tool, rep[i], format * Math.max(0.0, inner)));
        }
        return out;
    }
}
