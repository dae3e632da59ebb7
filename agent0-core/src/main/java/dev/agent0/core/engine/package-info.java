/**
 * Rollouts on existing inference servers: an OpenAI-compatible {@code /v1/completions} engine
 * (vLLM) behind the same {@link dev.agent0.core.agent.TurnGenerator} seam as in-process generation,
 * token ids in and out (docs/engines.md).
 */
package dev.agent0.core.engine;
