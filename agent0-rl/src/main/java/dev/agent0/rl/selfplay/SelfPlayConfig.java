package dev.agent0.rl.selfplay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.agent.CurriculumConfig;
import dev.agent0.core.agent.ExecutorConfig;
import dev.agent0.core.engine.CompletionsEngineConfig;
import dev.agent0.core.lora.LoraConfig;
import dev.agent0.core.model.ModelType;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.model.TensorDType;
import dev.agent0.core.runtime.ByteSize;
import dev.agent0.rl.optim.LrSchedule;
import dev.agent0.rl.reward.CurriculumRewardConfig;
import dev.agent0.rl.train.PolicyTrainerConfig;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a self-play run needs (AGENT0-SPEC.md sections 1–4), loaded from YAML or JSON.
 *
 * <p>One vocabulary: the sections are the library's own configuration records, composed, not copied
 * — the curriculum's problem writing is a {@link CurriculumConfig}, the executor's rollout an
 * {@link ExecutorConfig}, both agents' updates a {@link PolicyTrainerConfig}, curation a {@link
 * CurationConfig}, the curriculum reward a {@link CurriculumRewardConfig}. A key in a file is a
 * component name of those records (e.g. {@code executor.trainer.loss.klCoef}), and each default is
 * written once, in {@link #defaults()} or the record's own {@code defaults()}: the defaults are the
 * paper's reference run; the tiny-world configs in {@code configs/} override what they shrink.
 *
 * <p>A few components are derived from the run rather than set ({@link SelfPlayConfigFiles} lists
 * them): every sampler and shuffle seed comes from the root {@code seed}, and a cosine schedule's
 * {@code totalSteps} is the run's number of updates. Loading rejects an unknown key, a derived key,
 * a value of the wrong type or out of range, naming the field by its dotted path.
 *
 * @param seed root seed of every sampler and shuffle. Default 0.
 * @param iterations T, co-evolution iterations. Default 3 (paper).
 * @param models where the two initial policies and the tokenizer come from
 * @param curriculum the curriculum's GRPO phase
 * @param curation the curated set: N problems, k votes each, the p̂ band
 * @param executor the executor's ADPO phase
 * @param reward the curriculum reward's weights and ablation switches
 * @param sandbox Python tool limits and preloaded modules
 * @param extensions AGENT0-SPEC.md section 7: tool-consistency guard and tool-grounded vote
 * @param monitors collapse monitors: loss-spike threshold, the optional early stop, and the stop
 *     after a streak of skipped (NaN/∞) updates
 * @param memory the memory the run may use (the planner checks it) and the KV-cache cap that splits
 *     a generation batch
 * @param engine where rollouts are generated: in this process, or on OpenAI-compatible servers
 */
public record SelfPlayConfig(
        long seed,
        int iterations,
        Models models,
        CurriculumPhase curriculum,
        CurationConfig curation,
        ExecutorPhase executor,
        CurriculumRewardConfig reward,
        Sandbox sandbox,
        Extensions extensions,
        Monitors monitors,
        Memory memory,
        Engine engine) {

    public SelfPlayConfig {
        check(iterations >= 1, "iterations = " + iterations + ", must be >= 1");
        check(
                models != null
                        && curriculum != null
                        && curation != null
                        && executor != null
                        && reward != null
                        && sandbox != null
                        && extensions != null
                        && monitors != null
                        && memory != null
                        && engine != null,
                "every section must be present");
        check(
                curriculum.batchSize() % curriculum.groupSize() == 0,
                "curriculum.batchSize = "
                        + curriculum.batchSize()
                        + " must be a multiple of curriculum.groupSize = "
                        + curriculum.groupSize());
        check(
                !engine.isHttp() || models.finetune() == FineTuning.LORA,
                "engine.type = http needs models.finetune: LORA (servers load adapters at run time;"
                        + " vLLM cannot reload full weights)");
        check(
                executor.trainer().miniBatches() <= executor.rollout().groupSize(),
                "executor.trainer.miniBatches = "
                        + executor.trainer().miniBatches()
                        + " must be <= executor.rollout.groupSize = "
                        + executor.rollout().groupSize()
                        + ": a step may hold a single curated problem, i.e. groupSize "
                        + "rollouts");
    }

    /**
     * Where the agents start and what they train.
     *
     * @param tokenizer folder with tokenizer.json / tokenizer_config.json, or {@code tiny-world}:
     *     the tokenizer shipped with the tiny-world base, which {@code agent0 train} resolves (a
     *     Java caller builds the {@link SelfPlayWorld} and passes its own tokenizer). Default
     *     tiny-world.
     * @param curriculum initial curriculum: a Hugging Face folder, {@code tiny-world}, or {@code
     *     random} for a fixture-shaped random model with the tokenizer's vocabulary. A config file
     *     must name it. Default (Java) random.
     * @param executor initial executor, same choices; with {@code finetune: LORA} the same model as
     *     the curriculum (the shared base). A config file must name it. Default (Java) random.
     * @param randomSeed weight seed of {@code random} models and of fresh adapters' A. Default 0.
     * @param finetune {@link FineTuning#FULL} (every weight, one copy per agent) or {@link
     *     FineTuning#LORA} (one frozen base, an adapter per agent). Default FULL.
     * @param lora the adapters' rank, alpha, dropout and target projections, read with {@code
     *     finetune: LORA}. Default {@link LoraConfig#defaults()} (r 16, alpha 32, all seven).
     */
    public record Models(
            String tokenizer,
            String curriculum,
            String executor,
            long randomSeed,
            FineTuning finetune,
            LoraConfig lora) {
        public Models {
            check(tokenizer != null && !tokenizer.isBlank(), "tokenizer must not be blank");
            check(
                    curriculum != null && !curriculum.isBlank(),
                    "curriculum must be a folder, tiny-world or random");
            check(
                    executor != null && !executor.isBlank(),
                    "executor must be a folder, tiny-world or random");
            check(finetune != null && lora != null, "finetune and lora must be present");
            check(
                    finetune != FineTuning.LORA || curriculum.equals(executor),
                    "executor = '"
                            + executor
                            + "' must equal curriculum = '"
                            + curriculum
                            + "' with finetune: LORA (both adapters sit on one shared base)");
        }

        /**
         * The shape of a {@code random} model: the qwen3-tiny fixture's (hidden 64, 2 layers, 4/2
         * heads of 32) with the given vocabulary.
         */
        public static QwenConfig randomShape(int vocab) {
            return new QwenConfig(
                    ModelType.QWEN3,
                    64,
                    128,
                    2,
                    4,
                    2,
                    32,
                    1e-6,
                    1_000_000,
                    vocab,
                    true,
                    40960,
                    false,
                    TensorDType.F32,
                    -1,
                    List.of());
        }
    }

    /**
     * The curriculum's phase of an iteration (AGENT0-SPEC.md section 2).
     *
     * @param steps GRPO steps per iteration. Default 5 (reference).
     * @param batchSize B, problems written per step; a multiple of groupSize. Default 128.
     * @param groupSize G, samples per GRPO group. Default 4 (reference).
     * @param k frozen-executor answers per problem for p̂. Default 10 (reference).
     * @param train false is the untrained-curriculum ablation: problems come from the initial
     *     curriculum, which is never updated. Default true.
     * @param generation how problems are written (sampling, token budget, prompts). Default {@link
     *     CurriculumConfig#defaults()}.
     * @param trainer the GRPO update. Default {@link PolicyTrainerConfig#curriculumDefaults()}.
     */
    public record CurriculumPhase(
            int steps,
            int batchSize,
            int groupSize,
            int k,
            boolean train,
            CurriculumConfig generation,
            PolicyTrainerConfig trainer) {
        public CurriculumPhase {
            atLeast("steps", steps, 1);
            atLeast("batchSize", batchSize, 1);
            atLeast("groupSize", groupSize, 1);
            atLeast("k", k, 1);
            check(generation != null && trainer != null, "generation and trainer must be present");
        }

        /** Steps that train: none in the untrained-curriculum ablation. */
        public int trainedSteps() {
            return train ? steps : 0;
        }
    }

    /**
     * The executor's phase of an iteration (AGENT0-SPEC.md sections 3–4).
     *
     * @param steps ADPO steps per iteration. Default 62 (about one pass over the ~40 % of 8,000
     *     problems that curation keeps, at 128 per step).
     * @param problemsPerStep curated problems per step (reference 128); the steps cycle through the
     *     curated set. Default 128.
     * @param rollout the multi-turn tool rollout (G, tool calls, budgets, sampling). Default {@link
     *     ExecutorConfig#defaults()}.
     * @param trainer the ADPO update. Default {@link PolicyTrainerConfig#executorDefaults()}.
     */
    public record ExecutorPhase(
            int steps, int problemsPerStep, ExecutorConfig rollout, PolicyTrainerConfig trainer) {
        public ExecutorPhase {
            atLeast("steps", steps, 1);
            atLeast("problemsPerStep", problemsPerStep, 1);
            check(rollout != null && trainer != null, "rollout and trainer must be present");
        }
    }

    /**
     * @param timeoutSeconds wall-clock limit per tool call; > 0. Default 5.
     * @param preload Python modules each sandbox server imports once at start, so snippets import
     *     them for free; a missing module fails the start. Default the sandbox's own ({@code
     *     [sympy, numpy]}); the tiny world needs none.
     */
    public record Sandbox(double timeoutSeconds, List<String> preload) {
        public Sandbox {
            check(
                    timeoutSeconds > 0 && Double.isFinite(timeoutSeconds),
                    "timeoutSeconds = " + timeoutSeconds + ", must be finite and > 0");
            check(preload != null, "preload must be a list of module names");
            for (String m : preload) {
                check(
                        m != null && m.matches("[A-Za-z_][A-Za-z0-9_.]*"),
                        "preload entry '" + m + "' is not a Python module name");
            }
            preload = List.copyOf(preload);
        }
    }

    /**
     * The extensions of AGENT0-SPEC.md section 7 that change which answers vote and earn reward;
     * reproducing the paper means both false (and {@code loss.klLogRatioClamp: 20}, verl's value,
     * in both trainers).
     *
     * @param toolConsistencyGuard an executor answer that is not value-equivalent to the output its
     *     last successful tool call printed gets no vote (curation ỹ and p̂, the curriculum's p̂)
     *     and reward 0 in executor training ({@link ToolConsistencyGuard}). Paper false; default
     *     true (tiny world: prevents the late drift onto wrong majorities).
     * @param toolGroundedVote when some of a problem's k answers are supported by their own tool
     *     output, ỹ is the majority among those only (p̂ still counts all k) ({@link
     *     ToolGroundedVote}). Paper false; default false.
     */
    public record Extensions(boolean toolConsistencyGuard, boolean toolGroundedVote) {}

    /**
     * Collapse monitors (AGENT0-SPEC.md section 7), logged once per iteration.
     *
     * @param lossSpikeThreshold an executor step whose loss exceeds this (or is NaN) counts as a
     *     spike; > 0. Default 10 (a healthy tiny-world loss is below 1; the prototype's spike was
     *     707).
     * @param earlyStop stop the run, cleanly and for good, when the kept fraction of an iteration's
     *     curation falls below minKeptFraction. Default false.
     * @param minKeptFraction the early-stop threshold on kept / N, in [0, 1]. Default 0.25 (the
     *     prototype's drift set in once fewer than ~25 % of problems passed).
     * @param maxSkippedUpdatesInARow stop the run, cleanly and for good, once this many optimiser
     *     updates in a row (across both agents' trainer steps) were skipped because the loss or the
     *     gradient norm was NaN/∞ ({@link SkippedUpdateStreak}); >= 0, 0 = never stop. Not gated by
     *     earlyStop. Default 8: a few isolated non-finite updates (one bad mini-batch) are
     *     tolerated, since a skipped update changes no weight; a streak means the weights
     *     themselves diverged, and every further step would only burn compute on the same NaN.
     */
    public record Monitors(
            double lossSpikeThreshold,
            boolean earlyStop,
            double minKeptFraction,
            int maxSkippedUpdatesInARow) {
        public Monitors {
            check(
                    lossSpikeThreshold > 0 && Double.isFinite(lossSpikeThreshold),
                    "lossSpikeThreshold = " + lossSpikeThreshold + ", must be finite and > 0");
            check(
                    minKeptFraction >= 0 && minKeptFraction <= 1,
                    "minKeptFraction = " + minKeptFraction + ", must be in [0, 1]");
            atLeast("maxSkippedUpdatesInARow", maxSkippedUpdatesInARow, 0);
        }
    }

    /**
     * How much memory the run may use, and how generation stays inside it (docs/memory.md).
     *
     * @param budget the memory the run may occupy at its peak, which {@code agent0 plan} and {@code
     *     agent0 train} check the planned peak against: a size such as {@code 80GiB}, or {@code
     *     machine} for this machine's RAM (CPU) or the device's memory (GPU). Default machine.
     * @param kvCacheCap the most KV-cache memory one generation batch may hold, or {@code none}: a
     *     larger batch (e.g. the curriculum reward's B × k executor answers) is generated in
     *     consecutive blocks of rows whose worst-case caches fit, each row drawing as it would in
     *     the whole batch. A size such as {@code 4GiB}. Default none (one batch; the planner names
     *     this knob when sampling would not fit).
     */
    public record Memory(String budget, String kvCacheCap) {
        public Memory {
            check(budget != null && kvCacheCap != null, "budget and kvCacheCap must be present");
            budgetBytes(budget);
            capBytes(kvCacheCap);
        }

        /** The budget in bytes, or empty for {@code machine}. */
        public java.util.OptionalLong budgetBytes() {
            return budgetBytes(budget);
        }

        /** The KV-cache cap in bytes, or empty for {@code none}. */
        public java.util.OptionalLong kvCacheCapBytes() {
            return capBytes(kvCacheCap);
        }

        /** Defaults: the machine's memory, no cap. */
        public static Memory defaults() {
            return new Memory("machine", "none");
        }

        private static java.util.OptionalLong budgetBytes(String text) {
            return text.equals("machine")
                    ? java.util.OptionalLong.empty()
                    : java.util.OptionalLong.of(positive(text, "budget"));
        }

        private static java.util.OptionalLong capBytes(String text) {
            return text.equals("none")
                    ? java.util.OptionalLong.empty()
                    : java.util.OptionalLong.of(positive(text, "kvCacheCap"));
        }

        private static long positive(String text, String field) {
            long bytes = ByteSize.parse(text, field);
            check(bytes > 0, field + " = " + text + ", must be > 0");
            return bytes;
        }
    }

    /**
     * Where every rollout is generated (docs/engines.md).
     *
     * @param type {@code local} (in this process, the default) or {@code http}: every generation
     *     (both agents' rollouts, the frozen executor's answers, curation) on OpenAI-compatible
     *     servers (vLLM), each LoRA adapter published to {@code publishDir} and loaded at run time
     * @param baseUrls the servers, e.g. {@code [http://10.0.0.5:8000]}; with http at least one
     * @param model the served base model's name (the {@code model} of base-model requests)
     * @param publishDir a folder every server reads at the same path, where adapters are written
     * @param concurrencyPerServer requests in flight per server at most. Default 64.
     * @param timeoutSeconds one request's limit. Default 600.
     * @param maxRetries retries of a request after a timeout, a connection error, 429 or 5xx.
     *     Default 5.
     * @param backoffSeconds the first retry's wait, doubled after each. Default 0.5.
     * @param importanceSamplingCap with http, both trainers weight each token's policy loss by
     *     min(π_old / π_sampler, this) (truncated importance sampling; π_sampler as the server
     *     reported it); 0 = off, otherwise >= 1. Default 2 (TRL's {@code
     *     vllm_importance_sampling_cap}). Ignored in-process, where the policy samples itself.
     */
    public record Engine(
            String type,
            List<String> baseUrls,
            String model,
            String publishDir,
            int concurrencyPerServer,
            double timeoutSeconds,
            int maxRetries,
            double backoffSeconds,
            double importanceSamplingCap) {
        public Engine {
            check(
                    "local".equals(type) || "http".equals(type),
                    "type = " + type + ", must be local or http");
            check(baseUrls != null, "baseUrls must be a list");
            baseUrls = List.copyOf(baseUrls);
            check(
                    importanceSamplingCap == 0
                            || (Double.isFinite(importanceSamplingCap)
                                    && importanceSamplingCap >= 1),
                    "importanceSamplingCap = "
                            + importanceSamplingCap
                            + ", must be 0 (off) or >= 1");
            if ("http".equals(type)) {
                check(model != null && !model.isBlank(), "model: name the served base model");
                check(
                        publishDir != null && !publishDir.isBlank(),
                        "publishDir: a folder the servers read adapters from");
                // The fields are not assigned yet inside a compact constructor: pass the values.
                completions(
                        baseUrls,
                        model,
                        concurrencyPerServer,
                        timeoutSeconds,
                        maxRetries,
                        backoffSeconds);
            }
        }

        /** In-process generation. */
        public static Engine local() {
            return new Engine("local", List.of(), "", "", 64, 600, 5, 0.5, 2.0);
        }

        public boolean isHttp() {
            return "http".equals(type);
        }

        /** The engine's settings (with http). */
        public CompletionsEngineConfig completions() {
            return completions(
                    baseUrls,
                    model,
                    concurrencyPerServer,
                    timeoutSeconds,
                    maxRetries,
                    backoffSeconds);
        }

        private static CompletionsEngineConfig completions(
                List<String> urls,
                String model,
                int concurrency,
                double timeout,
                int retries,
                double backoff) {
            return new CompletionsEngineConfig(
                    urls, model, concurrency, timeout, retries, backoff, "agent0");
        }
    }

    /** The reference run (AGENT0-SPEC.md), with random tiny models: every default in one place. */
    public static SelfPlayConfig defaults() {
        SelfPlayConfig c =
                new SelfPlayConfig(
                        0,
                        3,
                        new Models(
                                "tiny-world",
                                "random",
                                "random",
                                0,
                                FineTuning.FULL,
                                LoraConfig.defaults()),
                        new CurriculumPhase(
                                5,
                                128,
                                4,
                                10,
                                true,
                                CurriculumConfig.defaults(),
                                PolicyTrainerConfig.curriculumDefaults()),
                        CurationConfig.defaults(),
                        new ExecutorPhase(
                                62,
                                128,
                                ExecutorConfig.defaults(),
                                PolicyTrainerConfig.executorDefaults()),
                        CurriculumRewardConfig.defaults(),
                        new Sandbox(5, LocalSandboxConfig.defaults().preloadModules()),
                        new Extensions(true, false),
                        new Monitors(10, false, 0.25, 8),
                        Memory.defaults(),
                        Engine.local());
        return c.withDerivedFields();
    }

    /**
     * Loads a {@code .yaml}/{@code .yml} or {@code .json} file over the defaults, then validates.
     */
    public static SelfPlayConfig load(Path file) {
        return SelfPlayConfigFiles.load(file);
    }

    /** Merges {@code user} over the defaults, converts and validates. */
    public static SelfPlayConfig fromTree(JsonNode user) {
        return SelfPlayConfigFiles.fromTree(user);
    }

    /**
     * The config as a JSON tree without its derived fields (the run folder's snapshot), in the node
     * types a parser gives back, so a snapshot read from disk compares equal.
     */
    public JsonNode toTree() {
        return SelfPlayConfigFiles.toTree(this);
    }

    /**
     * This config with its derived fields set from the run: the curriculum trainer's shuffle seed
     * is {@code seed}, the executor's {@code seed + 1}; both samplers' seeds are {@code seed} (each
     * call draws from its own stream of (seed, iteration, phase, step)); a cosine schedule decays
     * over the phase's updates of the whole run (iterations × steps × epochs × miniBatches).
     */
    SelfPlayConfig withDerivedFields() {
        CurriculumPhase c = curriculum;
        ExecutorPhase e = executor;
        CurriculumPhase cur =
                new CurriculumPhase(
                        c.steps(),
                        c.batchSize(),
                        c.groupSize(),
                        c.k(),
                        c.train(),
                        c.generation().withSampling(c.generation().sampling().withSeed(seed)),
                        derived(c.trainer(), seed, c.steps(), c.generation().sampling()));
        ExecutorPhase exe =
                new ExecutorPhase(
                        e.steps(),
                        e.problemsPerStep(),
                        e.rollout().withSampling(e.rollout().sampling().withSeed(seed)),
                        derived(e.trainer(), seed + 1, e.steps(), e.rollout().sampling()));
        return new SelfPlayConfig(
                seed,
                iterations,
                models,
                cur,
                curation,
                exe,
                reward,
                sandbox,
                extensions,
                monitors,
                memory,
                engine);
    }

    /**
     * This config with its servers replaced ({@code agent0 train --engine-url}); the engine must
     * already be {@code http} (its model and publish folder come from the file). Not part of the
     * run's identity: a resumed run may use other servers.
     */
    public SelfPlayConfig withEngineUrls(List<String> urls) {
        check(
                engine.isHttp(),
                "--engine-url needs engine.type: http in the config (with engine.model and"
                        + " engine.publishDir)");
        ObjectNode tree = (ObjectNode) toTree();
        ArrayNode list = ((ObjectNode) tree.get("engine")).putArray("baseUrls");
        urls.forEach(list::add);
        return fromTree(tree);
    }

    private PolicyTrainerConfig derived(
            PolicyTrainerConfig t,
            long trainerSeed,
            int stepsPerIteration,
            dev.agent0.core.generate.SamplingConfig sampling) {
        long updates = (long) iterations * stepsPerIteration * t.updatesPerBatch();
        LrSchedule s = t.schedule();
        LrSchedule schedule =
                switch (s.shape()) {
                    case CONSTANT -> LrSchedule.constant(s.peakLr(), s.warmupSteps());
                    case COSINE ->
                            LrSchedule.cosine(
                                    s.peakLr(),
                                    s.warmupSteps(),
                                    (int) Math.max(updates, s.warmupSteps()),
                                    s.minRatio());
                };
        return t.withOptimizer(t.optimizer(), schedule, t.maxGradNorm())
                .withSeed(trainerSeed)
                .withSamplerCorrection(engine.isHttp() ? engine.importanceSamplingCap() : 0)
                // Log-probs of the distribution the rollouts were drawn from (greedy: T = 1).
                .withTemperature(sampling.isGreedy() ? 1.0 : sampling.temperature());
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void atLeast(String field, long v, long min) {
        check(v >= min, field + " = " + v + ", must be >= " + min);
    }
}
