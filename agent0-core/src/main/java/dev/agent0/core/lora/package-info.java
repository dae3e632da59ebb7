/**
 * LoRA adapters over a frozen Qwen base, in Hugging Face PEFT's format: the adapter ({@link
 * dev.agent0.core.lora.LoraAdapter}), its config, the PEFT folder it is saved to and read from, and
 * merging it into a plain checkpoint. A model uses one through {@link
 * dev.agent0.core.model.QwenModel#withAdapter}.
 *
 * <p>Left out on purpose: LoRA variants (rsLoRA, DoRA, per-module ranks, adapter biases), adapters
 * on embeddings or the output head, and quantised bases; PEFT files that use them are refused by
 * name.
 */
package dev.agent0.core.lora;
