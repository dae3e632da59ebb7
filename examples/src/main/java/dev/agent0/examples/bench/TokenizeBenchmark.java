package dev.agent0.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.core.tokenize.ChatTemplate;
import dev.agent0.core.tokenize.HfTokenizer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Benchmark main (not a test): chat-template renders per second and tokenizer throughput on the
 * shared Qwen3 tokenizer.
 *
 * <pre>
 * java -cp examples/target/agent0.jar dev.agent0.examples.bench.TokenizeBenchmark ../shared
 * </pre>
 *
 * Prints one JSON line per measurement.
 */
public final class TokenizeBenchmark {
    private TokenizeBenchmark() {}

    public static void main(String[] args) throws Exception {
        dev.agent0.core.runtime.OfflineMode.enforce();
        Path shared = Path.of(args.length > 0 ? args[0] : "testdata");
        Path dir = shared.resolve("assets/qwen3-tokenizer");
        JsonNode cases =
                new ObjectMapper()
                        .readTree(shared.resolve("fixtures/chat-template/qwen3.json").toFile())
                        .get("cases");
        long t0 = System.nanoTime();
        try (HfTokenizer tokenizer = HfTokenizer.load(dir)) {
            report("load_ms", (System.nanoTime() - t0) / 1e6);
            ChatTemplate template = tokenizer.chatTemplate().orElseThrow();
            JsonNode tools = cases.get(5);
            Map<String, Object> extra = new HashMap<>();
            String prompt = "";
            for (int round = 0; round < 3; round++) {
                int n = 20_000;
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    prompt =
                            template.render(tools.get("messages"), tools.get("tools"), true, extra);
                }
                report("render_tools_case_per_s", n / ((System.nanoTime() - start) / 1e9));
            }
            if (!prompt.equals(tools.get("expected").asText())) {
                throw new IllegalStateException(
                        "render differs from the golden: benchmark invalid");
            }
            String text =
                    (prompt + " The quick brown fox jumps over 13 lazy dogs; ünïcode 数学 🙂.\n")
                            .repeat(50);
            int tokens = tokenizer.encode(text).length;
            report("long_text_tokens", tokens);
            for (int round = 0; round < 3; round++) {
                int n = 200;
                long start = System.nanoTime();
                int[] ids = null;
                for (int i = 0; i < n; i++) {
                    ids = tokenizer.encode(text);
                }
                double s = (System.nanoTime() - start) / 1e9;
                report("encode_tokens_per_s", (double) n * tokens / s);
                start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    tokenizer.decode(ids);
                }
                report(
                        "decode_tokens_per_s",
                        (double) n * tokens / ((System.nanoTime() - start) / 1e9));
            }
        }
    }

    private static void report(String metric, double value) {
        System.out.printf("{\"metric\":\"%s\",\"value\":%.1f}%n", metric, value);
    }
}
