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
 * What the loop needs besides its config: the tokenizer and chat format shared by both agents, the
 * end-of-turn ids, the tool sandbox and how a model generates.
 *
 * @param tokenizer    encodes prompts and observations, decodes responses
 * @param tokenizerDir copied into every checkpoint so it is a complete Hugging Face folder (may be
 *                     null: no copy)
 * @param format       chat template rendering
 * @param eosTokenIds  ids that end an assistant turn
 * @param sandbox      runs the executor's code; null only when {@code executor.multiTurn} is false
 * @param generators   how a model generates: {@code m -> TurnGenerator.sessions(new Generator(m, tok))}
 *                     for real runs, scripted turns in tests
 */
public record SelfPlayWorld(TextTokenizer tokenizer, Path tokenizerDir, PromptFormat format, List<Integer> eosTokenIds,
        Sandbox sandbox, Function<QwenModel, TurnGenerator.Factory> generators) {
    public SelfPlayWorld {
        eosTokenIds = List.copyOf(eosTokenIds);
    }
}
