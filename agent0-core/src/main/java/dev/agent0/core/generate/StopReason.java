package dev.agent0.core.generate;

/** Why a sequence stopped in a round of generation. */
public enum StopReason {
    /** It sampled one of the EOS ids (the id is the last generated token). */
    EOS,
    /** Its generated text contains a stop string (kept in the text). */
    STOP_STRING,
    /** It reached {@code maxNewTokens} for this round. */
    MAX_NEW_TOKENS,
    /** The session's KV-cache capacity is used up. */
    CAPACITY,
    /** It did not take part in this round (stopped before and nothing was appended). */
    INACTIVE
}
