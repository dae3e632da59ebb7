package dev.agent0.core.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agent0.core.tokenize.JinjaNode.Stmt;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Hugging Face chat template (Jinja2 source from {@code tokenizer_config.json}), rendered as
 * transformers' {@code apply_chat_template(..., tokenize=False)} renders it.
 *
 * <p>Runs on a focused interpreter for the Jinja2 subset chat templates use (see
 * docs/chat-template.md): Jinja2's sandbox configured as transformers configures it ({@code
 * trim_blocks}, {@code lstrip_blocks}, {@code loopcontrols}, {@code tojson} = {@code
 * json.dumps(ensure_ascii=False)}, {@code raise_exception}). The template is parsed once; {@link
 * #render} is thread-safe and has no side effects.
 */
public final class ChatTemplate {
    private static final Set<String> RESERVED =
            Set.of("messages", "tools", "documents", "add_generation_prompt");

    private final List<Stmt> program;
    private final Map<String, Object> constants;

    private ChatTemplate(List<Stmt> program, Map<String, Object> constants) {
        this.program = program;
        this.constants = constants;
    }

    /**
     * Parses {@code source} with no special-token variables.
     *
     * @throws TemplateException on a syntax error or an unsupported tag, naming the line
     */
    public static ChatTemplate compile(String source) {
        return new ChatTemplate(JinjaParser.parse(source), Map.of());
    }

    /**
     * The template of {@code config}, with its special tokens ({@code bos_token}, {@code
     * eos_token}, {@code pad_token}, {@code unk_token}, {@code additional_special_tokens}) defined
     * as transformers passes them: only those the config sets.
     *
     * @throws IllegalArgumentException when the config has no {@code chat_template}
     */
    public static ChatTemplate fromConfig(TokenizerConfig config) {
        String source =
                config.chatTemplate()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "tokenizer_config.json has no chat_template"));
        Map<String, Object> constants = new HashMap<>();
        config.bosToken().ifPresent(t -> constants.put("bos_token", t));
        config.eosToken().ifPresent(t -> constants.put("eos_token", t));
        config.padToken().ifPresent(t -> constants.put("pad_token", t));
        config.unkToken().ifPresent(t -> constants.put("unk_token", t));
        if (!config.additionalSpecialTokens().isEmpty()) {
            constants.put(
                    "additional_special_tokens", List.copyOf(config.additionalSpecialTokens()));
        }
        return new ChatTemplate(JinjaParser.parse(source), Map.copyOf(constants));
    }

    /**
     * Renders a conversation.
     *
     * @param messages chat messages ({@code role}, {@code content}, optional {@code tool_calls},
     *     {@code reasoning_content}, ...): maps, lists, strings, numbers, booleans and nulls; maps
     *     keep their order.
     * @param tools tool schemas, or null for none (the template sees {@code None}).
     * @param addGenerationPrompt append the assistant header that starts a reply.
     * @param extraVars further template variables, e.g. {@code enable_thinking}; they override
     *     special tokens; may be null or empty.
     * @return the prompt text, exactly as {@code apply_chat_template(tokenize=False)} returns it
     * @throws TemplateException when rendering fails or the template calls {@code raise_exception}
     * @throws IllegalArgumentException when {@code extraVars} redefines {@code messages}, {@code
     *     tools}, {@code documents} or {@code add_generation_prompt}
     */
    public String render(
            List<? extends Map<String, ?>> messages,
            List<? extends Map<String, ?>> tools,
            boolean addGenerationPrompt,
            Map<String, ?> extraVars) {
        if (messages == null) {
            throw new IllegalArgumentException("messages = null");
        }
        Map<String, Object> vars = new LinkedHashMap<>(constants);
        if (extraVars != null) {
            for (Map.Entry<String, ?> e : extraVars.entrySet()) {
                if (RESERVED.contains(e.getKey())) {
                    throw new IllegalArgumentException("extraVars may not redefine " + e.getKey());
                }
                vars.put(e.getKey(), PyValues.fromJava(e.getValue()));
            }
        }
        vars.put("messages", PyValues.fromJava(messages));
        vars.put("tools", tools == null ? null : PyValues.fromJava(tools));
        vars.put("documents", null);
        vars.put("add_generation_prompt", addGenerationPrompt);
        return renderVariables(vars);
    }

    /**
     * {@link #render} for messages and tools held as Jackson arrays ({@code tools} may be null).
     */
    public String render(
            JsonNode messages,
            JsonNode tools,
            boolean addGenerationPrompt,
            Map<String, ?> extraVars) {
        if (messages == null || !messages.isArray()) {
            throw new IllegalArgumentException("messages must be a JSON array");
        }
        if (tools != null && !tools.isNull() && !tools.isArray()) {
            throw new IllegalArgumentException("tools must be a JSON array or null");
        }
        @SuppressWarnings("unchecked")
        List<Map<String, ?>> m = (List<Map<String, ?>>) PyValues.fromJava(messages);
        @SuppressWarnings("unchecked")
        List<Map<String, ?>> t =
                tools == null || tools.isNull()
                        ? null
                        : (List<Map<String, ?>>) PyValues.fromJava(tools);
        return render(m, t, addGenerationPrompt, extraVars);
    }

    /** Renders with exactly {@code variables} (plus the globals), for templates of any kind. */
    public String renderVariables(Map<String, ?> variables) {
        JinjaScope root = new JinjaScope(null);
        JinjaGlobals.install(root);
        variables.forEach((k, v) -> root.set(k, PyValues.fromJava(v)));
        StringBuilder out = new StringBuilder();
        JinjaNode.execAll(program, root.child(), out);
        return out.toString();
    }
}
