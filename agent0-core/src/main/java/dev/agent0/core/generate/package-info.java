/**
 * Batched, resumable sampling from a {@code QwenModel} with a preallocated KV cache, and per-token
 * log-prob scoring. It leaves out chat formatting, tool execution and the training loss: callers
 * append tool observations and compute losses themselves.
 */
package dev.agent0.core.generate;
