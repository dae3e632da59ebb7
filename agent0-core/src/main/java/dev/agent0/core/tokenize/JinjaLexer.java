package dev.agent0.core.tokenize;

import dev.agent0.core.tokenize.JinjaToken.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a template into data and tag tokens with Jinja2's whitespace rules as Hugging Face
 * configures them: {@code trim_blocks} (drop the first newline after a block or comment tag),
 * {@code lstrip_blocks} (drop spaces and tabs before a block or comment tag that starts a line),
 * {@code -} / {@code +} whitespace control, one trailing newline of the source removed, and {@code
 * \r\n}/{@code \r} read as {@code \n}. Mirrors {@code jinja2.lexer.Lexer.tokeniter} (3.1).
 */
final class JinjaLexer {
    private static final Pattern TAG_START = Pattern.compile("\\{([{%#])([-+]?)");
    private static final Pattern RAW_START =
            Pattern.compile("\\{%([-+]?)\\s*raw\\s*(-%\\}\\s*|%\\}\\n?)");
    private static final Pattern RAW_END =
            Pattern.compile("\\{%([-+]?)\\s*endraw\\s*(\\+%\\}|-%\\}\\s*|%\\}\\n?)");
    private static final Pattern COMMENT_END = Pattern.compile("\\+#\\}|-#\\}\\s*|#\\}\\n?");
    private static final Pattern FLOAT =
            Pattern.compile(
                    "(\\d+_)*\\d+((\\.(\\d+_)*\\d+)?[eE][+\\-]?(\\d+_)*\\d+|\\.(\\d+_)*\\d+)");
    private static final Pattern INTEGER = Pattern.compile("(\\d+_)*\\d+");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final String[] OPERATORS = {
        "//", "**", "==", "!=", "<=", ">=", "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{",
        "}", "<", ">", "=", ".", ":", "|", ",", ";"
    };

    private final String src;
    private final List<JinjaToken> out = new ArrayList<>();
    private int pos;
    private int line = 1;
    private boolean lineStarting = true;

