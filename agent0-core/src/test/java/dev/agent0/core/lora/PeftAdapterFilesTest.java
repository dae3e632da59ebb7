package dev.agent0.core.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.model.CheckpointFormatException;
import dev.agent0.core.model.Projection;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.model.SafetensorsFile;
import dev.agent0.core.model.TinyModels;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEFT folder format: names, fields, a round trip, and a clear error for each bad field. */
class PeftAdapterFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final QwenConfig CFG = TinyModels.qwen3WithBias();

    @TempDir Path tmp;

    @BeforeAll
    static void init() {
        Agent0Runtime.init(RuntimeOptions.defaults().withThreads(2, 1));
    }

    private Path saved(LoraConfig config) {
        Path dir = tmp.resolve("adapter");
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                LoraAdapter a = LoraAdapter.init(CFG, config, 3, m, DataType.FLOAT32)) {
            LoraAdapterTest.randomiseB(a, 4);
            PeftAdapterFiles.save(a, dir, "my/base");
        }
        return dir;
    }

    @Test
    void savedFolderHasPeftsNamesAndFieldsAndLoadsBackExactly() throws Exception {
        LoraConfig config =
                new LoraConfig(4, 16, 0.05, List.of(Projection.Q_PROJ, Projection.V_PROJ));
        Path dir = tmp.resolve("adapter");
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                LoraAdapter a = LoraAdapter.init(CFG, config, 3, m, DataType.FLOAT32)) {
            LoraAdapterTest.randomiseB(a, 4);
            PeftAdapterFiles.save(a, dir, "my/base");
            ObjectNode c =
                    (ObjectNode) JSON.readTree(dir.resolve(PeftAdapterFiles.CONFIG).toFile());
            assertEquals("LORA", c.get("peft_type").asText());
            assertEquals("CAUSAL_LM", c.get("task_type").asText());
            assertEquals(4, c.get("r").asInt());
            assertTrue(
                    c.get("lora_alpha").isIntegralNumber(),
                    "an integral alpha is written as an integer");
            assertEquals(16, c.get("lora_alpha").asInt());
            assertEquals(0.05, c.get("lora_dropout").asDouble(), 0.0);
            assertEquals("[\"q_proj\",\"v_proj\"]", c.get("target_modules").toString());
            assertEquals("none", c.get("bias").asText());
            assertEquals("my/base", c.get("base_model_name_or_path").asText());
            try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(PeftAdapterFiles.WEIGHTS))) {
                assertEquals(2 * 2 * 2, f.entries().size());
                assertArrayEquals(
                        new long[] {4, 8},
                        f.entries()
                                .get(
                                        "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight")
                                .shape());
                assertArrayEquals(
                        new long[] {8, 4},
                        f.entries()
                                .get(
                                        "base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight")
                                .shape());
                assertEquals("pt", f.metadata().get("format"));
            }
            try (LoraAdapter back = PeftAdapterFiles.load(dir, CFG, m, DataType.FLOAT32)) {
                assertEquals(config, back.config());
                for (var e : a.parameters().entrySet()) {
                    assertArrayEquals(
                            e.getValue().toFloatArray(),
                            back.parameters().get(e.getKey()).toFloatArray(),
                            e.getKey());
                }
            }
        }
    }

    /** Rewrites one field of the saved config and returns the load error's message. */
    private String configError(Consumer<ObjectNode> change) throws Exception {
        Path dir = saved(LoraConfig.defaults().withRank(2));
        Path file = dir.resolve(PeftAdapterFiles.CONFIG);
        ObjectNode c = (ObjectNode) JSON.readTree(file.toFile());
        change.accept(c);
        Files.writeString(file, c.toString());
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            CheckpointFormatException e =
                    assertThrows(
                            CheckpointFormatException.class,
                            () -> PeftAdapterFiles.load(dir, CFG, m, DataType.FLOAT32));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            return e.getMessage();
        }
    }

    @Test
    void badConfigFieldsAreRefusedNamingFileAndField() throws Exception {
        assertTrue(
                configError(c -> c.put("peft_type", "IA3")).contains("peft_type must be \"LORA\""));
        assertTrue(configError(c -> c.remove("r")).contains("r must be an integer"));
        assertTrue(configError(c -> c.put("r", 0)).contains("r = 0"));
        assertTrue(configError(c -> c.put("bias", "all")).contains("bias must be \"none\""));
        assertTrue(configError(c -> c.put("use_dora", true)).contains("use_dora must be false"));
        assertTrue(configError(c -> c.put("target_modules", ".*proj")).contains("target_modules"));
        assertTrue(
                configError(c -> c.putArray("target_modules").add("c_attn")).contains("'c_attn'"));
        assertTrue(
                configError(c -> c.putArray("modules_to_save").add("lm_head"))
                        .contains("modules_to_save"));
        assertTrue(
                configError(c -> c.putObject("rank_pattern").put("q_proj", 8))
                        .contains("rank_pattern"));
    }

    @Test
    void tensorsThatDoNotFitTheBaseAreRefusedByName() throws Exception {
        Path dir = saved(LoraConfig.defaults().withRank(2));
        QwenConfig wider = TinyModels.qwen2(); // fewer heads: other q/o shapes
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            CheckpointFormatException e =
                    assertThrows(
                            CheckpointFormatException.class,
                            () -> PeftAdapterFiles.load(dir, wider, m, DataType.FLOAT32));
            assertTrue(
                    e.getMessage().contains(PeftAdapterFiles.WEIGHTS)
                            && e.getMessage().contains("has shape"),
                    e.getMessage());
        }
        // The config says q_proj only, the file holds all seven: the extra tensors are named.
        Path file = dir.resolve(PeftAdapterFiles.CONFIG);
        ObjectNode c = (ObjectNode) JSON.readTree(file.toFile());
        c.putArray("target_modules").add("q_proj");
        Files.writeString(file, c.toString());
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            CheckpointFormatException e =
                    assertThrows(
                            CheckpointFormatException.class,
                            () -> PeftAdapterFiles.load(dir, CFG, m, DataType.FLOAT32));
            assertTrue(
                    e.getMessage()
                            .contains(
                                    "unexpected tensor"
                                            + " base_model.model.model.layers.0.self_attn.k_proj"),
                    e.getMessage());
        }
        // A truncated weights file.
        Path weights = dir.resolve(PeftAdapterFiles.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Exception e =
                    assertThrows(
                            RuntimeException.class,
                            () -> PeftAdapterFiles.load(dir, CFG, m, DataType.FLOAT32));
            assertTrue(e.getMessage().contains(PeftAdapterFiles.WEIGHTS), e.getMessage());
        }
    }
}
