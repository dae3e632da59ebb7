package dev.agent0.examples.tinyworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.sandbox.local.PythonSandbox;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator and the gate through the real agents and the real sandbox: with scripted policies
 * whose right answers are known, and with a random tiny Qwen3 for shapes and determinism.
 */
class EvaluationRunTest {
    private static final List<Integer> EOS = List.of(TinyWorldModel.eosTokenId());
    private static final EvaluationRollout ROLLOUT = EvaluationRollout.defaults().withBatchRows(16);
    private static HfTokenizer tokenizer;
    private static PythonSandbox sandbox;

    @BeforeAll
    static void setUp(@TempDir Path dir) {
        sandbox = EvalFixture.sandboxOrSkip();
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(1, 1));
        tokenizer = EvalFixture.tokenizer(dir);
    }

    @AfterAll
    static void tearDown() {
        if (tokenizer != null) {
            tokenizer.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static TinyWorldAgents scripted(ScriptedRoles.Executor executor) {
        ScriptedRoles roles =
                new ScriptedRoles(
                        tokenizer,
                        executor,
                        row -> TinyWorldFormat.question(row % 2 == 0 ? "12+34" : "5*6-7"));
        return new TinyWorldAgents(
                tokenizer,
                TinyWorldFormat.EXECUTOR,
                TinyWorldFormat.CURRICULUM,
                EOS,
                sandbox,
                m -> roles);
    }

    /** Calls the tool, then boxes exactly what the sandbox printed. */
    private static final ScriptedRoles.Executor TOOL_USER =
            (problem, observation) ->
                    observation == null
                            ? TinyWorldFormat.toolCall(problem)
                            : TinyWorldFormat.answer(ScriptedRoles.printed(observation));

    @Test
    void aPerfectToolUserScoresOneOnEveryLevelWithTheRealSandbox() {
        HeldOutSet set = new HeldOutSet(11, 3);
        ObjectNode r =
                new TinyWorldEvaluator(scripted(TOOL_USER), set, ROLLOUT, 1.0, 5).evaluate(0, null);
        for (String mode : new String[] {"greedy", "sampled"}) {
            JsonNode m = r.get(mode);
            assertEquals(1.0, m.get("pass1").asDouble(), mode);
            assertEquals(1.0, m.get("toolRate").asDouble(), mode);
            assertEquals(0.0, m.get("noAnswerRate").asDouble(), mode);
            for (DifficultyLevel l : DifficultyLevel.IN_DISTRIBUTION) {
                assertEquals(
                        1.0, m.at("/levels/" + l.name() + "/pass1").asDouble(), mode + " " + l);
            }
            // Two paths: the mean response length equals the token count of the full transcripts.
            double tokens =
                    set.all().stream()
                            .mapToInt(
                                    p ->
                                            tokenizer.encode(
                                                            TinyWorldFormat.toolCall(p.expression())
                                                                    + TinyWorldFormat.observation(
                                                                            Long.toString(
                                                                                    p.value()))
                                                                    + TinyWorldFormat.answer(
                                                                            Long.toString(
                                                                                    p.value())))
                                                    .length)
                            .average()
                            .orElseThrow();
            assertEquals(tokens, m.get("responseTokensMean").asDouble(), 1e-9, mode);
        }
        assertEquals(3, r.get("problemsPerLevel").asInt());
    }

    @Test
    void directAnswersOffByOneScoreZeroAndNoToolUse() {
        ScriptedRoles.Executor offByOne =
                (problem, observation) ->
                        TinyWorldFormat.answer(
                                Long.toString(ArithmeticProblem.evaluate(problem) + 1));
        ObjectNode r =
                new TinyWorldEvaluator(scripted(offByOne), new HeldOutSet(11, 2), ROLLOUT, 1.0, 5)
                        .evaluate(0, null);
        assertEquals(0.0, r.at("/greedy/pass1").asDouble());
        assertEquals(0.0, r.at("/greedy/toolRate").asDouble());
        assertEquals(0.0, r.at("/sampled/noAnswerRate").asDouble());
    }

    @Test
    void aToolUsingBaseWithGoodFormatPassesTheGateAndADirectOneFailsOnlyTheToolRate() {
        GateConfig config =
                GateConfig.defaults()
                        .withProblemsPerLevel(2)
                        .withK(3)
                        .withCurriculumSamples(6)
                        .withRollout(ROLLOUT);
        GateResult good = new PretrainGate(scripted(TOOL_USER), config).check(null);
        assertTrue(good.passed(), good.describe());
        assertEquals(12 * 3, good.executorFormat().count());
        assertEquals(6 * 3, good.hardToolRate().count()); // L4..L6, 2 problems each, k = 3
        assertEquals(1.0, good.pseudoLabelAccuracy().measured());

        ScriptedRoles.Executor direct =
                (problem, observation) ->
                        TinyWorldFormat.answer(Long.toString(ArithmeticProblem.evaluate(problem)));
        GateResult noTool = new PretrainGate(scripted(direct), config).check(null);
        assertEquals(0.0, noTool.hardToolRate().measured());
        assertFalse(noTool.hardToolRate().passed());
        assertTrue(
                noTool.executorFormat().passed()
                        && noTool.curriculumFormat().passed()
                        && noTool.pseudoLabelAccuracy().passed(),
                noTool.describe());
        assertFalse(noTool.passed());
    }

    @Test
    void aRandomTinyQwenIsEvaluatedDeterministicallyAndFailsTheGate() {
        try (NDManager manager = NDManager.newBaseManager();
                QwenModel model =
                        new QwenModel(
                                QwenWeights.random(TinyWorldModel.shape(), 3, 0.02, manager))) {
            TinyWorldAgents agents =
                    TinyWorldAgents.of(
                            tokenizer,
                            TinyWorldFormat.EXECUTOR,
                            TinyWorldFormat.CURRICULUM,
                            EOS,
                            sandbox);
            TinyWorldEvaluator evaluator =
                    new TinyWorldEvaluator(
                            agents, new HeldOutSet(11, 2), ROLLOUT.withResponseBudget(24), 1.0, 5);
            ObjectNode first = evaluator.evaluate(0, model);
            for (String mode : new String[] {"greedy", "sampled"}) {
                JsonNode m = first.get(mode);
                assertEquals(12, m.get("problems").asInt());
                for (String f : new String[] {"pass1", "toolRate", "noAnswerRate"}) {
                    double v = m.get(f).asDouble();
                    assertTrue(v >= 0 && v <= 1, mode + " " + f + " = " + v);
                }
                double tokens = m.get("responseTokensMean").asDouble();
                assertTrue(tokens > 0 && tokens <= 24, mode + " tokens = " + tokens);
                assertEquals(6, m.get("levels").size());
            }
            // Temperature 0 is deterministic, and the sampled pass has a fixed seed.
            assertEquals(first, evaluator.evaluate(1, model));

            GateConfig config =
                    GateConfig.defaults()
                            .withProblemsPerLevel(1)
                            .withK(2)
                            .withCurriculumSamples(4)
                            .withRollout(ROLLOUT.withResponseBudget(24));
            GateResult gate = new PretrainGate(agents, config).check(model);
            assertEquals(12, gate.executorFormat().count());
            assertEquals(4, gate.curriculumFormat().count());
            assertFalse(gate.passed(), "random weights cannot pass: " + gate.describe());
        }
    }
}
