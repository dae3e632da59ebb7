package dev.agent0.rl.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.core.generate.PassMemory;
import dev.agent0.core.lora.LoraConfig;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.rl.plan.Workload.Generation;
import dev.agent0.rl.plan.Workload.Update;
import dev.agent0.rl.selfplay.FineTuning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The planner's arithmetic against numbers derived by hand or published: parameter counts of the
 * Qwen3 checkpoints, PEFT's adapter size, the KV cache per column, and the knobs it names.
 */
class MemoryPlannerTest {
    static QwenConfig shape(String name) {
        Path p = Path.of(System.getProperty("agent0.testdata", "../testdata"), "shapes", name);
        assertTrue(Files.isRegularFile(p.resolve("config.json")), "missing fixture " + p);
        return QwenConfig.load(p);
    }

    @Test
    void parameterCountsMatchThePublishedTotals() {
        assertEquals(596_049_920L, MemoryPlanner.parameters(QwenConfig.qwen3_0_6B()));
        assertEquals(4_022_468_096L, MemoryPlanner.parameters(shape("qwen3-4b-base")));
        assertEquals(8_190_735_360L, MemoryPlanner.parameters(shape("qwen3-8b-base")));
    }

    @Test
    void adapterSizeIsRankTimesInPlusOutOverTargetedProjections() {
        // r 16 on all seven projections of Qwen3-0.6B: per layer 16 · (3072 + 2048 + 2048 + 3072 +
        // 4096 + 4096 + 4096) = 360,448; 28 layers (PEFT's print_trainable_parameters count).
        assertEquals(
                10_092_544L,
                MemoryPlanner.adapterParameters(QwenConfig.qwen3_0_6B(), workload(16, none())));
        assertEquals(
                2L * 28 * 8 * 128 * 4, MemoryPlanner.kvBytesPerColumn(QwenConfig.qwen3_0_6B()));
    }

    @Test
    void loraHoldsOneBaseAndFullFineTuningACopyPerAgentAndReference() {
        QwenConfig c = shape("qwen3-4b-base");
        long p = 4_022_468_096L;
        MemoryPlan lora = MemoryPlanner.plan(c, workload(16, none()), 80L << 30, 1L << 30);
        long a = MemoryPlanner.adapterParameters(c, workload(16, none()));
        assertEquals(4 * (p + 2 * a), lora.parts().get("weights"));
        assertEquals(4 * 3 * 2 * a, lora.parts().get("trainer_state"));
        Workload full = workload(16, none()).withFinetune(FineTuning.FULL);
        MemoryPlan f = MemoryPlanner.plan(c, full, 80L << 30, 1L << 30);
        assertEquals(4 * 4 * p, f.parts().get("weights")); // two policies, two KL references
        assertFalse(f.fits());
        assertTrue(f.advice().get(0).contains("models.finetune: LORA"), f.advice().toString());
    }

    @Test
    void aKvCacheCapSplitsSamplingIntoBlocksThatFit() {
        QwenConfig c = QwenConfig.qwen3_0_6B();
        Workload open = workload(16, none());
        Generation g = open.curationAnswers(); // 64 rows × 600 columns
        assertEquals(64, MemoryPlanner.blockRows(c, g, open));
        long perRow = 600 * MemoryPlanner.kvBytesPerColumn(c);
        Workload capped = open.withKvCacheCap(OptionalLong.of(8 * perRow + 5));
        assertEquals(8, MemoryPlanner.blockRows(c, g, capped));
        long uncapped = MemoryPlanner.sampling(c, g, open, MemoryPlanner.CPU);
        long blocks = MemoryPlanner.sampling(c, g, capped, MemoryPlanner.CPU);
        // 56 rows fewer at once, each: its cache (600 columns) and, in FP32, its prefill
        // temporaries 100 · (4·1024 + 2·2048 + 2·1024 + 3·3072) + 2 · 16 · 100² = 2,265,600
        // elements and its logits 3 · 151,936 = 455,808 elements, each times its factor.
        double perRowBytes =
                MemoryPlanner.KV_SLACK * perRow
                        + MemoryPlanner.SLACK * 4 * 2_265_600L
                        + MemoryPlanner.LOGIT_SLACK * 4 * 455_808L;
        assertEquals(56 * perRowBytes, uncapped - blocks, 2.0);
    }

    @Test
    void anUpdateThatDoesNotFitNamesRecomputationChunksAndMicroBatch() {
        QwenConfig c = shape("qwen3-4b-base");
        Workload w = workload(16, none());
        MemoryPlan plan = MemoryPlanner.plan(c, w, 24L << 30, 1L << 30);
        assertFalse(plan.fits());
        String update =
                plan.advice().stream()
                        .filter(s -> s.startsWith("executor_update"))
                        .findFirst()
                        .orElseThrow();
        assertTrue(update.contains("executor.trainer.memory.recomputeLayers: true"), update);
        assertTrue(update.contains("executor.trainer.memory.logitChunk: 256"), update);
        assertTrue(update.contains("executor.trainer.microBatchSize: 2"), update);
        // Recomputation and chunks shrink the update; the JSON carries every phase and the verdict.
        Workload lean = w.withUpdateMemory(new PassMemory(256, true));
        assertTrue(
                MemoryPlanner.update(c, lean.executorUpdate(), MemoryPlanner.CPU)
                        < MemoryPlanner.update(c, w.executorUpdate(), MemoryPlanner.CPU) / 4);
        var json = plan.toJson();
        assertEquals(5, json.get("phases").size());
        assertEquals(plan.peakBytes(), json.get("peak_bytes").asLong());
        assertFalse(json.get("fits").asBoolean());
    }

    static PassMemory none() {
        return PassMemory.none();
    }

    /** 16 × 4 curriculum rows, 16 × k 4 curation, 8 × 4 rollouts; 100-token prompts. */
    static Workload workload(int rank, PassMemory memory) {
        Generation cur = new Generation(32, 100, 356);
        Generation exe = new Generation(64, 100, 600);
        return new Workload(
                FineTuning.LORA,
                LoraConfig.defaults().withRank(rank),
                true,
                true,
                cur,
                new Generation(0, 100, 600),
                cur,
                exe,
                new Generation(32, 100, 600),
                new Update(4, 356, memory),
                new Update(4, 4096, memory),
                OptionalLong.empty());
    }
}
