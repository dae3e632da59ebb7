package dev.agent0.core.agent;

import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.StopReason;
import dev.agent0.core.tokenize.TextTokenizer;
import dev.agent0.sandbox.CodeRequest;
import dev.agent0.sandbox.ExecutionResult;
import dev.agent0.sandbox.Sandbox;
import dev.agent0.sandbox.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The executor agent: solves problems with multi-turn tool-integrated reasoning, all inside one
 * assistant turn (AGENT0-SPEC.md section 3).
 *
 * <p>A rollout generates until end of turn or the stop string {@code ```output}; a turn that
 * stopped there has its {@code ```python} blocks joined and run in the sandbox (no state between
 * calls), and the observation {@code "\n" + result + "\n```\n"} (its last N tokens) is appended
 * with loss mask 0 before generation resumes from the cached prefix. Every problem × sample of a
 * call is one row of one batch; the sandbox runs all rows that stopped in a round concurrently.
 *
 * <p>Departure from the reference: observation tokens count toward the response budget, and an
 * observation that would overflow it is cut there and ends the rollout ({@link RolloutEnd#BUDGET}).
 * Unlike the reference, code never runs unsandboxed: multi-turn rollouts require a sandbox.
 */
public final class ExecutorAgent {
    private final TurnGenerator.Factory generators;
    private final TextTokenizer tokenizer;
    private final PromptFormat format;
    private final Sandbox sandbox;
    private final List<Integer> eosTokenIds;
    private final ExecutorConfig config;

    /**
     * @param generators opens one batched generation per {@link #solve} call
     * @param tokenizer encodes prompts and observations, decodes responses
     * @param format renders (system prompt, problem) into the prompt text
     * @param sandbox runs the tool code; not closed here; may be null only when {@code
     *     config.multiTurn()} is false
     * @param eosTokenIds ids that end the assistant turn (EOS / {@code <|im_end|>})
     * @param config rollout settings
     */
    public ExecutorAgent(
            TurnGenerator.Factory generators,
            TextTokenizer tokenizer,
            PromptFormat format,
            Sandbox sandbox,
            List<Integer> eosTokenIds,
            ExecutorConfig config) {
        if (config.multiTurn() && sandbox == null) {
            throw new IllegalArgumentException(
                    "sandbox is null but config.multiTurn() is true: tool code is never run"
                        + " unsandboxed (use withMultiTurn(false) for the single-turn ablation)");
        }
        this.generators = generators;
        this.tokenizer = tokenizer;
        this.format = format;
        this.sandbox = sandbox;
        this.eosTokenIds = List.copyOf(eosTokenIds);
        this.config = config;
    }

    public ExecutorConfig config() {
        return config;
    }

    /**
     * {@link #solve(List, int, long)} with G = {@code config.groupSize()} and the config's seed.
     */
    public List<Trajectory> solve(List<String> problems) {
        return solve(problems, config.groupSize(), config.sampling().seed());
    }

    /**
     * Rolls out {@code samples} trajectories per problem in one batch (or consecutive blocks of at
     * most {@link TurnGenerator.Factory#maxRows} rows, each a whole multi-turn rollout, with the
     * same draws).
     *
     * @param problems the user messages (problem statements); not empty
     * @param samples rollouts per problem, at least 1
     * @param seed sampling seed; row r = problem · samples + sample draws from stream (seed, r)
     * @return problem-major: trajectory {@code p · samples + s} is sample s of problem p
     */
    public List<Trajectory> solve(List<String> problems, int samples, long seed) {
        if (problems.isEmpty() || samples < 1) {
            throw new IllegalArgumentException(
                    "problems.size() = "
                            + problems.size()
                            + ", samples = "
                            + samples
                            + ": need at least one of each");
        }
        // 1. Prompts: system prompt + problem + generation prompt, one row per problem × sample.
        List<RolloutBuffer> rows = new ArrayList<>();
        List<int[]> prompts = new ArrayList<>();
        for (int p = 0; p < problems.size(); p++) {
            int[] prompt = tokenizer.encode(format.render(config.systemPrompt(), problems.get(p)));
            for (int s = 0; s < samples; s++) {
                rows.add(new RolloutBuffer(p, s, prompt, config.responseBudget()));
                prompts.add(prompt);
            }
        }
        int capacity =
                prompts.stream().mapToInt(x -> x.length).max().orElseThrow()
                        + config.cacheColumns();
        // Blocks of rows that fit the cache limit run one after the other, each a whole rollout.
        int block = generators.maxRows(capacity);
        for (int first = 0; first < rows.size(); first += block) {
            int end = Math.min(rows.size(), first + block);
            rollOut(rows.subList(first, end), prompts.subList(first, end), first, seed, capacity);
        }
        // 6. The answer is the last \boxed{} of each response.
        return rows.stream().map(r -> r.toTrajectory(tokenizer)).toList();
    }

    /** The multi-turn rollout of one block of rows, whose first row is row {@code first}. */
    private void rollOut(
            List<RolloutBuffer> rows, List<int[]> prompts, int first, long seed, int capacity) {
        try (TurnGenerator turns =
                generators.start(
                        prompts, generationConfig(seed).withFirstStream(first), capacity)) {
            // 2. Generate every row until end of turn, "```output" or the budget.
            List<GenerationResult> round = turns.generate();
            while (true) {
                // 3. Record the round; rows that asked for a tool call (and may) wait for the
                // sandbox.
                List<Integer> waiting = record(rows, round);
                if (waiting.isEmpty()) {
                    break;
                }
                // 4. Run their programs together; append each observation (mask 0) and resume.
                boolean resumed = runTools(rows, round, waiting, turns);
                if (!resumed) {
                    break; // every observation used up its row's budget
                }
                // 5. Only rows with an appended observation continue, from their cached prefix.
                round = turns.generate();
            }
        }
    }

    private GenerationConfig generationConfig(long seed) {
        return new GenerationConfig(
                config.responseBudget(),
                config.sampling().withSeed(seed),
                config.multiTurn() ? List.of(ToolCode.OUTPUT_MARKER) : List.of(),
                eosTokenIds);
    }

    /** Adds each active row's tokens; ends finished rows; returns the rows wanting a tool call. */
    private List<Integer> record(List<RolloutBuffer> rows, List<GenerationResult> round) {
        List<Integer> waiting = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            GenerationResult g = round.get(r);
            RolloutBuffer row = rows.get(r);
            if (g.stopReason() == StopReason.INACTIVE || row.end != null) {
                continue;
            }
            boolean fits = row.addGenerated(g.tokenIds(), g.logProbs(), g.samplingLogProbs());
            if (!fits || row.remaining() == 0) {
                row.end = RolloutEnd.BUDGET;
                continue;
            }
            row.end =
                    switch (g.stopReason()) {
                        case EOS -> RolloutEnd.END_OF_TURN;
                        case MAX_NEW_TOKENS -> RolloutEnd.BUDGET;
                        case CAPACITY -> RolloutEnd.CAPACITY;
                        case STOP_STRING ->
                                row.toolCalls.size() >= config.maxToolCalls()
                                        ? RolloutEnd.TOOL_LIMIT
                                        : null;
                        case INACTIVE -> throw new IllegalStateException("unreachable");
                    };
            if (row.end == null) {
                waiting.add(r);
            }
        }
        return waiting;
    }

    /** Runs the waiting rows' programs; true if any row was resumed. */
    private boolean runTools(
            List<RolloutBuffer> rows,
            List<GenerationResult> round,
            List<Integer> waiting,
            TurnGenerator turns) {
        List<String> programs = new ArrayList<>();
        List<CodeRequest> requests = new ArrayList<>();
        for (int r : waiting) {
            // The round's text is exactly this turn: everything since the last observation.
            String program = ToolCode.program(round.get(r).text());
            programs.add(program);
            if (!program.isEmpty()) {
                requests.add(CodeRequest.of(program));
            }
        }
        List<ExecutionResult> results = requests.isEmpty() ? List.of() : sandbox.runAll(requests);
        int next = 0;
        boolean resumed = false;
        for (int i = 0; i < waiting.size(); i++) {
            int r = waiting.get(i);
            String program = programs.get(i);
            ExecutionResult result = program.isEmpty() ? null : results.get(next++);
            resumed |= appendObservation(rows.get(r), r, program, result, turns);
        }
        return resumed;
    }

    /** Appends one tool call's observation; true if the row resumes generating. */
    private boolean appendObservation(
            RolloutBuffer row, int r, String program, ExecutionResult result, TurnGenerator turns) {
        Status status;
        String output;
        if (result == null) {
            status = null; // nothing ran
            output =
                    ToolCode.observation("", "Error: no complete ```python block before ```output");
        } else {
            status = result.status();
            output = ToolCode.observation(result.stdout(), result.stderr() + limitNote(result));
        }
        int[] obs = tokenizer.encode(output);
        int full = obs.length;
        // Keep the LAST N tokens: the end of a traceback says what went wrong.
        if (obs.length > config.observationTokens()) {
            obs = Arrays.copyOfRange(obs, obs.length - config.observationTokens(), obs.length);
        }
        if (obs.length >= row.remaining()) {
            obs = Arrays.copyOf(obs, row.remaining());
            row.end = RolloutEnd.BUDGET;
        }
        row.addObservation(obs);
        row.toolCalls.add(new ToolCall(program, status, output, obs.length, obs.length < full));
        if (row.end != null) {
            return false;
        }
        turns.append(r, obs);
        return true;
    }

    /** What the model is told when a limit, not the program, ended the run. */
    private static String limitNote(ExecutionResult result) {
        String sep = result.stderr().isEmpty() || result.stderr().endsWith("\n") ? "" : "\n";
        return switch (result.status()) {
            case OK, RUNTIME_ERROR -> "";
            case TIMEOUT -> sep + "TimeoutError: execution time limit exceeded";
            case MEMORY -> sep + "MemoryError: memory limit exceeded";
            case OUTPUT_LIMIT -> sep + "Error: output limit exceeded";
            case SANDBOX_ERROR -> sep + "Sandbox error: " + result.error();
        };
    }
}
