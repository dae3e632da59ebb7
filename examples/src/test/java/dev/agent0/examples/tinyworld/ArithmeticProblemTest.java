package dev.agent0.examples.tinyworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArithmeticProblemTest {

    @Test
    void multiplicationBindsTighterThanAdditionAndSubtraction() {
        assertEquals(14, ArithmeticProblem.evaluate("2+3*4"));
        assertEquals(5, ArithmeticProblem.evaluate("10-2-3"));
        assertEquals(19, ArithmeticProblem.evaluate("2*3*4-5"));
        assertEquals(37 + 58 * 2, ArithmeticProblem.evaluate("37+58*2"));
        assertEquals(-5995, ArithmeticProblem.evaluate("5-6000"));
    }

    @Test
    void malformedExpressionIsRejectedWithItsText() {
        var e =
                assertThrows(
                        IllegalArgumentException.class, () -> ArithmeticProblem.evaluate("2+*3"));
        assertTrue(e.getMessage().contains("2+*3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArithmeticProblem.evaluate("2/3"));
        assertThrows(IllegalArgumentException.class, () -> ArithmeticProblem.evaluate(""));
    }

    @Test
    void generatorHonoursLevelShape() {
        ProblemGenerator g = new ProblemGenerator(1);
        for (DifficultyLevel level : DifficultyLevel.values()) {
            for (int n = 0; n < 50; n++) {
                String e = g.next(level).expression();
                String[] operands = e.split("[+*-]");
                assertEquals(level.operations() + 1, operands.length, e);
                for (String op : operands) {
                    assertEquals(level.digits(), op.length(), e);
                }
            }
        }
    }

    @Test
    void sameSeedSameProblemsOtherSeedOtherProblems() {
        assertEquals(draw(7), draw(7));
        assertNotEquals(draw(7), draw(8));
    }

    @Test
    void operationMixFollowsTheWeights() {
        ProblemGenerator g = new ProblemGenerator(3);
        int plus = 0;
        int minus = 0;
        int times = 0;
        for (int n = 0; n < 4000; n++) {
            String e = g.next(DifficultyLevel.L2).expression();
            plus += e.contains("+") ? 1 : 0;
            minus += e.contains("-") ? 1 : 0;
            times += e.contains("*") ? 1 : 0;
        }
        // Expected 1600 / 1400 / 1000; binomial sd ~ 31, 30, 27: allow ~4 sd.
        assertEquals(1600, plus, 125);
        assertEquals(1400, minus, 120);
        assertEquals(1000, times, 110);
    }

    private static List<String> draw(long seed) {
        ProblemGenerator g = new ProblemGenerator(seed);
        List<String> out = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            out.add(g.next().expression());
        }
        return out;
    }
}
