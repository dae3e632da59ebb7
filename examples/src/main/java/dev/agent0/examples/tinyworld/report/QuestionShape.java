package dev.agent0.examples.tinyworld.report;

import dev.agent0.examples.tinyworld.ArithmeticProblem;
import dev.agent0.examples.tinyworld.DifficultyLevel;
import java.util.Optional;

/**
 * The shape of a generated tiny-world question: how many operations, how long the longest operand,
 * and its operator template, e.g. {@code "37+58*2"} has 2 operations, 2 digits and template {@code
 * "+*"}.
 *
 * @param operations number of binary operations
 * @param maxDigits digits of the longest operand
 * @param template the operators in order (the "skeleton"); "" for a bare number
 */
public record QuestionShape(int operations, int maxDigits, String template) {

    /**
     * The shape of {@code question}, or empty when {@link ArithmeticProblem#evaluate} rejects it.
     */
    public static Optional<QuestionShape> parse(String question) {
        if (question == null) {
            return Optional.empty();
        }
        try {
            ArithmeticProblem.evaluate(question);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty(); // not a tiny-world expression: no shape to measure
        }
        StringBuilder template = new StringBuilder();
        int maxDigits = 0;
        int run = 0;
        for (char c : question.toCharArray()) {
            if (Character.isDigit(c)) {
                maxDigits = Math.max(maxDigits, ++run);
            } else {
                template.append(c);
                run = 0;
            }
        }
        return Optional.of(new QuestionShape(template.length(), maxDigits, template.toString()));
    }

    /**
     * The hardest level whose operands and operation count this question reaches: the largest
     * {@link DifficultyLevel#number()} with {@code digits() <= maxDigits} and {@code operations()
     * <= operations}; 0 for a bare number (no level has 0 operations). E.g. 4-digit operands with 1
     * operation estimate L2 (2), 4-digit with 3 operations L6 (6), 3-digit with 4 operations F1
     * (7), 5-digit with 5 operations F3 (9); 2-digit with 5 operations only L3 (3), which is why
     * {@link #beyondTraining()} exists.
     */
    public int estimatedLevel() {
        return DifficultyLevel.hardestReached(maxDigits, operations, DifficultyLevel.all())
                .map(DifficultyLevel::number)
                .orElse(0);
    }

    /**
     * True when no executor transcript of either world's base has this shape: more than 3
     * operations or operands longer than 4 digits (beyond L6 in some dimension).
     */
    public boolean beyondTraining() {
        return operations > DifficultyLevel.L6.operations()
                || maxDigits > DifficultyLevel.L6.digits();
    }
}
