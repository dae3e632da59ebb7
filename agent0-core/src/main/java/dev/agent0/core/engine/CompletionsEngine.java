package dev.agent0.core.engine;

import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.tokenize.TextTokenizer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Generation on OpenAI-compatible servers (vLLM's {@code /v1/completions}), as a {@link
 * TurnGenerator.Factory}: the curriculum and executor agents run on it unchanged.
 *
 * <p>Tokens in, tokens out: each round of each sequence is one request whose {@code prompt} is the
 * sequence's token ids so far (prompt, sampled tokens, appended tool observations), never text
 * rendered again, and whose response's sampled ids are appended as they are (verl's agent-loop
 * notes report that re-rendering the chat between turns broke PPO's convergence). Requests carry
 * {@code max_tokens}, {@code temperature}, {@code top_p}, {@code top_k}, a {@code seed} per
 * sequence and round, the stop strings ({@code include_stop_str_in_output}), the end-of-turn ids
 * ({@code stop_token_ids}), {@code logprobs: 0} and vLLM's {@code return_token_ids} and {@code
 * return_tokens_as_token_ids}, and a {@code request_id} per sequence and round that a retry
 * repeats. Requests of a round run concurrently over the {@link ServerPool}. Close it to stop its
 * threads.
 */
public final class CompletionsEngine implements TurnGenerator.Factory, AutoCloseable {
    private final CompletionsEngineConfig config;
    private final TextTokenizer tokenizer;
    private final ServerPool pool;
    private final ExecutorService threads;
    private int sessions; // distinguishes request ids of successive starts

    /**
     * @param config the servers and request settings
     * @param tokenizer decodes the sampled ids (the agents read a round's text); its vocabulary
     *     bounds the ids a server may return
     */
    public CompletionsEngine(CompletionsEngineConfig config, TextTokenizer tokenizer) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.pool = new ServerPool(config);
        int n = Math.min(512, config.concurrencyPerServer() * config.baseUrls().size());
        ThreadFactory daemon =
                r -> {
                    Thread t = new Thread(r, "agent0-completions");
                    t.setDaemon(true);
                    return t;
                };
        this.threads = Executors.newFixedThreadPool(n, daemon);
    }

    public CompletionsEngineConfig config() {
        return config;
    }

    /** Generation with the config's {@code model}. */
    @Override
    public TurnGenerator start(List<int[]> prompts, GenerationConfig config, int capacity) {
        return start(this.config.model(), prompts, config, capacity);
    }

    /**
     * The same servers generating with {@code model} (e.g. a LoRA adapter loaded by {@link
     * AdapterPublisher}) instead of the config's.
     */
    public TurnGenerator.Factory forModel(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is blank");
        }
        CompletionsEngine engine = this;
        return new TurnGenerator.Factory() {
            @Override
            public TurnGenerator start(List<int[]> prompts, GenerationConfig config, int capacity) {
                return engine.start(model, prompts, config, capacity);
            }

            @Override
            public Map<String, Long> counters() {
                return engine.counters();
            }
        };
    }

    /** The servers' request counters ({@code requests}, {@code attempts}, {@code retries}). */
    @Override
    public Map<String, Long> counters() {
        return pool.counters();
    }

    private synchronized TurnGenerator start(
            String model, List<int[]> prompts, GenerationConfig config, int capacity) {
        String prefix = this.config.requestPrefix() + "-s" + sessions++;
        return new CompletionsTurns(
                pool, threads, model, tokenizer, prompts, config, capacity, prefix);
    }

    /** The engine's servers, for {@link AdapterPublisher}. */
    ServerPool pool() {
        return pool;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
