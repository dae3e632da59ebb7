package dev.agent0.rl.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.rl.advantage.AdvantageEstimator;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code agent0 loss} batch: two sequences of one group with ρ = {1.5, 1.1} and {0.5, 0.9, 1.5}
 * (the same tokens as {@link PolicyLossTest}).
 */
class BatchLossFileTest {
    static NDManager manager;

    @BeforeAll
    static void start() {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(BatchLossFileTest.class.getResource("/loss/" + name).toURI());
    }

    @Test
    void drGrpoBatchMatchesHandDerivedNumbers() throws Exception {
        // Rewards {1, 0}: Dr.GRPO Ã = ±0.5. Token losses −0.6, −0.55 | 0.4 (low clip), 0.45, 0.75;
        // Σ = 0.45 over 5 tokens = 0.09; one low and one high clip of 5 tokens.
        BatchLossReport r =
                BatchLossFile.read(resource("drgrpo_two_sequences.json")).compute(manager);
        assertArrayEquals(new double[] {0.5, -0.5}, r.advantages(), 1e-15);
        assertEquals(0.09, r.pgLoss(), 1e-12);
        assertEquals(0.09, r.loss(), 1e-12);
        assertEquals(0, r.kl(), 0);
        assertEquals(0.4, r.clipFrac(), 1e-15);
    }

    static final String ADPO =
            """
            {"config": {"estimator": "adpo", "beta": 0.01, "kl": "k3"},
             "p_hat": {"q1": 0.55},
             "sequences": [
               {"group": "q1", "reward": 1, "logprobs": [%s, %s], "old_logprobs": [-1.0, -2.0],
                "ref_logprobs": [%s, %s]},
               {"group": "q1", "reward": 0, "logprobs": [%s, %s, %s],
                "old_logprobs": [-1.5, -0.7, -3.0], "ref_logprobs": [%s, %s, %s],
                "mask": [1, 1, 1]}]}
            """;

    static String adpoJson(double refShift) {
        double[] lp = {
            -1 + Math.log(1.5),
            -2 + Math.log(1.1),
            -1.5 + Math.log(0.5),
            -0.7 + Math.log(0.9),
            -3 + Math.log(1.5)
        };
        return String.format(
                ADPO,
                lp[0],
                lp[1],
                lp[0] + refShift,
                lp[1] + refShift,
                lp[2],
                lp[3],
                lp[4],
                lp[2] + refShift,
                lp[3] + refShift,
                lp[4] + refShift);
    }

    @Test
    void adpoBatchScalesAdvantagesAndWidensTheUpperClip() {
        // p̂ = 0.55: s = 0.8, ε_high = 0.25. Â = ±0.5/(√0.5 + 1e-6), Ã = 0.8·Â.
        // Token losses in units of Ã: −1.25 (high clip), −1.1 | 0.8 (low clip), 0.9, 1.5.
        // Σ = 0.85·Ã over 5 tokens. d = ref − new = 0.5 everywhere: k3 = e^0.5 − 1.5.
        double a = 0.8 * 0.5 / (Math.sqrt(0.5) + 1e-6);
        BatchLossReport r = BatchLossFile.parse(adpoJson(0.5), "inline").compute(manager);
        assertArrayEquals(new double[] {a, -a}, r.advantages(), 1e-12);
        assertEquals(0.17 * a, r.pgLoss(), 1e-12);
        assertEquals(Math.exp(0.5) - 1.5, r.kl(), 1e-12);
        assertEquals(0.17 * a + 0.01 * (Math.exp(0.5) - 1.5), r.loss(), 1e-12);
        assertEquals(0.4, r.clipFrac(), 1e-15);
    }

    @Test
    void missingConfigKeysTakeDocumentedDefaults() {
        BatchLossFile f =
                BatchLossFile.parse(
                        "{\"p_hat\": {\"g\": 0.5}, \"sequences\": [{\"group\": \"g\", \"reward\":"
                                + " 1, \"logprobs\": [-1], \"ref_logprobs\": [-1]}]}",
                        "inline");
        assertEquals(AdvantageEstimator.ADPO, f.estimator());
        assertEquals(PolicyLossConfig.defaults(), f.config());
    }

    @Test
    void outputHasExactlyTheDocumentedKeys() throws Exception {
        String json =
                BatchLossFile.toJson(
                        BatchLossFile.read(resource("drgrpo_two_sequences.json")).compute(manager));
        JsonNode n = new ObjectMapper().readTree(json);
        assertEquals(5, n.size(), json);
        for (String k : new String[] {"loss", "pg_loss", "kl", "advantages", "clip_frac"}) {
            assertTrue(n.has(k), k + " missing in " + json);
        }
        assertEquals(2, n.get("advantages").size());
        assertTrue(!json.contains("\n"), "one line: " + json);
    }

    @Test
    void badFieldsAreNamed() {
        assertError("p_hat.q1", adpoJson(0.5).replace("\"p_hat\": {\"q1\": 0.55},", ""));
        assertError("config.agg", "{\"config\": {\"agg\": \"mean\"}, \"sequences\": []}");
        assertError("config.eps_hi", "{\"config\": {\"eps_hi\": 0.3}, \"sequences\": []}");
        assertError(
                "sequences[0].mask",
                "{\"config\": {\"estimator\": \"grpo\", \"beta\": 0},"
                        + " \"sequences\": [{\"group\": 1, \"reward\": 1, \"logprobs\": [-1, -2],"
                        + " \"mask\": [1]}]}");
        assertError(
                "sequences[*].ref_logprobs",
                "{\"config\": {\"estimator\": \"grpo\"},"
                        + " \"sequences\": [{\"group\": 1, \"reward\": 1, \"logprobs\": [-1]}]}");
        assertError(
                "config.max_len",
                "{\"config\": {\"estimator\": \"grpo\", \"beta\": 0,"
                        + " \"max_len\": 1}, \"sequences\": [{\"group\": 1, \"reward\": 1,"
                        + " \"logprobs\": [-1, -2]}]}");
        assertError("config: dualClip", "{\"config\": {\"dual_clip\": 0.5}, \"sequences\": []}");
        assertError("not valid JSON", "{");
    }

    static void assertError(String expected, String json) {
        BatchLossFileException e =
                assertThrows(
                        BatchLossFileException.class,
                        () -> BatchLossFile.parse(json, "batch.json"));
        assertTrue(
                e.getMessage().startsWith("batch.json: ") && e.getMessage().contains(expected),
                e.getMessage());
    }
}