    private JinjaLexer(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        this.src = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    static List<JinjaToken> tokenize(String source) {
        JinjaLexer lexer = new JinjaLexer(source);
        lexer.run();
        return lexer.out;
    }

    private void run() {
        Matcher m = TAG_START.matcher(src);
        while (pos < src.length()) {
            if (!m.find(pos)) {
                data(src.substring(pos));
                break;
            }
            char kind = m.group(1).charAt(0);
            String sign = m.group(2);
            String text = src.substring(pos, m.start());
            if (sign.equals("-")) {
                text = PyStrings.strip(text, null, false, true);
            } else if (!sign.equals("+") && kind != '{') {
                int lpos = text.lastIndexOf('\n') + 1;
                if ((lpos > 0 || lineStarting)
                        && lpos < text.length()
                        && text.substring(lpos).codePoints().allMatch(PyStrings::isSpace)) {
                    text = text.substring(0, lpos);
                }
            }
            Matcher raw = RAW_START.matcher(src).region(m.start(), src.length());
            if (kind == '%' && raw.lookingAt()) {
                data(text);
                line += count(src, pos + text.length(), raw.end());
                rawBlock(raw.end());
                continue;
            }
            data(text);
            line += count(src, pos + text.length(), m.start());
            pos = m.end();
            lineStarting = false;
            switch (kind) {
                case '#' -> comment();
                case '{' -> tag(Type.VAR_BEGIN, Type.VAR_END, "}}");
                default -> tag(Type.BLOCK_BEGIN, Type.BLOCK_END, "%}");
            }
        }
        out.add(new JinjaToken(Type.EOF, "", line));
    }

    private void data(String text) {
        if (!text.isEmpty()) {
            out.add(new JinjaToken(Type.DATA, text, line));
            line += count(text, 0, text.length());
        }
    }

    private void rawBlock(int start) {
        Matcher end = RAW_END.matcher(src);
        if (!end.find(start)) {
            throw TemplateException.at(line, "missing end of raw directive");
        }
        String body = src.substring(start, end.start());
        if (end.group(1).equals("-")) {
            body = PyStrings.strip(body, null, false, true);
        }
        data(body);
        line += count(src, end.start(), end.end());
        pos = end.end();
        lineStarting = src.charAt(pos - 1) == '\n';
    }

    private void comment() {
        Matcher end = COMMENT_END.matcher(src);
        if (!end.find(pos)) {
            throw TemplateException.at(line, "missing end of comment tag");
        }
        line += count(src, pos, end.end());
        pos = end.end();
        lineStarting = end.end() > end.start() && src.charAt(pos - 1) == '\n';
    }

    /** Lexes expression tokens up to the closing delimiter, outside any open bracket. */
    private void tag(Type begin, Type end, String close) {
        out.add(new JinjaToken(begin, "", line));
        int depth = 0;
        while (true) {
            if (pos >= src.length()) {
                throw TemplateException.at(
                        line, "unexpected end of template, expected '" + close + "'");
            }
            if (depth == 0 && closeTag(end, close)) {
                return;
            }
            char c = src.charAt(pos);
            if (Character.isWhitespace(c)) {
                if (c == '\n') {
                    line++;
                }
                pos++;
            } else if (c == '\'' || c == '"') {
                string(c);
            } else if (Character.isDigit(c)) {
                Matcher f = FLOAT.matcher(src).region(pos, src.length());
                boolean isFloat = f.lookingAt() && (pos == 0 || src.charAt(pos - 1) != '.');
                Matcher i = isFloat ? f : INTEGER.matcher(src).region(pos, src.length());
                i.lookingAt();
                out.add(
                        new JinjaToken(
                                isFloat ? Type.FLOAT : Type.INTEGER,
                                i.group().replace("_", ""),
                                line));
                pos = i.end();
            } else if (c == '_' || Character.isLetter(c)) {
                Matcher n = NAME.matcher(src).region(pos, src.length());
                if (!n.lookingAt()) {
                    throw TemplateException.at(line, "unexpected char '" + c + "'");
                }
                out.add(new JinjaToken(Type.NAME, n.group(), line));
                pos = n.end();
            } else {
                String op = operator();
                depth += "([{".contains(op) ? 1 : ")]}".contains(op) ? -1 : 0;
                if (depth < 0) {
                    throw TemplateException.at(line, "unexpected '" + op + "'");
                }
                out.add(new JinjaToken(Type.OPERATOR, op, line));
                pos += op.length();
            }
        }
    }

    private boolean closeTag(Type end, String close) {
        boolean block = end == Type.BLOCK_END;
        if (src.startsWith("-" + close, pos)) {
            pos += 1 + close.length();
            int stop = pos;
            while (stop < src.length() && PyStrings.isSpace(src.charAt(stop))) {
                stop++;
            }
            line += count(src, pos, stop);
            lineStarting = stop > pos && src.charAt(stop - 1) == '\n';
            pos = stop;
        } else if (block && src.startsWith("+" + close, pos)) {
            pos += 1 + close.length();
            lineStarting = false;
        } else if (src.startsWith(close, pos)) {
            pos += close.length();
            lineStarting = false;
            if (block && pos < src.length() && src.charAt(pos) == '\n') {
                pos++; // trim_blocks
                line++;
                lineStarting = true;
            }
        } else {
            return false;
        }
        out.add(new JinjaToken(end, "", line));
        return true;
    }

    private String operator() {
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                return op;
            }
        }
        throw TemplateException.at(line, "unexpected char '" + src.charAt(pos) + "'");
    }

    private void string(char quote) {
        StringBuilder sb = new StringBuilder();
        int i = pos + 1;
        int startLine = line;
        while (true) {
            if (i >= src.length()) {
                throw TemplateException.at(startLine, "unterminated string literal");
            }
            char c = src.charAt(i);
            if (c == quote) {
                break;
            }
            if (c == '\n') {
                line++;
            }
            if (c == '\\' && i + 1 < src.length()) {
                i = escape(sb, i + 1);
            } else {
                sb.append(c);
                i++;
            }
        }
        out.add(new JinjaToken(Type.STRING, sb.toString(), startLine));
        pos = i + 1;
    }

    /** Python's unicode-escape decoding of one escape; returns the index after it. */
    private int escape(StringBuilder sb, int i) {
        char e = src.charAt(i);
        switch (e) {
            case 'n' -> sb.append('\n');
            case 't' -> sb.append('\t');
            case 'r' -> sb.append('\r');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'v' -> sb.append('\u000b');
            case 'a' -> sb.append('\u0007');
            case '\\', '\'', '"' -> sb.append(e);
            case '\n' -> {}
            case 'x', 'u', 'U' -> {
                int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                if (i + 1 + n > src.length()) {
                    throw TemplateException.at(line, "truncated \\" + e + " escape");
                }
                sb.appendCodePoint(Integer.parseInt(src.substring(i + 1, i + 1 + n), 16));
                return i + 1 + n;
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int j = i;
                    while (j < src.length()
                            && j < i + 3
                            && src.charAt(j) >= '0'
                            && src.charAt(j) <= '7') {
                        j++;
                    }
                    sb.append((char) Integer.parseInt(src.substring(i, j), 8));
                    return j;
                }
                sb.append('\\').append(e);
            }
        }
        return i + 1;
    }

    private static int count(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
