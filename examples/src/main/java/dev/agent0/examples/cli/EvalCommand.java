package dev.agent0.examples.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.agent.ExecutorConfig;
import dev.agent0.core.agent.PromptFormat;
import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.CheckpointFormatException;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.ChatTemplate;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.core.tokenize.TemplateException;
import dev.agent0.core.tokenize.TokenizerFileException;
import dev.agent0.eval.grade.PercentPolicy;
import dev.agent0.eval.grade.ValueEquivalence;
import dev.agent0.eval.grade.ValueGraderConfig;
import dev.agent0.eval.harness.ChatSolverConfig;
import dev.agent0.eval.harness.DatasetException;
import dev.agent0.eval.harness.Datasets;
import dev.agent0.eval.harness.EvalReport;
import dev.agent0.eval.harness.EvalRunner;
import dev.agent0.eval.harness.FieldMapping;
import dev.agent0.eval.harness.LocalModelSolver;
import dev.agent0.eval.harness.OpenAiChatSolver;
import dev.agent0.eval.harness.Problem;
import dev.agent0.eval.harness.Solver;
import dev.agent0.sandbox.SandboxUnavailableException;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import dev.agent0.sandbox.local.PythonSandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs GSM8K, MATH-500 or a JSONL benchmark against an OpenAI-compatible server, or against a local
 * checkpoint with the executor's tool loop.
 *
 * <pre>
 * agent0 eval --dataset gsm8k|math500|jsonl --data PATH --endpoint URL --model-name NAME
 *             [--k N] [--limit N] --out DIR
 * agent0 eval --dataset ... --data PATH --model DIR [--temperature 0] [--max-tokens N]
 *             [--max-tool-calls N] [--observation-tokens N] [--single-turn] [--sandbox-workers N] --out DIR
 * </pre>
 *
 * Writes DIR/results.jsonl (resumable), DIR/report.json and DIR/report.md, and prints the report
 * JSON on stdout. With {@code --model DIR} (config.json, safetensors, tokenizer.json,
 * tokenizer_config.json with a chat template) each problem's k samples are one batch of the
 * executor's multi-turn rollout, Python running in the local sandbox pool.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description =
                "Evaluate a model on GSM8K / MATH-500 / JSONL: pass@1, maj@k, pass@k (report JSON"
                        + " on stdout).")
final class EvalCommand implements Callable<Integer> {
    enum DatasetKind {
        gsm8k,
        math500,
        jsonl
    }

    @Option(names = "--dataset", required = true, description = "${COMPLETION-CANDIDATES}")
    DatasetKind dataset;

    @Option(names = "--data", required = true, description = "The data file (JSONL).")
    Path data;

    @Option(
            names = "--model",
            description =
                    "Local checkpoint folder (HF layout); solves with the executor's tool loop.")
    Path model;

    @Option(
            names = "--max-tool-calls",
            defaultValue = "4",
            description = "--model: tool calls per rollout (default: ${DEFAULT-VALUE}).")
    int maxToolCalls;

    @Option(
            names = "--observation-tokens",
            defaultValue = "512",
            description =
                    "--model: observations keep their last N tokens (default: ${DEFAULT-VALUE}).")
    int observationTokens;

    @Option(
            names = "--single-turn",
            description = "--model: no tool execution (the single-turn ablation).")
    boolean singleTurn;

    @Option(
            names = "--sandbox-workers",
            defaultValue = "0",
            description = "--model: sandbox worker processes; 0 = one per core (default).")
    int sandboxWorkers;

    @Option(
            names = "--endpoint",
            description = "OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1.")
    URI endpoint;

    @Option(names = "--model-name", description = "Model name the server serves.")
    String modelName;

    @Option(
            names = "--k",
            defaultValue = "1",
            description = "Samples per problem (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(
            names = "--limit",
            defaultValue = "0",
            description = "First N problems only; 0 = all (default).")
    int limit;

    @Option(
            names = "--out",
            required = true,
            description = "Output folder; an existing results.jsonl is resumed.")
    Path out;

