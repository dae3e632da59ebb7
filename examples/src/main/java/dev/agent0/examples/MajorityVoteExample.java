package dev.agent0.examples;

import ai.djl.ndarray.NDManager;
import dev.agent0.core.agent.BoxedAnswer;
import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.eval.consistency.SelfConsistency;
import dev.agent0.eval.consistency.Vote;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Samples k answers from a local Qwen checkpoint and takes the majority vote: the pseudo-label ỹ
 * and self-consistency p̂ that Agent0 curates executor data with.
 *
 * <pre>
 * java -cp examples/target/agent0.jar dev.agent0.examples.MajorityVoteExample MODEL_DIR [k]
 * </pre>
 *
 * Prints the k boxed answers, ỹ and p̂. MODEL_DIR is a Hugging Face folder (config.json,
 * *.safetensors, tokenizer.json, tokenizer_config.json with a chat template).
 */
public final class MajorityVoteExample {
    private MajorityVoteExample() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Agent0Runtime rt = Agent0Runtime.init(RuntimeOptions.defaults().withSeed(7));
        try (NDManager manager = NDManager.newBaseManager(rt.device());
                HfTokenizer tokenizer = HfTokenizer.load(dir);
                QwenModel model = new QwenModel(QwenWeights.load(dir, manager))) {
            String prompt =
                    tokenizer
                            .chatTemplate()
                            .orElseThrow()
                            .render(
                                    List.of(
                                            Map.of(
                                                    "role",
                                                    "user",
                                                    "content",
                                                    "What is 17*23? Put the answer in \\boxed{}.")),
                                    null,
                                    true,
                                    Map.of());
            GenerationConfig sampling =
                    GenerationConfig.defaults()
                            .withMaxNewTokens(256)
                            .withEosTokenIds(model.config().eosTokenIds());
            List<GenerationResult> samples =
                    new Generator(model, tokenizer)
                            .generate(Collections.nCopies(k, tokenizer.encode(prompt)), sampling);
            List<String> answers =
                    samples.stream().map(r -> BoxedAnswer.last(r.text()).orElse("")).toList();
            Vote vote = new SelfConsistency().vote(answers); // grouped by value equivalence
            System.out.println(
                    answers + " -> majority " + vote.majorityAnswer() + ", p̂ = " + vote.pHat());
        }
    }
}
