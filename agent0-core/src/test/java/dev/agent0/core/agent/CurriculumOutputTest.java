package dev.agent0.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CurriculumOutputTest {

    @Test
    void parsesTheLastMultiLineQuestionAndBoxedAnswer() {
        CurriculumOutput o =
                CurriculumOutput.parse(
                        "draft <question>old</question>\n"
                                + "<question>\n"
                                + "What is\n"
                                + "2+3?\n"
                                + "</question> \\boxed{5}");
        assertEquals("What is\n2+3?", o.question());
        assertEquals("5", o.answer());
        assertTrue(o.wellFormed());
    }

    @Test
    void missingPartsFailTheFormat() {
        assertFalse(CurriculumOutput.parse("<question>q</question> no box").wellFormed());
        assertFalse(CurriculumOutput.parse("<question> </question> \\boxed{1}").wellFormed());
        assertNull(CurriculumOutput.parse("<question>unterminated \\boxed{1}").question());
    }
}
