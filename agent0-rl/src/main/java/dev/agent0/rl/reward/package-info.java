/**
 * The curriculum agent's reward, one small class per term: format gate, uncertainty, tool use,
 * BLEU-clustered repetition, and their composite (AGENT0-SPEC.md section 2). It scores what the
 * frozen executor did; running the executor and voting live elsewhere.
 */
package dev.agent0.rl.reward;
