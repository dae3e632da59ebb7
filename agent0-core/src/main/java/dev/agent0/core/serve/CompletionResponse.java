package dev.agent0.core.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.StopReason;
import dev.agent0.core.tokenize.TextTokenizer;
import java.util.Arrays;

/**
 * The {@code /v1/completions} response body for one request's row of a batch, in vLLM's shape:
 * {@code choices[0]} with {@code text}, {@code logprobs} ({@code tokens}, {@code token_logprobs},
 * {@code top_logprobs: null}, {@code text_offset: []}), {@code finish_reason}, {@code stop_reason}
 * and, on request, {@code prompt_token_ids} and {@code token_ids}; then {@code usage}.
 *
 * <p>The batch ran to its largest {@code max_tokens}, so a row is first cut to its own, and a cut
 * row finished by {@code length}. The log-probs are the model's at temperature 1 ({@link
 * GenerationResult#logProbs()}): vLLM V1's default {@code raw_logprobs}. Text is decoded from the
 * ids and, as vLLM does, cut after the stop string that ended it.
 */
final class CompletionResponse {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** vLLM's floor for a reported log-prob (JSON has no −∞). */
    private static final double LOG_PROB_FLOOR = -9999.0;

    private CompletionResponse() {}

    static ObjectNode of(
            CompletionRequest r, GenerationResult g, TextTokenizer tokenizer, long created) {
        // 1. The row as this request asked for it: at most its own max_tokens.
        boolean cut = g.tokenIds().length > r.maxTokens();
        int n = Math.min(g.tokenIds().length, r.maxTokens());
        int[] ids = Arrays.copyOf(g.tokenIds(), n);
        float[] logProbs = Arrays.copyOf(g.logProbs(), n);
        // 2. Why it ended, in vLLM's words.
        String finish;
        Object stopReason = null;
        String stopString = null;
        switch (cut ? StopReason.MAX_NEW_TOKENS : g.stopReason()) {
            case EOS -> {
                finish = "stop";
                int last = ids[n - 1];
                stopReason = r.stopTokenIds().contains(last) ? last : null; // the model's EOS: null
            }
            case STOP_STRING -> {
                finish = "stop";
                stopString = matchedStop(r, tokenizer.decode(ids));
                stopReason = stopString;
            }
            case MAX_NEW_TOKENS, CAPACITY -> finish = "length";
            default -> throw new IllegalStateException("row did not run: " + g.stopReason());
        }
        // 3. The body.
        ObjectNode body = JSON.createObjectNode();
        body.put("id", r.id());
        body.put("object", "text_completion");
        body.put("created", created);
        body.put("model", r.model());
        ObjectNode c = body.putArray("choices").addObject();
        c.put("index", 0);
        c.put("text", text(tokenizer.decode(ids, r.skipSpecialTokens()), stopString));
        if (r.logprobs()) {
            c.set("logprobs", logprobs(r, ids, logProbs, tokenizer));
        } else {
            c.putNull("logprobs");
        }
        c.put("finish_reason", finish);
        if (stopReason instanceof Integer id) {
            c.put("stop_reason", id);
        } else if (stopReason instanceof String s) {
            c.put("stop_reason", s);
        } else {
            c.putNull("stop_reason");
        }
        if (r.returnTokenIds()) {
            ints(c.putArray("prompt_token_ids"), r.prompt());
            ints(c.putArray("token_ids"), ids);
        }
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", r.prompt().length);
        usage.put("completion_tokens", n);
        usage.put("total_tokens", r.prompt().length + n);
        return body;
    }

    /** The first of the request's stop strings (in its order, as vLLM checks) in {@code text}. */
    private static String matchedStop(CompletionRequest r, String text) {
        for (String s : r.stop()) {
            if (text.contains(s)) {
                return s;
            }
        }
        throw new IllegalStateException("stopped by a stop string, but none of " + r.stop());
    }

    /** {@code text} up to the end of {@code stop}'s first occurrence (the stop string kept). */
    private static String text(String text, String stop) {
        int at = stop == null ? -1 : text.indexOf(stop);
        return at < 0 ? text : text.substring(0, at + stop.length());
    }

    private static ObjectNode logprobs(
            CompletionRequest r, int[] ids, float[] logProbs, TextTokenizer tokenizer) {
        ObjectNode lp = JSON.createObjectNode();
        ArrayNode tokens = lp.putArray("tokens");
        ArrayNode values = lp.putArray("token_logprobs");
        for (int i = 0; i < ids.length; i++) {
            tokens.add(
                    r.tokensAsIds() ? "token_id:" + ids[i] : tokenizer.decode(new int[] {ids[i]}));
            values.add(Math.max(logProbs[i], LOG_PROB_FLOOR));
        }
        lp.putNull("top_logprobs");
        lp.putArray("text_offset");
        return lp;
    }

    private static void ints(ArrayNode to, int[] values) {
        for (int v : values) {
            to.add(v);
        }
    }
}
