/**
 * The Qwen2/Qwen3 decoder on DJL: config, safetensors checkpoints in and out, weights, RoPE, KV
 * cache and the forward pass. It leaves out tokenisation, sampling and training on purpose: those
 * live in {@code tokenize}, {@code generate} and the RL module.
 */
package dev.agent0.core.model;
