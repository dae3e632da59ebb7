package dev.agent0.eval.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.ExecutorConfig;
import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.StopReason;
import dev.agent0.core.tokenize.TextTokenizer;
import dev.agent0.eval.grade.ValueEquivalence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The solver with a scripted generator: every row answers {@code \boxed{<row>}} in one turn
 * (single-turn, so no sandbox). Claims: k responses per problem in row order, per-problem seeds,
 * and graded results through the harness.
 */
class LocalModelSolverTest {
    @TempDir Path out;

    /** One byte per id. */
    static final TextTokenizer BYTES =
            new TextTokenizer() {
                @Override
                public int[] encode(String text) {
                    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
                    int[] ids = new int[b.length];
                    for (int i = 0; i < b.length; i++) {
                        ids[i] = b[i] & 0xff;
                    }
                    return ids;
                }

                @Override
                public String decode(int[] ids) {
                    byte[] b = new byte[ids.length];
                    for (int i = 0; i < ids.length; i++) {
                        b[i] = (byte) ids[i];
                    }
                    return new String(b, StandardCharsets.ISO_8859_1);
                }

                @Override
                public int vocabSize() {
                    return 256;
                }

                @Override
                public OptionalInt tokenId(String token) {
                    return OptionalInt.empty();
                }
            };

    final List<Long> seeds = new ArrayList<>();

    TurnGenerator.Factory scripted() {
        return (prompts, config, capacity) -> {
            seeds.add(config.sampling().seed());
            return new OneTurn(prompts.size());
        };
    }

    record OneTurn(int rows) implements TurnGenerator {
        @Override
        public List<GenerationResult> generate() {
            List<GenerationResult> out = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                int[] ids = BYTES.encode("\\boxed{" + r + "}");
                out.add(
                        new GenerationResult(
                                ids,
                                new float[ids.length],
                                new float[ids.length],
                                BYTES.decode(ids),
                                StopReason.EOS));
            }
            return out;
        }

        @Override
        public void append(int seq, int[] ids) {
            throw new AssertionError("single-turn rollouts never append");
        }

        @Override
        public int[] tokens(int seq) {
            return new int[0];
        }

        @Override
        public void close() {}
    }

    LocalModelSolver solver() {
        ExecutorAgent agent =
                new ExecutorAgent(
                        scripted(),
                        BYTES,
                        (s, u) -> s + u,
                        null,
                        List.of(),
                        ExecutorConfig.defaults().withMultiTurn(false));
        return new LocalModelSolver("scripted", agent, 5L);
    }

    @Test
    void returnsKResponsesInRowOrderWithAPerProblemSeed() {
        LocalModelSolver solver = solver();
        Problem a = new Problem("a", "Q", "0", "", 0);
        Problem b = new Problem("b", "Q", "0", "", 0);
        assertEquals(List.of("\\boxed{0}", "\\boxed{1}", "\\boxed{2}"), solver.solve(a, 3));
        solver.solve(b, 3);
        solver.solve(a, 3);
        assertEquals(5L * 0x9E3779B97F4A7C15L + "a".hashCode(), seeds.get(0));
        assertNotEquals(seeds.get(0), seeds.get(1)); // another problem, another stream
        assertEquals(seeds.get(0), seeds.get(2)); // same problem, same stream
    }

    @Test
    void harnessGradesTheResponses() throws Exception {
        // Gold 1 matches sample 1 of 4: pass@1 = 1/4; gold 7 matches none.
        List<Problem> problems =
                List.of(new Problem("p1", "Q1", "1", "", 0), new Problem("p2", "Q2", "7", "", 0));
        EvalReport r =
                new EvalRunner(new ValueEquivalence(), false)
                        .run("toy", problems, solver(), 4, 0, out);
        assertEquals(2, r.overall().items());
        assertEquals((0.25 + 0.0) / 2, r.overall().pass1(), 1e-12);
    }
}
