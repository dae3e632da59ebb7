package dev.agent0.core.generate;

import dev.agent0.core.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-round bookkeeping of a {@link GenerationSession}: the tokens, log-probs and stop decisions of
 * each sequence during one {@code generate()} call.
 *
 * <p>Separate from the session, which owns what lasts across rounds (KV cache, key mask, pending
 * tokens) and the forward calls; a fresh one is made every round. Each accepted token is also
 * appended to the session's per-sequence token lists, which the constructor receives.
 */
final class RoundState {
    private final GenerationConfig config;
    private final TextTokenizer tokenizer;
    private final List<IntList> tokens; // the session's: everything each sequence holds
    private final int batch;
    private final boolean[] active;
    private final boolean[] running;
    private final IntList[] generated;
    private final FloatList[] logProbs;
    private final FloatList[] samplingLogProbs;
    private final StopReason[] reasons;
    private final int maxStopChars;

    RoundState(
            boolean[] active,
            GenerationConfig config,
            TextTokenizer tokenizer,
            List<IntList> tokens) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.tokens = tokens;
        this.batch = active.length;
        this.active = active;
        this.running = active.clone();
        this.generated = new IntList[batch];
        this.logProbs = new FloatList[batch];
        this.samplingLogProbs = new FloatList[batch];
        this.reasons = new StopReason[batch];
        for (int b = 0; b < batch; b++) {
            generated[b] = new IntList(new int[0]);
            logProbs[b] = new FloatList();
            samplingLogProbs[b] = new FloatList();
        }
        maxStopChars = config.stopStrings().stream().mapToInt(String::length).max().orElse(0);
    }

    int running() {
        int n = 0;
        for (boolean r : running) {
            n += r ? 1 : 0;
        }
        return n;
    }

    boolean[] runningMask() {
        return running.clone();
    }

    int lastToken(int b) {
        IntList g = generated[b];
        return g.get(g.size() - 1);
    }

    void accept(int b, int token, float logProb, float samplingLogProb) {
        generated[b].add(token);
        tokens.get(b).add(token);
        logProbs[b].add(logProb);
        samplingLogProbs[b].add(samplingLogProb);
        if (config.eosTokenIds().contains(token)) {
            stop(b, StopReason.EOS);
        } else if (maxStopChars > 0 && containsStopString(b)) {
            stop(b, StopReason.STOP_STRING);
        } else if (generated[b].size() >= config.maxNewTokens()) {
            stop(b, StopReason.MAX_NEW_TOKENS);
        }
    }

    /** Decodes only the tail that can hold a stop string ending in the newest token. */
    private boolean containsStopString(int b) {
        IntList g = generated[b];
        // a char may take up to 4 byte tokens
        int window = Math.min(g.size(), 4 * maxStopChars + 4);
        String tail = tokenizer.decode(g.slice(g.size() - window, g.size()));
        for (String s : config.stopStrings()) {
            if (tail.contains(s)) {
                return true;
            }
        }
        return false;
    }

    void stop(int b, StopReason reason) {
        running[b] = false;
        reasons[b] = reason;
    }

    void stopAll(StopReason reason) {
        for (int b = 0; b < batch; b++) {
            if (running[b]) {
                stop(b, reason);
            }
        }
    }

    List<GenerationResult> results() {
        List<GenerationResult> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            if (!active[b]) {
                out.add(GenerationResult.inactive());
                continue;
            }
            int[] ids = generated[b].toArray();
            String text = tokenizer == null ? "" : tokenizer.decode(ids);
            out.add(
                    new GenerationResult(
                            ids,
                            logProbs[b].toArray(),
                            samplingLogProbs[b].toArray(),
                            text,
                            reasons[b]));
        }
        return out;
    }
}
