package dev.agent0.rl.selfplay;

import dev.agent0.core.agent.CurriculumOutput;
import dev.agent0.core.agent.CurriculumSample;
import dev.agent0.core.agent.RolloutEnd;
import dev.agent0.core.agent.ToolCall;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.core.generate.StopReason;
import dev.agent0.core.model.ModelType;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.model.TensorDType;
import dev.agent0.eval.consistency.SelfConsistency;
import dev.agent0.eval.grade.ValueEquivalence;
import dev.agent0.sandbox.Status;
import java.util.List;

/** Hand-made trajectories and samples (token ids below the tiny vocabulary of 11). */
final class SelfPlayFixtures {
    private SelfPlayFixtures() {}

    /** The paper's plain majority vote: no tool-consistency guard, no tool grounding. */
    static ToolGroundedVote plainVote() {
        return new ToolGroundedVote(
                new SelfConsistency(),
                new ToolConsistencyGuard(false, new ValueEquivalence()),
                false);
    }

    /** The rl/train tests' tiny Qwen3 (vocab 11). */
    static QwenConfig tinyConfig() {
        return new QwenConfig(
                ModelType.QWEN3,
                8,
                16,
                2,
                4,
                2,
                4,
                1e-6,
                10_000,
                11,
                true,
                512,
                true,
                TensorDType.F32,
                -1,
                List.of(10));
    }

    /**
     * A trajectory: prompt {1, 2, 3}; response = 2 generated, 3 observation, {@code tail} generated
     * tokens; {@code tools} executed tool calls.
     */
    static Trajectory trajectory(int problem, int sample, String answer, int tail, int tools) {
        int n = 5 + tail;
        int[] ids = new int[n];
        int[] mask = new int[n];
        float[] lp = new float[n];
        for (int t = 0; t < n; t++) {
            ids[t] = (problem * 3 + sample + t) % 10;
            boolean observation = t >= 2 && t < 5;
            mask[t] = observation ? 0 : 1;
            lp[t] = observation ? 0f : -0.5f - 0.1f * t;
        }
        List<ToolCall> calls = new java.util.ArrayList<>();
        for (int c = 0; c < tools; c++) {
            calls.add(new ToolCall("print(1)", Status.OK, "\n1\n```\n", 3, false));
        }
        calls.add(new ToolCall("", null, "", 0, false)); // an empty turn: not executed
        return new Trajectory(
                problem,
                sample,
                new int[] {1, 2, 3},
                ids,
                mask,
                lp,
                lp.clone(),
                calls,
                answer,
                "text",
                RolloutEnd.END_OF_TURN);
    }

    static CurriculumSample sample(String text, int responseLength) {
        int[] ids = new int[responseLength];
        float[] lp = new float[responseLength];
        for (int t = 0; t < responseLength; t++) {
            ids[t] = (t * 7 + responseLength) % 10;
            lp[t] = -1f - 0.01f * t;
        }
        return new CurriculumSample(
                CurriculumOutput.parse(text),
                new int[] {4, 5},
                ids,
                lp,
                lp.clone(),
                StopReason.EOS);
    }
}
