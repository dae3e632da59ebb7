package dev.agent0.examples.tinyworld;

import static dev.agent0.examples.tinyworld.EvalFixture.trajectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.core.agent.CurriculumOutput;
import dev.agent0.core.agent.CurriculumSample;
import dev.agent0.core.agent.RolloutEnd;
import dev.agent0.core.agent.ToolCall;
import dev.agent0.core.agent.Trajectory;
import dev.agent0.core.generate.StopReason;
import dev.agent0.sandbox.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gate's arithmetic on hand-made rollouts; the real agents are in {@link EvaluationRunTest}.
 */
class PretrainGateTest {
    private static final List<String> EOS = List.of(TinyWorldFormat.EOS);

    private static Trajectory finished(String text, String answer, int toolCalls) {
        return trajectory(answer, text, 8, toolCalls, 0, RolloutEnd.END_OF_TURN);
    }

    private static CurriculumSample question(String text, StopReason why) {
        return new CurriculumSample(
                CurriculumOutput.parse(text),
                new int[] {1},
                new int[0],
                new float[0],
                new float[0],
                why);
    }

    @Test
    void executorFormatNeedsATrailingIntegerBoxAndEndOfTurn() {
        assertTrue(PretrainGate.executorWellFormed(finished("\\boxed{7}<|im_end|>", "7", 0), EOS));
        String tool =
                TinyWorldFormat.toolCall("3*-4")
                        + TinyWorldFormat.observation("-12")
                        + TinyWorldFormat.answer("-12");
        assertTrue(PretrainGate.executorWellFormed(finished(tool, "-12", 1), EOS));
        // Cut by the budget: no end of turn.
        assertFalse(
                PretrainGate.executorWellFormed(
                        trajectory("7", "\\boxed{7}", 8, 0, 0, RolloutEnd.BUDGET), EOS));
        // Not an integer, text after the box, no box, end-of-turn text missing.
        assertFalse(
                PretrainGate.executorWellFormed(finished("\\boxed{3+4}<|im_end|>", "3+4", 0), EOS));
        assertFalse(
                PretrainGate.executorWellFormed(finished("\\boxed{7} 8<|im_end|>", "7", 0), EOS));
        assertFalse(PretrainGate.executorWellFormed(finished("7<|im_end|>", null, 0), EOS));
        assertFalse(PretrainGate.executorWellFormed(finished("\\boxed{7}", "7", 0), EOS));
    }

    @Test
    void curriculumFormatNeedsAValidExpressionAndEndOfTurn() {
        StopReason eos = StopReason.EOS;
        assertTrue(wellFormed("<question>37+58*2</question><|im_end|>", eos));
        assertFalse(wellFormed("<question>37+58*2</question>", StopReason.MAX_NEW_TOKENS));
        assertFalse(wellFormed("<question>37+*2</question><|im_end|>", eos));
        assertFalse(wellFormed("<question>37+58*2<|im_end|>", eos));
        assertFalse(wellFormed("<question></question><|im_end|>", eos));
    }

    private static boolean wellFormed(String text, StopReason why) {
        return PretrainGate.curriculumWellFormed(question(text, why));
    }

