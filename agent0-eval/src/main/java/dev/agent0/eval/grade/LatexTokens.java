package dev.agent0.eval.grade;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of a LaTeX scalar expression and the parsers' position in them.
 *
 * <p>Separate from {@link ExprParser} and {@link ExprAtomParser} because both read the same tokens
 * in turn. Spaces are kept as " " tokens because the parser rejects two numbers separated by a
 * space ({@code 1 2}) instead of multiplying them.
 */
final class LatexTokens {
    private final List<String> tokens;
    private int pos;

    LatexTokens(List<String> tokens) {
        this.tokens = tokens;
    }

    /**
     * Numbers ("12.5"), single letters, commands ("\frac"), and single symbols; " " marks a space.
     */
    static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals(" ")) {
                    out.add(" ");
                }
                i++;
            } else if (Character.isDigit(c)
                    || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int j = i;
                boolean dot = false;
                while (j < s.length()
                        && (Character.isDigit(s.charAt(j))
                                || (s.charAt(j) == '.'
                                        && !dot
                                        && j + 1 < s.length()
                                        && Character.isDigit(s.charAt(j + 1))))) {
                    dot |= s.charAt(j) == '.';
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            } else if (c == '\\') {
                int j = i + 1;
                while (j < s.length() && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                if (j == i + 1 && j < s.length()) {
                    j++; // \{ \} \% \\ and friends
                }
                out.add(s.substring(i, j));
                i = j;
            } else {
                out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }

    static boolean isNumber(String t) {
        return !t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '.');
    }

    boolean spaceBeforePeek() {
        return pos < tokens.size() && tokens.get(pos).equals(" ");
    }

    String peek() {
        int p = pos;
        while (p < tokens.size() && tokens.get(p).equals(" ")) {
            p++;
        }
        return p < tokens.size() ? tokens.get(p) : null;
    }

    void skipSpaces() {
        while (pos < tokens.size() && tokens.get(pos).equals(" ")) {
            pos++;
        }
    }

    String next() {
        skipSpaces();
        return pos < tokens.size() ? tokens.get(pos++) : null;
    }

    void expect(String t) {
        String got = next();
        if (!t.equals(got)) {
            throw new LatexParseException(
                    "expected '" + t + "' but found " + (got == null ? "end" : "'" + got + "'"));
        }
    }

    boolean isEmpty() {
        return tokens.isEmpty();
    }

    /** Whether every token is consumed; trailing spaces count as not consumed. */
    boolean atEnd() {
        return pos >= tokens.size();
    }

    /** The token at the position, a space included; only for error messages. */
    String current() {
        return tokens.get(pos);
    }

    /** Un-reads the token {@link #next()} just returned. */
    void back() {
        pos--;
    }

    /** Replaces the token {@link #peek()} returned, after {@link #skipSpaces()}. */
    void replaceCurrent(String t) {
        tokens.set(pos, t);
    }
}
