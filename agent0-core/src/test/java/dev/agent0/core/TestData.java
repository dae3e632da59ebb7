package dev.agent0.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's {@code testdata/} folder (testdata/README.md): files the tests read. */
public final class TestData {
    private TestData() {}

    /**
     * {@code relative} inside testdata/ (system property {@code agent0.testdata}, set by the pom;
     * {@code ../testdata} from a module folder otherwise); fails, never skips, when it is absent.
     */
    public static Path path(String relative) {
        Path p = Path.of(System.getProperty("agent0.testdata", "../testdata"), relative);
        assertTrue(Files.exists(p), p + " is missing: testdata/ ships with the repository");
        return p;
    }
}
