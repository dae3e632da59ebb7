package dev.agent0.core.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Chat-template rendering against renders made by Python's jinja2 configured as transformers
 * configures it: the shared Qwen3 goldens, extra Qwen3 cases with tool calls (resource {@code
 * chat-template/qwen3-extra.json}), and one case per Jinja feature ({@code
 * chat-template/jinja-semantics.json}). Each resource names its source.
 */
class ChatTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path sharedFile(String first, String... more) {
        return dev.agent0.core.TestData.path(Path.of(first, more).toString());
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in =
                ChatTemplateTest.class.getResourceAsStream("/chat-template/" + name)) {
            assertTrue(in != null, "missing test resource " + name);
            return JSON.readTree(in);
        }
    }

    private static ChatTemplate qwen3Template() {
        Path config = sharedFile("assets", "qwen3-tokenizer", "tokenizer_config.json");
        return ChatTemplate.fromConfig(TokenizerConfig.read(config));
    }

    /** One case in the fixture format: messages, tools, add_generation_prompt, enable_thinking. */
    private static String renderCase(ChatTemplate template, JsonNode c) {
        Map<String, Object> extra = new HashMap<>();
        if (!c.path("enable_thinking").isNull() && !c.path("enable_thinking").isMissingNode()) {
            extra.put("enable_thinking", c.get("enable_thinking").asBoolean());
        }
        return template.render(
                c.get("messages"),
                c.get("tools"),
                c.get("add_generation_prompt").asBoolean(),
                extra);
    }

    private static Stream<DynamicTest> goldenCases(ChatTemplate template, JsonNode cases) {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(
                    DynamicTest.dynamicTest(
                            c.get("name").asText(),
                            () ->
                                    assertSameText(
                                            c.get("expected").asText(), renderCase(template, c))));
        }
        return tests.stream();
    }

    static void assertSameText(String expected, String actual) {
        if (!expected.equals(actual)) {
            int i = 0;
            while (i < Math.min(expected.length(), actual.length())
                    && expected.charAt(i) == actual.charAt(i)) {
                i++;
            }
            String exp = expected.substring(i, Math.min(expected.length(), i + 60));
            String act = actual.substring(i, Math.min(actual.length(), i + 60));
            assertEquals(
                    expected,
                    actual,
                    "first difference at char "
                            + i
                            + ": expected "
                            + JSON.valueToTree(exp)
                            + ", got "
                            + JSON.valueToTree(act));
        }
    }

    @TestFactory
    Stream<DynamicTest> reproducesSharedQwen3Goldens() throws IOException {
        JsonNode fixture =
                JSON.readTree(sharedFile("fixtures", "chat-template", "qwen3.json").toFile());
        assertTrue(fixture.get("cases").size() >= 6, "fixture should hold at least 6 cases");
        return goldenCases(qwen3Template(), fixture.get("cases"));
    }

    @TestFactory
    Stream<DynamicTest> reproducesQwen3ToolCallGoldens() throws IOException {
        return goldenCases(qwen3Template(), resource("qwen3-extra.json").get("cases"));
    }

    @TestFactory
    Stream<DynamicTest> reproducesRandomQwen3Conversations() throws IOException {
        return goldenCases(qwen3Template(), resource("qwen3-random.json").get("cases"));
    }

    @TestFactory
    Stream<DynamicTest> reproducesQwen25StyleGoldens() throws IOException {
        JsonNode file = resource("qwen25-style.json");
        return goldenCases(ChatTemplate.compile(file.get("template").asText()), file.get("cases"));
    }

    @TestFactory
    Stream<DynamicTest> matchesPythonJinjaFeatureByFeature() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : resource("jinja-semantics.json").get("cases")) {
            tests.add(
                    DynamicTest.dynamicTest(
                            c.get("name").asText(),
                            () -> {
                                ChatTemplate t = ChatTemplate.compile(c.get("template").asText());
                                @SuppressWarnings("unchecked")
                                Map<String, Object> vars =
                                        JSON.convertValue(c.get("variables"), Map.class);
                                if (c.has("error")) {
                                    TemplateException e =
                                            assertThrows(
                                                    TemplateException.class,
                                                    () -> t.renderVariables(vars));
                                    String python = c.get("error").asText();
                                    String reason = python.substring(python.indexOf(": ") + 2);
                                    assertTrue(
                                            e.getMessage().contains(reason),
                                            "expected an error containing <"
                                                    + reason
                                                    + ">, got <"
                                                    + e.getMessage()
                                                    + ">");
                                } else {
                                    assertSameText(
                                            c.get("expected").asText(), t.renderVariables(vars));
                                }
                            }));
        }
        return tests.stream();
    }

    @Test
    void qwen25StyleTemplateRendersDefaultSystemPrompt() {
        // The Qwen2.5-Instruct template's no-tools branch, verbatim; expected text by hand:
        // no system message, so the default one is inserted, then the user turn and the prompt.
        String source =
                "{%- if messages[0]['role'] == 'system' %}\n"
                    + "    {{- '<|im_start|>system\\n"
                    + "' + messages[0]['content'] + '<|im_end|>\\n"
                    + "' }}\n"
                    + "{%- else %}\n"
                    + "    {{- '<|im_start|>system\\n"
                    + "You are Qwen, created by Alibaba Cloud. You are a helpful"
                    + " assistant.<|im_end|>\\n"
                    + "' }}\n"
                    + "{%- endif %}\n"
                    + "{%- for message in messages %}\n"
                    + "    {%- if (message.role == \"user\") or (message.role == \"system\" and not"
                    + " loop.first) or (message.role == \"assistant\" and not message.tool_calls)"
                    + " %}\n"
                    + "        {{- '<|im_start|>' + message.role + '\\n"
                    + "' + message.content + '<|im_end|>' + '\\n"
                    + "' }}\n"
                    + "    {%- endif %}\n"
                    + "{%- endfor %}\n"
                    + "{%- if add_generation_prompt %}\n"
                    + "    {{- '<|im_start|>assistant\\n"
                    + "' }}\n"
                    + "{%- endif %}\n";
        String rendered =
                ChatTemplate.compile(source)
                        .render(
                                List.of(
                                        Map.of("role", "user", "content", "2+2?"),
                                        Map.of("role", "assistant", "content", "4")),
                                null,
                                true,
                                Map.of());
        assertEquals(
                "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful"
                        + " assistant.<|im_end|>\n<|im_start|>user\n2+2?<|im_end|>\n"
                        + "<|im_start|>assistant\n4<|im_end|>\n<|im_start|>assistant\n",
                rendered);
    }

    @Test
    void syntaxErrorNamesTheLine() {
        TemplateException e =
                assertThrows(
                        TemplateException.class,
                        () -> ChatTemplate.compile("ok\n{% if x %}\nno endif"));
        assertTrue(e.getMessage().contains("line"), e.getMessage());
        assertTrue(e.getMessage().contains("endif"), e.getMessage());
    }

    @Test
    void unsupportedTagIsRejectedAtCompileTime() {
        TemplateException e =
                assertThrows(
                        TemplateException.class,
                        () -> ChatTemplate.compile("{% include 'x.j2' %}"));
        assertTrue(e.getMessage().contains("include"), e.getMessage());
    }

    @Test
    void reservedExtraVariableIsRejected() {
        ChatTemplate t = ChatTemplate.compile("{{ messages|length }}");
        assertThrows(
                IllegalArgumentException.class,
                () -> t.render(List.of(), null, false, Map.of("messages", List.of())));
        assertEquals("0", t.render(List.of(), null, false, null));
    }
}
