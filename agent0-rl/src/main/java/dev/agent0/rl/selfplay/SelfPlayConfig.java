package dev.agent0.rl.selfplay;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Everything a self-play run needs (AGENT0-SPEC.md sections 1–4), loaded from YAML or JSON.
 *
 * <p>Keys missing from the file take the defaults of {@link #defaults()}; an unknown key, a value
 * of the wrong type or a value out of range is an error naming the field by its dotted path
 * (e.g. {@code executor.groupSize}). Reference values are in docs/selfplay.md; the defaults here
 * are the small values of the tiny world, so a bare config runs in minutes on a CPU.
 *
 * @param seed       root seed of every sampler and shuffle. Default 0.
 * @param iterations T, co-evolution iterations (paper 3). Default 1.
 * @param models     where the two initial policies and the tokenizer come from
 * @param curriculum curriculum GRPO phase
 * @param curation   curated-set construction
 * @param executor   executor ADPO phase
 * @param reward     curriculum reward weights and ablation switches
 * @param sandbox    Python tool limits and preloaded modules
 * @param extensions AGENT0-SPEC.md section 7: tool-consistency guard and KL clamp
 * @param monitors   collapse monitors: loss-spike threshold and the optional early stop
 */
public record SelfPlayConfig(long seed, int iterations, Models models, Curriculum curriculum, Curation curation,
        Executor executor, Reward reward, Sandbox sandbox, Extensions extensions, Monitors monitors) {

    /**
     * @param tokenizer  folder with tokenizer.json / tokenizer_config.json. Default
     *                   {@code tiny-world}: the tokenizer shipped with the tiny-world base, which
     *                   {@code agent0 train} resolves (a Java caller builds the
     *                   {@link SelfPlayWorld} and passes its own tokenizer).
     * @param curriculum initial curriculum: a Hugging Face folder, or {@code random} for a
     *                   fixture-shaped random model with the tokenizer's vocabulary. Default random.
     * @param executor   initial executor, same choices. Default random.
     * @param randomSeed weight seed of {@code random} models. Default 0.
     */
    public record Models(String tokenizer, String curriculum, String executor, long randomSeed) {}

    /**
     * @param steps        GRPO steps per iteration (reference 5). Default 1.
     * @param batchSize    B, problems sampled per step; a multiple of groupSize. Default 4.
     * @param groupSize    G, samples per GRPO group (reference 4). Default 4.
     * @param k            frozen-executor answers per problem for p̂ (reference 10). Default 2.
     * @param maxNewTokens most tokens per generated problem. Default 48.
     * @param temperature  sampling temperature (reference 1.0). Default 1.0.
     * @param topP         nucleus (reference 0.99). Default 0.99.
     * @param lr           AdamW learning rate (reference 1e-6). Default 1e-6.
     * @param klBeta       k3 KL coefficient (reference 0.01). Default 0.01.
     * @param train        false is the untrained-curriculum ablation: problems come from the initial
     *                     curriculum, which is never updated. Default true.
     */
    public record Curriculum(int steps, int batchSize, int groupSize, int k, int maxNewTokens, double temperature,
            double topP, double lr, double klBeta, boolean train) {}

    /**
     * @param problems N, problems sampled from the trained curriculum per iteration (reference 8000).
     *                 Default 4.
     * @param k        executor answers per problem for ỹ and p̂ (reference 10). Default 4.
     * @param minPHat  lowest kept p̂, inclusive (reference 0.3). Default 0.3.
     * @param maxPHat  highest kept p̂, inclusive (reference 0.8). Default 0.8.
     */
    public record Curation(int problems, int k, double minPHat, double maxPHat) {}

    /**
     * @param steps             ADPO steps per iteration. Default 1.
     * @param problemsPerStep   curated problems per step (reference 128). Default 2.
     * @param groupSize         G rollouts per problem (reference 16). Default 2.
     * @param maxToolCalls      tool calls per trajectory (reference 4). Default 2.
     * @param observationTokens observation cap (reference 512). Default 64.
     * @param responseBudget    response tokens per trajectory (reference 4096). Default 48.
     * @param multiTurn         false is the single-turn ablation (no tool execution). Default true.
     * @param temperature       sampling temperature (reference 1.0). Default 1.0.
     * @param lr                AdamW learning rate (reference 1e-6). Default 1e-6.
     * @param klBeta            k3 KL coefficient (reference 0.01). Default 0.01.
     * @param estimator         {@code adpo} or {@code grpo} (the GRPO ablation). Default adpo.
     * @param warmupSteps       optimiser updates of linear lr warm-up from 0 (reference 10). Default 0.
     * @param epochs            passes over each step's rollouts (verl {@code ppo_epochs}). Default 1.
     * @param miniBatches       optimiser updates per epoch: the step's rollouts are shuffled and split
     *                          into this many; at most groupSize, so that a step holding a single curated
     *                          problem can still be split (the prototype used 2). Default 1 (on-policy:
     *                          ρ ≡ 1, the clip never acts).
     * @param microBatchSize    sequences per forward/backward; a mini-batch's gradients accumulate with
     *                          the mini-batch's normaliser, so this trades memory for speed and does not
     *                          change the update. Default 4.
     * @param lrMinRatio        1 keeps lr constant after the warm-up; below 1 the lr follows a cosine
     *                          from lr down to lr · lrMinRatio over the run's executor updates
     *                          (iterations × steps × epochs × miniBatches). In [0, 1]. Default 1.
     */
    public record Executor(int steps, int problemsPerStep, int groupSize, int maxToolCalls, int observationTokens,
            int responseBudget, boolean multiTurn, double temperature, double lr, double klBeta, String estimator,
            int warmupSteps, int epochs, int miniBatches, int microBatchSize, double lrMinRatio) {}

    /**
     * @param lambdaUncertainty λ_unc. Default 1.
     * @param lambdaTool        λ_tool. Default 0.6.
     * @param toolGamma         γ. Default 0.25.
     * @param toolCap           C. Default 4.
     * @param lambdaRepetition  λ_rep. Default 1.
     * @param tau               BLEU clustering distance threshold. Default 0.5.
     * @param toolReward        false is the no-tool-reward ablation. Default true.
     * @param repetitionPenalty false is the no-repetition-penalty ablation. Default true.
     * @param requireAnswer     the format gate requires the curriculum's boxed answer besides its
     *                          question (paper). Default true; the tiny world sets false, its curriculum
     *                          format has no answer (the reward never uses it: p̂ comes from the executor).
     */
    public record Reward(double lambdaUncertainty, double lambdaTool, double toolGamma, int toolCap,
            double lambdaRepetition, double tau, boolean toolReward, boolean repetitionPenalty, boolean requireAnswer) {}

    /**
     * @param timeoutSeconds wall-clock limit per tool call. Default 5.
     * @param preload        Python modules each sandbox server imports once at start, so snippets
     *                       import them for free; a missing module fails the start. Default the
     *                       sandbox's own ({@code [sympy, numpy]}); the tiny world needs none ({@code []}).
     */
    public record Sandbox(double timeoutSeconds, List<String> preload) {
        public Sandbox {
            // Not List.copyOf: a null entry must reach validate(), which names the field.
            preload = preload == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(preload));
        }
    }

    /**
     * The extensions of AGENT0-SPEC.md section 7 that change training; reproducing the paper means
     * {@code toolConsistencyGuard: false, klLogRatioClamp: 20}.
     *
     * @param toolConsistencyGuard an executor answer that is not value-equivalent to the output its
     *                             last successful tool call printed gets no vote (curation ỹ and p̂,
     *                             the curriculum's p̂) and reward 0 in executor training
     *                             ({@link ToolConsistencyGuard}). Paper false; default true (tiny
     *                             world: prevents the late drift onto wrong majorities).
     * @param klLogRatioClamp      d = log π_ref − log π_new is clamped to ±this inside the k3 KL
     *                             estimator of both trainers. verl 20; default 5 (the unclamped tail
     *                             gave a 700× loss spike in the prototype; ±5 was stable).
     * @param toolGroundedVote     when some of a problem's k answers are supported by their own tool
     *                             output, ỹ is the majority among those only (p̂ still counts all k)
     *                             ({@link ToolGroundedVote}). Paper false; default false.
     */
    public record Extensions(boolean toolConsistencyGuard, double klLogRatioClamp, boolean toolGroundedVote) {}

    /**
     * Collapse monitors (AGENT0-SPEC.md section 7), logged once per iteration.
     *
     * @param lossSpikeThreshold an executor step whose loss exceeds this (or is NaN) counts as a
     *                           spike. Default 10 (a healthy tiny-world loss is below 1; the
     *                           prototype's spike was 707).
     * @param earlyStop          stop the run, cleanly and for good, when the kept fraction of an
     *                           iteration's curation falls below minKeptFraction. Default false.
     * @param minKeptFraction    the early-stop threshold on kept / N. Default 0.25 (the prototype's
     *                           drift set in once fewer than ~25 % of problems passed the band).
     */
    public record Monitors(double lossSpikeThreshold, boolean earlyStop, double minKeptFraction) {}

    /** The tiny-world defaults documented on each component. */
    public static SelfPlayConfig defaults() {
        return new SelfPlayConfig(0, 1,
                new Models("tiny-world", "random", "random", 0),
                new Curriculum(1, 4, 4, 2, 48, 1.0, 0.99, 1e-6, 0.01, true),
                new Curation(4, 4, 0.3, 0.8),
                new Executor(1, 2, 2, 2, 64, 48, true, 1.0, 1e-6, 0.01, "adpo", 0, 1, 1, 4, 1.0),
                new Reward(1, 0.6, 0.25, 4, 1, 0.5, true, true, true),
                new Sandbox(5, LocalSandboxConfig.defaults().preloadModules()),
                new Extensions(true, 5, false),
                new Monitors(10, false, 0.25));
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Loads a {@code .yaml}/{@code .yml} or {@code .json} file over the defaults, then validates. */
    public static SelfPlayConfig load(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        ObjectMapper reader = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
        JsonNode user;
        try {
            user = reader.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read config: " + e.getMessage(), e);
        }
        try {
            return fromTree(user);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Merges {@code user} over the defaults, converts and validates. */
    public static SelfPlayConfig fromTree(JsonNode user) {
        ObjectNode merged = (ObjectNode) JSON.valueToTree(defaults());
        if (user != null && !user.isNull() && !user.isMissingNode()) {
            if (!user.isObject()) {
                throw new IllegalArgumentException("the config must be a mapping of sections, got " + user.getNodeType());
            }
            merge(merged, user, "");
        }
        SelfPlayConfig c;
        try {
            c = JSON.treeToValue(merged, SelfPlayConfig.class);
        } catch (JsonMappingException e) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference r : e.getPath()) {
                if (r.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
                }
            }
            throw new IllegalArgumentException(path + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        c.validate();
        return c;
    }

    /**
     * The config as a JSON tree (the run folder's snapshot), in the node types a parser gives back
     * (a long 0 becomes an int node), so a snapshot read from disk compares equal.
     */
    public JsonNode toTree() {
        try {
            return JSON.readTree(JSON.writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(ObjectNode base, JsonNode user, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> it = user.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            JsonNode old = base.get(e.getKey());
            if (old == null) {
                throw new IllegalArgumentException(path + ": unknown field");
            }
            if (old.isObject()) {
                if (!e.getValue().isObject()) {
                    throw new IllegalArgumentException(path + ": must be a mapping, got " + e.getValue().getNodeType());
                }
                merge((ObjectNode) old, e.getValue(), path + ".");
            } else if (old.isArray()) {
                if (!e.getValue().isArray()) {
                    throw new IllegalArgumentException(path + ": must be a list, got "
                            + e.getValue().getNodeType().toString().toLowerCase());
                }
                base.set(e.getKey(), e.getValue());
            } else {
                if (e.getValue().isContainerNode() || e.getValue().isNull()) {
                    throw new IllegalArgumentException(path + ": must be a " + old.getNodeType().toString().toLowerCase()
                            + ", got " + e.getValue().getNodeType().toString().toLowerCase());
                }
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    /** Checks every range; the message names the field by its dotted path. */
    public void validate() {
        atLeast("iterations", iterations, 1);
        check("models.tokenizer", !models.tokenizer().isBlank(), "must not be blank");
        check("models.curriculum", !models.curriculum().isBlank(), "must be a folder or 'random'");
        check("models.executor", !models.executor().isBlank(), "must be a folder or 'random'");
        atLeast("curriculum.steps", curriculum.steps(), 1);
        atLeast("curriculum.batchSize", curriculum.batchSize(), 1);
        atLeast("curriculum.groupSize", curriculum.groupSize(), 1);
        check("curriculum.batchSize", curriculum.batchSize() % curriculum.groupSize() == 0,
                "= " + curriculum.batchSize() + " must be a multiple of curriculum.groupSize = " + curriculum.groupSize());
        atLeast("curriculum.k", curriculum.k(), 1);
        atLeast("curriculum.maxNewTokens", curriculum.maxNewTokens(), 1);
        positive("curriculum.temperature", curriculum.temperature());
        unit("curriculum.topP", curriculum.topP(), false);
        positive("curriculum.lr", curriculum.lr());
        nonNegative("curriculum.klBeta", curriculum.klBeta());
        atLeast("curation.problems", curation.problems(), 1);
        atLeast("curation.k", curation.k(), 1);
        unit("curation.minPHat", curation.minPHat(), true);
        unit("curation.maxPHat", curation.maxPHat(), true);
        check("curation.maxPHat", curation.maxPHat() >= curation.minPHat(),
                "= " + curation.maxPHat() + " must be >= curation.minPHat = " + curation.minPHat());
        atLeast("executor.steps", executor.steps(), 1);
        atLeast("executor.problemsPerStep", executor.problemsPerStep(), 1);
        atLeast("executor.groupSize", executor.groupSize(), 1);
        atLeast("executor.maxToolCalls", executor.maxToolCalls(), 0);
        atLeast("executor.observationTokens", executor.observationTokens(), 1);
        atLeast("executor.responseBudget", executor.responseBudget(), 1);
        positive("executor.temperature", executor.temperature());
        positive("executor.lr", executor.lr());
        nonNegative("executor.klBeta", executor.klBeta());
        check("executor.estimator", "adpo".equals(executor.estimator()) || "grpo".equals(executor.estimator()),
                "= '" + executor.estimator() + "', must be adpo or grpo");
        nonNegative("reward.lambdaUncertainty", reward.lambdaUncertainty());
        nonNegative("reward.lambdaTool", reward.lambdaTool());
        nonNegative("reward.toolGamma", reward.toolGamma());
        atLeast("reward.toolCap", reward.toolCap(), 0);
        nonNegative("reward.lambdaRepetition", reward.lambdaRepetition());
        unit("reward.tau", reward.tau(), true);
        atLeast("executor.warmupSteps", executor.warmupSteps(), 0);
        atLeast("executor.epochs", executor.epochs(), 1);
        check("executor.lrMinRatio", executor.lrMinRatio() >= 0 && executor.lrMinRatio() <= 1, "must be in [0, 1]");
        atLeast("executor.miniBatches", executor.miniBatches(), 1);
        check("executor.miniBatches", executor.miniBatches() <= executor.groupSize(),
                "= " + executor.miniBatches() + " must be <= executor.groupSize = " + executor.groupSize()
                        + ": a step may hold a single curated problem, i.e. groupSize rollouts");
        atLeast("executor.microBatchSize", executor.microBatchSize(), 1);
        positive("sandbox.timeoutSeconds", sandbox.timeoutSeconds());
        check("sandbox.preload", sandbox.preload() != null, "must be a list of module names");
        for (String m : sandbox.preload()) {
            check("sandbox.preload", m != null && m.matches("[A-Za-z_][A-Za-z0-9_.]*"),
                    "entry '" + m + "' is not a Python module name");
        }
        positive("extensions.klLogRatioClamp", extensions.klLogRatioClamp());
        positive("monitors.lossSpikeThreshold", monitors.lossSpikeThreshold());
        unit("monitors.minKeptFraction", monitors.minKeptFraction(), true);
    }

    private static void check(String field, boolean ok, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(field + " " + rule);
        }
    }

    private static void atLeast(String field, long v, long min) {
        check(field, v >= min, "= " + v + ", must be >= " + min);
    }

    private static void positive(String field, double v) {
        check(field, v > 0 && Double.isFinite(v), "= " + v + ", must be finite and > 0");
    }

    private static void nonNegative(String field, double v) {
        check(field, v >= 0 && Double.isFinite(v), "= " + v + ", must be finite and >= 0");
    }

    private static void unit(String field, double v, boolean zeroOk) {
        check(field, (zeroOk ? v >= 0 : v > 0) && v <= 1, "= " + v + ", must be in " + (zeroOk ? "[0, 1]" : "(0, 1]"));
    }
}
