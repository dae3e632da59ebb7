package dev.agent0.rl.selfplay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.agent.PromptFormat;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.HfTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop on a random fixture-shaped model with the real Qwen3 tokenizer and scripted
 * generation (so curation keeps a known problem): run folder contents, p̂ from curation to the
 * executor step, and crash + resume = uninterrupted run, bit for bit.
 */
class SelfPlayLoopTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HfTokenizer tokenizer;
    private static Path tokenizerDir;
    private static int eos;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        String shared = System.getProperty("agent0.shared");
        assumeTrue(shared != null, "agent0.shared not set: skipping the self-play loop test");
        tokenizerDir = Path.of(shared, "assets", "qwen3-tokenizer");
        assumeTrue(Files.isRegularFile(tokenizerDir.resolve("tokenizer.json")),
                tokenizerDir + "/tokenizer.json absent: skipping the self-play loop test");
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
        tokenizer = HfTokenizer.load(tokenizerDir);
        eos = tokenizer.tokenId("<|im_end|>").orElseThrow();
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    private static SelfPlayConfig config() {
        return SelfPlayConfig.fromTree(configTree());
    }

    private static ObjectNode configTree() {
        ObjectNode o = JSON.createObjectNode();
        o.putObject("curriculum").put("steps", 2).put("batchSize", 4).put("groupSize", 4).put("k", 4)
                .put("maxNewTokens", 40).put("lr", 1e-3).put("klBeta", 0.0);
        o.putObject("curation").put("problems", 4).put("k", 4);
        o.putObject("executor").put("steps", 2).put("problemsPerStep", 1).put("groupSize", 4).put("multiTurn", false)
                .put("responseBudget", 40).put("lr", 1e-3).put("klBeta", 0.01);
        return o;
    }

    private static SelfPlayWorld world(AtomicInteger starts, int failAt) {
        PromptFormat format = (sys, user) -> "<|im_start|>system\n" + sys + "<|im_end|>\n<|im_start|>user\n" + user
                + "<|im_end|>\n<|im_start|>assistant\n";
        return new SelfPlayWorld(tokenizer, tokenizerDir, format, List.of(eos), null,
                m -> ScriptedTurns.factory(tokenizer, eos, starts, failAt));
    }

    private static int run(Path dir, int failAt) {
        SelfPlayConfig c = config();
        return new SelfPlayLoop(c, world(new AtomicInteger(), failAt), RunDirectory.open(dir, c.toTree())).run();
    }

    private static List<JsonNode> lines(Path f) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            ObjectNode n = (ObjectNode) JSON.readTree(l);
            n.remove(List.of("seconds", "tokensPerSecond")); // wall-clock fields differ between runs
            out.add(n);
        }
        return out;
    }

    @Test
    void runFolderHoldsEveryArtifactAndPHatReachesTheExecutorStep() throws Exception {
        Path dir = tmp.resolve("run");
        assertEquals(5, run(dir)); // 2 curriculum steps, curation, 2 executor steps
        assertTrue(Files.isRegularFile(dir.resolve(RunDirectory.CONFIG)));
        for (String agent : List.of("curriculum", "executor")) {
            assertTrue(Files.isRegularFile(dir.resolve("iter-1").resolve(agent).resolve("model.safetensors")), agent);
            assertTrue(Files.isRegularFile(dir.resolve("iter-1").resolve(agent).resolve("tokenizer.json")), agent);
        }
        List<JsonNode> questions = lines(dir.resolve(SelfPlayLoop.QUESTIONS));
        assertEquals(2 * 4 + 4, questions.size());
        JsonNode q0 = questions.get(0); // curriculum sample 0 asks Q_MID: executor answers 5, 6, 5, 7
        assertEquals(ScriptedTurns.Q_MID, q0.get("question").asText());
        assertEquals(0.5, q0.get("pHat").asDouble(), 0.0);
        assertEquals(1.0, questions.get(1).get("pHat").asDouble(), 0.0);
        // R_C = 1·max(0, (1 − 2|p̂ − .5|) − 1/2) with two clusters of 2 among B = 4 (R_rep = 2/4).
        assertEquals(0.5, q0.get("reward").get("total").asDouble(), 1e-12);
        assertEquals(0.0, questions.get(1).get("reward").get("total").asDouble(), 1e-12);

        List<JsonNode> curated = lines(dir.resolve(SelfPlayLoop.CURATED));
        assertEquals(2, curated.size()); // the two Q_MID problems; Q_EASY is too easy (p̂ = 1)
        for (JsonNode c : curated) {
            assertEquals(ScriptedTurns.Q_MID, c.get("question").asText());
            assertEquals("5", c.get("pseudoLabel").asText());
            assertEquals(0.5, c.get("pHat").asDouble(), 0.0);
            assertEquals("KEPT", c.get("verdict").asText());
        }
        List<JsonNode> metrics = lines(dir.resolve(SelfPlayLoop.METRICS));
        assertEquals(5, metrics.size());
        assertEquals(List.of("curriculum", "curriculum", "curation", "executor", "executor"),
                metrics.stream().map(m -> m.get("phase").asText()).toList());
        assertEquals(2, metrics.get(2).get("kept").asInt());
        for (JsonNode m : metrics.subList(3, 5)) {
            // p̂ of the executor's batch is curation's, unchanged; answers 5, 6, 5, 7 vs ỹ = 5.
            assertEquals(curated.get(0).get("pHat").asDouble(), m.get("pHat").get(0).asDouble(), 0.0);
            assertEquals(0.5, m.get("rewardMean").asDouble(), 0.0);
            assertEquals(0, m.get("skippedUpdates").asInt());
            // ADPO saw curation's p̂: rewards {1,0,1,0} give Â = 0.5/sqrt(1/3) (unbiased std),
            // scaled by s(0.5) = 0.6 + 0.4·(0.5 − 0.3)/0.5 = 0.76.
            assertEquals(0.76 * 0.5 / Math.sqrt(1.0 / 3), m.get("advantageMax").asDouble(), 1e-5);
        }
        assertTrue(metrics.get(0).get("gradNorm").asDouble() > 0, "curriculum step had no gradient");
        // only the committed checkpoints remain
        try (var l = Files.list(dir.resolve("checkpoints"))) {
            assertEquals(List.of("curriculum-u1", "executor-u4"), l.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    @Tag("slow") // four loop runs, about 100 s on 2 cores
    void crashAndResumeGivesTheUninterruptedResult() throws Exception {
        Path straight = tmp.resolve("straight");
        run(straight, 0);
        // Generations (factory starts): curriculum steps 2 each (sample + frozen executor), curation 2,
        // executor steps 1 each. failAt 3 crashes inside curriculum step 2 (unit 1, after unit 0
        // committed); the resumed run starts at unit 1, whose 3rd start is inside curation (unit 2).
        Path crashed = tmp.resolve("crashed");
        assertThrows(IllegalStateException.class, () -> run(crashed, 3));
        assertThrows(IllegalStateException.class, () -> run(crashed, 3)); // crashes again, one unit later
        assertEquals(5, run(crashed, 0));
        for (String f : List.of(SelfPlayLoop.QUESTIONS, SelfPlayLoop.CURATED, SelfPlayLoop.METRICS)) {
            assertEquals(lines(straight.resolve(f)), lines(crashed.resolve(f)), f);
        }
        for (String agent : List.of("curriculum", "executor")) {
            Path a = straight.resolve("iter-1").resolve(agent).resolve("model.safetensors");
            Path b = crashed.resolve("iter-1").resolve(agent).resolve("model.safetensors");
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), agent + " weights differ after resume");
        }
    }

    @Test
    @Tag("slow") // one more loop run, about 30 s
    void ablationsUntrainedCurriculumAndGrpoReachTheLoop() throws Exception {
        ObjectNode o = configTree();
        ((ObjectNode) o.get("curriculum")).put("train", false);
        ((ObjectNode) o.get("executor")).put("estimator", "grpo");
        SelfPlayConfig c = SelfPlayConfig.fromTree(o);
        Path dir = tmp.resolve("ablation");
        assertEquals(3, new SelfPlayLoop(c, world(new AtomicInteger(), 0), RunDirectory.open(dir, c.toTree())).run());
        List<JsonNode> metrics = lines(dir.resolve(SelfPlayLoop.METRICS));
        assertEquals(List.of("curation", "executor", "executor"),
                metrics.stream().map(m -> m.get("phase").asText()).toList());
        // GRPO: the same rewards, no s(p̂) scaling.
        assertEquals(0.5 / Math.sqrt(1.0 / 3), metrics.get(1).get("advantageMax").asDouble(), 1e-5);
        assertEquals(4, lines(dir.resolve(SelfPlayLoop.QUESTIONS)).size());
    }

    private static int run(Path dir) {
        return run(dir, 0);
    }
}
