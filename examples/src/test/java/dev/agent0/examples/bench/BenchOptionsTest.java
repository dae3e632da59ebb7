package dev.agent0.examples.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.core.generate.GenerationConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsMatchThePythonSide() {
        // pytorch_baseline.py DEFAULTS: batches 1,16,64, prompt 32, new 64, score 16x128, train
        // 8x128,
        // warmup 1, reps 5, threads 2.
        BenchOptions o = BenchOptions.parse("model=/m");
        assertArrayEquals(new int[] {1, 16, 64}, o.batches());
        assertEquals(32, o.prompt());
        assertEquals(64, o.newTokens());
        assertArrayEquals(new int[] {16, 128}, o.score());
        assertArrayEquals(new int[] {8, 128}, o.train());
        assertEquals(1, o.warmup());
        assertEquals(5, o.reps());
        assertEquals(2, o.threads());
        assertEquals(BenchOptions.PARTS, o.parts());
    }

    @Test
    void keyValueArgumentsOverrideDefaults() {
        BenchOptions o =
                BenchOptions.parse(
                        "model=/m", "batches=4,8", "new=16", "train=2x64", "parts=gen,train");
        assertArrayEquals(new int[] {4, 8}, o.batches());
        assertEquals(16, o.newTokens());
        assertArrayEquals(new int[] {2, 64}, o.train());
        assertEquals(Set.of("gen", "train"), o.parts());
    }

    /** Warm-up lasts for both the count and the seconds; a negative duration is refused by name. */
    @Test
    void warmupLastsForTheCountAndTheSeconds() {
        BenchOptions o = BenchOptions.parse("model=/m", "warmup=2", "warmup_s=1.5");
        assertTrue(o.warmingUp(1, 3_000_000_000L), "count not reached");
        assertTrue(o.warmingUp(5, 1_000_000_000L), "1.5 s not reached");
        assertFalse(o.warmingUp(2, 1_500_000_000L));
        assertFalse(
                BenchOptions.parse("model=/m", "warmup=0").warmingUp(0, 0),
                "default warmup_s is 0");
        assertEquals(2, o.warmupTrain(), "training warm-up steps default to warmup");
        assertEquals(30, BenchOptions.parse("model=/m", "warmup_train=30").warmupTrain());
        assertFalse(o.withoutWarmup().warmingUp(0, 0));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> BenchOptions.parse("model=/m", "warmup_s=-1"));
        assertTrue(e.getMessage().startsWith("warmup_s = -1.0"), e.getMessage());
    }

    /**
     * The one-thread threshold of the generation rows defaults to the library's and is checked by
     * name.
     */
    @Test
    void singleThreadBelowDefaultsToTheLibrarysAndRejectsNegatives() {
        assertEquals(
                GenerationConfig.DEFAULT_SINGLE_THREAD_BELOW,
                BenchOptions.parse("model=/m").singleThreadBelow());
        assertEquals(
                0, BenchOptions.parse("model=/m", "single_thread_below=0").singleThreadBelow());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> BenchOptions.parse("model=/m", "single_thread_below=-5"));
        assertEquals("single_thread_below = -5, must be >= 0", e.getMessage());
    }

    @Test
    void unknownKeyIsRejectedByName() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> BenchOptions.parse("model=/m", "bogus=1"));
        assertTrue(e.getMessage().contains("bogus=1"), e.getMessage());
    }

    @Test
    void newTokensBelowTwoNameTheField() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> BenchOptions.parse("model=/m", "new=1"));
        assertTrue(e.getMessage().startsWith("new = 1"), e.getMessage());
    }

    @Test
    void tokenFormulaMatchesHandComputedValues() {
        // (row·7919 + i·104729 + i² mod 97 + 11) mod vocab
        assertEquals(11, BenchInputs.token(0, 0, 512));
        // 7919 + 209458 + 4 + 11 = 217392 = 424·512 + 304
        assertEquals(304, BenchInputs.token(1, 2, 512));
        // 63·7919 + 200·104729 + (40000 mod 97 = 36) + 11 = 21444744; mod 151936 = 21444744 −
        // 141·151936 = 21768
        assertEquals(21768, BenchInputs.token(63, 200, 151_936));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        Measurement m = new Measurement("s", "w", 1, "1", "tok/s", new double[] {4, 1, 3, 2});
        assertEquals(2.5, m.median());
        assertEquals(1.0, m.json().get("min").asDouble());
        assertEquals(4.0, m.json().get("max").asDouble());
    }
}
