package dev.agent0.core.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Qwen3 template as loaded by {@link HfTokenizer#load}, and its prompts tokenised. */
class ChatTemplateTokenizationTest {
    private static HfTokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = HfTokenizer.load(HfTokenizerTest.qwen3TokenizerDir());
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    private static Map<String, Object> message(String role, String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    @Test
    void renderedPromptStartsAndEndsWithSpecialTokenIds() {
        ChatTemplate template = tokenizer.chatTemplate().orElseThrow();
        String prompt = template.render(List.of(message("user", "Hi")), null, true, Map.of());
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", prompt);
        int[] ids = tokenizer.encode(prompt);
        int assistant = tokenizer.tokenId("assistant").orElseThrow();
        int newline = tokenizer.tokenId("Ċ").orElseThrow();
        assertEquals(151644, ids[0]);
        assertArrayEquals(
                new int[] {151644, assistant, newline},
                Arrays.copyOfRange(ids, ids.length - 3, ids.length));
        assertEquals(2, Arrays.stream(ids).filter(id -> id == 151644).count());
        assertEquals(prompt, tokenizer.decode(ids));
    }

    @Test
    void configSpecialTokensAreTemplateVariables() {
        TokenizerConfig qwen = tokenizer.config();
        TokenizerConfig probe =
                new TokenizerConfig(
                        qwen.bosToken(),
                        qwen.eosToken(),
                        qwen.padToken(),
                        qwen.unkToken(),
                        qwen.additionalSpecialTokens(),
                        Optional.of(
                                "{{ eos_token }}|{{ pad_token }}|{{ bos_token is defined }}|"
                                        + "{{ additional_special_tokens[0] }}"));
        assertEquals(
                "<|im_end|>|<|endoftext|>|False|<|im_start|>",
                ChatTemplate.fromConfig(probe).render(List.of(), null, false, null));
    }
}
