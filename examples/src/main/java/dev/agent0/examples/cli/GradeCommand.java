package dev.agent0.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.eval.grade.Grade;
import dev.agent0.eval.grade.Grader;
import dev.agent0.eval.grade.Graders;
import dev.agent0.eval.grade.PercentPolicy;
import dev.agent0.eval.grade.ValueGraderConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Grades prediction/gold pairs with every grader.
 *
 * <pre>
 * agent0 grade --input pairs.jsonl [--percent strip|fraction|scaled]
 * </pre>
 *
 * Reads lines {@code {"pred":..., "gold":..., "grader":...(optional)}} and prints one JSON line per
 * input: {@code {"value":true,"hendrycks":false,"gsm8k_strict":null,"gsm8k_flexible":null}} (null
 * when a grader does not apply or the gold is unreadable, with the reason under {@code "notes"});
 * with a {@code "grader"} field the line also carries {@code "grader"} and that grader's {@code
 * "correct"}.
 */
@Command(
        name = "grade",
        mixinStandardHelpOptions = true,
        description =
                "Grade {\"pred\",\"gold\"} JSONL pairs with every grader (JSON lines on stdout).")
final class GradeCommand implements Callable<Integer> {
    @Option(
            names = "--input",
            required = true,
            description = "JSONL file of {\"pred\":...,\"gold\":...} lines.")
    Path input;

    @Option(
            names = "--percent",
            defaultValue = "STRIP",
            description =
                    "Meaning of \\%% for the value grader: ${COMPLETION-CANDIDATES} (default:"
                            + " ${DEFAULT-VALUE}).")
    PercentPolicy percent;

    @Override
    public Integer call() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Grader> graders = Graders.all(ValueGraderConfig.defaults().withPercent(percent));
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode pair;
                try {
                    pair = json.readTree(line);
                } catch (IOException e) {
                    return fail(input + ":" + lineNo + ": not valid JSON");
                }
                if (!pair.path("pred").isTextual() || !pair.path("gold").isTextual()) {
                    return fail(
                            input + ":" + lineNo + ": needs string fields \"pred\" and \"gold\"");
                }
                ObjectNode out = json.createObjectNode();
                ObjectNode notes = json.createObjectNode();
                String chosen = pair.path("grader").asText("");
                Boolean chosenVerdict = null;
                boolean chosenFound = chosen.isEmpty();
                for (Grader g : graders) {
                    Grade grade = g.grade(pair.get("pred").asText(), pair.get("gold").asText());
                    Boolean v = grade.verdict();
                    if (v == null) {
                        out.putNull(g.name());
                        notes.put(g.name(), grade.status() + ": " + grade.reason());
                    } else {
                        out.put(g.name(), v);
                    }
                    if (g.name().equals(chosen)) {
                        chosenFound = true;
                        chosenVerdict = v;
                    }
                }
                if (!chosenFound) {
                    return fail(
                            input
                                    + ":"
                                    + lineNo
                                    + ": grader '"
                                    + chosen
                                    + "' is not one of "
                                    + graders.stream().map(Grader::name).toList());
                }
                if (!chosen.isEmpty()) {
                    out.put("grader", chosen);
                    if (chosenVerdict == null) {
                        out.putNull("correct");
                    } else {
                        out.put("correct", chosenVerdict);
                    }
                }
                if (!notes.isEmpty()) {
                    out.set("notes", notes);
                }
                System.out.println(json.writeValueAsString(out));
            }
        }
        return 0;
    }

    private static int fail(String message) {
        System.err.println("agent0 grade: " + message);
        return 2;
    }
}
