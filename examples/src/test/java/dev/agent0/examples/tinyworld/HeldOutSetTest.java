package dev.agent0.examples.tinyworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldOutSetTest {

    @Test
    void standardSetHasFortyDistinctProblemsOfEachLevel() {
        HeldOutSet set = HeldOutSet.standard();
        assertEquals(240, set.size());
        for (DifficultyLevel level : DifficultyLevel.IN_DISTRIBUTION) {
            List<ArithmeticProblem> ps = set.problems(level);
            assertEquals(40, ps.size());
            assertEquals(
                    40,
                    new HashSet<>(ps.stream().map(ArithmeticProblem::expression).toList()).size(),
                    "distinct");
            for (ArithmeticProblem p : ps) {
                assertEquals(level, p.level());
                String[] operands = p.expression().split("[-+*]");
                assertEquals(level.operations() + 1, operands.length, p.expression());
                for (String o : operands) {
                    assertEquals(level.digits(), o.length(), p.expression());
                }
            }
        }
    }

    @Test
    void sameSeedGivesTheSameSetAndAnotherSeedAnother() {
        assertEquals(
                HeldOutSet.standard().all(), new HeldOutSet(HeldOutSet.DEFAULT_SEED, 40).all());
        assertNotEquals(
                HeldOutSet.standard().problems(DifficultyLevel.L6),
                new HeldOutSet(HeldOutSet.DEFAULT_SEED + 100, 40).problems(DifficultyLevel.L6));
    }

    @Test
    void aSmallerSetIsAPrefixOfALargerOne() {
        HeldOutSet small = new HeldOutSet(5, 7);
        HeldOutSet large = new HeldOutSet(5, 30);
        for (DifficultyLevel level : DifficultyLevel.IN_DISTRIBUTION) {
            assertEquals(small.problems(level), large.problems(level).subList(0, 7));
        }
    }

    @Test
    void allListsLevelsInOrder() {
        HeldOutSet set = new HeldOutSet(1, 3);
        List<ArithmeticProblem> all = set.all();
        assertEquals(18, all.size());
        assertEquals(set.problems(DifficultyLevel.L1).get(0), all.get(0));
        assertEquals(set.problems(DifficultyLevel.L6).get(2), all.get(17));
    }

    @Test
    void perLevelOutOfRangeIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> new HeldOutSet(1, 0));
        assertTrue(e.getMessage().contains("perLevel = 0"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new HeldOutSet(1, HeldOutSet.MAX_PER_LEVEL + 1));
    }
}
