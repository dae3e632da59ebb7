package dev.agent0.examples.tinyworld;

import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.StopReason;
import dev.agent0.core.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Scripted generation for both tiny-world roles, so evaluation and gate arithmetic can be checked
 * with known answers through the real agents and the real sandbox.
 *
 * <p>An executor row asks {@code executor} for its next turn given the problem and the last
 * observation (null in the first round); a turn ending with {@code ```output} stops there (the
 * agent then runs the tool), one ending with {@code <|im_end|>} ends the row. A curriculum row
 * (prompt {@code <|im_start|>G:\n}) gets {@code curriculum.apply(row)}.
 */
final class ScriptedRoles implements TurnGenerator.Factory {
    interface Executor {
        String turn(String problem, String observation);
    }

    private final TextTokenizer tokenizer;
    private final Executor executor;
    private final Function<Integer, String> curriculum;

    ScriptedRoles(
            TextTokenizer tokenizer, Executor executor, Function<Integer, String> curriculum) {
        this.tokenizer = tokenizer;
        this.executor = executor;
        this.curriculum = curriculum;
    }

    /** The value printed in an observation {@code "\n153\n```\n"}. */
    static String printed(String observation) {
        return observation.replace("```", "").strip();
    }

    @Override
    public TurnGenerator start(List<int[]> prompts, GenerationConfig config, int capacity) {
        int n = prompts.size();
        List<int[]> tokens = new ArrayList<>(prompts);
        String[] observation = new String[n];
        boolean[] resume = new boolean[n];
        Arrays.fill(resume, true);
        return new TurnGenerator() {
            @Override
            public List<GenerationResult> generate() {
                List<GenerationResult> out = new ArrayList<>();
                for (int r = 0; r < n; r++) {
                    if (!resume[r]) {
                        out.add(
                                new GenerationResult(
                                        new int[0],
                                        new float[0],
                                        new float[0],
                                        "",
                                        StopReason.INACTIVE));
                        continue;
                    }
                    resume[r] = false;
                    String prompt = tokenizer.decode(prompts.get(r));
                    String text =
                            prompt.equals(TinyWorldFormat.curriculumPrompt())
                                    ? curriculum.apply(r)
                                    : executor.turn(problem(prompt), observation[r]);
                    int[] ids = tokenizer.encode(text);
                    StopReason why =
                            text.endsWith("```output")
                                    ? StopReason.STOP_STRING
                                    : text.endsWith(TinyWorldFormat.EOS)
                                            ? StopReason.EOS
                                            : StopReason.MAX_NEW_TOKENS;
                    float[] lp = new float[ids.length];
                    Arrays.fill(lp, -1f);
                    tokens.set(r, concat(tokens.get(r), ids));
                    out.add(new GenerationResult(ids, lp, lp.clone(), text, why));
                }
                return out;
            }

            @Override
            public void append(int seq, int[] ids) {
                observation[seq] = tokenizer.decode(ids);
                resume[seq] = true;
                tokens.set(seq, concat(tokens.get(seq), ids));
            }

            @Override
            public int[] tokens(int seq) {
                return tokens.get(seq);
            }

            @Override
            public void close() {}
        };
    }

    private static String problem(String prompt) {
        return prompt.substring((TinyWorldFormat.BOS + "Q: ").length()).strip();
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
