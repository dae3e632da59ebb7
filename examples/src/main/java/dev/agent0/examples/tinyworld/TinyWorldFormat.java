package dev.agent0.examples.tinyworld;

import dev.agent0.core.agent.PromptFormat;

/**
 * The tiny world's two roles as text (TINY-WORLD.md "Formats"), wrapped in the project's turn
 * markers so the agents' usual code paths (stop at {@code ```output}, end at {@code <|im_end|>})
 * apply unchanged.
 *
 * <pre>
 * executor:   &lt;|im_start|&gt;Q: 37+58*2\n | \boxed{153}&lt;|im_end|&gt;
 *             &lt;|im_start|&gt;Q: 37+58*2\n | ```python\nprint(37+58*2)\n```\n```output[\n153\n```\n]\boxed{153}&lt;|im_end|&gt;
 * curriculum: &lt;|im_start|&gt;G:\n         | &lt;question&gt;37+58*2&lt;/question&gt;&lt;|im_end|&gt;
 * </pre>
 *
 * The bar separates prompt from response; brackets mark the observation the sandbox appends (loss
 * mask 0). System prompts do not exist in this world: both formats ignore them.
 */
public final class TinyWorldFormat {
    public static final String BOS = "<|im_start|>";
    public static final String EOS = "<|im_end|>";
    public static final String PAD = "<|endoftext|>";

    /** Executor prompt: {@code <|im_start|>Q: <problem>\n}. */
    public static final PromptFormat EXECUTOR = (system, problem) -> executorPrompt(problem);

    /** Curriculum prompt: {@code <|im_start|>G:\n}; the request text is implied by the role. */
    public static final PromptFormat CURRICULUM = (system, request) -> curriculumPrompt();

    private TinyWorldFormat() {}

    public static String executorPrompt(String problem) {
        return BOS + "Q: " + problem + "\n";
    }

    public static String curriculumPrompt() {
        return BOS + "G:\n";
    }

    /** The code part of a tool turn, up to and including the stop marker. */
    public static String toolCall(String expression) {
        return "```python\nprint(" + expression + ")\n```\n```output";
    }

    /** What the sandbox appends after {@code ```output} for a printed value. */
    public static String observation(String printed) {
        return "\n" + printed + "\n```\n";
    }

    /** The final answer and end of turn. */
    public static String answer(String value) {
        return "\\boxed{" + value + "}" + EOS;
    }

    /** A curriculum response. */
    public static String question(String expression) {
        return "<question>" + expression + "</question>" + EOS;
    }
}
