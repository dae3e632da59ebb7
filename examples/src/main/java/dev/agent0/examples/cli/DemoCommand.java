package dev.agent0.examples.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.ModelType;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.model.TensorDType;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.examples.tinyworld.ArithmeticProblem;
import dev.agent0.examples.tinyworld.DifficultyLevel;
import dev.agent0.examples.tinyworld.ProblemGenerator;
import dev.agent0.examples.tinyworld.TinyWorldTokenizer;
import dev.agent0.sandbox.CodeRequest;
import dev.agent0.sandbox.ExecutionResult;
import dev.agent0.sandbox.local.PythonSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The small end-to-end demo that runs until the tiny-world self-play demo ships: every moving
 * part of an executor rollout on the embedded tiny world, with a randomly initialised model.
 *
 * <pre>
 * agent0 demo [--out DIR] [--seed S] [--batch N]
 * </pre>
 *
 * Writes the tiny-world tokenizer and a random tiny Qwen3 as a Hugging Face folder, loads it back,
 * samples a batch of executor turns with the KV cache (stop string {@code ```output}), and runs
 * each problem's {@code print(...)} in the sandbox, checking the tool's answer against the exact
 * value. The model is untrained, so its text is noise: the demo shows the machinery, not skill.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Small end-to-end demo on the embedded tiny world (random weights): "
                + "tokenizer, checkpoint, batched generation, sandboxed tool calls.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Folder for the demo checkpoint (default: a temp folder).")
    Path out;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of weights, problems and sampling. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "N", description = "Problems sampled at once. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            System.err.println("agent0 demo: --batch = " + batch + ", must be >= 1");
            return 2;
        }
        Agent0Runtime rt = Agent0Runtime.init(RuntimeOptions.defaults().withSeed(seed));
        Path dir = out != null ? out : Files.createTempDirectory("agent0-demo");
        Files.createDirectories(dir);

        // 1. The tiny world's tokenizer, as an ordinary Hugging Face tokenizer.json.
        ObjectMapper json = new ObjectMapper();
        Files.writeString(dir.resolve(HfTokenizer.TOKENIZER_FILE),
                json.writeValueAsString(TinyWorldTokenizer.tokenizerJson(json)));
        Files.writeString(dir.resolve(HfTokenizer.CONFIG_FILE),
                "{\"eos_token\": \"<|im_end|>\", \"pad_token\": \"<|endoftext|>\"}");
        int vocab = TinyWorldTokenizer.vocabulary().size();
        int eos = TinyWorldTokenizer.vocabulary().get("<|im_end|>");
        ProblemGenerator problems = new ProblemGenerator(seed);
        List<ArithmeticProblem> tasks = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            tasks.add(problems.next(DifficultyLevel.values()[i % DifficultyLevel.values().length]));
        }

        try (NDManager manager = NDManager.newBaseManager(rt.device());
                HfTokenizer tokenizer = HfTokenizer.load(dir)) {
            // 2. A random tiny Qwen3 (TINY-WORLD.md shape), saved as a checkpoint and loaded back.
            QwenConfig config = new QwenConfig(ModelType.QWEN3, 128, 336, 4, 4, 2, 32, 1e-6, 10_000,
                    vocab, true, 512, false, TensorDType.F32, -1, List.of(eos));
            QwenWeights.random(config, seed, 0.02, manager).save(dir, TensorDType.F32, Long.MAX_VALUE);
            System.out.printf("checkpoint: %s (%d-token vocabulary)%n", dir, vocab);
            try (QwenModel model = new QwenModel(QwenWeights.load(dir, manager))) {
                // 3. One batch of executor turns: sample until EOS or the tool stop string.
                List<int[]> prompts = new ArrayList<>();
                for (ArithmeticProblem p : tasks) {
                    prompts.add(tokenizer.encode("Q: " + p.expression() + "\n"));
                }
                GenerationConfig gen = new GenerationConfig(48,
                        new SamplingConfig(1.0, 0, 1.0, seed), List.of("```output"), List.of(eos));
                long t0 = System.nanoTime();
                List<GenerationResult> turns = new Generator(model, tokenizer).generate(prompts, gen);
                double seconds = (System.nanoTime() - t0) / 1e9;
                int tokens = turns.stream().mapToInt(r -> r.tokenIds().length).sum();
                System.out.printf("generated %d tokens for %d prompts in %.2f s (%.0f tokens/s)%n",
                        tokens, batch, seconds, tokens / seconds);
                for (int i = 0; i < batch; i++) {
                    System.out.printf("  Q: %-22s -> %s [%s]%n", tasks.get(i).expression(),
                            json.writeValueAsString(turns.get(i).text()), turns.get(i).stopReason());
                }
            }
        }

        // 4. The tool: each problem's print(...) runs in the sandbox, concurrently.
        try (PythonSandbox sandbox = PythonSandbox.start()) {
            List<CodeRequest> calls = new ArrayList<>();
            for (ArithmeticProblem p : tasks) {
                calls.add(CodeRequest.of("print(" + p.expression() + ")"));
            }
            List<ExecutionResult> results = sandbox.runAll(calls);
            int right = 0;
            for (int i = 0; i < batch; i++) {
                String printed = results.get(i).stdout().strip();
                right += printed.equals(Long.toString(tasks.get(i).value())) ? 1 : 0;
            }
            System.out.printf("sandbox (%s isolation): %d/%d tool answers equal the exact value%n",
                    sandbox.tier(), right, batch);
            System.out.println("The weights are random: this shows the machinery. The tiny-world "
                    + "self-play demo (pretrained base + Agent0 loop) replaces it.");
            return right == batch ? 0 : 1;
        }
    }
}
