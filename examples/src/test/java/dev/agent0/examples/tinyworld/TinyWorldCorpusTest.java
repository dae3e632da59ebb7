package dev.agent0.examples.tinyworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.rl.train.SftTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyWorldCorpusTest {
    @TempDir Path dir;

    @Test
    void toolTranscriptsMaskPromptAndObservationAndLearnCodeAndAnswer() {
        TinyWorldModel.writeTokenizer(dir);
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            TinyWorldCorpus.Transcript t =
                    new TinyWorldCorpus.Transcript(
                            TinyWorldFormat.executorPrompt("37+58*2"),
                            List.of(
                                    TinyWorldFormat.toolCall("37+58*2"),
                                    TinyWorldFormat.observation("153"),
                                    TinyWorldFormat.answer("153")),
                            List.of(true, false, true));
            SftTrainer.Example e = TinyWorldCorpus.example(t, tok);
            // <|im_start|> Q : ␠ 3 7 + 5 8 * 2 \n = 12 prompt tokens
            // ```python\nprint( 3 7 + 5 8 * 2 )\n```\n ```output = 10 learned
            // \n 1 5 3 \n```\n = 5 masked; \boxed{ 1 5 3 } <|im_end|> = 6 learned
            assertEquals(12 + 10 + 5 + 6, e.tokens().length);
            float[] expected = new float[33];
            java.util.Arrays.fill(expected, 12, 22, 1f);
            java.util.Arrays.fill(expected, 27, 33, 1f);
            assertEquals(
                    java.util.Arrays.toString(expected), java.util.Arrays.toString(e.lossMask()));
            assertEquals(t.text(), tok.decode(e.tokens()));
            assertEquals(TinyWorldModel.eosTokenId(), e.tokens()[32]);
        }
    }

    @Test
    void ratesFollowTheMixPerLevelAndWrongAnswersDifferInOneDigit() {
        TinyWorldCorpus corpus = new TinyWorldCorpus(TinyWorldCorpus.Mix.defaults(), 3);
        int curriculum = 0;
        int executor = 0;
        int[] tool = new int[6];
        int[] direct = new int[6];
        int[] wrong = new int[6];
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            TinyWorldCorpus.Transcript t = corpus.next();
            if (t.prompt().equals(TinyWorldFormat.curriculumPrompt())) {
                curriculum++;
                String q = t.pieces().get(0);
                ArithmeticProblem.evaluate(
                        q.substring("<question>".length(), q.indexOf("</question>")));
                continue;
            }
            executor++;
            String expr =
                    t.prompt().substring(TinyWorldFormat.BOS.length() + 3, t.prompt().length() - 1);
            int level = levelOf(expr);
            String truth = Long.toString(ArithmeticProblem.evaluate(expr));
            if (t.pieces().size() == 3) {
                tool[level]++;
                assertEquals(TinyWorldFormat.answer(truth), t.pieces().get(2));
            } else {
                direct[level]++;
                String a = t.pieces().get(0);
                String given = a.substring("\\boxed{".length(), a.indexOf('}'));
                if (!given.equals(truth)) {
                    wrong[level]++;
                    assertEquals(truth.length(), given.length(), given + " vs " + truth);
                    int differ = 0;
                    for (int c = 0; c < truth.length(); c++) {
                        differ += truth.charAt(c) != given.charAt(c) ? 1 : 0;
                    }
                    assertEquals(1, differ, given + " vs " + truth);
                    assertTrue(
                            given.length() == 1
                                    || given.charAt(given.startsWith("-") ? 1 : 0) != '0',
                            given);
                }
            }
        }
        assertEquals(0.1, curriculum / 60_000.0, 0.01);
        double[] toolRate = {.15, .20, .25, .30, .35, .40};
        double[] wrongRate = {0, .1, .25, .4, .55, .7};
        for (int l = 0; l < 6; l++) {
            assertEquals(
                    toolRate[l],
                    tool[l] / (double) (tool[l] + direct[l]),
                    0.025,
                    "tool rate L" + (l + 1));
            assertEquals(
                    wrongRate[l], wrong[l] / (double) direct[l], 0.03, "wrong rate L" + (l + 1));
        }
        assertTrue(executor > 50_000);
        assertTrue(bad.isEmpty());
    }

    @Test
    void frontierMixWritesFrontierQuestionsRarelyAndNeverShowsTheExecutorOne() {
        TinyWorldCorpus corpus = new TinyWorldCorpus(TinyWorldCorpus.Mix.frontier(), 5);
        int questions = 0;
        int frontierQuestions = 0;
        int[] frontierLevels = new int[3];
        java.util.Set<String> executorShapes = new java.util.HashSet<>();
        for (int i = 0; i < 60_000; i++) {
            TinyWorldCorpus.Transcript t = corpus.next();
            if (t.prompt().equals(TinyWorldFormat.curriculumPrompt())) {
                questions++;
                String q = t.pieces().get(0);
                String expr = q.substring("<question>".length(), q.indexOf("</question>"));
                ArithmeticProblem.evaluate(expr); // fits a long, never overflows
                int[] shape = shape(expr);
                if (shape[1] > 3) {
                    frontierQuestions++;
                    frontierLevels[levelOf(expr) - 6]++;
                }
                continue;
            }
            String expr =
                    t.prompt().substring(TinyWorldFormat.BOS.length() + 3, t.prompt().length() - 1);
            int[] shape = shape(expr);
            assertTrue(shape[0] <= 4 && shape[1] <= 3, "executor transcript beyond L6: " + expr);
            executorShapes.add(shape[0] + "x" + shape[1]);
        }
        assertEquals(0.05, frontierQuestions / (double) questions, 0.01);
        for (int f : frontierLevels) {
            assertEquals(1 / 3.0, f / (double) frontierQuestions, 0.08);
        }
        // Mixed shapes: every (longest operand, operations) pair of the envelope, not six.
        assertEquals(12, executorShapes.size(), executorShapes.toString());
    }

    /** {longest operand's digits, operations} of an expression. */
    private static int[] shape(String expr) {
        String[] operands = expr.split("[+*-]");
        int digits = 0;
        for (String o : operands) {
            digits = Math.max(digits, o.length());
        }
        return new int[] {digits, operands.length - 1};
    }

    @Test
    void theFirstWorldsCorpusIgnoresTheFrontierShareField() {
        // A zero share draws nothing extra: the shipped base's corpus stays the same stream.
        TinyWorldCorpus.Mix d = TinyWorldCorpus.Mix.defaults();
        TinyWorldCorpus a = new TinyWorldCorpus(d, 7);
        TinyWorldCorpus b =
                new TinyWorldCorpus(
                        new TinyWorldCorpus.Mix(
                                d.toolRate(), d.wrongDigitRate(), d.curriculumShare(), 0, false),
                        7);
        TinyWorldCorpus c = new TinyWorldCorpus(TinyWorldCorpus.Mix.frontier(), 7);
        StringBuilder sa = new StringBuilder();
        StringBuilder sb = new StringBuilder();
        StringBuilder sc = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sa.append(a.next().text());
            sb.append(b.next().text());
            sc.append(c.next().text());
        }
        assertEquals(sa.toString(), sb.toString());
        assertNotEquals(sa.toString(), sc.toString());
    }

    @Test
    void sameSeedSameTranscriptsOtherSeedOthers() {
        TinyWorldCorpus a = new TinyWorldCorpus(TinyWorldCorpus.Mix.defaults(), 11);
        TinyWorldCorpus b = new TinyWorldCorpus(TinyWorldCorpus.Mix.defaults(), 11);
        TinyWorldCorpus c = new TinyWorldCorpus(TinyWorldCorpus.Mix.defaults(), 12);
        StringBuilder sa = new StringBuilder();
        StringBuilder sb = new StringBuilder();
        StringBuilder sc = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            sa.append(a.next().text());
            sb.append(b.next().text());
            sc.append(c.next().text());
        }
        assertEquals(sa.toString(), sb.toString());
        assertNotEquals(sa.toString(), sc.toString());
    }

    /** Level index from the expression's shape: operand digits and operation count. */
    private static int levelOf(String expr) {
        String[] operands = expr.split("[+*-]");
        int digits = 0;
        for (String o : operands) {
            digits = Math.max(digits, o.length());
        }
        for (DifficultyLevel l : DifficultyLevel.values()) {
            if (l.operations() == operands.length - 1 && l.digits() == digits) {
                return l.ordinal();
            }
        }
        throw new AssertionError("no level for " + expr);
    }
}
