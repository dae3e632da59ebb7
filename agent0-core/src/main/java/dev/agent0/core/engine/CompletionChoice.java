package dev.agent0.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/**
 * The part of a {@code /v1/completions} response a rollout needs: the sampled token ids, their
 * log-probs, and why generation stopped. Ids come from {@code choices[0].token_ids} (vLLM's {@code
 * return_token_ids}) or else from {@code logprobs.tokens} written as {@code token_id:N} (vLLM's
 * {@code return_tokens_as_token_ids}); never from re-tokenized text.
 *
 * @param tokenIds the sampled ids, a stop token included
 * @param logProbs {@code logprobs.token_logprobs}, one per id
 * @param finishReason {@code stop} or {@code length}
 * @param stopString the stop string that ended it, or null ({@code stop_reason} as text)
 */
record CompletionChoice(int[] tokenIds, float[] logProbs, String finishReason, String stopString) {

    /** Reads {@code choices[0]} of {@code json}; errors name the server and the field. */
    static CompletionChoice parse(URI server, JsonNode json, int vocab) {
        JsonNode c = json.path("choices").path(0);
        if (!c.isObject()) {
            throw bad(server, "choices[0]", "missing");
        }
        JsonNode lp = c.path("logprobs");
        JsonNode values = lp.path("token_logprobs");
        int[] ids;
        if (c.path("token_ids").isArray()) {
            JsonNode t = c.get("token_ids");
            ids = new int[t.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = id(server, "choices[0].token_ids[" + i + "]", t.get(i), vocab);
            }
        } else if (lp.path("tokens").isArray()) {
            JsonNode t = lp.get("tokens");
            ids = new int[t.size()];
            for (int i = 0; i < ids.length; i++) {
                String s = t.get(i).asText();
                if (!s.startsWith("token_id:")) {
                    throw bad(
                            server,
                            "choices[0].logprobs.tokens[" + i + "]",
                            "'" + s + "' is not token_id:N (send return_tokens_as_token_ids)");
                }
                try {
                    ids[i] = Integer.parseInt(s.substring("token_id:".length()));
                } catch (NumberFormatException e) {
                    throw bad(server, "choices[0].logprobs.tokens[" + i + "]", "'" + s + "'");
                }
                if (ids[i] < 0 || ids[i] >= vocab) {
                    throw bad(
                            server,
                            "choices[0].logprobs.tokens[" + i + "]",
                            ids[i] + " outside [0, " + vocab + ")");
                }
            }
        } else {
            throw bad(
                    server,
                    "choices[0].token_ids",
                    "missing, and no logprobs.tokens: the server must return token ids"
                            + " (vLLM >= 0.10.2 with return_token_ids, or logprobs with"
                            + " return_tokens_as_token_ids)");
        }
        if (!values.isArray() || values.size() != ids.length) {
            throw bad(
                    server,
                    "choices[0].logprobs.token_logprobs",
                    values.isArray()
                            ? values.size() + " values for " + ids.length + " tokens"
                            : "missing (request logprobs)");
        }
        float[] lps = new float[ids.length];
        for (int i = 0; i < lps.length; i++) {
            double v = values.get(i).asDouble(Double.NaN);
            if (!values.get(i).isNumber() || !(v <= 0) || Double.isInfinite(v)) {
                throw bad(
                        server,
                        "choices[0].logprobs.token_logprobs[" + i + "]",
                        values.get(i) + " is not a finite log-probability");
            }
            lps[i] = (float) v;
        }
        String finish = c.path("finish_reason").asText("");
        if (!finish.equals("stop") && !finish.equals("length")) {
            throw bad(server, "choices[0].finish_reason", "'" + finish + "'");
        }
        JsonNode reason = c.path("stop_reason");
        String stop = reason.isTextual() ? reason.asText() : null;
        return new CompletionChoice(ids, lps, finish, stop);
    }

    private static int id(URI server, String field, JsonNode n, int vocab) {
        if (!n.canConvertToInt() || n.asInt() < 0 || n.asInt() >= vocab) {
            throw bad(server, field, n + " is not a token id in [0, " + vocab + ")");
        }
        return n.asInt();
    }

    private static EngineException bad(URI server, String field, String what) {
        return new EngineException(server + ": bad response, " + field + ": " + what);
    }
}
