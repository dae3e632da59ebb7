/**
 * An OpenAI-compatible completions server on this library's own generator ({@code agent0 serve}):
 * vLLM's {@code /v1/completions} contract with token ids in and out, concurrent requests batched,
 * LoRA adapters loaded and unloaded at run time, so the {@link dev.agent0.core.engine} client can
 * be run end to end without a GPU. It leaves out streaming, chat completions, n &gt; 1, top
 * log-probs and everything vLLM does for speed (paged attention, continuous batching): use vLLM for
 * that.
 */
package dev.agent0.core.serve;
