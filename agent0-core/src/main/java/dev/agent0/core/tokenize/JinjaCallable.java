package dev.agent0.core.tokenize;

import java.util.List;
import java.util.Map;

/** A value a template can call: a global function, a macro or a bound string/dict method. */
@FunctionalInterface
interface JinjaCallable {
    Object call(List<Object> args, Map<String, Object> kwargs);
}
