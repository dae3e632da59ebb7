/**
 * Text to token ids and chat messages to prompts: {@link dev.agent0.core.tokenize.HfTokenizer}
 * wraps the Hugging Face tokenizer of a local model directory, and {@link
 * dev.agent0.core.tokenize.ChatTemplate} renders its Jinja chat template exactly as transformers'
 * {@code apply_chat_template} does, on a small interpreter of its own.
 *
 * <p>Left out on purpose: downloading tokenizers by hub name, truncation and padding (callers batch
 * and pad ids themselves), and the parts of Jinja that chat templates do not use (template
 * inheritance, includes, imports, call blocks, autoescaping); see docs/chat-template.md.
 */
package dev.agent0.core.tokenize;
