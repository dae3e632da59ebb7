package dev.agent0.examples.tinyworld;

import dev.agent0.core.agent.RolloutEnd;
import dev.agent0.core.agent.ToolCall;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.sandbox.SandboxLimits;
import dev.agent0.sandbox.SandboxUnavailableException;
import dev.agent0.sandbox.Status;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import dev.agent0.sandbox.local.PythonSandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Shared pieces of the evaluation tests: the tiny tokenizer, the real sandbox, hand-made
 * trajectories.
 */
final class EvalFixture {
    private EvalFixture() {}

    /** The tiny-world tokenizer, written into {@code dir} and loaded the way Qwen's is. */
    static HfTokenizer tokenizer(Path dir) {
        TinyWorldModel.writeTokenizer(dir);
        return HfTokenizer.load(dir);
    }

    /**
     * The real sandbox (no preloads, 5 s wall time), or the test is skipped when it cannot isolate.
     */
    static PythonSandbox sandboxOrSkip() {
        try {
            return PythonSandbox.start(
                    LocalSandboxConfig.defaults()
                            .withWorkers(2)
                            .withPreloadModules(List.of())
                            .withLimits(SandboxLimits.defaults().withWallTimeMillis(5_000)));
        } catch (SandboxUnavailableException e) {
            Assumptions.abort("no isolated sandbox on this machine: " + e.getMessage());
            return null;
        }
    }

    /**
     * A hand-made trajectory.
     *
     * @param executed tool calls that ran code
     * @param empty tool calls with no complete python block (nothing ran)
     */
    static Trajectory trajectory(
            String answer,
            String text,
            int responseTokens,
            int executed,
            int empty,
            RolloutEnd end) {
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < executed; i++) {
            calls.add(new ToolCall("print(1)", Status.OK, "\n1\n```\n", 3, false));
        }
        for (int i = 0; i < empty; i++) {
            calls.add(new ToolCall("", null, "\n\n```\n", 2, false));
        }
        int n = responseTokens;
        return new Trajectory(
                0,
                0,
                new int[] {1},
                new int[n],
                new int[n],
                new float[n],
                new float[n],
                calls,
                answer,
                text,
                end);
    }

    /** A finished trajectory whose only content is {@code \boxed{answer}<|im_end|>}. */
    static Trajectory answered(String answer) {
        String text = answer == null ? TinyWorldFormat.EOS : TinyWorldFormat.answer(answer);
        return trajectory(answer, text, 4, 0, 0, RolloutEnd.END_OF_TURN);
    }
}
