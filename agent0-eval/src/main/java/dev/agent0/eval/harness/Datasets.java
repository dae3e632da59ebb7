package dev.agent0.eval.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.eval.grade.AnswerExtractor;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Loaders for GSM8K, MATH / MATH-500 and generic JSONL files (one JSON object per line).
 *
 * <p>GSM8K: {@code question}, {@code answer} (gold after {@code ####}, commas removed), id = line
 * number. MATH-500: {@code problem}, {@code answer} (or the last {@code \boxed{}} of {@code
 * solution} for MATH files without {@code answer}), {@code subject}, {@code level}, {@code
 * unique_id}.
 */
public final class Datasets {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Datasets() {}

    public static List<Problem> gsm8k(Path file) {
        return read(
                file,
                (node, line) ->
                        new Problem(
                                "gsm8k-" + line,
                                text(file, line, node, "question"),
                                AnswerExtractor.gsm8kGold(text(file, line, node, "answer")),
                                "",
                                0));
    }

    public static List<Problem> math(Path file) {
        return read(
                file,
                (node, line) -> {
                    String gold =
                            node.hasNonNull("answer")
                                    ? text(file, line, node, "answer")
                                    : AnswerExtractor.lastBoxed(text(file, line, node, "solution"))
                                            .orElseThrow(
                                                    () ->
                                                            new DatasetException(
                                                                    file
                                                                            + ":"
                                                                            + (line + 1)
                                                                            + ": no 'answer' and no"
                                                                            + " \\boxed{} in"
                                                                            + " 'solution'"));
                    String id =
                            node.hasNonNull("unique_id")
                                    ? node.get("unique_id").asText()
                                    : "math-" + line;
                    String subject =
                            node.hasNonNull("subject")
                                    ? node.get("subject").asText()
                                    : node.hasNonNull("type") ? node.get("type").asText() : "";
                    return new Problem(
                            id,
                            text(file, line, node, "problem"),
                            gold,
                            subject,
                            level(file, line, node, "level"));
                });
    }

    public static List<Problem> jsonl(Path file, FieldMapping fields) {
        return read(
                file,
                (node, line) ->
                        new Problem(
                                fields.id().isEmpty()
                                        ? "item-" + line
                                        : text(file, line, node, fields.id()),
                                text(file, line, node, fields.question()),
                                AnswerExtractor.gold(text(file, line, node, fields.answer())),
                                fields.subject().isEmpty()
                                        ? ""
                                        : text(file, line, node, fields.subject()),
                                fields.level().isEmpty()
                                        ? 0
                                        : level(file, line, node, fields.level())));
    }

    private interface RowReader {
        Problem read(JsonNode node, int line);
    }

    private static List<Problem> read(Path file, RowReader reader) {
        List<Problem> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int line = 0;
            for (String s = in.readLine(); s != null; s = in.readLine(), line++) {
                if (s.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(s);
                } catch (JsonProcessingException e) {
                    throw new DatasetException(
                            file + ":" + (line + 1) + ": not valid JSON: " + e.getOriginalMessage(),
                            e);
                }
                if (!node.isObject()) {
                    throw new DatasetException(
                            file
                                    + ":"
                                    + (line + 1)
                                    + ": expected a JSON object, found "
                                    + node.getNodeType());
                }
                Problem p = reader.read(node, line);
                if (!ids.add(p.id())) {
                    throw new DatasetException(
                            file + ":" + (line + 1) + ": duplicate id '" + p.id() + "'");
                }
                out.add(p);
            }
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read: " + e.getMessage(), e);
        }
        return out;
    }

    private static String text(Path file, int line, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new DatasetException(file + ":" + (line + 1) + ": missing field '" + field + "'");
        }
        if (!v.isValueNode()) {
            throw new DatasetException(
                    file
                            + ":"
                            + (line + 1)
                            + ": field '"
                            + field
                            + "' should be a string, found "
                            + v.getNodeType());
        }
        return v.asText();
    }

    private static int level(Path file, int line, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (v.canConvertToInt() && v.isIntegralNumber()) {
            return v.asInt();
        }
        String s = v.asText().replace("Level ", "").strip();
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new DatasetException(
                    file
                            + ":"
                            + (line + 1)
                            + ": field '"
                            + field
                            + "' should be an integer level, found '"
                            + v.asText()
                            + "'");
        }
    }
}
