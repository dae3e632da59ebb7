package dev.agent0.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Map;

/**
 * The Qwen2/Qwen3 causal decoder (Hugging Face {@code Qwen2ForCausalLM}/{@code Qwen3ForCausalLM},
 * eager attention) over {@link QwenWeights}: embeddings, per layer RMSNorm → grouped-query
 * attention with RoPE (and q/k biases or q_norm/k_norm) → residual → RMSNorm → SwiGLU → residual,
 * then final norm and the (tied or separate) output projection.
 *
 * <p>Computes in the weights' dtype (FP32 for checkpoints). Scalars on the autograd path are
 * long-lived constant tensors, never {@code Number} overloads (DJL-NOTES.md). Results join the
 * manager of their first operand: callers wrap calls in an {@code NDScope}. Grad mode is the
 * caller's thread's.
 *
 * <p>{@link #withAdapter} gives a view of the same weights with a {@link ProjectionAdapter} (LoRA)
 * added to its projections: the base is shared, not copied, so two agents can be two adapters over
 * one base, and the base itself ({@link #base()}) is the KL reference.
 */
public final class QwenModel implements AutoCloseable {
    private final QwenConfig config;
    private final QwenWeights weights;
    private final NDManager constants;
    private final Rope rope;
    private final NDArray eps;
    private final NDArray attentionScale;
    private final Layer[] layers;
    private final NDArray embed;
    private final NDArray finalNorm;
    private final NDArray lmHead;

    /** The model without adapter: this one, or the one this view was made from. */
    private final QwenModel base;

    /** Added to the projections' outputs; null for the plain model. */
    private final ProjectionAdapter adapter;

    /** 1/T multiplying the logits of a tempered view ({@link #withTemperature}); null for T = 1. */
    private final NDArray inverseTemperature;

    /**
     * Parameters of one decoder layer; biases and q/k norms are null when the architecture lacks
     * them.
     */
    private record Layer(
            NDArray inputNorm,
            NDArray wq,
            NDArray bq,
            NDArray wk,
            NDArray bk,
            NDArray wv,
            NDArray bv,
            NDArray wo,
            NDArray bo,
            NDArray qNorm,
            NDArray kNorm,
            NDArray postNorm,
            NDArray gate,
            NDArray up,
            NDArray down) {}

    /** Wraps {@code weights} (not copied: parameter updates change the model). */
    public QwenModel(QwenWeights weights) {
        this.weights = weights;
        this.config = weights.config();
        Map<String, NDArray> p = weights.parameters();
        this.embed = p.get("model.embed_tokens.weight");
        DataType dtype = embed.getDataType();
        this.constants = embed.getManager().newSubManager();
        this.eps = constants.create((float) config.rmsNormEps()).toType(dtype, false);
        this.attentionScale =
                constants.create((float) (1.0 / Math.sqrt(config.headDim()))).toType(dtype, false);
        this.rope = new Rope(config, constants, dtype, attentionScale);
        this.layers = new Layer[config.numHiddenLayers()];
        for (int i = 0; i < layers.length; i++) {
            String l = "model.layers." + i + ".";
            String a = l + "self_attn.";
            layers[i] =
                    new Layer(
                            p.get(l + "input_layernorm.weight"),
                            p.get(a + "q_proj.weight"),
                            p.get(a + "q_proj.bias"),
                            p.get(a + "k_proj.weight"),
                            p.get(a + "k_proj.bias"),
                            p.get(a + "v_proj.weight"),
                            p.get(a + "v_proj.bias"),
                            p.get(a + "o_proj.weight"),
                            p.get(a + "o_proj.bias"),
                            p.get(a + "q_norm.weight"),
                            p.get(a + "k_norm.weight"),
                            p.get(l + "post_attention_layernorm.weight"),
                            p.get(l + "mlp.gate_proj.weight"),
                            p.get(l + "mlp.up_proj.weight"),
                            p.get(l + "mlp.down_proj.weight"));
        }
        this.finalNorm = p.get("model.norm.weight");
        this.lmHead = config.tieWordEmbeddings() ? embed : p.get("lm_head.weight");
        this.base = this;
        this.adapter = null;
        this.inverseTemperature = null;
    }

