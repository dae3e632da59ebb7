package dev.agent0.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * One timed quantity over repeated runs, printed as the JSON line {@code benchmarks/report.py}
 * reads: {"side", "shape", "what", "batch", "len", "unit", "median", "min", "max", "runs",
 * "values"}. Values are throughputs (higher is better), so Java/PyTorch ratios above 1 favour Java.
 */
public record Measurement(
        String shape, String what, int batch, String len, String unit, double[] values) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Measurement {
        if (values.length == 0) {
            throw new IllegalArgumentException("values is empty: nothing was timed for " + what);
        }
        values = values.clone();
        Arrays.sort(values);
    }

    /** The middle value; the mean of the two middle ones for an even count (as the Python side). */
    public double median() {
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** The JSON line; {@code extra} adds fields (e.g. the training loss). */
    public ObjectNode json() {
        ObjectNode o = JSON.createObjectNode();
        o.put("side", "java")
                .put("shape", shape)
                .put("what", what)
                .put("batch", batch)
                .put("len", len)
                .put("unit", unit)
                .put("median", median())
                .put("min", values[0])
                .put("max", values[values.length - 1])
                .put("runs", values.length);
        Arrays.stream(values).forEach(o.putArray("values")::add);
        return o;
    }
}
