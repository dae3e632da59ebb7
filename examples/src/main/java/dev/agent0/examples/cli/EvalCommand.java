package dev.agent0.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.agent0.eval.grade.PercentPolicy;
import dev.agent0.eval.grade.ValueEquivalence;
import dev.agent0.eval.grade.ValueGraderConfig;
import dev.agent0.eval.harness.ChatSolverConfig;
import dev.agent0.eval.harness.DatasetException;
import dev.agent0.eval.harness.Datasets;
import dev.agent0.eval.harness.EvalReport;
import dev.agent0.eval.harness.EvalRunner;
import dev.agent0.eval.harness.FieldMapping;
import dev.agent0.eval.harness.OpenAiChatSolver;
import dev.agent0.eval.harness.Problem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs GSM8K, MATH-500 or a JSONL benchmark against an OpenAI-compatible server.
 *
 * <pre>
 * agent0 eval --dataset gsm8k|math500|jsonl --data PATH --endpoint URL --model-name NAME
 *             [--k N] [--limit N] --out DIR
 * </pre>
 *
 * Writes DIR/results.jsonl (resumable), DIR/report.json and DIR/report.md, and prints the report
 * JSON on stdout. {@code --model DIR} (a local checkpoint) is not available yet.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model on GSM8K / MATH-500 / JSONL: pass@1, maj@k, pass@k (report JSON on stdout).")
final class EvalCommand implements Callable<Integer> {
    enum DatasetKind { gsm8k, math500, jsonl }

    @Option(names = "--dataset", required = true, description = "${COMPLETION-CANDIDATES}")
    DatasetKind dataset;

    @Option(names = "--data", required = true, description = "The data file (JSONL).")
    Path data;

    @Option(names = "--model", description = "Local checkpoint folder (not available yet).")
    Path model;

    @Option(names = "--endpoint", description = "OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1.")
    URI endpoint;

    @Option(names = "--model-name", description = "Model name the server serves.")
    String modelName;

    @Option(names = "--k", defaultValue = "1", description = "Samples per problem (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--limit", defaultValue = "0", description = "First N problems only; 0 = all (default).")
    int limit;

    @Option(names = "--out", required = true, description = "Output folder; an existing results.jsonl is resumed.")
    Path out;

    @Option(names = "--temperature", defaultValue = "0.6", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--max-tokens", defaultValue = "4096", description = "Completion token cap (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--seed", defaultValue = "0", description = "Base sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--api-key-env", defaultValue = "OPENAI_API_KEY",
            description = "Environment variable holding a bearer token, if set (default: ${DEFAULT-VALUE}).")
    String apiKeyEnv;

    @Option(names = "--percent", defaultValue = "STRIP", description = "Value grader's \\%% policy (default: ${DEFAULT-VALUE}).")
    PercentPolicy percent;

    @Option(names = "--question-field", defaultValue = "question", description = "jsonl: question field.")
    String questionField;

    @Option(names = "--answer-field", defaultValue = "answer", description = "jsonl: answer field.")
    String answerField;

    @Option(names = "--id-field", defaultValue = "", description = "jsonl: id field (default: line number).")
    String idField;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        if (model != null) {
            return fail("--model " + model + ": the local-model solver is not available yet (it needs the core "
                    + "model's generation and the executor's tool loop). Serve the model with an "
                    + "OpenAI-compatible server and use --endpoint URL --model-name NAME.");
        }
        if (endpoint == null || modelName == null) {
            return fail("give --endpoint URL and --model-name NAME");
        }
        try {
            List<Problem> problems = switch (dataset) {
                case gsm8k -> Datasets.gsm8k(data);
                case math500 -> Datasets.math(data);
                case jsonl -> Datasets.jsonl(data, FieldMapping.defaults().withQuestion(questionField)
                        .withAnswer(answerField).withId(idField));
            };
            String key = System.getenv(apiKeyEnv);
            ChatSolverConfig cfg = ChatSolverConfig.defaults(endpoint, modelName).withTemperature(temperature)
                    .withMaxTokens(maxTokens).withSeed(seed).withApiKey(key == null ? "" : key);
            EvalRunner runner = new EvalRunner(new ValueEquivalence(ValueGraderConfig.defaults().withPercent(percent)),
                    !noProgress);
            EvalReport report = runner.run(dataset.name(), problems, new OpenAiChatSolver(cfg), k, limit, out);
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            return 0;
        } catch (IllegalArgumentException | DatasetException e) {
            return fail(e.getMessage());
        }
    }

    private static int fail(String message) {
        System.err.println("agent0 eval: " + message);
        return 2;
    }
}
