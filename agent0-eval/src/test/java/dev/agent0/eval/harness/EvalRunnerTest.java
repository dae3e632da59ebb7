package dev.agent0.eval.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.eval.grade.ValueEquivalence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalRunnerTest {
    @TempDir Path out;
    private final EvalRunner runner = new EvalRunner(new ValueEquivalence(), false);

    /** Answers with the gold for the first `right` samples and "wrong" otherwise; counts calls. */
    static final class ScriptedSolver implements Solver {
        final Map<String, Integer> rightPerItem;
        final List<String> calls = new ArrayList<>();

        ScriptedSolver(Map<String, Integer> rightPerItem) {
            this.rightPerItem = rightPerItem;
        }

        public String name() {
            return "scripted";
        }

        public List<String> solve(Problem p, int k) {
            calls.add(p.id());
            List<String> out = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                out.add(
                        i < rightPerItem.get(p.id())
                                ? "so \\boxed{" + p.gold() + "}"
                                : "I think \\boxed{-99}");
            }
            return out;
        }
    }

    private static List<Problem> problems() {
        return List.of(
                new Problem("a", "q", "\\frac{1}{2}", "Algebra", 1),
                new Problem("b", "q", "7", "Algebra", 2),
                new Problem("c", "q", "(1,2)", "Geometry", 2));
    }

    @Test
    void metricsMatchHandCountsAndReportsAreWritten() throws IOException {
        // k=4; correct samples a:4, b:1, c:3. pass@1 = (1 + 1/4 + 3/4)/3 = 2/3.
        // maj@4: a yes, b no (3 wrong vs 1), c yes -> 2/3. pass@4 = 1 for all.
        ScriptedSolver solver = new ScriptedSolver(Map.of("a", 4, "b", 1, "c", 3));
        EvalReport r = runner.run("toy", problems(), solver, 4, 0, out);
        assertEquals(3, r.overall().items());
        assertEquals(2.0 / 3, r.overall().pass1(), 1e-12);
        assertEquals(2.0 / 3, r.overall().majority(), 1e-12);
        assertEquals(1.0, r.overall().passAtK().get(4), 1e-12);
        // Algebra: (1 + 1/4)/2 = 0.625; level 2: (1/4 + 3/4)/2 = 0.5.
        assertEquals(0.625, r.bySubject().get("Algebra").pass1(), 1e-12);
        assertEquals(0.5, r.byLevel().get("2").pass1(), 1e-12);
        assertEquals(3, Files.readAllLines(out.resolve(EvalRunner.RESULTS)).size());
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(4, json.get("k").asInt());
        assertTrue(Files.readString(out.resolve("report.md")).contains("| Algebra | 2 | 0.6250 |"));
    }

    @Test
    void interruptedRunResumesWithoutResampling() throws IOException {
        ScriptedSolver first = new ScriptedSolver(Map.of("a", 2, "b", 2, "c", 2));
        runner.run("toy", problems(), first, 2, 2, out); // only a and b
        assertEquals(List.of("a", "b"), first.calls);
        // Simulate a crash mid-write: a torn line after b.
        Files.writeString(
                out.resolve(EvalRunner.RESULTS),
                "{\"id\":\"c\",\"subj",
                java.nio.file.StandardOpenOption.APPEND);
        ScriptedSolver second = new ScriptedSolver(Map.of("a", 0, "b", 0, "c", 1));
        EvalReport r = runner.run("toy", problems(), second, 2, 0, out);
        assertEquals(List.of("c"), second.calls);
        assertEquals(3, Files.readAllLines(out.resolve(EvalRunner.RESULTS)).size());
        // a, b keep their first-run results (2 of 2 each); c: 1 of 2. pass@1 = (1 + 1 + 0.5)/3.
        assertEquals(2.5 / 3, r.overall().pass1(), 1e-12);
    }

    @Test
    void resumingWithAnotherKIsRefused() throws IOException {
        runner.run(
                "toy", problems(), new ScriptedSolver(Map.of("a", 1, "b", 1, "c", 1)), 2, 1, out);
        DatasetException e =
                assertThrows(
                        DatasetException.class,
                        () ->
                                runner.run(
                                        "toy",
                                        problems(),
                                        new ScriptedSolver(Map.of("a", 1, "b", 1, "c", 1)),
                                        3,
                                        0,
                                        out));
        assertTrue(
                e.getMessage().contains("k=2") && e.getMessage().contains("k=3"), e.getMessage());
    }

    @Test
    void unreadableGoldIsReportedAndExcluded() throws IOException {
        List<Problem> ps =
                List.of(
                        new Problem("a", "q", "7", "", 0),
                        new Problem("z", "q", "\\weird{1}", "", 0));
        EvalReport r = runner.run("toy", ps, new ScriptedSolver(Map.of("a", 1, "z", 1)), 1, 0, out);
        assertEquals(List.of("z"), r.goldUnreadable());
        assertEquals(1, r.overall().items());
        assertEquals(1.0, r.overall().pass1());
    }

    @Test
    void endToEndThroughAChatServerOnLoopback() throws IOException {
        // The fake server answers 2 right of 3 for every MATH-500 sample problem.
        List<Problem> ps = Datasets.math(DatasetsTest.resource("math500-sample.jsonl"));
        Map<String, String> goldByQuestion = new java.util.HashMap<>();
        ps.forEach(p -> goldByQuestion.put(p.question(), p.gold()));
        try (FakeChatServer server =
                new FakeChatServer(
                        req -> {
                            String content = req.get("messages").get(0).get("content").asText();
                            String q = content.substring(0, content.indexOf("\nPlease reason"));
                            String gold = goldByQuestion.get(q);
                            return List.of(
                                    "\\boxed{" + gold + "}",
                                    "The answer is $" + gold + "$.",
                                    "\\boxed{12345}");
                        })) {
            OpenAiChatSolver solver =
                    new OpenAiChatSolver(ChatSolverConfig.defaults(server.base(), "fake"));
            EvalReport r = runner.run("math500", ps, solver, 3, 0, out);
            assertEquals(8, r.overall().items());
            assertEquals(2.0 / 3, r.overall().pass1(), 1e-12);
            assertEquals(1.0, r.overall().majority(), 1e-12);
            assertEquals(8, server.requests.size());
        }
    }
}
