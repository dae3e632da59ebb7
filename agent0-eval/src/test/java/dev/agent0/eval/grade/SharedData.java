package dev.agent0.eval.grade;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the full data sets from the repository's testdata/data (property agent0.testdata, set by
 * the pom); a missing file fails the test.
 */
public final class SharedData {
    private SharedData() {}

    /** testdata/data/{@code relative}; fails, never skips, when it is absent. */
    public static Path file(String relative) {
        Path file = Path.of(System.getProperty("agent0.testdata", "../testdata"), "data", relative);
        assertTrue(
                Files.isRegularFile(file),
                file + " is missing: testdata/ ships with the repository");
        return file;
    }

    static List<JsonNode> rows(String relative) {
        Path file = file(relative);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(json.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Changes the first digit d to (d + 1) mod 10: a different value for every numeric answer. */
    static String bumpFirstDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                return s.substring(0, i) + (char) ('0' + (c - '0' + 1) % 10) + s.substring(i + 1);
            }
        }
        return null;
    }
}
