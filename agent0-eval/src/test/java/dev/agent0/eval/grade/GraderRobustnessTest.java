package dev.agent0.eval.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Graders never throw: random fragments of real MATH-500 solutions always get a Grade. */
class GraderRobustnessTest {
    @Test
    void randomSolutionFragmentsNeverThrow() {
        List<JsonNode> rows = SharedData.rows("math500/test.jsonl");
        List<Grader> graders = Graders.all(ValueGraderConfig.defaults());
        Random rnd = new Random(42);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            JsonNode r = rows.get(rnd.nextInt(rows.size()));
            String sol = r.get("solution").asText();
            int a = rnd.nextInt(sol.length());
            String frag = sol.substring(a, Math.min(sol.length(), a + 1 + rnd.nextInt(60)));
            String gold = rnd.nextBoolean() ? r.get("answer").asText() : frag;
            for (Grader g : graders) {
                try {
                    Grade grade = g.grade(frag, gold);
                    assertNotNull(grade.status());
                    grade = g.grade("\\boxed{" + frag + "}", r.get("answer").asText());
                    assertNotNull(grade.status());
                } catch (RuntimeException | StackOverflowError e) {
                    failures.add(g.name() + " on '" + frag + "' vs '" + gold + "': " + e);
                }
            }
        }
        assertTrue(
                failures.isEmpty(),
                failures.size()
                        + " throws, e.g.\n"
                        + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    @Test
    void overlongGoldIsReportedNotParsed() {
        String gold = "(".repeat(5000) + "1" + ")".repeat(5000);
        Grade g = new ValueEquivalence().compare("1", gold);
        assertEquals(GradeStatus.GOLD_UNPARSABLE, g.status());
    }
}
