package dev.agent0.rl.plan;

import ai.djl.ndarray.types.DataType;
import dev.agent0.core.model.KvCache;
import dev.agent0.core.model.Projection;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.rl.plan.Workload.Generation;
import dev.agent0.rl.plan.Workload.Update;
import dev.agent0.rl.selfplay.FineTuning;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Predicts the peak resident memory of each phase of a self-play iteration from the model's shape
 * and the {@link Workload}, without loading anything (docs/memory.md explains every term).
 *
 * <p>A phase's peak = what lives through the whole run (runtime, weights, trainer state) + what the
 * phase adds at its worst moment: for sampling, the KV caches of one generation batch (or block)
 * plus one layer's prefill temporaries and the last-position logits; for an update, the saved
 * activations of one micro-batch (every layer's, or only each layer's input with recomputation),
 * one layer's attention scores, and the logits of one chunk. All FP32, the only compute dtype. The
 * element counts per token are counted from the forward pass's operations; the allocator's slack on
 * top of the live tensors is three fitted factors ({@link #SLACK}, {@link #KV_SLACK}, {@link
 * #LOGIT_SLACK}).
 */
public final class MemoryPlanner {
    /** Bytes per element: FP32 is the only compute dtype (DJL-NOTES.md: BF16 aborts). */
    static final long FLOAT = 4;

    /**
     * Resident memory of the runtime with no model, outside the JVM heap: the JVM itself, libtorch,
     * DJL and the Qwen3 tokenizer. MemoryBenchmark measured 1.35 GiB of RSS after start-up with a
     * pre-touched 1 GiB heap, at every shape (docs/memory.md).
     */
    static final long RUNTIME_NATIVE = 360L << 20;

    /**
     * Resident memory per byte of the activations and prefill temporaries a phase makes and frees,
     * as counted below. Fitted (with the KV and logits factors at 1) to MemoryBenchmark's peaks on
     * the qwen3-tiny shape, the 0.6B shape cut to 4 layers and the phases measured on the 28-layer
     * 0.6B (docs/memory.md): a rough fit, within −2 % to +21 % of those points. It holds what the
     * per-token counts miss and what glibc keeps with {@code bin/agent0}'s settings (one arena, no
     * mmap, freed memory kept).
     */
    static final double SLACK = 2.0;

    /**
     * The same for KV caches and for the vocabulary-wide logits: allocations of the same sizes
     * again and again, reused as they are. Fitted with {@link #SLACK}.
     */
    static final double KV_SLACK = 1.0;

    /** See {@link #KV_SLACK}. */
    static final double LOGIT_SLACK = 1.0;

    /** The allocator factors of a phase's memory: activations, KV caches, logits. */
    record Slack(double tensors, double kv, double logits) {}

    /** glibc with {@code bin/agent0}'s settings, measured. */
    static final Slack CPU = new Slack(SLACK, KV_SLACK, LOGIT_SLACK);

    /**
     * libtorch's CUDA caching allocator: an estimate, not a measurement (no GPU here). If the CPU
     * factor of 3 is mostly what the counts miss rather than glibc's fragmentation, GPU plans are
     * optimistic on activations.
     */
    static final Slack GPU = new Slack(1.25, 1.0, 1.0);

    /**
     * Device memory a CUDA context and libtorch's kernels take before any tensor (an estimate: no
     * GPU measured it here).
     */
    static final long CUDA_CONTEXT = 1_073_741_824L;

    private MemoryPlanner() {}

    /**
     * The plan of {@code workload} on {@code model} within {@code budget} bytes of a CPU process's
     * resident memory, for a JVM whose heap may grow to {@code jvmHeap} bytes (counted in full: set
     * {@code -Xmx}).
     */
    public static MemoryPlan plan(QwenConfig model, Workload workload, long budget, long jvmHeap) {
        return withRuntime(model, workload, budget, RUNTIME_NATIVE + jvmHeap, CPU);
    }

    /**
     * The plan of {@code workload} on one GPU with {@code budget} bytes of device memory: the
     * tensors and a CUDA context ({@value #CUDA_CONTEXT} bytes); the JVM and the host side of
     * libtorch live in host memory.
     */
    public static MemoryPlan planGpu(QwenConfig model, Workload workload, long budget) {
        return withRuntime(model, workload, budget, CUDA_CONTEXT, GPU);
    }

    private static MemoryPlan withRuntime(
            QwenConfig model, Workload workload, long budget, long runtimeBytes, Slack slack) {
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put("runtime", runtimeBytes);
        long params = parameters(model);
        long adapter = adapterParameters(model, workload);
        boolean lora = workload.finetune() == FineTuning.LORA;
        int references =
                (workload.curriculumReference() ? 1 : 0) + (workload.executorReference() ? 1 : 0);
        // LoRA: one frozen base (also the KL reference) and two adapters; full: a copy per agent
        // and per reference.
        parts.put("weights", FLOAT * (lora ? params + 2 * adapter : (2L + references) * params));
        // Gradient, AdamW's first and second moments: three floats per trainable parameter, both
        // agents' states alive from their first update on.
        parts.put("trainer_state", 3 * FLOAT * 2 * (lora ? adapter : params));
        long fixed = parts.values().stream().mapToLong(Long::longValue).sum();

        Map<Phase, Long> phases = new EnumMap<>(Phase.class);
        Map<Phase, String> largest = new EnumMap<>(Phase.class);
        phases.put(
                Phase.CURRICULUM_SAMPLING,
                fixed
                        + Math.max(
                                sampling(model, workload.curriculumSampling(), workload, slack),
                                sampling(model, workload.rewardAnswers(), workload, slack)));
        phases.put(
                Phase.CURRICULUM_UPDATE, fixed + update(model, workload.curriculumUpdate(), slack));
        phases.put(
                Phase.CURATION_SAMPLING,
                fixed
                        + Math.max(
                                sampling(model, workload.curationProblems(), workload, slack),
                                sampling(model, workload.curationAnswers(), workload, slack)));
        phases.put(
                Phase.EXECUTOR_ROLLOUT,
                fixed + sampling(model, workload.executorRollout(), workload, slack));
        phases.put(Phase.EXECUTOR_UPDATE, fixed + update(model, workload.executorUpdate(), slack));
        long peak = phases.values().stream().mapToLong(Long::longValue).max().orElse(fixed);
        List<String> advice = advice(workload, phases, fixed, budget, slack);
        return new MemoryPlan(phases, parts, peak, budget, peak <= budget, advice);
    }

    /**
     * Parameters of the checkpoint: embeddings, (untied) output projection, every layer's
     * projections, norms and biases.
     */
    public static long parameters(QwenConfig c) {
        long h = c.hiddenSize();
        long perLayer = 2 * h; // input and post-attention norms
        for (Projection p : Projection.values()) {
            perLayer += p.inFeatures(c) * p.outFeatures(c);
        }
        if (c.hasQkNorm()) {
            perLayer += 2L * c.headDim();
        }
        if (c.attentionBias()) {
            perLayer += (long) (c.numAttentionHeads() + 2 * c.numKeyValueHeads()) * c.headDim();
        }
        long vocab = (long) c.vocabSize() * h;
        return vocab * (c.tieWordEmbeddings() ? 1 : 2) + c.numHiddenLayers() * perLayer + h;
    }

    /** Parameters of one adapter: r · (in + out) per targeted projection and layer. */
    static long adapterParameters(QwenConfig c, Workload w) {
        long per = 0;
        for (Projection p : w.lora().targets()) {
            per += (long) w.lora().r() * (p.inFeatures(c) + p.outFeatures(c));
        }
        return per * c.numHiddenLayers();
    }

    /** Rows generated at once: the whole batch, or a block that fits the KV-cache cap. */
    static int blockRows(QwenConfig c, Generation g, Workload w) {
        if (w.kvCacheCap().isEmpty()) {
            return g.rows();
        }
        // The same rule the generation applies (SelfPlayAgents: TurnGenerator.withMaxRows).
        int fit = KvCache.rowsWithin(c, DataType.FLOAT32, w.kvCacheCap().getAsLong(), g.capacity());
        return Math.min(g.rows(), fit);
    }

    static long kvBytesPerColumn(QwenConfig c) {
        return KvCache.bytesPerColumn(c, DataType.FLOAT32);
    }

    /**
     * What one generation batch adds: its KV caches at their worst case (every row's columns up to
     * the capacity: one long row makes the whole batch's cache that long), one layer's prefill
     * temporaries (layers free theirs before the next starts) and the last position's logits.
     */
    static long sampling(QwenConfig c, Generation g, Workload w, Slack slack) {
        if (g.rows() == 0) {
            return 0;
        }
        long b = blockRows(c, g, w);
        long p = g.promptTokens();
        long kv = b * KvCache.allocatedFor(g.columns(), g.capacity()) * kvBytesPerColumn(c);
        long q = (long) c.numAttentionHeads() * c.headDim();
        long kvDim = (long) c.numKeyValueHeads() * c.headDim();
        long prefill =
                b * p * (4L * c.hiddenSize() + 2 * q + 2 * kvDim + 3L * c.intermediateSize())
                        + 2 * b * c.numAttentionHeads() * p * p;
        long logits = 3 * b * c.vocabSize();
        return (long)
                (slack.kv() * kv
                        + slack.tensors() * FLOAT * prefill
                        + slack.logits() * FLOAT * logits);
    }

    /**
     * What one training micro-batch adds: saved activations (each layer's, or with recomputation
     * each layer's input plus one layer's graph), the attention scores [heads, T, T] of the layers
     * held, and the logits of one chunk with their log-softmax, softmax and gradient.
     */
    static long update(QwenConfig c, Update u, Slack slack) {
        long m = u.sequences();
        long t = u.tokens();
        long h = c.hiddenSize();
        long q = (long) c.numAttentionHeads() * c.headDim();
        long kvDim = (long) c.numKeyValueHeads() * c.headDim();
        long perToken = 8 * h + 4 * q + 4 * kvDim + 4L * c.intermediateSize();
        long layer = m * t * perToken + 3 * m * c.numAttentionHeads() * t * t;
        long trunk =
                u.memory().recomputeLayers()
                        ? c.numHiddenLayers() * m * t * h + 2 * layer
                        : (c.numHiddenLayers() + 1L) * layer;
        long chunk = u.memory().logitChunk() > 0 ? Math.min(u.memory().logitChunk(), t) : t;
        long logits = 4 * m * chunk * c.vocabSize();
        return (long) (slack.tensors() * FLOAT * trunk + slack.logits() * FLOAT * logits);
    }

    /** The knobs that would bring an over-budget phase inside the budget, most effective first. */
    private static List<String> advice(
            Workload w, Map<Phase, Long> phases, long fixed, long budget, Slack slack) {
        List<String> out = new ArrayList<>();
        if (fixed > budget) {
            out.add(
                    "weights, trainer state and runtime alone need "
                            + gib(fixed)
                            + (w.finetune() == FineTuning.FULL
                                    ? ": use models.finetune: LORA (one shared base)"
                                    : ": a smaller model or a larger budget"));
            return out;
        }
        for (Map.Entry<Phase, Long> e : phases.entrySet()) {
            if (e.getValue() <= budget) {
                continue;
            }
            Phase p = e.getKey();
            switch (p) {
                case CURRICULUM_SAMPLING, CURATION_SAMPLING, EXECUTOR_ROLLOUT -> {
                    long room = budget - fixed;
                    long cap = (long) (0.8 * room / slack.kv());
                    out.add(
                            p.key()
                                    + " needs "
                                    + gib(e.getValue())
                                    + ": set memory.kvCacheCap to at most "
                                    + gib(Math.max(cap, 0))
                                    + " (batches split into blocks of rows whose KV caches fit)"
                                    + " or shorten the token budgets");
                }
                case CURRICULUM_UPDATE, EXECUTOR_UPDATE -> {
                    String role = p == Phase.CURRICULUM_UPDATE ? "curriculum" : "executor";
                    Update u =
                            p == Phase.CURRICULUM_UPDATE
                                    ? w.curriculumUpdate()
                                    : w.executorUpdate();
                    List<String> knobs = new ArrayList<>();
                    if (!u.memory().recomputeLayers()) {
                        knobs.add(role + ".trainer.memory.recomputeLayers: true");
                    }
                    if (u.memory().logitChunk() == 0 || u.memory().logitChunk() > 512) {
                        knobs.add(role + ".trainer.memory.logitChunk: 256");
                    }
                    if (u.sequences() > 1) {
                        knobs.add(
                                role
                                        + ".trainer.microBatchSize: "
                                        + Math.max(1, u.sequences() / 2));
                    }
                    if (w.finetune() == FineTuning.LORA && w.lora().r() > 8) {
                        knobs.add("models.lora.r: " + w.lora().r() / 2);
                    }
                    out.add(
                            p.key()
                                    + " needs "
                                    + gib(e.getValue())
                                    + (knobs.isEmpty()
                                            ? ": shorten the sequences (token budgets)"
                                            : ": " + String.join(", ", knobs)));
                }
            }
        }
        return out;
    }

    static String gib(long bytes) {
        return dev.agent0.core.runtime.ByteSize.gib(bytes);
    }
}
