package dev.agent0.core.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.agent0.core.engine.AdapterPublisher;
import dev.agent0.core.engine.CompletionsEngine;
import dev.agent0.core.engine.CompletionsEngineConfig;
import dev.agent0.core.engine.EngineGenerators;
import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.lora.LoraAdapter;
import dev.agent0.core.lora.LoraConfig;
import dev.agent0.core.lora.PeftAdapterFiles;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adapters reach the servers in PEFT format under a content name, are loaded once, the oldest are
 * unloaded, and a LoRA view's rollouts name its adapter as the request's model.
 */
class AdapterPublisherTest {
    @Test
    void publishesInPeftFormatLoadsOnceAndRequestsNameTheAdapter(@TempDir Path dir)
            throws Exception {
        QwenConfig shape = QwenConfig.qwen3Tiny().withVocabSize(512);
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                FakeCompletionsServer server =
                        new FakeCompletionsServer(
                                req ->
                                        FakeCompletionsServer.Reply.ok(
                                                FakeCompletionsServer.completion(
                                                        new int[] {65, 255}, "stop", 255)),
                                0);
                CompletionsEngine engine =
                        new CompletionsEngine(
                                CompletionsEngineConfig.of(List.of(server.url()), "qwen3-base"),
                                new ByteTokenizer(512, Map.of()))) {
            QwenModel base = new QwenModel(QwenWeights.random(shape, 1, 0.02, m));
            LoraAdapter a = LoraAdapter.init(shape, LoraConfig.defaults(), 1, m, DataType.FLOAT32);
            LoraAdapter b = LoraAdapter.init(shape, LoraConfig.defaults(), 2, m, DataType.FLOAT32);
            AdapterPublisher publisher = new AdapterPublisher(engine, dir, "exe", 1);

            String first = publisher.publish(a);
            assertTrue(first.matches("exe-[0-9a-f]{12}"), first);
            Path published = dir.resolve(first);
            assertEquals(List.of("load " + first + " " + published), server.adapterCalls);
            assertTrue(Files.isRegularFile(published.resolve("adapter_config.json")));
            LoraAdapter back = PeftAdapterFiles.load(published, shape, m, DataType.FLOAT32);
            for (var e : a.parameters().entrySet()) {
                assertArrayEquals(
                        e.getValue().toFloatArray(),
                        back.parameters().get(e.getKey()).toFloatArray(),
                        e.getKey());
            }
            assertEquals(first, publisher.publish(a), "same content, same name");
            assertEquals(1, server.adapterCalls.size(), "not loaded twice");

            String second = publisher.publish(b);
            assertNotEquals(first, second);
            assertEquals("unload " + first, server.adapterCalls.get(2), "keepLoaded = 1");

            var generators = EngineGenerators.of(engine, publisher);
            GenerationConfig gen =
                    new GenerationConfig(4, SamplingConfig.defaults(), List.of(), List.of(255));
            generators.apply(base.withAdapter(b)).start(List.of(new int[] {1}), gen, 16).generate();
            generators.apply(base).start(List.of(new int[] {1}), gen, 16).generate();
            assertEquals(second, server.requests.get(0).get("model").asText());
            assertEquals("qwen3-base", server.requests.get(1).get("model").asText());
        }
    }
}
