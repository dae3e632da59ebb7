package dev.agent0.core.agent;

import dev.agent0.core.tokenize.ChatTemplate;
import java.util.List;
import java.util.Map;

/**
 * Turns a system prompt and a user message into the prompt text that ends where the assistant's
 * reply begins.
 *
 * <p>Real checkpoints use their tokenizer's chat template ({@link #of(ChatTemplate, Map)}); the
 * tiny world and tests pass their own lambda.
 */
@FunctionalInterface
public interface PromptFormat {
    /**
     * The prompt text for one conversation.
     *
     * @param systemPrompt the system message; empty for none
     * @param user the user message (a problem, or the curriculum's request)
     */
    String render(String systemPrompt, String user);

    /**
     * Renders {@code [system, user]} (the system message omitted when empty) with the generation
     * prompt appended, as {@code apply_chat_template(add_generation_prompt=True)}.
     *
     * @param template the checkpoint's chat template
     * @param extraVars further template variables, e.g. {@code enable_thinking}; may be empty
     */
    static PromptFormat of(ChatTemplate template, Map<String, ?> extraVars) {
        Map<String, ?> vars = Map.copyOf(extraVars);
        return (system, user) -> {
            List<Map<String, String>> messages =
                    system.isEmpty()
                            ? List.of(Map.of("role", "user", "content", user))
                            : List.of(
                                    Map.of("role", "system", "content", system),
                                    Map.of("role", "user", "content", user));
            return template.render(messages, null, true, vars);
        };
    }
}
