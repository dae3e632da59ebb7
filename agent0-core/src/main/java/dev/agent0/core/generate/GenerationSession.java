package dev.agent0.core.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.agent0.core.model.AttentionMasks;
import dev.agent0.core.model.KvCache;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.runtime.IntraOpThreads;
import dev.agent0.core.runtime.NoGradient;
import dev.agent0.core.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A batch of sequences decoded together over a preallocated KV cache, resumable after a stop.
 *
 * <p>Cache layout: column j holds the j-th token fed for every row; a row that has nothing to feed
 * in a step (stopped, or shorter pending input) gets a padding column that its mask hides. So
 * prompts are left-padded, and a sequence resumed after {@link #append} continues from its cached
 * prefix: only the appended tokens are computed. Position ids count each row's real tokens.
 *
 * <p>Use: {@code generate()}; then for each sequence to continue, {@code append(i, observation)};
 * then {@code generate()} again. Not thread-safe. Close to free the cache.
 */
public final class GenerationSession implements AutoCloseable {
    private static final int PAD_ID = 0;

    /**
     * Vocabularies from this size on sample their rows in parallel (the tiny world's do not); not
     * final so a test can compare both ways.
     */
    static int parallelSamplingVocab = 4096;

    private final QwenModel model;
    private final TextTokenizer tokenizer;
    private final GenerationConfig config;
    private final NDManager manager;
    private final KvCache cache;
    private final float[] keyMask; // [B, capacity] on the host: 0 for real tokens, NEG for padding
    private final long
            stepWorkPerToken; // hidden × intermediate: multiply-adds of one MLP projection
    private final int batch;
    private final int capacity;
    private final int vocab;
    private final Sampler[] samplers;
    private final List<IntList> tokens = new ArrayList<>(); // everything each sequence holds
    private final List<IntList> pending = new ArrayList<>(); // tokens not yet in the cache
    private final boolean[] resume;
    private final long[] realTokens; // tokens in the cache per row, = next position id
    private int column; // next free cache column

    /** See {@link Generator#start}; {@code rowSeeds} is null or one sampler seed per row. */
    GenerationSession(
            QwenModel model,
            TextTokenizer tokenizer,
            List<int[]> prompts,
            GenerationConfig config,
            int capacity,
            long[] rowSeeds) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("prompts is empty");
        }
        if (!config.stopStrings().isEmpty() && tokenizer == null) {
            throw new IllegalArgumentException(
                    "stopStrings " + config.stopStrings() + " need a tokenizer");
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.config = config;
        this.batch = prompts.size();
        this.capacity = capacity;
        this.vocab = model.config().vocabSize();
        this.manager = model.newManager();
        this.cache = new KvCache(model.config(), batch, capacity, manager, model.dtype());
        this.keyMask = new float[batch * capacity];
        this.stepWorkPerToken =
                (long) model.config().hiddenSize() * model.config().intermediateSize();
        this.samplers = new Sampler[batch];
        this.resume = new boolean[batch];
        this.realTokens = new long[batch];
        for (int i = 0; i < batch; i++) {
            int[] p = prompts.get(i);
            if (p.length == 0) {
                throw new IllegalArgumentException("prompts[" + i + "] is empty");
            }
            checkIds(i, p);
            // Row seeds (a server's requests) make each row sample as if alone; otherwise row i
            // draws from stream (seed, firstStream + i) of the batch.
            samplers[i] =
                    rowSeeds == null
                            ? new Sampler(config.sampling(), config.firstStream() + i)
                            : new Sampler(config.sampling().withSeed(rowSeeds[i]), 0);
            tokens.add(new IntList(p));
            pending.add(new IntList(p));
            resume[i] = true;
        }
    }

    private void checkIds(int seq, int[] ids) {
        for (int id : ids) {
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException(
                        "token id " + id + " of sequence " + seq + " outside [0, " + vocab + ")");
            }
        }
    }

    /** Number of sequences. */
    public int batchSize() {
        return batch;
    }

    /** Every token of sequence {@code seq} so far: prompt, generated and appended. */
    public int[] tokens(int seq) {
        return tokens.get(seq).toArray();
    }

    /** Cache columns used (prompt padding included). */
    public int usedColumns() {
        return column;
    }

    /**
     * Appends {@code ids} (e.g. a tool observation) to sequence {@code seq} and marks it to resume
     * in the next {@link #generate()}; an empty array just resumes it. Only the appended tokens
     * (and the last sampled one) are computed next round: the prefix stays in the cache.
     */
    public void append(int seq, int[] ids) {
        if (seq < 0 || seq >= batch) {
            throw new IllegalArgumentException(
                    "seq = " + seq + ", batch has " + batch + " sequences");
        }
        checkIds(seq, ids);
        tokens.get(seq).addAll(ids);
        pending.get(seq).addAll(ids);
        resume[seq] = true;
    }

    /** Alias of {@link #generate()} for the resume step of a multi-turn loop. */
    public List<GenerationResult> continueGeneration() {
        return generate();
    }

    /**
     * One round: feeds every resuming sequence's pending tokens, then samples until each stops.
     * Returns one result per sequence ({@link StopReason#INACTIVE} for those not resumed).
     */
    public List<GenerationResult> generate() {
        return NoGradient.call(this::round); // inference: record no autograd graph on this thread
    }

    private List<GenerationResult> round() {
        // 1. Who takes part, and how long the left-padded input chunk is.
        boolean[] active = resume.clone();
        int chunk = 0;
        for (int b = 0; b < batch; b++) {
            if (active[b]) {
                chunk = Math.max(chunk, pending.get(b).size());
            }
        }
        if (column + chunk > capacity) { // checked before any state changes: the caller may retry
            throw new IllegalStateException(
                    "KV cache capacity "
                            + capacity
                            + " exceeded: "
                            + column
                            + " columns used, "
                            + chunk
                            + " more to feed; start the session with a larger capacity");
        }
        Arrays.fill(resume, false);
        RoundState st = new RoundState(active, config, tokenizer, tokens);
        if (chunk == 0) {
            return st.results();
        }
        // 2. Prefill the pending tokens (prompt, or last sampled token + appended observation).
        int[] next = sampleRow(prefill(active, chunk), active, st);
        // 3. Decode: feed each running sequence's last token, sample the next, until all stop.
        while (st.running() > 0) {
            if (column >= capacity) {
                st.stopAll(StopReason.CAPACITY);
                break;
            }
            next = sampleRow(decodeStep(next, st.runningMask()), st.runningMask(), st);
        }
        // 4. A stopped sequence's last token is not in the cache yet: it is fed on resume.
        for (int b = 0; b < batch; b++) {
            if (active[b]) {
                pending.get(b).clear();
                pending.get(b).add(st.lastToken(b));
            }
        }
        return st.results();
    }

    /**
     * Feeds a [B, chunk] left-padded block; returns last-position logits [B, V] on the host or
     * device.
     */
    private Step prefill(boolean[] active, int chunk) {
        long[] ids = new long[batch * chunk];
        long[] pos = new long[batch * chunk];
        float[] keys = new float[batch * chunk];
        Arrays.fill(ids, PAD_ID);
        Arrays.fill(keys, AttentionMasks.NEG);
        for (int b = 0; b < batch; b++) {
            if (!active[b]) {
                continue;
            }
            IntList p = pending.get(b);
            int offset = chunk - p.size();
            for (int i = 0; i < p.size(); i++) {
                ids[b * chunk + offset + i] = p.get(i);
                pos[b * chunk + offset + i] = realTokens[b]++;
                keys[b * chunk + offset + i] = 0f;
            }
        }
        int s = column + chunk;
        if (chunk == 1) { // one new column sees every cached one: no causal term
            return new Step(ids, pos, keys, 1, null);
        }
        float[] causal = new float[chunk * s];
        for (int i = 0; i < chunk; i++) {
            for (int j = column + i + 1; j < s; j++) {
                causal[i * s + j] = AttentionMasks.NEG;
            }
        }
        return new Step(ids, pos, keys, chunk, causal);
    }

    private Step decodeStep(int[] last, boolean[] running) {
        long[] ids = new long[batch];
        long[] pos = new long[batch];
        float[] keys = new float[batch];
        for (int b = 0; b < batch; b++) {
            if (running[b]) {
                ids[b] = last[b];
                pos[b] = realTokens[b]++;
            } else {
                ids[b] = PAD_ID;
                keys[b] = AttentionMasks.NEG;
            }
        }
        return new Step(ids, pos, keys, 1, null);
    }

    /** Host-side inputs of one forward call. */
    private record Step(
            long[] ids, long[] positions, float[] keyMask, int length, float[] causal) {}

    /**
     * Runs {@code step} through the model (one NDScope) and samples a token for each running row.
     */
    private int[] sampleRow(Step step, boolean[] running, RoundState st) {
        int[] chosen = new int[batch];
        int t = step.length();
        boolean small = (long) batch * t * stepWorkPerToken < config.singleThreadBelow();
        // Small steps run on one thread (GenerationConfig#singleThreadBelow); the results are the
        // same.
        try (NDScope scope = new NDScope();
                IntraOpThreads threads =
                        small ? IntraOpThreads.atMost(1) : IntraOpThreads.unchanged()) {
            int s = column + t;
            NDArray bias = keyBias(step, s); // [B, 1, 1, S]
            if (step.causal() != null) {
                bias = bias.add(inDtype(manager.create(step.causal(), new Shape(1, 1, t, s))));
            }
            NDArray logits =
                    model.forward(
                                    manager.create(step.ids(), new Shape(batch, t)),
                                    manager.create(step.positions(), new Shape(batch, t)),
                                    bias,
                                    cache,
                                    column,
                                    true)
                            .reshape(batch, vocab);
            column = s;
            if (config.sampling().isGreedy()) {
                // Only ids and their log-probs cross to the host.
                NDList top = new NDList(logits.argMax(1), logits.logSoftmax(1).max(new int[] {1}));
                long[] ids = top.get(0).toLongArray();
                float[] lps = top.get(1).toFloatArray();
                for (int b = 0; b < batch; b++) {
                    if (running[b]) {
                        chosen[b] = (int) ids[b];
                        st.accept(b, chosen[b], lps[b], 0f);
                    }
                }
            } else {
                float[] host = HostLogits.read(logits);
                Sampler.Choice[] choices = sampleRows(host, running);
                for (int b = 0; b < batch; b++) {
                    if (running[b]) {
                        Sampler.Choice c = choices[b];
                        chosen[b] = c.token();
                        st.accept(b, c.token(), c.logProb(), c.samplingLogProb());
                    }
                }
            }
        }
        return chosen;
    }

    /**
     * A token for every running row of {@code host} [B, V]: rows in parallel when the vocabulary is
     * large (a 151k-entry row costs milliseconds on the host, while the engine's threads wait),
     * else in turn. Each row has its own sampler and random stream, so the choices do not depend on
     * the order.
     */
    private Sampler.Choice[] sampleRows(float[] host, boolean[] running) {
        Sampler.Choice[] out = new Sampler.Choice[batch];
        IntStream rows = IntStream.range(0, batch).filter(b -> running[b]);
        if (vocab >= parallelSamplingVocab && batch > 1) {
            rows = rows.parallel();
        }
        rows.forEach(b -> out[b] = samplers[b].sample(host, b * vocab, vocab));
        return out;
    }

    /**
     * Records the step's key-mask columns and returns the mask of columns [0, s) as [B, 1, 1, s].
     */
    private NDArray keyBias(Step step, int s) {
        int t = step.length();
        float[] bias = new float[batch * s];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(step.keyMask(), b * t, keyMask, b * capacity + column, t);
            System.arraycopy(keyMask, b * capacity, bias, b * s, s);
        }
        return inDtype(manager.create(bias, new Shape(batch, 1, 1, s)));
    }

    private NDArray inDtype(NDArray float32) {
        return model.dtype() == DataType.FLOAT32 ? float32 : float32.toType(model.dtype(), false);
    }

    @Override
    public void close() {
        manager.close();
    }
}
