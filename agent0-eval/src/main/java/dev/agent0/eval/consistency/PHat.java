package dev.agent0.eval.consistency;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A problem's self-consistency p̂: the share of its k sampled answers that agree with the majority
 * answer ỹ, empty answers counted in k (Agent0 paper; AGENT0-SPEC.md section 2).
 *
 * <p>This is the one place p̂ is computed ({@link #of}) and range-checked (the constructor, which
 * also guards every value read back from a file). A {@code PHat} is therefore always in [0, 1], and
 * what consumes it — the curriculum's uncertainty reward, the curation band, ADPO's advantage scale
 * s(p̂) and upper clip ε_high(p̂) — takes it without checking again. It is a type of its own, not a
 * {@code double}, because the reference code overwrote p̂ with the reward under the same field name
 * (AGENT0-SPEC.md section 6). In JSON it is a plain number.
 *
 * @param value p̂ in [0, 1]
 */
public record PHat(double value) {
    /** No agreeing answer (also the p̂ of a problem the executor was never asked). */
    public static final PHat ZERO = new PHat(0);

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public PHat {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("pHat = " + value + ", must be in [0, 1]");
        }
    }

    /**
     * p̂ = agreeing / k.
     *
     * @param agreeing answers in the majority group, in [0, k]
     * @param k answers voted on, at least 1
     */
    public static PHat of(int agreeing, int k) {
        if (k < 1 || agreeing < 0 || agreeing > k) {
            throw new IllegalArgumentException(
                    "agreeing = "
                            + agreeing
                            + ", k = "
                            + k
                            + ": need k >= 1 and 0 <= agreeing <= k");
        }
        return new PHat((double) agreeing / k);
    }

    /** p̂ as a number; the JSON form. */
    @Override
    @JsonValue
    public double value() {
        return value;
    }

    /** The number, so that logs and string concatenation read {@code 0.5}. */
    @Override
    public String toString() {
        return Double.toString(value);
    }
}
