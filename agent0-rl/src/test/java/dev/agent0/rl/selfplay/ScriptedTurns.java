package dev.agent0.rl.selfplay;

import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.StopReason;
import dev.agent0.core.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scripted generation with a real tokenizer: the curriculum writes two fixed questions in turn, the
 * executor answers by row, so curation, rewards and training see chosen values. Single turn only.
 */
final class ScriptedTurns implements TurnGenerator {
    static final String Q_MID = "What is two plus three?";
    static final String Q_EASY = "What is four plus five?";

    /** Executor answers to Q_MID by row mod 4: p̂ = 0.5 (ỹ "5"). Q_EASY is always "9": p̂ = 1. */
    static final String[] MID_ANSWERS = {"5", "6", "5", "7"};

    private final TextTokenizer tok;
    private final int eos;
    private final List<int[]> prompts;
    private boolean first = true;

    private ScriptedTurns(TextTokenizer tok, int eos, List<int[]> prompts) {
        this.tok = tok;
        this.eos = eos;
        this.prompts = prompts;
    }

    /** A factory that throws on its {@code failAt}-th start (1-based; 0 = never), like a crash. */
    static Factory factory(TextTokenizer tok, int eos, AtomicInteger starts, int failAt) {
        return (prompts, config, capacity) -> {
            if (starts.incrementAndGet() == failAt) {
                throw new IllegalStateException("simulated crash at generation " + failAt);
            }
            return new ScriptedTurns(tok, eos, prompts);
        };
    }

    @Override
    public List<GenerationResult> generate() {
        if (!first) {
            throw new IllegalStateException("scripted turns are single-turn");
        }
        first = false;
        List<GenerationResult> out = new ArrayList<>();
        for (int r = 0; r < prompts.size(); r++) {
            String prompt = tok.decode(prompts.get(r));
            String text;
            if (prompt.contains(Q_MID)) {
                text = "I think \\boxed{" + MID_ANSWERS[r % 4] + "}";
            } else if (prompt.contains(Q_EASY)) {
                text = "Sum: \\boxed{9}";
            } else { // the curriculum's prompt
                text =
                        "<question>"
                                + (r % 2 == 0 ? Q_MID : Q_EASY)
                                + "</question> \\boxed{"
                                + (r % 2 == 0 ? 5 : 9)
                                + "}";
            }
            int[] body = tok.encode(text);
            int[] ids = Arrays.copyOf(body, body.length + 1);
            ids[body.length] = eos;
            float[] lp = new float[ids.length];
            for (int t = 0; t < lp.length; t++) {
                lp[t] = -1f - 0.01f * ((t + r) % 7);
            }
            out.add(new GenerationResult(ids, lp, lp.clone(), text, StopReason.EOS));
        }
        return out;
    }

    @Override
    public void append(int seq, int[] ids) {
        throw new UnsupportedOperationException("single-turn script");
    }

    @Override
    public int[] tokens(int seq) {
        return prompts.get(seq);
    }

    @Override
    public void close() {}
}
