package dev.agent0.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agent0.core.agent.PromptFormat;
import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.ChatTemplate;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.rl.selfplay.RunDirectory;
import dev.agent0.rl.selfplay.SelfPlayConfig;
import dev.agent0.rl.selfplay.SelfPlayLoop;
import dev.agent0.rl.selfplay.SelfPlayWorld;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import dev.agent0.sandbox.local.PythonSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Training script for a real Hugging Face checkpoint (e.g. Qwen3-4B-Base on a GPU): both agents
 * start from the same base, the executor's prompts use the checkpoint's chat template, tool code
 * runs in the local sandbox with sympy and numpy preloaded.
 *
 * <pre>
 * java -cp examples/target/agent0.jar dev.agent0.examples.RealCheckpointSelfPlay \
 *      configs/qwen3-4b-base.yaml /models/Qwen3-4B-Base runs/qwen3-4b [gpu|cpu|auto]
 * </pre>
 *
 * Re-running with the same run folder resumes it. The device defaults to {@code auto} (the first
 * GPU when the PyTorch natives have CUDA, else the CPU); see docs/gpu.md for the CUDA natives. On a
 * 2-core CPU use the tiny world instead ({@link TinyWorldSelfPlay}).
 */
public final class RealCheckpointSelfPlay {
    private RealCheckpointSelfPlay() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println(
                    "usage: RealCheckpointSelfPlay CONFIG.yaml MODEL_DIR RUN_DIR [gpu|cpu|auto]");
            System.exit(2);
        }
        Path model = Path.of(args[1]);
        Path out = Path.of(args[2]);
        String device = args.length > 3 ? args[3] : "auto";

        // 1. The config, with both agents and the tokenizer pointing at the one base checkpoint.
        ObjectNode tree =
                (ObjectNode)
                        new ObjectMapper(new YAMLFactory())
                                .readTree(Files.readString(Path.of(args[0])));
        ObjectNode models =
                tree.get("models") instanceof ObjectNode m ? m : tree.putObject("models");
        models.put("tokenizer", model.toString())
                .put("curriculum", model.toString())
                .put("executor", model.toString());
        SelfPlayConfig config = SelfPlayConfig.fromTree(tree);
        Agent0Runtime rt =
                Agent0Runtime.init(
                        RuntimeOptions.defaults().withSeed(config.seed()).withDevice(device));

        // 2. The world: chat template, end-of-turn ids, sandbox, real KV-cached generation.
        RunDirectory run = RunDirectory.open(out, config.toTree());
        LocalSandboxConfig sandboxConfig =
                LocalSandboxConfig.defaults().withPreloadModules(config.sandbox().preload());
        try (HfTokenizer tokenizer = HfTokenizer.load(model);
                PythonSandbox sandbox =
                        PythonSandbox.start(
                                sandboxConfig.withLimits(
                                        sandboxConfig
                                                .limits()
                                                .withWallTimeMillis(
                                                        Math.round(
                                                                config.sandbox().timeoutSeconds()
                                                                        * 1000))))) {
            ChatTemplate template =
                    tokenizer
                            .chatTemplate()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    model
                                                            + ": tokenizer_config.json has no chat"
                                                            + " template"));
            List<Integer> eos = new ArrayList<>();
            tokenizer.eosTokenId().ifPresent(eos::add);
            tokenizer
                    .tokenId("<|im_end|>")
                    .ifPresent(
                            id -> {
                                if (!eos.contains(id)) {
                                    eos.add(id);
                                }
                            });
            PromptFormat chat = PromptFormat.of(template, Map.of());
            SelfPlayWorld world =
                    new SelfPlayWorld(
                            tokenizer,
                            model,
                            chat,
                            eos,
                            sandbox,
                            m -> TurnGenerator.sessions(new Generator(m, tokenizer)));

            // 3. T iterations: curriculum GRPO -> curation -> executor ADPO; checkpoints in
            // RUN_DIR/iter-t.
            int units = new SelfPlayLoop(config, world, run, rt.device()).run();
            System.out.println("done: " + units + " units in " + out.toAbsolutePath());
        }
    }
}