    @Option(
            names = "--temperature",
            defaultValue = "0.6",
            description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(
            names = "--max-tokens",
            defaultValue = "4096",
            description = "Completion token cap (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Base sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--api-key-env",
            defaultValue = "OPENAI_API_KEY",
            description =
                    "Environment variable holding a bearer token, if set (default:"
                            + " ${DEFAULT-VALUE}).")
    String apiKeyEnv;

    @Option(
            names = "--percent",
            defaultValue = "STRIP",
            description = "Value grader's \\%% policy (default: ${DEFAULT-VALUE}).")
    PercentPolicy percent;

    @Option(
            names = "--question-field",
            defaultValue = "question",
            description = "jsonl: question field.")
    String questionField;

    @Option(names = "--answer-field", defaultValue = "answer", description = "jsonl: answer field.")
    String answerField;

    @Option(
            names = "--id-field",
            defaultValue = "",
            description = "jsonl: id field (default: line number).")
    String idField;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        if (model != null && endpoint != null) {
            return fail("give either --model DIR or --endpoint URL, not both");
        }
        if (model == null && (endpoint == null || modelName == null)) {
            return fail("give --model DIR, or --endpoint URL and --model-name NAME");
        }
        try {
            List<Problem> problems =
                    switch (dataset) {
                        case gsm8k -> Datasets.gsm8k(data);
                        case math500 -> Datasets.math(data);
                        case jsonl ->
                                Datasets.jsonl(
                                        data,
                                        FieldMapping.defaults()
                                                .withQuestion(questionField)
                                                .withAnswer(answerField)
                                                .withId(idField));
                    };
            if (model != null) {
                return runLocal(problems);
            }
            String key = System.getenv(apiKeyEnv);
            ChatSolverConfig cfg =
                    ChatSolverConfig.defaults(endpoint, modelName)
                            .withTemperature(temperature)
                            .withMaxTokens(maxTokens)
                            .withSeed(seed)
                            .withApiKey(key == null ? "" : key);
            return report(problems, new OpenAiChatSolver(cfg));
        } catch (IllegalArgumentException | DatasetException e) {
            return fail(e.getMessage());
        }
    }

    private int report(List<Problem> problems, Solver solver) throws IOException {
        EvalRunner runner =
                new EvalRunner(
                        new ValueEquivalence(ValueGraderConfig.defaults().withPercent(percent)),
                        !noProgress);
        EvalReport report = runner.run(dataset.name(), problems, solver, k, limit, out);
        System.out.println(
                new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(report));
        return 0;
    }

    /** --model DIR: the checkpoint, its tokenizer and chat template, the executor's tool loop. */
    private int runLocal(List<Problem> problems) throws IOException {
        Agent0Runtime rt = Agent0Runtime.init(RuntimeOptions.defaults().withSeed(seed));
        ExecutorConfig config =
                ExecutorConfig.defaults()
                        .withGroupSize(k)
                        .withSampling(new SamplingConfig(temperature, 0, 1.0, seed))
                        .withResponseBudget(maxTokens)
                        .withMaxToolCalls(maxToolCalls)
                        .withObservationTokens(observationTokens)
                        .withMultiTurn(!singleTurn);
        try (HfTokenizer tokenizer = HfTokenizer.load(model);
                NDManager manager = NDManager.newBaseManager(rt.device());
                QwenModel qwen = new QwenModel(QwenWeights.load(model, manager));
                PythonSandbox sandbox = singleTurn ? null : startSandbox()) {
            ChatTemplate template =
                    tokenizer
                            .chatTemplate()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    model.resolve(HfTokenizer.CONFIG_FILE)
                                                            + ": no chat_template; the executor's"
                                                            + " prompt needs one"));
            List<Integer> eos = new ArrayList<>(qwen.config().eosTokenIds());
            tokenizer.eosTokenId().ifPresent(eos::add);
            tokenizer.tokenId("<|im_end|>").ifPresent(eos::add); // end of the assistant turn
            ExecutorAgent executor =
                    new ExecutorAgent(
                            TurnGenerator.sessions(new Generator(qwen, tokenizer)),
                            tokenizer,
                            PromptFormat.of(template, Map.of()),
                            sandbox,
                            eos.stream().distinct().toList(),
                            config);
            return report(
                    problems, new LocalModelSolver(model.getFileName().toString(), executor, seed));
        } catch (UncheckedIOException
                | CheckpointFormatException
                | TokenizerFileException
                | TemplateException e) {
            return fail(e.getMessage());
        }
    }

    private PythonSandbox startSandbox() {
        LocalSandboxConfig cfg = LocalSandboxConfig.defaults();
        if (sandboxWorkers > 0) {
            cfg = cfg.withWorkers(sandboxWorkers);
        }
        try {
            return PythonSandbox.start(cfg);
        } catch (SandboxUnavailableException e) {
            throw new IllegalArgumentException(
                    "cannot start the Python sandbox ("
                            + e.getMessage()
                            + "); --single-turn evaluates without tools");
        }
    }

    private static int fail(String message) {
        System.err.println("agent0 eval: " + message);
        return 2;
    }
}
