package dev.agent0.examples.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The benchmark mains' {@code key=value} arguments over a map of known keys and defaults. */
final class KeyValueArgs {
    private KeyValueArgs() {}

    /**
     * {@code defaults} with every argument's value put over it.
     *
     * @throws IllegalArgumentException naming the argument when it is not {@code key=value} with a
     *     key of {@code defaults}
     */
    static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> a = new LinkedHashMap<>(defaults);
        for (String s : args) {
            int eq = s.indexOf('=');
            if (eq <= 0 || !defaults.containsKey(s.substring(0, eq))) {
                throw new IllegalArgumentException(
                        String.format(
                                "argument '%s': expected key=value with key in %s",
                                s, defaults.keySet()));
            }
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return a;
    }
}
