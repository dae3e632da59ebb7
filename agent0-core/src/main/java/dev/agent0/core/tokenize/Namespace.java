package dev.agent0.core.tokenize;

import java.util.LinkedHashMap;
import java.util.Map;

/** Jinja2's {@code namespace(...)}: the one object whose attributes {@code set} may change. */
final class Namespace {
    final Map<String, Object> attrs = new LinkedHashMap<>();
}
