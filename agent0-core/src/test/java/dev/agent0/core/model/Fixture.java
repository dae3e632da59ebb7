package dev.agent0.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The qwen3-tiny fixture (testdata/fixtures/qwen3-tiny). */
public final class Fixture {
    private Fixture() {}

    /** The fixture folder. */
    public static Path qwen3Tiny() {
        return dev.agent0.core.TestData.path("fixtures/qwen3-tiny");
    }

    /** expected.json of the fixture. */
    public static JsonNode expected() {
        try {
            return new ObjectMapper().readTree(qwen3Tiny().resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).asInt();
        }
        return r;
    }

    public static float[] floats(JsonNode a) {
        float[] r = new float[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) a.get(i).asDouble();
        }
        return r;
    }

    /** Max |a - b|; fails naming the first index beyond tol. */
    public static double assertClose(float[] expected, float[] actual, double tol, String what) {
        if (expected.length != actual.length) {
            throw new AssertionError(
                    what + ": length " + actual.length + ", expected " + expected.length);
        }
        double max = 0;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (!(d <= max)) {
                max = d;
                worst = i;
            }
        }
        if (!(max <= tol)) {
            throw new AssertionError(
                    what
                            + ": max |diff| = "
                            + max
                            + " at index "
                            + worst
                            + " (expected "
                            + expected[worst]
                            + ", actual "
                            + actual[worst]
                            + "), tolerance "
                            + tol);
        }
        return max;
    }
}
