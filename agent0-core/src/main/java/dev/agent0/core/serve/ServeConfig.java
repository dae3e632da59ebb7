package dev.agent0.core.serve;

import java.util.List;

/**
 * Where a {@link CompletionsServer} listens and what it accepts.
 *
 * @param name the served model's name: requests name it (or a loaded adapter) as their {@code
 *     model}; not blank
 * @param host the address to bind, e.g. {@code 127.0.0.1} (loopback only) or {@code 0.0.0.0}.
 *     Default {@code 127.0.0.1}.
 * @param port the port; 0 picks a free one ({@link CompletionsServer#port()}). Default 0.
 * @param maxBatch most requests generated together in one batch; &gt;= 1. Default 32.
 * @param capacity the model's context length: a request's prompt + {@code max_tokens} must fit
 *     (vLLM's {@code max_model_len}); &gt;= 2. The KV cache of a batch is sized to its own longest
 *     prompt + largest {@code max_tokens}, not to this.
 * @param eosTokenIds ids that end every completion unless a request sets {@code ignore_eos} (vLLM:
 *     the model's EOS); a request's {@code stop_token_ids} are added to them. Usually the model
 *     config's {@code eos_token_id} and the tokenizer's {@code eos_token}.
 */
public record ServeConfig(
        String name, String host, int port, int maxBatch, int capacity, List<Integer> eosTokenIds) {
    public ServeConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is blank: requests name the served model");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port = " + port + ", must be in [0, 65535]");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch = " + maxBatch + ", must be >= 1");
        }
        if (capacity < 2) {
            throw new IllegalArgumentException(
                    "capacity = " + capacity + ", must be >= 2 (a prompt token and a new one)");
        }
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    /** {@code name} on 127.0.0.1, a free port, batches of up to 32. */
    public static ServeConfig of(String name, int capacity, List<Integer> eosTokenIds) {
        return new ServeConfig(name, "127.0.0.1", 0, 32, capacity, eosTokenIds);
    }

    public ServeConfig withHost(String h) {
        return new ServeConfig(name, h, port, maxBatch, capacity, eosTokenIds);
    }

    public ServeConfig withPort(int p) {
        return new ServeConfig(name, host, p, maxBatch, capacity, eosTokenIds);
    }

    public ServeConfig withMaxBatch(int n) {
        return new ServeConfig(name, host, port, n, capacity, eosTokenIds);
    }
}
