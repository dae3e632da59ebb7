package dev.agent0.eval.consistency;

import java.util.List;

/**
 * The result of majority voting over k sampled answers.
 *
 * @param majorityAnswer the representative of the largest group, the pseudo-label ỹ; null when
 *     every answer was empty
 * @param pHat p̂ = |majority group| / k; empty answers count in k
 * @param groupSizes size of each group, in first-seen order
 * @param representatives each group's representative (its first member), same order
 * @param groupOfAnswer for each of the k answers, its group index, or −1 when empty
 * @param k number of answers voted on
 */
public record Vote(
        String majorityAnswer,
        PHat pHat,
        List<Integer> groupSizes,
        List<String> representatives,
        List<Integer> groupOfAnswer,
        int k) {
    public Vote {
        groupSizes = List.copyOf(groupSizes);
        representatives = List.copyOf(representatives);
        groupOfAnswer = List.copyOf(groupOfAnswer);
    }

    /**
     * The vote whose majority is group {@code majority} (−1: none, every answer empty): ỹ is that
     * group's representative and p̂ its size over k ({@link PHat#of}).
     */
    public static Vote withMajority(
            int majority,
            List<Integer> groupSizes,
            List<String> representatives,
            List<Integer> groupOfAnswer,
            int k) {
        return majority < 0
                ? new Vote(null, PHat.ZERO, groupSizes, representatives, groupOfAnswer, k)
                : new Vote(
                        representatives.get(majority),
                        PHat.of(groupSizes.get(majority), k),
                        groupSizes,
                        representatives,
                        groupOfAnswer,
                        k);
    }

    /** Index of the majority group, or −1 when there is none. */
    public int majorityGroup() {
        return majorityAnswer == null ? -1 : representatives.indexOf(majorityAnswer);
    }

    /** Whether answer {@code i} agrees with the majority (is in the majority group). */
    public boolean agreesWithMajority(int i) {
        int g = groupOfAnswer.get(i);
        return g >= 0 && g == majorityGroup();
    }
}
