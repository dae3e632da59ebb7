package dev.agent0.core.tokenize;

/** One lexical token of a Jinja template; {@code text} is the unescaped value for strings. */
record JinjaToken(Type type, String text, int line) {
    enum Type {
        DATA,
        VAR_BEGIN,
        VAR_END,
        BLOCK_BEGIN,
        BLOCK_END,
        NAME,
        STRING,
        INTEGER,
        FLOAT,
        OPERATOR,
        EOF
    }

    boolean is(Type t, String s) {
        return type == t && text.equals(s);
    }

    boolean isName(String s) {
        return is(Type.NAME, s);
    }

    boolean isOp(String s) {
        return is(Type.OPERATOR, s);
    }
}