    @Test
    void measureCountsEachCriterionByHand() {
        // k = 3; problem A (L1, 2+3 = 5), problem B (L5, hard, 100*100-1+2 = 10001).
        ArithmeticProblem a = new ArithmeticProblem("2+3", DifficultyLevel.L1);
        ArithmeticProblem b = new ArithmeticProblem("100*100-1+2", DifficultyLevel.L5);
        List<Trajectory> samples =
                new ArrayList<>(
                        List.of(
                                finished("\\boxed{4}<|im_end|>", "4", 0), // A: wrong, well formed
                                finished(
                                        "\\boxed{4}<|im_end|>",
                                        "4", 0), // A: wrong -> majority 4: vote wrong
                                finished("\\boxed{5}<|im_end|>", "5", 0),
                                finished("\\boxed{10001}<|im_end|>", "10001", 1), // B: tool, right
                                finished(
                                        "\\boxed{10001}<|im_end|>",
                                        "10001",
                                        0), // B: right -> majority right
                                trajectory(
                                        null,
                                        "\\boxed{1",
                                        8,
                                        0,
                                        0,
                                        RolloutEnd.BUDGET))); // B: cut, ill formed
        List<CurriculumSample> curriculum =
                List.of(
                        question("<question>1+2</question><|im_end|>", StopReason.EOS),
                        question("<question>1+</question><|im_end|>", StopReason.EOS),
                        question("<question>12*3-4</question><|im_end|>", StopReason.EOS),
                        question("<question>9-9</question><|im_end|>", StopReason.EOS));
        GateConfig config = GateConfig.defaults().withK(3);
        GateResult r = PretrainGate.measure(config, List.of(a, b), samples, curriculum, EOS);

        assertEquals(5 / 6.0, r.executorFormat().measured(), 1e-12);
        assertEquals(6, r.executorFormat().count());
        assertEquals(3 / 4.0, r.curriculumFormat().measured());
        assertEquals(
                1 / 3.0,
                r.hardToolRate().measured(),
                1e-12); // only B is hard: 1 of its 3 used the tool
        assertEquals(3, r.hardToolRate().count());
        assertEquals(1 / 2.0, r.pseudoLabelAccuracy().measured());
        assertEquals(
                1 / 2.0,
                r.plainVoteAccuracy().measured()); // no call printed a value: the same vote
        // Per level (information): L1 wrong, L5 right, levels without problems left out.
        assertEquals(
                List.of("pseudoLabelAccuracy L1", "pseudoLabelAccuracy L5"),
                r.pseudoLabelByLevel().stream().map(GateCriterion::name).toList());
        assertEquals(0.0, r.pseudoLabelByLevel().get(0).measured());
        assertEquals(1.0, r.pseudoLabelByLevel().get(1).measured());
        assertEquals(1, r.pseudoLabelByLevel().get(1).count());
        // Default thresholds: only the tool rate (1/3 >= 0.20) passes.
        assertFalse(r.executorFormat().passed());
        assertFalse(r.curriculumFormat().passed());
        assertTrue(r.hardToolRate().passed());
        assertFalse(r.pseudoLabelAccuracy().passed());
        assertFalse(r.passed());
        // Thresholds are configurable: at these measured values everything passes.
        GateResult lenient =
                PretrainGate.measure(
                        config.withThresholds(0.8, 0.75, 0.3, 0.5),
                        List.of(a, b),
                        samples,
                        curriculum,
                        EOS);
        assertTrue(lenient.passed(), lenient.describe());
        assertTrue(lenient.describe().endsWith("PASS"));
    }

    @Test
    void pseudoLabelCriterionVotesAsTheDemoAndThePlainVoteIsReported() {
        // 816-456+424 = 784, k = 3: two direct answers agree on 984, one tool call printed 784 and
        // boxed it.
        ArithmeticProblem p = new ArithmeticProblem("816-456+424", DifficultyLevel.L4);
        ToolCall printed = new ToolCall("print(816-456+424)", Status.OK, "\n784\n```\n", 3, false);
        Trajectory tool =
                new Trajectory(
                        0,
                        0,
                        new int[] {1},
                        new int[8],
                        new int[8],
                        new float[8],
                        new float[8],
                        List.of(printed),
                        "784",
                        "\\boxed{784}<|im_end|>",
                        RolloutEnd.END_OF_TURN);
        List<Trajectory> samples =
                List.of(
                        finished("\\boxed{984}<|im_end|>", "984", 0),
                        finished("\\boxed{984}<|im_end|>", "984", 0),
                        tool);
        GateResult r =
                PretrainGate.measure(
                        GateConfig.defaults().withK(3),
                        List.of(p),
                        samples,
                        List.of(question("<question>1+2</question><|im_end|>", StopReason.EOS)),
                        EOS);
        assertEquals(1.0, r.pseudoLabelAccuracy().measured()); // tool-grounded: ỹ = 784
        assertEquals(0.0, r.plainVoteAccuracy().measured()); // plain: 984 twice out of 3
        assertTrue(r.describe().contains("information"), r.describe());
    }

    @Test
    void aWrongNumberOfSamplesIsRefused() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                PretrainGate.measure(
                                        GateConfig.defaults(),
                                        List.of(new ArithmeticProblem("1+1", DifficultyLevel.L1)),
                                        List.of(),
                                        List.of(),
                                        EOS));
        assertTrue(e.getMessage().contains("samples.size() = 0"), e.getMessage());
    }

    @Test
    void configNamesTheBadField() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> GateConfig.defaults().withThresholds(1.5, 0.99, 0.2, 0.85));
        assertTrue(e.getMessage().startsWith("minExecutorFormat = 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GateConfig.defaults().withK(0));
        assertTrue(e.getMessage().startsWith("k = 0"), e.getMessage());
    }
}
