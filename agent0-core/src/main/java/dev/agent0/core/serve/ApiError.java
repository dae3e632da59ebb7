package dev.agent0.core.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request the server answers with an error status, in vLLM's body: {@code
 * {"error":{"message":"<field>: <what>","type":"BadRequestError","code":400}}}. Messages name the
 * field first, so a client's log says what to fix.
 */
final class ApiError extends RuntimeException {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;

    private ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400: the request is wrong; {@code field} is the JSON field at fault. */
    static ApiError badRequest(String field, String what) {
        return new ApiError(400, field + ": " + what);
    }

    /** 404: the named model or adapter is not served. */
    static ApiError notFound(String field, String what) {
        return new ApiError(404, field + ": " + what);
    }

    /** 405: the path exists, the method does not. */
    static ApiError methodNotAllowed(String method, String path) {
        return new ApiError(405, "method: " + path + " does not accept " + method);
    }

    /** 500: the server failed on a valid request (e.g. a generation error). */
    static ApiError internal(String what) {
        return new ApiError(500, what);
    }

    /** 503: the server is shutting down. */
    static ApiError unavailable(String what) {
        return new ApiError(503, what);
    }

    int status() {
        return status;
    }

    /** The response body. */
    String body() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode e = root.putObject("error");
        e.put("message", getMessage());
        e.put("type", type());
        e.put("code", status);
        return root.toString();
    }

    /** vLLM's (OpenAI's) error type names. */
    private String type() {
        return switch (status) {
            case 400 -> "BadRequestError";
            case 404 -> "NotFoundError";
            case 405 -> "MethodNotAllowedError";
            case 503 -> "ServiceUnavailableError";
            default -> "InternalServerError";
        };
    }
}
