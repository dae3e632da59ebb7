package dev.agent0.core.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.tokenize.TextTokenizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One {@code POST /v1/completions} request, checked: the fields of the client's request
 * (docs/engines.md) with vLLM's meanings and defaults, or a 400 naming the field.
 *
 * <p>Departures from vLLM, each refused with a 400 rather than ignored (ignoring would sample
 * differently from what the client asked): {@code n} and {@code best_of} other than 1, {@code
 * logprobs} above 0 (only the sampled token's log-prob is reported), {@code
 * include_stop_str_in_output: false} (stop strings stay in the output, as in-process generation
 * keeps them; absent means true here), streaming, {@code echo}, penalties, {@code min_p}, {@code
 * min_tokens}, {@code suffix} and {@code prompt_logprobs}. Fields nobody reads are ignored, as by
 * vLLM.
 *
 * @param id the response's {@code id}: {@code cmpl-} and the {@code request_id}, or a serial
 * @param model the served base's name or a loaded adapter's
 * @param prompt the prompt's token ids (a text prompt is tokenized)
 * @param maxTokens most new tokens; prompt + maxTokens fits the server's capacity
 * @param sampling temperature, top-k (0 off), top-p and this request's own seed ({@code seed}, or
 *     the serial when absent)
 * @param stop stop strings, kept in the output
 * @param eosTokenIds every id that ends the completion: the server's EOS ids (unless {@code
 *     ignore_eos}) and the request's {@code stop_token_ids}
 * @param stopTokenIds the request's own {@code stop_token_ids}: vLLM reports these as {@code
 *     stop_reason}, but not the model's EOS
 * @param skipSpecialTokens decode the text without special tokens (vLLM's default true)
 * @param logprobs report {@code logprobs} ({@code logprobs: 0})
 * @param returnTokenIds report {@code token_ids} and {@code prompt_token_ids}
 * @param tokensAsIds write {@code logprobs.tokens} as {@code token_id:N}
 */
record CompletionRequest(
        String id,
        String model,
        int[] prompt,
        int maxTokens,
        SamplingConfig sampling,
        List<String> stop,
        List<Integer> eosTokenIds,
        Set<Integer> stopTokenIds,
        boolean skipSpecialTokens,
        boolean logprobs,
        boolean returnTokenIds,
        boolean tokensAsIds) {

    /**
     * What requests must share to run in one batch: one model and one {@code GenerationConfig}
     * (sampling parameters and stops); seeds and lengths may differ per row.
     */
    record BatchKey(
            String model,
            double temperature,
            double topP,
            int topK,
            List<String> stop,
            List<Integer> eosTokenIds) {}

    BatchKey batchKey() {
        return new BatchKey(
                model, sampling.temperature(), sampling.topP(), sampling.topK(), stop, eosTokenIds);
    }

    /**
     * Reads and checks a request.
     *
     * @param vocab the model's vocabulary size: prompt and stop ids must lie in [0, vocab)
     * @param serial this request's number on the server: its default seed and id
     */
    static CompletionRequest parse(
            JsonFields f, ServeConfig config, int vocab, TextTokenizer tokenizer, long serial) {
        refuseUnsupported(f);
        String model = f.string("model", config.name());
        int[] prompt = prompt(f, vocab, tokenizer);
        int maxTokens = maxTokens(f, prompt.length, config.capacity());
        if (f.integer("n", 1) != 1) {
            throw ApiError.badRequest("n", f.node("n") + "; only n = 1 is supported");
        }
        long seed = f.has("seed") ? f.optionalLong("seed") : serial;
        SamplingConfig sampling = sampling(f, seed);
        List<String> stop = f.strings("stop");
        if (!f.bool("include_stop_str_in_output", true)) {
            throw ApiError.badRequest(
                    "include_stop_str_in_output",
                    "false is not supported: stop strings stay in the output (send true)");
        }
        int[] stopIds = f.ids("stop_token_ids", vocab);
        Set<Integer> eos = new LinkedHashSet<>();
        if (!f.bool("ignore_eos", false)) {
            eos.addAll(config.eosTokenIds());
        }
        Set<Integer> own = new LinkedHashSet<>();
        for (int id : stopIds) {
            own.add(id);
            eos.add(id);
        }
        String requestId = f.string("request_id", null);
        return new CompletionRequest(
                "cmpl-" + (requestId != null ? requestId : String.valueOf(serial)),
                model,
                prompt,
                maxTokens,
                sampling,
                List.copyOf(stop),
                List.copyOf(eos),
                Set.copyOf(own),
                f.bool("skip_special_tokens", true),
                logprobs(f),
                f.bool("return_token_ids", false),
                f.bool("return_tokens_as_token_ids", false));
    }

    /** A list of token ids or a text (also either one wrapped in a one-element list). */
    private static int[] prompt(JsonFields f, int vocab, TextTokenizer tokenizer) {
        JsonNode p = f.node("prompt");
        if (p == null) {
            throw ApiError.badRequest("prompt", "missing (required)");
        }
        if (p.isArray() && p.size() == 1 && (p.get(0).isTextual() || p.get(0).isArray())) {
            p = p.get(0); // one prompt in the batched form
        }
        int[] ids;
        if (p.isTextual()) {
            ids = tokenizer.encode(p.asText());
            for (int id : ids) {
                if (id >= vocab) {
                    throw ApiError.badRequest(
                            "prompt",
                            "the text has token id "
                                    + id
                                    + " outside the model's vocabulary [0, "
                                    + vocab
                                    + ")");
                }
            }
        } else if (p.isArray()) {
            for (JsonNode e : p) {
                if (e.isArray() || e.isTextual()) {
                    throw ApiError.badRequest(
                            "prompt", "one prompt per request (a text or a list of token ids)");
                }
            }
            ids = JsonFields.ids("prompt", p, vocab);
        } else {
            throw ApiError.badRequest("prompt", "must be a text or a list of token ids, got " + p);
        }
        if (ids.length == 0) {
            throw ApiError.badRequest("prompt", "is empty");
        }
        return ids;
    }

    private static int maxTokens(JsonFields f, int promptTokens, int capacity) {
        int max = f.requiredInteger("max_tokens");
        if (max < 1) {
            throw ApiError.badRequest("max_tokens", max + ", must be >= 1");
        }
        if (promptTokens >= capacity) {
            throw ApiError.badRequest(
                    "prompt",
                    promptTokens
                            + " tokens; the model's maximum context length is "
                            + capacity
                            + " (prompt + max_tokens must fit)");
        }
        if ((long) promptTokens + max > capacity) {
            throw ApiError.badRequest(
                    "max_tokens",
                    max
                            + " with a "
                            + promptTokens
                            + "-token prompt exceeds the model's maximum context length "
                            + capacity
                            + " (at most "
                            + (capacity - promptTokens)
                            + ")");
        }
        return max;
    }

    private static SamplingConfig sampling(JsonFields f, long seed) {
        double t = f.number("temperature", 1.0);
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw ApiError.badRequest("temperature", t + ", must be finite and >= 0");
        }
        double p = f.number("top_p", 1.0);
        if (!(p > 0 && p <= 1)) {
            throw ApiError.badRequest("top_p", p + ", must be in (0, 1]");
        }
        int k = f.integer("top_k", -1);
        if (k < -1) {
            throw ApiError.badRequest("top_k", k + ", must be -1 or 0 (off) or >= 1");
        }
        return new SamplingConfig(t, Math.max(k, 0), p, seed);
    }

    private static boolean logprobs(JsonFields f) {
        if (!f.has("logprobs")) {
            return false;
        }
        int n = f.integer("logprobs", 0);
        if (n != 0) {
            throw ApiError.badRequest(
                    "logprobs",
                    n
                            + "; this server reports only the sampled token's log-prob (send 0),"
                            + " no top alternatives");
        }
        return true;
    }

    /**
     * vLLM features this server does not have: refused, so no one samples what they did not ask.
     */
    private static void refuseUnsupported(JsonFields f) {
        refuseIf(f.bool("stream", false), f, "stream");
        refuseIf(f.bool("echo", false), f, "echo");
        refuseIf(f.integer("best_of", 1) != 1, f, "best_of");
        refuseIf(f.number("presence_penalty", 0) != 0, f, "presence_penalty");
        refuseIf(f.number("frequency_penalty", 0) != 0, f, "frequency_penalty");
        refuseIf(f.number("repetition_penalty", 1) != 1, f, "repetition_penalty");
        refuseIf(f.number("min_p", 0) != 0, f, "min_p");
        refuseIf(f.integer("min_tokens", 0) != 0, f, "min_tokens");
        refuseIf(f.has("suffix"), f, "suffix");
        refuseIf(f.has("prompt_logprobs"), f, "prompt_logprobs");
    }

    private static void refuseIf(boolean unsupported, JsonFields f, String field) {
        if (unsupported) {
            throw ApiError.badRequest(field, f.node(field) + " is not supported by agent0 serve");
        }
    }
}
