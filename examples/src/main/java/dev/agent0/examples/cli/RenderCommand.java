package dev.agent0.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.core.runtime.OfflineMode;
import dev.agent0.core.tokenize.ChatTemplate;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.core.tokenize.TemplateException;
import dev.agent0.core.tokenize.TokenizerConfig;
import dev.agent0.core.tokenize.TokenizerFileException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Renders a conversation with a model's chat template, for debugging templates.
 *
 * <pre>
 * agent0 render --model DIR --messages chat.json [--tools tools.json] [--no-generation-prompt]
 *               [--enable-thinking true|false] [--json]
 * </pre>
 *
 * Prints the prompt exactly as {@code apply_chat_template(tokenize=False)} would (UTF-8, no newline
 * added). With {@code --json} it prints {@code {"prompt": ..., "ids": [...]}} instead, the ids from
 * the model's {@code tokenizer.json}.
 */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description =
                "Render chat messages with the model's chat template (tokenizer_config.json).")
final class RenderCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--model",
            required = true,
            description =
                    "Model directory holding tokenizer_config.json (and tokenizer.json for"
                            + " --json).")
    Path model;

    @Option(
            names = "--messages",
            required = true,
            description = "JSON file: a list of chat messages.")
    Path messages;

    @Option(names = "--tools", description = "JSON file: a list of tool schemas.")
    Path tools;

    @Option(names = "--no-generation-prompt", description = "Do not append the assistant header.")
    boolean noGenerationPrompt;

    @Option(
            names = "--enable-thinking",
            arity = "1",
            paramLabel = "true|false",
            description = "Pass enable_thinking to the template (not passed when omitted).")
    Boolean enableThinking;

    @Option(
            names = "--json",
            description = "Print {\"prompt\": ..., \"ids\": [...]} instead of the raw prompt.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        OfflineMode.enforce();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try {
            JsonNode chat = readList(messages);
            JsonNode toolList = tools == null ? null : readList(tools);
            Map<String, Object> extra = new HashMap<>();
            if (enableThinking != null) {
                extra.put("enable_thinking", enableThinking);
            }
            if (!json) {
                ChatTemplate template =
                        ChatTemplate.fromConfig(
                                TokenizerConfig.read(model.resolve(HfTokenizer.CONFIG_FILE)));
                out.print(template.render(chat, toolList, !noGenerationPrompt, extra));
                out.flush();
                return 0;
            }
            try (HfTokenizer tokenizer = HfTokenizer.load(model)) {
                ChatTemplate template =
                        tokenizer
                                .chatTemplate()
                                .orElseThrow(
                                        () ->
                                                new IllegalArgumentException(
                                                        model.resolve(HfTokenizer.CONFIG_FILE)
                                                                + ": no chat_template"));
                String prompt = template.render(chat, toolList, !noGenerationPrompt, extra);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("prompt", prompt);
                result.put("ids", tokenizer.encode(prompt));
                out.println(JSON.writeValueAsString(result));
                return 0;
            }
        } catch (TokenizerFileException | TemplateException | IllegalArgumentException e) {
            System.err.println("agent0 render: " + e.getMessage());
            return 1;
        }
    }

    private static JsonNode readList(Path file) {
        JsonNode node;
        try {
            node = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    file + ": cannot read as JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException(
                    file
                            + ": expected a JSON list, found "
                            + (node == null ? "nothing" : node.getNodeType()));
        }
        return node;
    }
}
