package dev.agent0.examples.cli;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.generate.LogProbScorer;
import dev.agent0.core.lora.PeftAdapterFiles;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.HfTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scores a token sequence under a local Qwen2/Qwen3 checkpoint.
 *
 * <pre>
 * agent0 score --model DIR [--adapter ADIR] (--text TEXT | --ids 1,2,3) [--logits]
 * </pre>
 *
 * With {@code --adapter} the sequence is scored by the model with that LoRA adapter (a PEFT folder:
 * adapter_model.safetensors + adapter_config.json) over it, without merging.
 *
 * <p>Prints {@code {"ids":[...], "logprobs":[null, ...], "logits":[[...],...]}}: {@code
 * logprobs[i]} is log p(ids[i] | ids[&lt;i]) for i ≥ 1; {@code logits} (only with --logits) holds
 * the final-layer logits at every position.
 */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = "Per-token log-probs (and optionally logits) of a sequence (JSON on stdout).")
final class ScoreCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            required = true,
            description = "HF folder: config.json, *.safetensors[, tokenizer.json].")
    Path model;

    @Option(
            names = "--adapter",
            description =
                    "A LoRA adapter folder (PEFT: adapter_model.safetensors, adapter_config.json).")
    Path adapter;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--text", description = "Text to score (needs tokenizer.json).")
        String text;

        @Option(names = "--ids", split = ",", description = "Token ids, comma-separated.")
        int[] ids;
    }

    @Option(names = "--logits", description = "Also print the logits at every position.")
    boolean logits;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or auto.")
    String device;

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (IllegalArgumentException | dev.agent0.core.model.CheckpointFormatException e) {
            System.err.println("agent0 score: " + e.getMessage());
            return 2;
        }
    }

    private int run() throws Exception {
        Agent0Runtime rt = Agent0Runtime.init(RuntimeOptions.defaults().withDevice(device));
        int[] ids = input.ids;
        if (ids == null) {
            try (HfTokenizer tokenizer = HfTokenizer.load(model)) {
                ids = tokenizer.encode(input.text);
            }
        }
        if (ids.length == 0) {
            throw new IllegalArgumentException("nothing to score: the input has no tokens");
        }
        JniUtils.setGradMode(false);
        try (NDManager manager = NDManager.newBaseManager(rt.device());
                QwenModel base = new QwenModel(QwenWeights.load(model, manager))) {
            QwenModel qwen =
                    adapter == null
                            ? base
                            : base.withAdapter(
                                    PeftAdapterFiles.load(
                                            adapter, base.config(), manager, base.dtype()));
            NDList out = new LogProbScorer(qwen).forward(manager, List.of(ids), logits);
            float[] lp = out.get(0).toFloatArray();
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            ArrayNode idArray = root.putArray("ids");
            for (int id : ids) {
                idArray.add(id);
            }
            ArrayNode lps = root.putArray("logprobs");
            lps.addNull();
            for (int i = 1; i < ids.length; i++) {
                lps.add(lp[i]);
            }
            if (logits) {
                float[] l = out.get(1).toFloatArray();
                int v = qwen.config().vocabSize();
                ArrayNode rows = root.putArray("logits");
                for (int t = 0; t < ids.length; t++) {
                    ArrayNode row = rows.addArray();
                    for (int j = 0; j < v; j++) {
                        row.add(l[t * v + j]);
                    }
                }
            }
            System.out.println(json.writeValueAsString(root));
        }
        return 0;
    }
}
