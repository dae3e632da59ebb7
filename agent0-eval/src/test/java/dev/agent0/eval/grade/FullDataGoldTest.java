package dev.agent0.eval.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The value grader over every gold of MATH-500 and GSM8K test (read from the repository's
 * testdata/data).
 */
class FullDataGoldTest {
    private final ValueEquivalence grader = new ValueEquivalence();

    @Test
    void everyMath500AnswerParsesAndEqualsItsOwnBoxedSolution() {
        List<JsonNode> rows = SharedData.rows("math500/test.jsonl");
        assertEquals(500, rows.size());
        List<String> failures = new ArrayList<>();
        for (JsonNode r : rows) {
            String answer = r.get("answer").asText();
            String boxed = AnswerExtractor.lastBoxed(r.get("solution").asText()).orElseThrow();
            grader.parseError(answer)
                    .ifPresent(e -> failures.add("unparsable " + answer + ": " + e));
            Grade g = grader.compare(boxed, answer);
            if (!g.correct()) {
                failures.add(
                        r.get("unique_id").asText() + " " + answer + " vs " + boxed + ": " + g);
            }
        }
        assertTrue(
                failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
    }

    @Test
    void everyPerturbedMath500AnswerIsUnequal() {
        List<String> failures = new ArrayList<>();
        int perturbed = 0;
        for (JsonNode r : SharedData.rows("math500/test.jsonl")) {
            String answer = r.get("answer").asText();
            String bumped = SharedData.bumpFirstDigit(answer);
            String changed = bumped != null ? bumped : answer + "+1";
            perturbed++;
            Grade g = grader.compare(changed, answer);
            if (g.status() != GradeStatus.INCORRECT) {
                failures.add(answer + " vs perturbed " + changed + ": " + g);
            }
        }
        assertEquals(500, perturbed);
        assertTrue(
                failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
    }

    @Test
    void everyGsm8kGoldParsesAndGoldPlusOneIsUnequal() {
        List<JsonNode> rows = SharedData.rows("gsm8k/test.jsonl");
        assertEquals(1319, rows.size());
        List<String> failures = new ArrayList<>();
        for (JsonNode r : rows) {
            String raw = r.get("answer").asText();
            String gold = AnswerExtractor.gsm8kGold(raw);
            String withCommas = raw.substring(raw.lastIndexOf("####") + 4).strip();
            grader.parseError(gold).ifPresent(e -> failures.add("unparsable " + gold + ": " + e));
            String plusOne = new BigInteger(gold).add(BigInteger.ONE).toString();
            if (!grader.compare(withCommas, gold).correct()) {
                failures.add(withCommas + " should equal " + gold);
            }
            if (grader.compare(plusOne, gold).status() != GradeStatus.INCORRECT) {
                failures.add(plusOne + " should differ from " + gold);
            }
        }
        assertTrue(
                failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
    }
}
