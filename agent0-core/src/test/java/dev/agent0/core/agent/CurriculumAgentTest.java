package dev.agent0.core.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.core.generate.StopReason;
import dev.agent0.core.tokenize.ChatTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurriculumAgentTest {
    static final ByteTokenizer TOK = new ByteTokenizer();

    @Test
    void samplesAreParsedAndKeepTheirIdsAndLogProbs() {
        String good =
                "Let me design one.\n"
                        + "<question>\n"
                        + "What is 2+3?\n"
                        + "</question>\n"
                        + "The answer is \\boxed{5}.";
        ScriptedTurns turns =
                new ScriptedTurns(TOK, (row, k) -> row == 0 ? good : "no format here");
        CurriculumConfig config =
                CurriculumConfig.defaults().withSystemPrompt("SYS").withUserPrompt("GO");
        CurriculumAgent agent =
                new CurriculumAgent(turns, TOK, ExecutorAgentTest.FORMAT, List.of(255), config);
        List<CurriculumSample> samples = agent.sample(2, 42L);

        assertEquals(2, samples.size());
        CurriculumSample s = samples.get(0);
        assertEquals("What is 2+3?", s.output().question());
        assertEquals("5", s.output().answer());
        assertTrue(s.output().wellFormed());
        assertArrayEquals(TOK.encode(good), s.responseIds());
        assertArrayEquals(TOK.encode("<s>SYS<u>GO<a>"), s.promptIds());
        assertEquals(good.length(), s.samplingLogProbs().length);
        assertEquals(-0.001f, s.samplingLogProbs()[0]);
        assertEquals(-0.01f, s.logProbs()[0]);
        assertEquals(StopReason.EOS, s.stopReason());

        CurriculumOutput bad = samples.get(1).output();
        assertFalse(bad.wellFormed());
        assertNull(bad.question());

        // Reference sampling: temperature 1.0, top-p 0.99; the call's seed; no stop strings.
        assertEquals(1.0, turns.config.sampling().temperature());
        assertEquals(0.99, turns.config.sampling().topP());
        assertEquals(42L, turns.config.sampling().seed());
        assertEquals(List.of(), turns.config.stopStrings());
        assertEquals(List.of(255), turns.config.eosTokenIds());
        assertEquals(1, turns.rounds);
        assertTrue(turns.closed);
    }

    @Test
    void samplesLongerThanTheCapAreCut() {
        ScriptedTurns turns = new ScriptedTurns(TOK, (row, k) -> "x".repeat(50));
        CurriculumAgent agent =
                new CurriculumAgent(
                        turns,
                        TOK,
                        ExecutorAgentTest.FORMAT,
                        List.of(),
                        CurriculumConfig.defaults().withMaxNewTokens(10));
        CurriculumSample s = agent.sample(1, 0).get(0);
        assertEquals(10, s.responseIds().length);
        assertEquals(StopReason.MAX_NEW_TOKENS, s.stopReason());
        assertEquals(agent.promptIds().length + 10, turns.capacity);
    }

    @Test
    void chatTemplateFormatRendersSystemUserAndGenerationPrompt() {
        ChatTemplate t =
                ChatTemplate.compile(
                        "{% for m in messages %}[{{ m.role }}]{{ m.content }}\n"
                                + "{% endfor %}{% if add_generation_prompt %}[assistant]{% if think"
                                + " %}<think>{% endif %}{% endif %}");
        assertEquals(
                "[system]S\n[user]U\n[assistant]", PromptFormat.of(t, Map.of()).render("S", "U"));
        assertEquals(
                "[user]U\n[assistant]<think>",
                PromptFormat.of(t, Map.of("think", true)).render("", "U"));
    }
}
