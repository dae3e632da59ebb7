package dev.agent0.eval.harness;

/**
 * Which JSON fields of a generic JSONL file hold each part of a {@link Problem}.
 *
 * @param id field with a unique id; "" means "use the 0-based line number". Default "".
 * @param question field with the problem text. Default "question".
 * @param answer field with the gold answer; a GSM8K {@code ####} line or a {@code \boxed{}} inside
 *     is reduced to the final answer. Default "answer".
 * @param subject optional field with a subject; "" for none. Default "".
 * @param level optional integer field with a level; "" for none. Default "".
 */
public record FieldMapping(
        String id, String question, String answer, String subject, String level) {
    public FieldMapping {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("question field name is blank");
        }
        if (answer == null || answer.isBlank()) {
            throw new IllegalArgumentException("answer field name is blank");
        }
        id = id == null ? "" : id;
        subject = subject == null ? "" : subject;
        level = level == null ? "" : level;
    }

    public static FieldMapping defaults() {
        return new FieldMapping("", "question", "answer", "", "");
    }

    public FieldMapping withQuestion(String field) {
        return new FieldMapping(id, field, answer, subject, level);
    }

    public FieldMapping withAnswer(String field) {
        return new FieldMapping(id, question, field, subject, level);
    }

    public FieldMapping withId(String field) {
        return new FieldMapping(field, question, answer, subject, level);
    }
}
