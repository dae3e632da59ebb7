package dev.agent0.core.runtime;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes as people write them: {@code 8GiB}, {@code 512 MiB}, {@code 80GB}, {@code 1.5GiB}
 * or a plain byte count. Binary units (KiB, MiB, GiB, TiB, also K/M/G/T) are powers of 1024;
 * decimal units (kB, MB, GB, TB) powers of 1000.
 */
public final class ByteSize {
    private static final Pattern SIZE =
            Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z]*)\\s*");

    private ByteSize() {}

    /**
     * Parses {@code text}; {@code field} names it in the error (e.g. {@code memory.kvCacheCap}).
     */
    public static long parse(String text, String field) {
        Matcher m = SIZE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    field + " = '" + text + "' is not a size (e.g. 8GiB, 512MiB, 80GB, 1048576)");
        }
        double value = Double.parseDouble(m.group(1));
        double unit =
                switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "", "b" -> 1;
                    case "k", "kib" -> 1L << 10;
                    case "m", "mib" -> 1L << 20;
                    case "g", "gib" -> 1L << 30;
                    case "t", "tib" -> 1L << 40;
                    case "kb" -> 1e3;
                    case "mb" -> 1e6;
                    case "gb" -> 1e9;
                    case "tb" -> 1e12;
                    default ->
                            throw new IllegalArgumentException(
                                    field
                                            + " = '"
                                            + text
                                            + "': unknown unit '"
                                            + m.group(2)
                                            + "' (KiB, MiB, GiB, TiB, kB, MB, GB, TB)");
                };
        double bytes = value * unit;
        if (bytes >= Long.MAX_VALUE) {
            throw new IllegalArgumentException(field + " = '" + text + "' is too large");
        }
        return Math.round(bytes);
    }

    /** {@code bytes} in GiB with two decimals, e.g. {@code 7.50 GiB}. */
    public static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
