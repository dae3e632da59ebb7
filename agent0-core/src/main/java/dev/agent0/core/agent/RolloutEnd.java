package dev.agent0.core.agent;

/** Why an executor trajectory ended. */
public enum RolloutEnd {
    /** The model produced an EOS / end-of-turn token: a finished answer. */
    END_OF_TURN,
    /** The turn asked for another tool call after the maximum number of calls was used. */
    TOOL_LIMIT,
    /** The response (generated plus observation tokens) reached the token budget. */
    BUDGET,
    /** The generation session's KV cache was full (see {@link ExecutorConfig#maxCacheColumns}). */
    CAPACITY
}
