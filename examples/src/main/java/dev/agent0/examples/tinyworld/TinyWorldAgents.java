package dev.agent0.examples.tinyworld;

import dev.agent0.core.agent.CurriculumAgent;
import dev.agent0.core.agent.CurriculumConfig;
import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.PromptFormat;
import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.tokenize.TextTokenizer;
import dev.agent0.sandbox.Sandbox;
import java.util.List;
import java.util.function.Function;

/**
 * What it takes to run the tiny world's two roles on a given model, for measurements outside the
 * training loop (held-out evaluation, the pre-RL gate).
 *
 * @param tokenizer the tiny-world tokenizer
 * @param executorFormat renders a problem into the executor prompt ({@code <|im_start|>Q: …\n})
 * @param curriculumFormat renders the curriculum prompt ({@code <|im_start|>G:\n})
 * @param eosTokenIds ids that end a turn ({@code <|im_end|>})
 * @param sandbox runs the executor's tool code; not closed here; never null (the tool loop is
 *     always on: the tool rate is one of the measurements)
 * @param generators how a model generates; {@link #of} uses the real KV-cached sessions
 */
public record TinyWorldAgents(
        TextTokenizer tokenizer,
        PromptFormat executorFormat,
        PromptFormat curriculumFormat,
        List<Integer> eosTokenIds,
        Sandbox sandbox,
        Function<QwenModel, TurnGenerator.Factory> generators) {
    public TinyWorldAgents {
        if (tokenizer == null
                || executorFormat == null
                || curriculumFormat == null
                || generators == null) {
            throw new IllegalArgumentException(
                    "tokenizer, executorFormat, curriculumFormat and generators "
                            + "must be non-null");
        }
        if (sandbox == null) {
            throw new IllegalArgumentException(
                    "sandbox is null: evaluation runs the tool loop, and tool "
                            + "code never runs unsandboxed");
        }
        eosTokenIds = List.copyOf(eosTokenIds);
        if (eosTokenIds.isEmpty()) {
            throw new IllegalArgumentException(
                    "eosTokenIds is empty: rollouts would never end a turn");
        }
    }

    /** Real generation: {@code m -> TurnGenerator.sessions(new Generator(m, tokenizer))}. */
    public static TinyWorldAgents of(
            TextTokenizer tokenizer,
            PromptFormat executorFormat,
            PromptFormat curriculumFormat,
            List<Integer> eosTokenIds,
            Sandbox sandbox) {
        return new TinyWorldAgents(
                tokenizer,
                executorFormat,
                curriculumFormat,
                eosTokenIds,
                sandbox,
                m -> TurnGenerator.sessions(new Generator(m, tokenizer)));
    }

    /** The executor on {@code model} with the tool loop on. */
    public ExecutorAgent executor(
            QwenModel model, EvaluationRollout rollout, SamplingConfig sampling) {
        return new ExecutorAgent(
                generators.apply(model),
                tokenizer,
                executorFormat,
                sandbox,
                eosTokenIds,
                rollout.executorConfig(sampling));
    }

    /** The curriculum role on {@code model}. */
    public CurriculumAgent curriculum(QwenModel model, int maxNewTokens, SamplingConfig sampling) {
        CurriculumConfig config =
                CurriculumConfig.defaults()
                        .withMaxNewTokens(maxNewTokens)
                        .withSampling(sampling)
                        .withSystemPrompt("")
                        .withUserPrompt("");
        return new CurriculumAgent(
                generators.apply(model), tokenizer, curriculumFormat, eosTokenIds, config);
    }
}
