package dev.agent0.core.model;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * A trainable change to some of a decoder's linear projections that leaves the base weights
 * untouched (LoRA: {@code dev.agent0.core.lora.LoraAdapter}). {@link QwenModel#withAdapter} adds
 * its {@link #delta} to the base projection's output, so one frozen base serves several adapters.
 */
public interface ProjectionAdapter {
    /**
     * The term to add to {@code x·Wᵀ (+ b)} of projection {@code p} in layer {@code layer}, or null
     * when this adapter leaves that projection alone. It must not modify {@code x}.
     *
     * @param x the projection's input [..., inFeatures]
     * @return [..., outFeatures], on the autograd path when the adapter's parameters require
     *     gradients
     */
    NDArray delta(int layer, Projection p, NDArray x);

    /** The adapter's parameters by name (what an optimiser trains and a checkpoint saves). */
    Map<String, NDArray> parameters();
}
