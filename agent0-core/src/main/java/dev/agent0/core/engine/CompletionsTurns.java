package dev.agent0.core.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.generate.StopReason;
import dev.agent0.core.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** One batch of sequences on a {@link CompletionsEngine}: a request per sequence and round. */
final class CompletionsTurns implements TurnGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerPool pool;
    private final ExecutorService threads;
    private final String model;
    private final TextTokenizer tokenizer;
    private final int vocab;
    private final GenerationConfig config;
    private final int capacity;
    private final String prefix;
    private final List<int[]> tokens = new ArrayList<>();
    private final boolean[] resume;
    private int round;

    CompletionsTurns(
            ServerPool pool,
            ExecutorService threads,
            String model,
            TextTokenizer tokenizer,
            List<int[]> prompts,
            GenerationConfig config,
            int capacity,
            String prefix) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("prompts is empty");
        }
        this.pool = pool;
        this.threads = threads;
        this.model = model;
        this.tokenizer = tokenizer;
        this.vocab = tokenizer.vocabSize();
        this.config = config;
        this.capacity = capacity;
        this.prefix = prefix;
        for (int i = 0; i < prompts.size(); i++) {
            int[] p = prompts.get(i);
            if (p.length == 0 || p.length >= capacity) {
                throw new IllegalArgumentException(
                        "prompts[" + i + "] has " + p.length + " tokens; capacity " + capacity);
            }
            check(i, p);
            tokens.add(p.clone());
        }
        resume = new boolean[prompts.size()];
        Arrays.fill(resume, true);
    }

    @Override
    public List<GenerationResult> generate() {
        boolean[] active = resume.clone();
        Arrays.fill(resume, false);
        List<Future<GenerationResult>> pending = new ArrayList<>();
        for (int seq = 0; seq < active.length; seq++) {
            int s = seq;
            pending.add(active[seq] ? threads.submit(() -> one(s)) : null);
        }
        List<GenerationResult> out = new ArrayList<>(active.length);
        for (Future<GenerationResult> f : pending) {
            out.add(f == null ? inactive() : await(f));
        }
        round++;
        return out;
    }

    /** One sequence's round: a request from its ids so far; the sampled ids are appended. */
    private GenerationResult one(int seq) {
        int[] prompt = tokens.get(seq);
        int room = capacity - prompt.length;
        if (room <= 0) {
            return new GenerationResult(
                    new int[0], new float[0], new float[0], "", StopReason.CAPACITY);
        }
        int max = Math.min(config.maxNewTokens(), room);
        ServerPool.Answer a = pool.complete(request(seq, prompt, max));
        CompletionChoice c = CompletionChoice.parse(a.endpoint(), a.json(), vocab);
        if (c.tokenIds().length > max) {
            throw new EngineException(
                    a.endpoint()
                            + ": bad response, choices[0].token_ids: "
                            + c.tokenIds().length
                            + " tokens for max_tokens "
                            + max);
        }
        int[] joined = Arrays.copyOf(prompt, prompt.length + c.tokenIds().length);
        System.arraycopy(c.tokenIds(), 0, joined, prompt.length, c.tokenIds().length);
        tokens.set(seq, joined);
        StopReason why;
        if (c.finishReason().equals("length")) {
            why = max < config.maxNewTokens() ? StopReason.CAPACITY : StopReason.MAX_NEW_TOKENS;
        } else {
            why = c.stopString() != null ? StopReason.STOP_STRING : StopReason.EOS;
        }
        // The server's log-probs are the sampler's (vLLM V1 reports the model's raw log-probs
        // unless started with --logprobs-mode processed_logprobs); the trainer recomputes π_old.
        return new GenerationResult(
                c.tokenIds(),
                c.logProbs(),
                c.logProbs().clone(),
                tokenizer.decode(c.tokenIds()),
                why);
    }

    private ObjectNode request(int seq, int[] prompt, int max) {
        SamplingConfig s = config.sampling();
        int stream = config.firstStream() + seq;
        ObjectNode r = JSON.createObjectNode();
        r.put("model", model);
        ArrayNode p = r.putArray("prompt");
        for (int id : prompt) {
            p.add(id);
        }
        r.put("max_tokens", max);
        r.put("n", 1);
        r.put("temperature", s.temperature());
        r.put("top_p", s.topP());
        r.put("top_k", s.topK() > 0 ? s.topK() : -1);
        r.put("seed", seed(s.seed(), stream, round));
        ArrayNode stop = r.putArray("stop");
        config.stopStrings().forEach(stop::add);
        r.put("include_stop_str_in_output", true);
        ArrayNode eos = r.putArray("stop_token_ids");
        config.eosTokenIds().forEach(eos::add);
        r.put("skip_special_tokens", false);
        r.put("logprobs", 0);
        r.put("return_token_ids", true);
        r.put("return_tokens_as_token_ids", true);
        r.put("request_id", prefix + "-" + stream + "-" + round);
        return r;
    }

    /**
     * A non-negative 31-bit seed per (run seed, stream, round): a retried request samples the same
     * tokens on a deterministic server.
     */
    static int seed(long seed, int stream, int round) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + round;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) (z & 0x7FFFFFFF);
    }

    private static GenerationResult await(Future<GenerationResult> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new EngineException("request failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted", e);
        }
    }

    private static GenerationResult inactive() {
        return new GenerationResult(
                new int[0], new float[0], new float[0], "", StopReason.INACTIVE);
    }

    private void check(int seq, int[] ids) {
        for (int id : ids) {
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException(
                        "token id " + id + " of sequence " + seq + " outside [0, " + vocab + ")");
            }
        }
    }

    @Override
    public void append(int seq, int[] ids) {
        if (seq < 0 || seq >= resume.length) {
            throw new IllegalArgumentException(
                    "seq = " + seq + ", batch has " + resume.length + " sequences");
        }
        check(seq, ids);
        int[] t = tokens.get(seq);
        int[] joined = Arrays.copyOf(t, t.length + ids.length);
        System.arraycopy(ids, 0, joined, t.length, ids.length);
        tokens.set(seq, joined);
        resume[seq] = true;
    }

    @Override
    public int[] tokens(int seq) {
        return tokens.get(seq).clone();
    }

    @Override
    public void close() {}
}
