package dev.agent0.rl.selfplay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurationTest {
    private final Curation curation =
            new Curation(CurationConfig.defaults(), SelfPlayFixtures.plainVote());

    /** n copies of "7", the rest "3" (distinct minority answers keep p̂ = n / 10). */
    private static List<String> tenWithMajority(int n) {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            a.add(i < n ? "7" : "1" + i); // minority answers 1i are all distinct: 1n..19
        }
        return a;
    }

    private CuratedProblem one(String question, List<String> answers) {
        return curation.judge(
                        Arrays.asList(question), Arrays.asList((String) null), List.of(answers))
                .get(0);
    }

    @Test
    void bandIsInclusiveAtBothEnds() {
        // p̂ = 3/10 and 8/10 are kept (inclusive); 2/10 too hard, 9/10 too easy.
        assertEquals(CurationVerdict.TOO_HARD, one("q", tenWithMajority(2)).verdict());
        CuratedProblem low = one("q", tenWithMajority(3));
        assertEquals(CurationVerdict.KEPT, low.verdict());
        assertEquals(0.3, low.pHat().value(), 0.0);
        assertEquals("7", low.pseudoLabel());
        CuratedProblem high = one("q", tenWithMajority(8));
        assertEquals(CurationVerdict.KEPT, high.verdict());
        assertEquals(0.8, high.pHat().value(), 0.0);
        assertEquals(CurationVerdict.TOO_EASY, one("q", tenWithMajority(9)).verdict());
        assertEquals(CurationVerdict.TOO_EASY, one("q", tenWithMajority(10)).verdict());
    }

    @Test
    void emptyAnswersCountInKAndValueEquivalentAnswersVoteTogether() {
        // "1/2" and "0.5" are one value: majority 2 of k = 5 (two empties count in k) -> p̂ = 0.4.
        CuratedProblem p = one("What is 1/2?", Arrays.asList("1/2", null, "0.5", "", "3"));
        assertEquals(0.4, p.pHat().value(), 1e-15);
        assertEquals(5, p.k());
        assertEquals("1/2", p.pseudoLabel()); // the first-seen member represents the group
        assertTrue(p.kept());
    }

    @Test
    void dropsEmptyQuestionsAndEmptyMajorities() {
        CuratedProblem blank = one("  ", List.of());
        assertEquals(CurationVerdict.EMPTY_QUESTION, blank.verdict());
        assertEquals(0, blank.k());
        assertEquals(CurationVerdict.EMPTY_QUESTION, one(null, List.of()).verdict());
        CuratedProblem none = one("q", Arrays.asList(null, "", " "));
        assertEquals(CurationVerdict.NO_MAJORITY, none.verdict());
        assertNull(none.pseudoLabel());
        assertEquals(0.0, none.pHat().value());
    }

    @Test
    void keptKeepsOrderAndBandIsConfigurable() {
        List<CuratedProblem> all =
                curation.judge(
                        List.of("a", "b", "", "d"),
                        Arrays.asList("x", null, "z", "w"),
                        List.of(
                                tenWithMajority(5),
                                tenWithMajority(1),
                                List.of(),
                                tenWithMajority(7)));
        List<CuratedProblem> kept = Curation.kept(all);
        assertEquals(List.of(0, 3), kept.stream().map(CuratedProblem::index).toList());
        assertEquals("x", kept.get(0).curriculumAnswer());
        Curation wide =
                new Curation(
                        CurationConfig.defaults().withBand(0.1, 1.0), SelfPlayFixtures.plainVote());
        assertEquals(
                CurationVerdict.KEPT,
                wide.judge(List.of("b"), Arrays.asList((String) null), List.of(tenWithMajority(1)))
                        .get(0)
                        .verdict());
        assertEquals(
                CurationVerdict.KEPT,
                wide.judge(List.of("b"), Arrays.asList((String) null), List.of(tenWithMajority(10)))
                        .get(0)
                        .verdict());
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> CurationConfig.defaults().withBand(0.9, 0.8));
        assertTrue(e.getMessage().contains("maxPHat"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> CurationConfig.defaults().withBand(-0.1, 0.8));
        assertTrue(e.getMessage().contains("minPHat"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> one("q", List.of()));
        assertTrue(e.getMessage().contains("answers[0]"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> curation.judge(List.of("q"), List.of(), List.of(List.of("1"))));
        assertTrue(e.getMessage().contains("differ in size"), e.getMessage());
    }
}