    /**
     * A view of {@code base}'s weights and constants with {@code adapter} added (may be null) and
     * logits multiplied by {@code inverseTemperature} (null: unscaled).
     */
    private QwenModel(QwenModel base, ProjectionAdapter adapter, NDArray inverseTemperature) {
        this.weights = base.weights;
        this.config = base.config;
        this.embed = base.embed;
        this.constants = base.constants;
        this.eps = base.eps;
        this.attentionScale = base.attentionScale;
        this.rope = base.rope;
        this.layers = base.layers;
        this.finalNorm = base.finalNorm;
        this.lmHead = base.lmHead;
        this.base = base;
        this.adapter = adapter;
        this.inverseTemperature = inverseTemperature;
    }

    /**
     * The same weights with {@code adapter} added to the projections it targets; the base is
     * shared, not copied, and never trained through the view ({@link #trainableParameters()} are
     * the adapter's). Closing a view frees nothing; close the base.
     */
    public QwenModel withAdapter(ProjectionAdapter adapter) {
        if (adapter == null) {
            throw new IllegalArgumentException(
                    "adapter = null (use base() for the model without one)");
        }
        return new QwenModel(base, adapter, null);
    }

    /**
     * The same model (adapter included) whose logits are divided by {@code temperature}: its
     * log-probs are those of the distribution a sampler at that temperature draws from (before
     * top-k/top-p), as an RL trainer needs when rollouts were sampled at T ≠ 1 (TRL and verl divide
     * the logits the same way). T = 1 returns this model. The constant is allocated on the base's
     * manager once per call: make the view once, not per step.
     */
    public QwenModel withTemperature(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException(
                    "temperature = " + temperature + ", must be finite and > 0");
        }
        if (temperature == 1.0) {
            return this;
        }
        NDArray inverse = constants.create(1.0 / temperature).toType(embed.getDataType(), false);
        return new QwenModel(base, adapter, inverse);
    }

    /** The model without adapter (this one when it has none). */
    public QwenModel base() {
        return base;
    }

    /** The adapter of this view, or null for the plain model. */
    public ProjectionAdapter adapter() {
        return adapter;
    }

    /**
     * What training changes: the adapter's parameters for a view, every weight for the plain model
     * (full fine-tuning).
     */
    public java.util.Map<String, NDArray> trainableParameters() {
        return adapter != null ? adapter.parameters() : weights.parameters();
    }

    /** The architecture. */
    public QwenConfig config() {
        return config;
    }

    /** The weights (parameters by HF name, save/load). */
    public QwenWeights weights() {
        return weights;
    }

    /**
     * Parameters by Hugging Face name; live leaf arrays the trainer may mark as requiring
     * gradients.
     */
    public Map<String, NDArray> parameters() {
        return weights.parameters();
    }

    /**
     * A new manager on the model's device, closed with the model at the latest (caches, step
     * scratch).
     */
    public NDManager newManager() {
        return constants.newSubManager();
    }

    /**
     * Marks every trainable parameter ({@link #trainableParameters()}) as requiring (or not) a
     * gradient.
     */
    public void setTrainable(boolean trainable) {
        trainableParameters().values().forEach(a -> a.setRequiresGradient(trainable));
    }

    /** The dtype computations run in (the parameters'). */
    public DataType dtype() {
        return embed.getDataType();
    }

    /**
     * Full forward without a cache up to the output projection: the final-normed hidden states [B,
     * T, hidden], whose {@link #head} gives the logits (for computing those a chunk at a time).
     */
    public NDArray hidden(NDArray inputIds, NDArray positionIds, NDArray attentionBias) {
        NDArray h = embed(inputIds);
        boolean inPlace = !JniUtils.isGradMode();
        LayerInputs in = layerInputs(positionIds, attentionBias);
        h = layers(h, in, null, 0, inPlace);
        return rmsNorm(h, finalNorm, inPlace);
    }

    /** Decoder layers of the architecture. */
    public int numLayers() {
        return layers.length;
    }

    /** Full forward without a cache: logits [B, T, V] for {@code inputIds} [B, T]. */
    public NDArray logits(NDArray inputIds, NDArray positionIds, NDArray attentionBias) {
        return forward(inputIds, positionIds, attentionBias, null, 0, false);
    }

    /**
     * The decoder forward pass.
     *
     * @param inputIds [B, T] int64 token ids
     * @param positionIds [B, T] int64 RoPE positions (count of real tokens before each one)
     * @param attentionBias [B, 1, T, S] additive mask (0 keep, large negative drop), S = cacheStart
     *     + T
     * @param cache KV cache written at columns [cacheStart, cacheStart + T), or null
     * @param cacheStart first cache column of this chunk (0 without cache)
     * @param lastOnly project only the last position to logits (prefill for generation)
     * @return logits [B, T, V], or [B, 1, V] when {@code lastOnly}
     */
    public NDArray forward(
            NDArray inputIds,
            NDArray positionIds,
            NDArray attentionBias,
            KvCache cache,
            int cacheStart,
            boolean lastOnly) {
        // 1. Token embeddings: the residual stream h [B, T, hidden].
        NDArray h = embed(inputIds);
        // Without a graph to record (generation, scoring), results overwrite this step's own
        // temporaries instead of allocating new arrays: the same kernels, so the same floats.
        boolean inPlace = !JniUtils.isGradMode();
        // 2. RoPE tables for these positions (1/√D folded into the query tables) and the mask
        //    as [B, 1, 1, T, S] for the grouped scores: computed once, shared by every layer.
        LayerInputs in = layerInputs(positionIds, attentionBias);
        // 3. Decoder layers: pre-norm attention and pre-norm SwiGLU, each added to the residual.
        h = layers(h, in, cache, cacheStart, inPlace);
        // 4. Final norm (of the last position only, when asked) and the output projection.
        if (lastOnly) {
            long t = h.getShape().get(1);
            h = h.get(new NDIndex().addAllDim().addSliceDim(t - 1, t));
        }
        return head(rmsNorm(h, finalNorm, inPlace));
    }

    /**
     * What every layer of one forward pass shares: the RoPE tables of its positions and the mask
     * reshaped for grouped scores. Build it with {@link #layerInputs}.
     */
    public static final class LayerInputs {
        private final NDList cosSin;
        private final NDArray bias;

        private LayerInputs(NDList cosSin, NDArray bias) {
            this.cosSin = cosSin;
            this.bias = bias;
        }
    }

    /**
     * Token embeddings [B, T, hidden] of {@code inputIds} [B, T]: the start of the residual stream.
     */
    public NDArray embed(NDArray inputIds) {
        return Embedding.embedding(inputIds, embed, SparseFormat.DENSE).singletonOrThrow();
    }

    /** The per-pass layer inputs for positions [B, T] and the additive mask [B, 1, T, S]. */
    public LayerInputs layerInputs(NDArray positionIds, NDArray attentionBias) {
        return new LayerInputs(rope.cosSin(positionIds), attentionBias.expandDims(2));
    }

    /**
     * Decoder layer {@code i} on the residual stream {@code h} [B, T, hidden], without a cache: the
     * same arithmetic as inside {@link #forward}. {@code h} is not modified (activation
     * recomputation keeps it to run the layer again).
     */
    public NDArray layer(int i, NDArray h, LayerInputs in) {
        boolean inPlace = !JniUtils.isGradMode();
        Layer l = layers[i];
        NDArray attn =
                attention(
                        i,
                        l,
                        rmsNorm(h, l.inputNorm(), inPlace),
                        in.cosSin,
                        in.bias,
                        null,
                        0,
                        inPlace);
        return mlpHalf(i, h.add(attn), inPlace); // h.add: a new array, h itself stays as it was
    }

    /** The final RMSNorm of the residual stream (the input of the output projection). */
    public NDArray finalNorm(NDArray h) {
        return rmsNorm(h, finalNorm, !JniUtils.isGradMode());
    }

    /**
     * Logits [..., V] of normed hidden states [..., hidden]: the (tied or separate) output
     * projection.
     */
    public NDArray head(NDArray normed) {
        NDArray logits = linear(normed, lmHead, null);
        return inverseTemperature == null ? logits : logits.mul(inverseTemperature);
    }

    /**
     * Every decoder layer in turn. Without a graph ({@code inPlace}), each layer runs in its own
     * {@link NDScope} so its temporaries are freed before the next layer starts: otherwise a
     * forward holds every layer's (a 32-row prefill of 300 tokens kept ~1 GB per 0.6B-shaped layer
     * until the caller's scope closed). The residual stream is updated in place, so it is the array
     * that survives each scope. With a graph, autograd needs them all anyway.
     */
    private NDArray layers(
            NDArray h, LayerInputs in, KvCache cache, int cacheStart, boolean inPlace) {
        for (int i = 0; i < layers.length; i++) {
            if (!inPlace) {
                h = layer(i, h, in, cache, cacheStart, false);
                continue;
            }
            NDArray out;
            try (NDScope scope = new NDScope()) {
                out = layer(i, h, in, cache, cacheStart, true);
                NDScope.unregister(out);
            }
            if (out != h) {
                NDScope.register(out); // not the residual itself: hand it to the caller's scope
            }
            h = out;
        }
        return h;
    }

    /** One decoder layer: pre-norm attention and pre-norm SwiGLU, each added to the residual. */
    private NDArray layer(
            int i, NDArray h, LayerInputs in, KvCache cache, int cacheStart, boolean inPlace) {
        Layer l = layers[i];
        h =
                add(
                        h,
                        attention(
                                i,
                                l,
                                rmsNorm(h, l.inputNorm(), inPlace),
                                in.cosSin,
                                in.bias,
                                cache,
                                cacheStart,
                                inPlace),
                        inPlace);
        return add(h, mlp(i, l, rmsNorm(h, l.postNorm(), inPlace), inPlace), inPlace);
    }

    /** The MLP half of a layer, after its attention half was added to {@code h} (a temporary). */
    private NDArray mlpHalf(int i, NDArray h, boolean inPlace) {
        Layer l = layers[i];
        return add(h, mlp(i, l, rmsNorm(h, l.postNorm(), inPlace), inPlace), inPlace);
    }

    private NDArray attention(
            int index,
            Layer l,
            NDArray x,
            NDList cosSin,
            NDArray bias,
            KvCache cache,
            int start,
            boolean inPlace) {
        Shape s = x.getShape();
        long b = s.get(0);
        long t = s.get(1);
        int d = config.headDim();
        int kvHeads = config.numKeyValueHeads();
        int rep = config.queriesPerKeyValue();
        // q [B, T, H, D], k and v [B, T, KV, D]; Qwen3 normalises each head before RoPE.
        NDArray q =
                project(index, Projection.Q_PROJ, x, l.wq(), l.bq(), inPlace)
                        .reshape(b, t, config.numAttentionHeads(), d);
        NDArray k =
                project(index, Projection.K_PROJ, x, l.wk(), l.bk(), inPlace)
                        .reshape(b, t, kvHeads, d);
        NDArray v =
                project(index, Projection.V_PROJ, x, l.wv(), l.bv(), inPlace)
                        .reshape(b, t, kvHeads, d)
                        .transpose(0, 2, 1, 3);
        if (l.qNorm() != null) {
            q = rmsNorm(q, l.qNorm(), inPlace);
            k = rmsNorm(k, l.kNorm(), inPlace);
        }
        q =
                rope.applyToQueries(
                        q.transpose(0, 2, 1, 3), cosSin, inPlace); // [B, H, T, D], scaled by 1/√D
        k = rope.applyToKeys(k.transpose(0, 2, 1, 3), cosSin, inPlace); // [B, KV, T, D]
        if (cache != null) {
            NDArray[] kv = cache.appendAndRead(index, start, k, v);
            k = kv[0];
            v = kv[1];
        }
        long keysLen = k.getShape().get(2);
        // Grouped-query attention without copying k/v: head h = kv·rep + r uses key/value head kv
        // (repeat_interleave order), so queries regroup as [B, KV, rep·T, D].
        NDArray qg = q.reshape(b, kvHeads, rep * t, d);
        NDArray scores =
                add(
                                qg.matMul(k.transpose(0, 1, 3, 2)) // already scaled through q
                                        .reshape(b, kvHeads, rep, t, keysLen),
                                bias,
                                inPlace) // bias [B, 1, 1, T, S]
                        .softmax(4)
                        .reshape(b, kvHeads, rep * t, keysLen);
        NDArray out =
                scores.matMul(v) // [B, KV, rep·T, D]
                        .reshape(b, config.numAttentionHeads(), t, d)
                        .transpose(0, 2, 1, 3)
                        .reshape(b, t, (long) config.numAttentionHeads() * d);
        return project(index, Projection.O_PROJ, out, l.wo(), l.bo(), inPlace);
    }

    private NDArray mlp(int index, Layer l, NDArray x, boolean inPlace) {
        NDArray g = project(index, Projection.GATE_PROJ, x, l.gate(), null, inPlace);
        NDArray silu =
                inPlace
                        ? Activation.sigmoid(g).muli(g)
                        : g.mul(Activation.sigmoid(g)); // a·b = b·a exactly
        NDArray up = project(index, Projection.UP_PROJ, x, l.up(), null, inPlace);
        return project(
                index, Projection.DOWN_PROJ, mul(silu, up, inPlace), l.down(), null, inPlace);
    }

    /** x·Wᵀ (+ b), plus the adapter's term for this projection when there is one. */
    private NDArray project(
            int layer, Projection p, NDArray x, NDArray w, NDArray bias, boolean inPlace) {
        NDArray y = linear(x, w, bias);
        NDArray delta = adapter == null ? null : adapter.delta(layer, p, x);
        return delta == null ? y : add(y, delta, inPlace);
    }

    /** RMSNorm over the last axis: w · x / sqrt(mean(x²) + ε). */
    private NDArray rmsNorm(NDArray x, NDArray w, boolean inPlace) {
        int last = x.getShape().dimension() - 1;
        NDArray variance = x.square().mean(new int[] {last}, true);
        return mul(x.div(add(variance, eps, inPlace).sqrt()), w, inPlace);
    }

    /**
     * a + b; into a when {@code inPlace} (a is then a temporary of this step, b broadcasts to it).
     */
    static NDArray add(NDArray a, NDArray b, boolean inPlace) {
        return inPlace ? a.addi(b) : a.add(b);
    }

    /**
     * a · b; into a when {@code inPlace} (a is then a temporary of this step, b broadcasts to it).
     */
    static NDArray mul(NDArray a, NDArray b, boolean inPlace) {
        return inPlace ? a.muli(b) : a.mul(b);
    }

    private static NDArray linear(NDArray x, NDArray w, NDArray bias) {
        return (bias == null ? Linear.linear(x, w) : Linear.linear(x, w, bias)).singletonOrThrow();
    }

    /**
     * Frees the model's constants (not the weights: their manager belongs to the caller); a view
     * made by {@link #withAdapter} frees nothing (its base owns them).
     */
    @Override
    public void close() {
        if (base == this) {
            constants.close();
        }
    }
}
