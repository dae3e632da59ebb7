package dev.agent0.eval.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PHatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pHatIsTheAgreeingShareOfAllKAnswers() {
        assertEquals(0.75, PHat.of(3, 4).value(), 0.0);
        assertEquals(
                0.3, PHat.of(3, 10).value(), 0.0); // the curation band's lower edge, exactly 3/10
        assertEquals(0.0, PHat.of(0, 5).value(), 0.0);
        assertEquals(1.0, PHat.of(5, 5).value(), 0.0);
    }

    @Test
    void outOfRangeValuesAndCountsAreRefused() {
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> new PHat(1.5))
                        .getMessage()
                        .startsWith("pHat = 1.5"));
        assertThrows(IllegalArgumentException.class, () -> new PHat(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new PHat(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> PHat.of(5, 4));
        assertThrows(IllegalArgumentException.class, () -> PHat.of(0, 0));
    }

    @Test
    void jsonIsAPlainNumberBothWaysAndABadNumberIsRefusedOnRead() throws Exception {
        assertEquals("{\"pHat\":0.25}", JSON.writeValueAsString(Map.of("pHat", new PHat(0.25))));
        assertEquals("[0.5,1.0]", JSON.writeValueAsString(List.of(new PHat(0.5), new PHat(1))));
        assertEquals(new PHat(0.625), JSON.readValue("0.625", PHat.class));
        Exception e = assertThrows(Exception.class, () -> JSON.readValue("1.25", PHat.class));
        assertTrue(String.valueOf(e.getMessage()).contains("pHat = 1.25"), e.getMessage());
    }

    @Test
    void theVoteComputesPHatThroughTheSameFormula() {
        Vote v = new SelfConsistency().vote(java.util.Arrays.asList("5", "5.0", "6", null));
        assertEquals(PHat.of(2, 4), v.pHat());
        assertEquals("0.5", v.pHat().toString());
    }
}
