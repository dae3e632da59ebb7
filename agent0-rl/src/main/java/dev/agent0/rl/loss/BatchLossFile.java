package dev.agent0.rl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.eval.consistency.PHat;
import dev.agent0.rl.advantage.AdvantageEstimator;
import dev.agent0.rl.advantage.Ambiguity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A self-contained loss batch in JSON: config, p̂ per group and per-token log-probs of each
 * sequence, so the whole ADPO/GRPO loss can be checked against TRL or verl without a model.
 *
 * <p>The schema and every default are in docs/rl.md. Missing config keys take the defaults of
 * {@link PolicyLossConfig#defaults()}, {@link Ambiguity#defaults()} and estimator {@code adpo};
 * unknown keys are errors (a typo must not silently fall back to a default). All arithmetic runs in
 * float64.
 */
public final class BatchLossFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CONFIG_KEYS =
            Set.of(
                    "estimator",
                    "eps_low",
                    "eps_high",
                    "eps_bonus",
                    "lo",
                    "hi",
                    "s_min",
                    "dual_clip",
                    "beta",
                    "kl",
                    "agg",
                    "max_len",
                    "kl_clamp");
    private static final Set<String> SEQUENCE_KEYS =
            Set.of("group", "reward", "logprobs", "old_logprobs", "ref_logprobs", "mask");

    private final String source;
    private final AdvantageEstimator estimator;
    private final Ambiguity ambiguity;
    private final PolicyLossConfig config;
    private final int maxLength;
    private final int[] groups;
    private final List<PHat> pHat;
    private final double[] rewards;
    private final double[][] logProbs;
    private final double[][] oldLogProbs;
    private final double[][] refLogProbs;
    private final double[][] mask;

    private BatchLossFile(String source, JsonNode root) {
        this.source = source;
        require(root.isObject(), "", "a JSON object");
        checkKeys(root, "", Set.of("config", "p_hat", "sequences"));
        JsonNode cfg = root.path("config");
        require(cfg.isMissingNode() || cfg.isObject(), "config", "an object");
        checkKeys(cfg, "config.", CONFIG_KEYS);
        estimator = estimator(cfg);
        PolicyLossConfig d = PolicyLossConfig.defaults();
        Ambiguity a = Ambiguity.defaults();
        try {
            ambiguity =
                    new Ambiguity(
                            num(cfg, "lo", a.lo()),
                            num(cfg, "hi", a.hi()),
                            num(cfg, "s_min", a.scaleMin()),
                            num(cfg, "eps_bonus", a.clipHighBonus()));
            double klClamp = num(cfg, "kl_clamp", d.klLogRatioClamp());
            config =
                    d.withClip(num(cfg, "eps_low", d.clipLow()), num(cfg, "eps_high", d.clipHigh()))
                            .withDualClip(
                                    cfg.path("dual_clip").isNull() ? 0 : num(cfg, "dual_clip", 0))
                            .withKl(num(cfg, "beta", d.klCoef()), klEstimator(cfg))
                            .withKlClamps(klClamp, d.klValueClamp())
                            .withAggregation(aggregation(cfg));
        } catch (IllegalArgumentException e) {
            throw new BatchLossFileException(source + ": config: " + e.getMessage(), e);
        }
        JsonNode seqs = root.path("sequences");
        require(seqs.isArray() && seqs.size() > 0, "sequences", "a non-empty array");
        int b = seqs.size();
        groups = new int[b];
        rewards = new double[b];
        logProbs = new double[b][];
        oldLogProbs = new double[b][];
        refLogProbs = new double[b][];
        mask = new double[b][];
        Map<String, Integer> groupIndex = new LinkedHashMap<>();
        int refs = 0;
        for (int i = 0; i < b; i++) {
            String at = "sequences[" + i + "]";
            JsonNode s = seqs.get(i);
            require(s.isObject(), at, "an object");
            checkKeys(s, at + ".", SEQUENCE_KEYS);
            require(s.path("group").isValueNode(), at + ".group", "a string or number");
            groups[i] = groupIndex.computeIfAbsent(s.get("group").asText(), k -> groupIndex.size());
            require(s.path("reward").isNumber(), at + ".reward", "a number");
            rewards[i] = s.get("reward").asDouble();
            logProbs[i] = vector(s, at, "logprobs", null);
            require(logProbs[i].length > 0, at + ".logprobs", "a non-empty array");
            oldLogProbs[i] = vector(s, at, "old_logprobs", logProbs[i]);
            refLogProbs[i] = vector(s, at, "ref_logprobs", null);
            mask[i] = vector(s, at, "mask", ones(logProbs[i].length));
            refs += refLogProbs[i] == null ? 0 : 1;
            for (double m : mask[i]) {
                require(m == 0 || m == 1, at + ".mask", "values 0 or 1, found " + m);
            }
        }
        require(
                refs == 0 || refs == b,
                "sequences[*].ref_logprobs",
                "given for every sequence or for none (found " + refs + " of " + b + ")");
        require(
                config.klCoef() == 0 || refs == b,
                "sequences[*].ref_logprobs",
                "present: beta = " + config.klCoef() + " needs the reference policy");
        pHat = pHat(root.path("p_hat"), groupIndex);
        int longest = 0;
        for (double[] lp : logProbs) {
            longest = Math.max(longest, lp.length);
        }
        maxLength = cfg.has("max_len") ? (int) num(cfg, "max_len", 0) : longest;
        require(
                maxLength >= longest,
                "config.max_len",
                ">= the longest sequence (" + longest + "), found " + maxLength);
    }

    /** Reads and validates a batch file. */
    public static BatchLossFile read(Path path) {
        try {
            return parse(Files.readString(path), path.toString());
        } catch (IOException e) {
            throw new BatchLossFileException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses and validates a batch; {@code source} names it in error messages. */
    public static BatchLossFile parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new BatchLossFileException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        return new BatchLossFile(source, root);
    }

    public AdvantageEstimator estimator() {
        return estimator;
    }

    public PolicyLossConfig config() {
        return config;
    }

    public Ambiguity ambiguity() {
        return ambiguity;
    }

    /** Advantages, ε_high per sequence, then the loss in float64 on {@code manager}'s device. */
    public BatchLossReport compute(NDManager manager) {
        double[] adv = estimator.compute(rewards, groups, pHat, ambiguity);
        double[] clipHigh = new double[adv.length];
        for (int i = 0; i < adv.length; i++) {
            clipHigh[i] =
                    estimator.adaptiveClipHigh()
                            ? ambiguity.clipHigh(config.clipHigh(), pHat.get(groups[i]))
                            : config.clipHigh();
        }
        int t = 0;
        for (double[] lp : logProbs) {
            t = Math.max(t, lp.length);
        }
        try (NDManager m = manager.newSubManager();
                PolicyLoss loss = new PolicyLoss(config, m)) {
            NDArray maskArray = padded(m, mask, t);
            PolicyBatch batch =
                    PolicyBatch.of(
                            padded(m, logProbs, t),
                            padded(m, oldLogProbs, t),
                            maskArray,
                            m.create(adv),
                            m.create(clipHigh));
            if (refLogProbs[0] != null) {
                batch = batch.withReference(padded(m, refLogProbs, t));
            }
            LossNormaliser norm = LossNormaliser.of(config.aggregation(), maskArray, maxLength);
            LossMetrics r = loss.compute(batch, norm).metrics();
            return new BatchLossReport(r.loss(), r.pgLoss(), r.kl(), adv, r.clipFraction());
        }
    }

    /** The report as the one-line JSON object {@code agent0 loss} prints. */
    public static String toJson(BatchLossReport r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("loss", r.loss());
        out.put("pg_loss", r.pgLoss());
        out.put("kl", r.kl());
        out.put("advantages", r.advantages());
        out.put("clip_frac", r.clipFrac());
        try {
            return JSON.writeValueAsString(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a map of numbers", e);
        }
    }

    private static NDArray padded(NDManager m, double[][] rows, int t) {
        double[] flat = new double[rows.length * t];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * t, rows[i].length);
        }
        return m.create(flat, new Shape(rows.length, t));
    }

    /** p̂ per group index for ADPO; none (an empty list) for estimators that do not read it. */
    private List<PHat> pHat(JsonNode node, Map<String, Integer> groupIndex) {
        require(node.isMissingNode() || node.isObject(), "p_hat", "an object {group: p̂}");
        if (!estimator.needsPHat()) {
            return List.of();
        }
        PHat[] p = new PHat[groupIndex.size()];
        for (Map.Entry<String, Integer> g : groupIndex.entrySet()) {
            JsonNode v = node.path(g.getKey());
            require(
                    v.isNumber() && v.asDouble() >= 0 && v.asDouble() <= 1,
                    "p_hat." + g.getKey(),
                    "a number in [0, 1] (estimator adpo needs p̂ per group)");
            p[g.getValue()] = new PHat(v.asDouble());
        }
        return List.of(p);
    }

    private double[] vector(JsonNode s, String at, String key, double[] fallback) {
        JsonNode v = s.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        require(v.isArray(), at + "." + key, "an array of numbers");
        double[] x = new double[v.size()];
        for (int i = 0; i < x.length; i++) {
            require(
                    v.get(i).isNumber() && Double.isFinite(v.get(i).asDouble()),
                    at + "." + key + "[" + i + "]",
                    "a finite number");
            x[i] = v.get(i).asDouble();
        }
        if (!key.equals("logprobs")) {
            int n = s.path("logprobs").size();
            require(
                    x.length == n,
                    at + "." + key,
                    "length " + n + " (as logprobs), found " + x.length);
        }
        return x;
    }

    private AdvantageEstimator estimator(JsonNode cfg) {
        String e = text(cfg, "estimator", "adpo");
        return switch (e) {
            case "grpo" -> AdvantageEstimator.GRPO;
            case "drgrpo" -> AdvantageEstimator.DR_GRPO;
            case "adpo" -> AdvantageEstimator.ADPO;
            default ->
                    throw fail(
                            "config.estimator", "one of grpo, drgrpo, adpo, found \"" + e + "\"");
        };
    }

    private KlEstimator klEstimator(JsonNode cfg) {
        String k = text(cfg, "kl", "k3");
        return switch (k) {
            case "k1" -> KlEstimator.K1;
            case "k2" -> KlEstimator.K2;
            case "k3" -> KlEstimator.K3;
            default -> throw fail("config.kl", "one of k1, k2, k3, found \"" + k + "\"");
        };
    }

    private LossAggregation aggregation(JsonNode cfg) {
        String a = text(cfg, "agg", "token-mean");
        return switch (a) {
            case "token-mean" -> LossAggregation.TOKEN_MEAN;
            case "seq-mean-token-mean" -> LossAggregation.SEQ_MEAN_TOKEN_MEAN;
            case "seq-mean-token-sum" -> LossAggregation.SEQ_MEAN_TOKEN_SUM;
            case "drgrpo" -> LossAggregation.DR_GRPO;
            default ->
                    throw fail(
                            "config.agg",
                            "one of token-mean, seq-mean-token-mean, "
                                    + "seq-mean-token-sum, drgrpo, found \""
                                    + a
                                    + "\"");
        };
    }

    private double num(JsonNode cfg, String key, double fallback) {
        JsonNode v = cfg.path(key);
        if (v.isMissingNode()) {
            return fallback;
        }
        require(v.isNumber(), "config." + key, "a number, found " + v);
        return v.asDouble();
    }

    private String text(JsonNode cfg, String key, String fallback) {
        JsonNode v = cfg.path(key);
        if (v.isMissingNode()) {
            return fallback;
        }
        require(v.isTextual(), "config." + key, "a string, found " + v);
        return v.asText();
    }

    private void checkKeys(JsonNode node, String prefix, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            require(
                    allowed.contains(k),
                    prefix + k,
                    "a known key: one of " + new TreeSet<>(allowed));
        }
    }

    private static double[] ones(int n) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, 1);
        return x;
    }

    private void require(boolean ok, String field, String expected) {
        if (!ok) {
            throw fail(field, expected);
        }
    }

    private BatchLossFileException fail(String field, String expected) {
        return new BatchLossFileException(
                source + ": " + (field.isEmpty() ? "top level" : field) + ": expected " + expected);
    }
}
