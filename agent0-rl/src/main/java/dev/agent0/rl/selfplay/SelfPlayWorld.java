package dev.agent0.rl.selfplay;

import dev.agent0.core.agent.PromptFormat;
import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.tokenize.TextTokenizer;
import dev.agent0.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * What the loop needs besides its config: the tokenizer and chat formats of the two agents, the
 * end-of-turn ids, the tool sandbox, how a model generates and (optionally) how to evaluate.
 *
 * @param tokenizer encodes prompts and observations, decodes responses
 * @param tokenizerDir copied into every checkpoint so it is a complete Hugging Face folder (may be
 *     null: no copy)
 * @param format the executor's prompt rendering (chat template)
 * @param curriculumFormat the curriculum's prompt rendering; real checkpoints use the same chat
 *     template as the executor, the tiny world its own role prefix
 * @param eosTokenIds ids that end an assistant turn
 * @param sandbox runs the executor's code; null only when {@code executor.rollout.multiTurn} is
 *     false
 * @param generators how a model generates: {@code m -> TurnGenerator.sessions(new Generator(m,
 *     tok))} for real runs, scripted turns in tests
 * @param evaluator measures the executor before training and after each iteration; null for none
 */
public record SelfPlayWorld(
        TextTokenizer tokenizer,
        Path tokenizerDir,
        PromptFormat format,
        PromptFormat curriculumFormat,
        List<Integer> eosTokenIds,
        Sandbox sandbox,
        Function<QwenModel, TurnGenerator.Factory> generators,
        IterationEvaluator evaluator) {
    public SelfPlayWorld {
        eosTokenIds = List.copyOf(eosTokenIds);
        if (curriculumFormat == null) {
            curriculumFormat = format;
        }
    }

    /** One chat format for both agents and no evaluator. */
    public SelfPlayWorld(
            TextTokenizer tokenizer,
            Path tokenizerDir,
            PromptFormat format,
            List<Integer> eosTokenIds,
            Sandbox sandbox,
            Function<QwenModel, TurnGenerator.Factory> generators) {
        this(tokenizer, tokenizerDir, format, format, eosTokenIds, sandbox, generators, null);
    }
}
