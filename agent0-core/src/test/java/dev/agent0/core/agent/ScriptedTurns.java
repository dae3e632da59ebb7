package dev.agent0.core.agent;

import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.StopReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A {@link TurnGenerator} that "generates" pre-written turns: row r's k-th round returns {@code
 * script.apply(r, k)}, encoded with the test tokenizer. It honours the session contract: only
 * appended rows run after the first round; a turn containing a configured stop string stops there
 * (STOP_STRING), other turns end with EOS; a turn longer than maxNewTokens is cut (MAX_NEW_TOKENS).
 * Generated token t of a round gets logProb -(t+1)/100 and samplingLogProb -(t+1)/1000, so tests
 * can tell them from the 0s of observations.
 */
final class ScriptedTurns implements TurnGenerator, TurnGenerator.Factory {
    private final ByteTokenizer tokenizer;
    private final BiFunction<Integer, Integer, String> script;
    GenerationConfig config;
    int capacity;
    List<int[]> prompts;
    int rounds;
    final List<int[]> appended = new ArrayList<>(); // {row, ids...} per append call
    private List<List<Integer>> tokens;
    private int[] turnIndex;
    private boolean[] resume;
    boolean closed;

    ScriptedTurns(ByteTokenizer tokenizer, BiFunction<Integer, Integer, String> script) {
        this.tokenizer = tokenizer;
        this.script = script;
    }

    @Override
    public TurnGenerator start(List<int[]> prompts, GenerationConfig config, int capacity) {
        this.prompts = prompts;
        this.config = config;
        this.capacity = capacity;
        tokens = new ArrayList<>();
        for (int[] p : prompts) {
            List<Integer> t = new ArrayList<>();
            Arrays.stream(p).forEach(t::add);
            tokens.add(t);
        }
        turnIndex = new int[prompts.size()];
        resume = new boolean[prompts.size()];
        Arrays.fill(resume, true);
        return this;
    }

    @Override
    public List<GenerationResult> generate() {
        rounds++;
        List<GenerationResult> out = new ArrayList<>();
        for (int r = 0; r < resume.length; r++) {
            if (!resume[r]) {
                out.add(
                        new GenerationResult(
                                new int[0], new float[0], new float[0], "", StopReason.INACTIVE));
                continue;
            }
            resume[r] = false;
            out.add(turn(r, script.apply(r, turnIndex[r]++)));
        }
        return out;
    }

    private GenerationResult turn(int r, String text) {
        StopReason reason = StopReason.EOS;
        for (String stop : config.stopStrings()) {
            int at = text.indexOf(stop);
            if (at >= 0) {
                text = text.substring(0, at + stop.length());
                reason = StopReason.STOP_STRING;
            }
        }
        int[] ids = tokenizer.encode(text);
        if (ids.length > config.maxNewTokens()) {
            ids = Arrays.copyOf(ids, config.maxNewTokens());
            reason = StopReason.MAX_NEW_TOKENS;
        }
        float[] lp = new float[ids.length];
        float[] slp = new float[ids.length];
        for (int t = 0; t < ids.length; t++) {
            lp[t] = -(t + 1) / 100f;
            slp[t] = -(t + 1) / 1000f;
            tokens.get(r).add(ids[t]);
        }
        return new GenerationResult(ids, lp, slp, tokenizer.decode(ids), reason);
    }

    @Override
    public void append(int seq, int[] ids) {
        int[] rec = new int[ids.length + 1];
        rec[0] = seq;
        System.arraycopy(ids, 0, rec, 1, ids.length);
        appended.add(rec);
        Arrays.stream(ids).forEach(tokens.get(seq)::add);
        resume[seq] = true;
    }

    @Override
    public int[] tokens(int seq) {
        return tokens.get(seq).stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public void close() {
        closed = true;
    }
}
