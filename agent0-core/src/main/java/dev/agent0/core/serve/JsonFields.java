package dev.agent0.core.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of a request's JSON fields; a missing required field or a wrong type is a 400 naming
 * the field ({@link ApiError}). An absent field and an explicit {@code null} are the same, as for
 * vLLM's pydantic models; fields nobody reads are ignored.
 */
final class JsonFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode body;

    private JsonFields(JsonNode body) {
        this.body = body;
    }

    /** Parses a request body, which must be a JSON object. */
    static JsonFields parse(String text) {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("body", "not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw ApiError.badRequest("body", "must be a JSON object");
        }
        return new JsonFields(n);
    }

    /** True when {@code field} is present and not null. */
    boolean has(String field) {
        return !body.path(field).isMissingNode() && !body.path(field).isNull();
    }

    /** The raw value, or null when absent. */
    JsonNode node(String field) {
        return has(field) ? body.get(field) : null;
    }

    String string(String field, String absent) {
        if (!has(field)) {
            return absent;
        }
        JsonNode n = body.get(field);
        if (!n.isTextual()) {
            throw ApiError.badRequest(field, "must be a string, got " + n);
        }
        return n.asText();
    }

    String requiredString(String field) {
        String s = string(field, null);
        if (s == null || s.isEmpty()) {
            throw ApiError.badRequest(field, "missing");
        }
        return s;
    }

    int integer(String field, int absent) {
        return has(field) ? (int) integral(field, body.get(field), true) : absent;
    }

    int requiredInteger(String field) {
        if (!has(field)) {
            throw ApiError.badRequest(field, "missing (required)");
        }
        return integer(field, 0);
    }

    /** A 64-bit integer, or null when absent. */
    Long optionalLong(String field) {
        return has(field) ? integral(field, body.get(field), false) : null;
    }

    double number(String field, double absent) {
        if (!has(field)) {
            return absent;
        }
        JsonNode n = body.get(field);
        if (!n.isNumber()) {
            throw ApiError.badRequest(field, "must be a number, got " + n);
        }
        return n.asDouble();
    }

    boolean bool(String field, boolean absent) {
        if (!has(field)) {
            return absent;
        }
        JsonNode n = body.get(field);
        if (!n.isBoolean()) {
            throw ApiError.badRequest(field, "must be true or false, got " + n);
        }
        return n.asBoolean();
    }

    /** A string or a list of strings (OpenAI's {@code stop}); empty when absent. */
    List<String> strings(String field) {
        List<String> out = new ArrayList<>();
        if (!has(field)) {
            return out;
        }
        JsonNode n = body.get(field);
        if (n.isTextual()) {
            out.add(n.asText());
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                if (!n.get(i).isTextual()) {
                    throw ApiError.badRequest(
                            field + "[" + i + "]", "must be a string, got " + n.get(i));
                }
                out.add(n.get(i).asText());
            }
        } else {
            throw ApiError.badRequest(field, "must be a string or a list of strings, got " + n);
        }
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).isEmpty()) {
                throw ApiError.badRequest(field + "[" + i + "]", "is empty");
            }
        }
        return out;
    }

    /** A list of ints in [0, bound); empty when absent. */
    int[] ids(String field, int bound) {
        if (!has(field)) {
            return new int[0];
        }
        JsonNode n = body.get(field);
        if (!n.isArray()) {
            throw ApiError.badRequest(field, "must be a list of token ids, got " + n);
        }
        return ids(field, n, bound);
    }

    /** The elements of {@code array}, each a token id in [0, bound). */
    static int[] ids(String field, JsonNode array, int bound) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = array.get(i);
            if (!e.isIntegralNumber()
                    || !e.canConvertToInt()
                    || e.asInt() < 0
                    || e.asInt() >= bound) {
                throw ApiError.badRequest(
                        field + "[" + i + "]",
                        e + " is not a token id in [0, " + bound + ") (the model's vocabulary)");
            }
            out[i] = e.asInt();
        }
        return out;
    }

    private static long integral(String field, JsonNode n, boolean toInt) {
        if (!n.isIntegralNumber() || !(toInt ? n.canConvertToInt() : n.canConvertToLong())) {
            throw ApiError.badRequest(field, "must be an integer, got " + n);
        }
        return n.asLong();
    }
}
