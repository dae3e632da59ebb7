package dev.agent0.examples.tinyworld.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSONL logs of one self-play run folder, one JSON object per line. A missing file reads as no
 * lines (a run without an evaluator has no {@code eval.jsonl}).
 *
 * @param eval {@code eval.jsonl}: the evaluator's objects plus {@code iteration}, {@code seconds}
 * @param metrics {@code metrics.jsonl}: one line per phase step ({@code iteration}, {@code phase},
 *     {@code step}, {@code seconds}, and the phase's numbers)
 * @param questions {@code questions.jsonl}: every generated question, from curriculum steps ({@code
 *     phase = curriculum}) and curation ({@code phase = curation})
 * @param curated {@code curated.jsonl}: the problems curation kept
 */
public record RunLogs(
        List<JsonNode> eval,
        List<JsonNode> metrics,
        List<JsonNode> questions,
        List<JsonNode> curated) {
    public static final String EVAL = "eval.jsonl";
    public static final String METRICS = "metrics.jsonl";
    public static final String QUESTIONS = "questions.jsonl";
    public static final String CURATED = "curated.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    public RunLogs {
        eval = List.copyOf(eval);
        metrics = List.copyOf(metrics);
        questions = List.copyOf(questions);
        curated = List.copyOf(curated);
    }

    /**
     * Reads the four logs of {@code runDir}.
     *
     * @throws IllegalArgumentException naming file and line when a line is not a JSON object
     */
    public static RunLogs read(Path runDir) {
        return new RunLogs(
                lines(runDir.resolve(EVAL)),
                lines(runDir.resolve(METRICS)),
                lines(runDir.resolve(QUESTIONS)),
                lines(runDir.resolve(CURATED)));
    }

    private static List<JsonNode> lines(Path file) {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        List<String> text;
        try {
            text = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < text.size(); i++) {
            if (text.get(i).isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(text.get(i));
                if (!n.isObject()) {
                    throw new IllegalArgumentException(
                            file
                                    + " line "
                                    + (i + 1)
                                    + ": expected a JSON object, found "
                                    + n.getNodeType());
                }
                out.add(n);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        file + " line " + (i + 1) + ": not JSON: " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    /** The iteration of a log line, or -1 when it has none. */
    static int iteration(JsonNode line) {
        JsonNode n = line.get("iteration");
        return n != null && n.canConvertToInt() ? n.asInt() : -1;
    }

    /** A numeric field, or NaN when absent or not a number. */
    static double number(JsonNode line, String... path) {
        JsonNode n = line;
        for (String p : path) {
            n = n == null ? null : n.get(p);
        }
        return n != null && n.isNumber() ? n.asDouble() : Double.NaN;
    }

    /** A text field, or null when absent or JSON null. */
    static String text(JsonNode line, String field) {
        JsonNode n = line.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
