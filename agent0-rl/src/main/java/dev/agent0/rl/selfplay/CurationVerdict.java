package dev.agent0.rl.selfplay;

/** Why curation kept or dropped a generated problem (written to questions.jsonl). */
public enum CurationVerdict {
    /** p̂ inside the band and a majority answer exists: the problem trains the executor. */
    KEPT,
    /** The curriculum wrote no (or a blank) question; the executor was not asked. */
    EMPTY_QUESTION,
    /** Every executor answer was empty, so there is no pseudo-label ỹ. */
    NO_MAJORITY,
    /** p̂ below the band. */
    TOO_HARD,
    /** p̂ above the band. */
    TOO_EASY
}
