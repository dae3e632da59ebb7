package dev.agent0.examples.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.ChatTemplate;
import dev.agent0.core.tokenize.HfTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Samples a continuation from a local Hugging Face Qwen2/Qwen3 folder.
 *
 * <pre>
 * agent0 generate --model DIR --prompt TEXT [--chat] [--max-new-tokens N] [--temperature T]
 *                 [--top-p P] [--top-k K] [--seed S] [--stop STR]...
 * agent0 generate --model DIR --ids 1,2,3 ...          (no tokenizer.json needed)
 * </pre>
 *
 * Prints {@code {"prompt_ids":[...], "ids":[...], "text":"...", "logprobs":[...],
 * "stop_reason":"..."}}; logs go to stderr.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description =
                "Generate a continuation with a local Qwen2/Qwen3 checkpoint (JSON on stdout).")
final class GenerateCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            required = true,
            description = "HF folder: config.json, *.safetensors, tokenizer.json.")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--prompt", description = "Prompt text (needs tokenizer.json).")
        String prompt;

        @Option(names = "--ids", split = ",", description = "Prompt token ids, comma-separated.")
        int[] ids;
    }

    @Option(
            names = "--chat",
            description = "Wrap the prompt as one user message with the chat template.")
    boolean chat;

    @Option(
            names = "--enable-thinking",
            arity = "1",
            description = "enable_thinking for --chat (default: template's).")
    Boolean enableThinking;

    @Option(
            names = "--max-new-tokens",
            defaultValue = "64",
            description = "Default: ${DEFAULT-VALUE}.")
    int maxNewTokens;

    @Option(
            names = "--temperature",
            defaultValue = "0",
            description = "0 = greedy. Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(
            names = "--top-p",
            defaultValue = "1.0",
            description = "Nucleus mass. Default: ${DEFAULT-VALUE}.")
    double topP;

    @Option(
            names = "--top-k",
            defaultValue = "0",
            description = "0 disables. Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Sampler seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--stop", description = "Stop string (repeatable); kept in the text.")
    List<String> stop = new ArrayList<>();

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or auto.")
    String device;

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (IllegalArgumentException | dev.agent0.core.model.CheckpointFormatException e) {
            System.err.println("agent0 generate: " + e.getMessage());
            return 2;
        }
    }

    private int run() throws Exception {
        Agent0Runtime rt =
                Agent0Runtime.init(RuntimeOptions.defaults().withDevice(device).withSeed(seed));
        HfTokenizer tokenizer =
                Files.isRegularFile(model.resolve(HfTokenizer.TOKENIZER_FILE))
                        ? HfTokenizer.load(model)
                        : null;
        int[] promptIds = promptIds(tokenizer);
        try (NDManager manager = NDManager.newBaseManager(rt.device());
                QwenModel qwen = new QwenModel(QwenWeights.load(model, manager))) {
            List<Integer> eos = new ArrayList<>(qwen.config().eosTokenIds());
            if (tokenizer != null) {
                tokenizer
                        .eosTokenId()
                        .ifPresent(
                                id -> {
                                    if (!eos.contains(id)) {
                                        eos.add(id);
                                    }
                                });
            }
            GenerationConfig cfg =
                    new GenerationConfig(
                            maxNewTokens,
                            new SamplingConfig(temperature, topK, topP, seed),
                            stop,
                            eos);
            GenerationResult r =
                    new Generator(qwen, tokenizer).generate(List.of(promptIds), cfg).get(0);
            ObjectMapper json = new ObjectMapper();
            ObjectNode out = json.createObjectNode();
            var p = out.putArray("prompt_ids");
            for (int id : promptIds) {
                p.add(id);
            }
            var ids = out.putArray("ids");
            for (int id : r.tokenIds()) {
                ids.add(id);
            }
            out.put("text", tokenizer == null ? null : r.text());
            var lps = out.putArray("logprobs");
            for (float lp : r.logProbs()) {
                lps.add(lp);
            }
            out.put("stop_reason", r.stopReason().name());
            System.out.println(json.writeValueAsString(out));
        } finally {
            if (tokenizer != null) {
                tokenizer.close();
            }
        }
        return 0;
    }

    private int[] promptIds(HfTokenizer tokenizer) {
        if (input.ids != null) {
            if (chat) {
                throw new IllegalArgumentException("--chat needs --prompt, not --ids");
            }
            return input.ids;
        }
        if (tokenizer == null) {
            throw new IllegalArgumentException(
                    "--prompt needs "
                            + model.resolve(HfTokenizer.TOKENIZER_FILE)
                            + " (not found); pass --ids instead");
        }
        String text = input.prompt;
        if (chat) {
            ChatTemplate template =
                    tokenizer
                            .chatTemplate()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    model.resolve(HfTokenizer.CONFIG_FILE)
                                                            + " has no chat_template"));
            text =
                    template.render(
                            List.of(Map.of("role", "user", "content", input.prompt)),
                            null,
                            true,
                            enableThinking == null
                                    ? Map.of()
                                    : Map.of("enable_thinking", enableThinking));
        }
        return tokenizer.encode(text);
    }
}
