package dev.agent0.core.generate;

import static dev.agent0.core.model.Fixture.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agent0.core.model.Fixture;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneratorTest {
    static NDManager manager;
    static QwenModel model;

    @BeforeAll
    static void start() {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        manager = NDManager.newBaseManager(Device.cpu());
        model = new QwenModel(QwenWeights.load(Fixture.qwen3Tiny(), manager));
    }

    @AfterAll
    static void stop() {
        if (model != null) {
            model.close();
        }
        manager.close();
    }

    static GenerationConfig greedy(int n) {
        return GenerationConfig.defaults()
                .withSampling(SamplingConfig.greedy())
                .withMaxNewTokens(n);
    }

    @Test
    void greedyContinuationsMatchFixtureInOneLeftPaddedBatch() {
        JsonNode cases = Fixture.expected().get("cases");
        List<int[]> prompts = new ArrayList<>();
        cases.forEach(c -> prompts.add(ints(c.get("input_ids"))));
        List<GenerationResult> batch = new Generator(model, null).generate(prompts, greedy(12));
        for (int i = 0; i < prompts.size(); i++) {
            JsonNode g = cases.get(i).get("greedy");
            assertArrayEquals(
                    ints(g.get("tokens")),
                    batch.get(i).tokenIds(),
                    cases.get(i).get("name").asText());
            Fixture.assertClose(
                    Fixture.floats(g.get("token_logprobs")),
                    batch.get(i).logProbs(),
                    1e-4,
                    "logprobs");
            assertEquals(StopReason.MAX_NEW_TOKENS, batch.get(i).stopReason());
        }
    }

    @Test
    void sameSeedSameTokensAndSeedMatters() {
        List<int[]> prompts = List.of(new int[] {1, 2, 3}, new int[] {4});
        GenerationConfig cfg =
                GenerationConfig.defaults()
                        .withMaxNewTokens(20)
                        .withSampling(new SamplingConfig(1.5, 0, 1.0, 7));
        Generator gen = new Generator(model, null);
        List<GenerationResult> a = gen.generate(prompts, cfg);
        List<GenerationResult> b = gen.generate(prompts, cfg);
        List<GenerationResult> c =
                gen.generate(prompts, cfg.withSampling(cfg.sampling().withSeed(8)));
        assertArrayEquals(a.get(0).tokenIds(), b.get(0).tokenIds());
        assertArrayEquals(a.get(1).tokenIds(), b.get(1).tokenIds());
        assertNotEquals(Arrays.toString(a.get(0).tokenIds()), Arrays.toString(c.get(0).tokenIds()));
    }

    @Test
    void rowsSampledInParallelGiveTheTokensAndLogProbsOfRowsSampledInTurn() {
        List<int[]> prompts =
                List.of(new int[] {1, 2, 3}, new int[] {4}, new int[] {5, 6}, new int[] {7, 8, 9});
        GenerationConfig cfg =
                GenerationConfig.defaults()
                        .withMaxNewTokens(24)
                        .withSampling(new SamplingConfig(1.0, 0, 0.9, 11));
        int saved = GenerationSession.parallelSamplingVocab;
        try {
            GenerationSession.parallelSamplingVocab = Integer.MAX_VALUE;
            List<GenerationResult> inTurn = new Generator(model, null).generate(prompts, cfg);
            GenerationSession.parallelSamplingVocab = 1;
            List<GenerationResult> parallel = new Generator(model, null).generate(prompts, cfg);
            for (int r = 0; r < prompts.size(); r++) {
                assertArrayEquals(inTurn.get(r).tokenIds(), parallel.get(r).tokenIds());
                assertArrayEquals(inTurn.get(r).logProbs(), parallel.get(r).logProbs());
            }
        } finally {
            GenerationSession.parallelSamplingVocab = saved;
        }
    }

    @Test
    void sampledLogProbsEqualScorerLogProbs() {
        // The generator's per-token log p must equal a full-recompute score of the same sequence.
        int[] prompt = {5, 9, 33, 100};
        GenerationConfig cfg =
                GenerationConfig.defaults()
                        .withMaxNewTokens(15)
                        .withSampling(new SamplingConfig(1.0, 50, 0.9, 3));
        GenerationResult r = new Generator(model, null).generate(List.of(prompt), cfg).get(0);
        int[] all = concat(prompt, r.tokenIds());
        float[] scored = new LogProbScorer(model).score(List.of(all))[0];
        float[] tail = Arrays.copyOfRange(scored, prompt.length, all.length);
        Fixture.assertClose(tail, r.logProbs(), 1e-4, "generator vs scorer");
        for (float q : r.samplingLogProbs()) {
            assertTrue(q <= 1e-6 && q > -50, "sampling log-prob " + q);
        }
    }

    @Test
    void oneThreadStepsGiveTheSameTokensAndLogProbsBitForBit() {
        // singleThreadBelow only changes how many threads run a step, never what it computes: every
        // step on one thread, and every step on two, sample the same tokens with the same floats,
        // over prefills, one-token decode steps and resumed rounds with appended tokens.
        Random r = new Random(11);
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            prompts.add(r.ints(3 + r.nextInt(30), 0, 512).toArray());
        }
        GenerationConfig sampled =
                GenerationConfig.defaults()
                        .withMaxNewTokens(20)
                        .withSampling(new SamplingConfig(1.0, 0, 1.0, 5));
        int before = JniUtils.getNumThreads();
        JniUtils.setNumThreads(2);
        try {
            List<String> one = roundsOf(sampled.withSingleThreadBelow(Long.MAX_VALUE), prompts);
            List<String> two = roundsOf(sampled.withSingleThreadBelow(0), prompts);
            assertEquals(two, one);
        } finally {
            JniUtils.setNumThreads(before);
        }
    }

    /** Three rounds; rows resume with two appended tokens, or none, or not at all. */
    private static List<String> roundsOf(GenerationConfig cfg, List<int[]> prompts) {
        List<String> out = new ArrayList<>();
        try (GenerationSession s = new Generator(model, null).start(prompts, cfg, 160)) {
            for (int round = 0; round < 3; round++) {
                List<GenerationResult> res = s.generate();
                for (int i = 0; i < res.size(); i++) {
                    StringBuilder line = new StringBuilder(Arrays.toString(res.get(i).tokenIds()));
                    for (float f : res.get(i).logProbs()) {
                        line.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(f)));
                    }
                    out.add(line.toString());
                    if (i % 3 == 0) {
                        s.append(i, new int[] {i, 2 * i + 1});
                    } else if (i % 3 == 1) {
                        s.append(i, new int[0]);
                    }
                }
            }
        }
        assertEquals(3 * prompts.size(), out.size());
        return out;
    }

    @Test
    void singleThreadBelowMustNotBeNegative() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> GenerationConfig.defaults().withSingleThreadBelow(-1));
        assertEquals("singleThreadBelow = -1, must be >= 0", e.getMessage());
    }

    @Test
    void resumedSequenceEqualsFreshGenerationOverTheWholePrefix() {
        // Two sequences; only sequence 0 is resumed after appending an "observation".
        int[] obs = {7, 8, 9};
        try (GenerationSession s =
                new Generator(model, null)
                        .start(
                                List.of(new int[] {1, 2, 3, 4, 5}, new int[] {6, 7}),
                                greedy(6),
                                64)) {
            List<GenerationResult> first = s.generate();
            s.append(0, obs);
            List<GenerationResult> second = s.continueGeneration();
            assertEquals(StopReason.INACTIVE, second.get(1).stopReason());
            int[] prefix = concat(concat(new int[] {1, 2, 3, 4, 5}, first.get(0).tokenIds()), obs);
            GenerationResult fresh =
                    new Generator(model, null).generate(List.of(prefix), greedy(6)).get(0);
            assertArrayEquals(fresh.tokenIds(), second.get(0).tokenIds());
            Fixture.assertClose(
                    fresh.logProbs(), second.get(0).logProbs(), 1e-5, "resumed vs fresh");
            assertArrayEquals(concat(prefix, fresh.tokenIds()), s.tokens(0));
        }
    }

    @Test
    void stopsOnEosAndOnStopStringPerSequence() {
        // Fake tokenizer: token id i decodes to "<i>".
        TextTokenizer tok =
                new TextTokenizer() {
                    public int[] encode(String text) {
                        throw new UnsupportedOperationException();
                    }

                    public String decode(int[] ids) {
                        StringBuilder sb = new StringBuilder();
                        for (int id : ids) {
                            sb.append('<').append(id).append('>');
                        }
                        return sb.toString();
                    }

                    public int vocabSize() {
                        return 512;
                    }

                    public OptionalInt tokenId(String token) {
                        return OptionalInt.empty();
                    }
                };
        JsonNode cases = Fixture.expected().get("cases");
        int[] p1 = ints(cases.get(1).get("input_ids"));
        int[] g1 = ints(cases.get(1).get("greedy").get("tokens"));
        int[] p2 = ints(cases.get(2).get("input_ids"));
        int[] g2 = ints(cases.get(2).get("greedy").get("tokens"));
        // Sequence 1 stops on its 3rd greedy token as EOS; sequence 2 on the text of its 5th token.
        GenerationConfig cfg =
                greedy(12)
                        .withEosTokenIds(List.of(g1[2]))
                        .withStopStrings(List.of("<" + g2[4] + ">"));
        List<GenerationResult> r = new Generator(model, tok).generate(List.of(p1, p2), cfg);
        int firstStop = indexOf(g2, g2[4]);
        int firstEos = indexOf(g1, g1[2]);
        assertEquals(StopReason.EOS, r.get(0).stopReason());
        assertArrayEquals(Arrays.copyOf(g1, firstEos + 1), r.get(0).tokenIds());
        assertEquals(StopReason.STOP_STRING, r.get(1).stopReason());
        assertArrayEquals(Arrays.copyOf(g2, firstStop + 1), r.get(1).tokenIds());
        assertTrue(r.get(1).text().endsWith("<" + g2[4] + ">"), r.get(1).text());
    }

    @Test
    void generationLeavesNoLiveArraysOver1000Tokens() {
        JniUtils.setGradMode(false);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            QwenModel own = new QwenModel(QwenWeights.load(Fixture.qwen3Tiny(), m));
            GenerationConfig cfg =
                    GenerationConfig.defaults()
                            .withMaxNewTokens(100)
                            .withSampling(new SamplingConfig(1.0, 0, 1.0, 1));
            int before = m.getManagedArrays().size();
            try (GenerationSession s =
                    new Generator(own, null).start(List.of(new int[] {1, 2}), cfg, 1100)) {
                s.generate();
                int afterFirst = m.getManagedArrays().size();
                for (int round = 0; round < 9; round++) {
                    s.append(0, new int[0]);
                    assertEquals(100, s.generate().get(0).tokenIds().length);
                }
                assertEquals(
                        afterFirst,
                        m.getManagedArrays().size(),
                        "live arrays grew over 1000 tokens");
            }
            own.close();
            assertEquals(
                    own.parameters().size(),
                    m.getManagedArrays().size(),
                    "session and model constants freed");
            assertTrue(
                    before > own.parameters().size(),
                    "constants were counted while the model was open");
        }
    }

    @Test
    void fullCacheStopsWithCapacityAndRefusesToResume() {
        // Capacity 5 + 3: the prefill fills 5 columns and samples 1 token; 3 decode steps sample 3
        // more.
        try (GenerationSession s =
                new Generator(model, null)
                        .start(List.of(new int[] {1, 2, 3, 4, 5}), greedy(10), 8)) {
            GenerationResult r = s.generate().get(0);
            assertEquals(StopReason.CAPACITY, r.stopReason());
            assertEquals(4, r.tokenIds().length);
            s.append(0, new int[] {9});
            var e = assertThrows(IllegalStateException.class, s::generate);
            assertTrue(e.getMessage().contains("capacity 8"), e.getMessage());
        }
    }

    @Test
    void badInputsNameTheProblem() {
        Generator gen = new Generator(model, null);
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> gen.generate(List.of(new int[] {1, 600}), greedy(2)));
        assertTrue(e.getMessage().contains("600"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        gen.generate(
                                List.of(new int[] {1}), greedy(2).withStopStrings(List.of("x"))));
    }

    static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
