package dev.agent0.rl.selfplay;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** The dotted paths at which two JSON configs differ, e.g. {@code executor.learningRate}. */
public final class ConfigDiff {
    private ConfigDiff() {}

    /** Every leaf path whose value differs or exists on one side only, sorted. */
    public static List<String> paths(JsonNode a, JsonNode b) {
        List<String> out = new ArrayList<>();
        walk("", a, b, out);
        return out;
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                walk(path.isEmpty() ? n : path + "." + n, a.get(n), b.get(n), out);
            }
        } else if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()) {
            Iterator<JsonNode> ia = a.elements();
            Iterator<JsonNode> ib = b.elements();
            for (int i = 0; ia.hasNext(); i++) {
                walk(path + "[" + i + "]", ia.next(), ib.next(), out);
            }
        } else if (a != null && b != null && a.isNumber() && b.isNumber()) {
            // 0 stored as int and 0 read back as long are the same setting.
            if (a.decimalValue().compareTo(b.decimalValue()) != 0) {
                out.add(path.isEmpty() ? "(root)" : path);
            }
        } else if (a == null || b == null || !a.equals(b)) {
            out.add(path.isEmpty() ? "(root)" : path);
        }
    }
}
