package dev.agent0.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.serve.CompletionsServer;
import dev.agent0.core.serve.ServeConfig;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.examples.tinyworld.TinyWorldBase;
import dev.agent0.examples.tinyworld.TinyWorldModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-play loop with every generation on two {@code agent0 serve} servers (started here on
 * 127.0.0.1 from the shipped base): both agents' rollouts, the frozen executor's answers, curation;
 * adapters published to a folder and loaded over HTTP; truncated importance sampling on.
 */
class TrainOverHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void loraSmokeRunGeneratesOnTwoServersWithSamplerLogRatioNearZero(@TempDir Path dir)
            throws Exception {
        ShippedWorld.assumeBaseAndSandbox();
        Agent0Runtime.init(RuntimeOptions.defaults());
        Path base = TinyWorldBase.extract(dir.resolve("served-base"));
        Path publish = dir.resolve("adapters");
        Path config = dir.resolve("http.yaml");
        Files.writeString(
                config,
                Files.readString(Path.of("..", "configs", "tiny-smoke-lora.yaml"))
                        + "engine: {type: http, baseUrls: [\"http://127.0.0.1:9\"], model:"
                        + " tiny-base, publishDir: "
                        + publish
                        + "}\n");
        List<CompletionsServer> servers = new ArrayList<>();
        try (HfTokenizer tok = HfTokenizer.load(base);
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            for (int i = 0; i < 2; i++) {
                QwenModel model = new QwenModel(QwenWeights.load(base, manager));
                servers.add(
                        new CompletionsServer(
                                model,
                                tok,
                                ServeConfig.of(
                                        "tiny-base",
                                        model.config().maxPositionEmbeddings(),
                                        List.of(TinyWorldModel.eosTokenId()))));
            }
            Path out = dir.resolve("run");
            StringWriter err = new StringWriter();
            var cli = Agent0Cli.commandLine();
            cli.setErr(new PrintWriter(err));
            // The file's URL is a dead port: --engine-url replaces it with the two servers.
            int code =
                    cli.execute(
                            "train",
                            "--config",
                            config.toString(),
                            "--out",
                            out.toString(),
                            "--engine-url",
                            servers.get(0).url(),
                            "--engine-url",
                            servers.get(1).url());
            assertEquals(0, code, err.toString());

            // Both servers generated; the agents' adapters were published and loaded.
            for (CompletionsServer s : servers) {
                assertTrue(s.completions() > 0, s.url() + " served nothing");
            }
            try (Stream<Path> published = Files.list(publish)) {
                assertTrue(
                        published.anyMatch(
                                p -> Files.isRegularFile(p.resolve("adapter_model.safetensors"))),
                        "no adapter published in " + publish);
            }
            // Every trained step's rollouts came from the servers, with the trainer's weights:
            // the sampler-vs-trainer log-ratio is float noise, nothing is truncated.
            int steps = 0;
            for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
                JsonNode m = JSON.readTree(line);
                if (!m.has("samplerLogRatioMax")) {
                    continue;
                }
                steps++;
                String what = m.get("phase").asText() + ": " + m;
                assertEquals(2.0, m.get("samplerCorrectionCap").asDouble(), what);
                assertTrue(m.get("engineRequests").asLong() > 0, what);
                assertTrue(m.get("samplerLogRatioMax").asDouble() < 1e-3, what);
                assertTrue(Math.abs(m.get("samplerLogRatioMean").asDouble()) < 1e-4, what);
                assertEquals(0, m.get("samplerTruncatedShare").asDouble(), what);
            }
            assertEquals(2, steps, "one curriculum and one executor step");

            // Servers gone past the retries: a clear error and exit 3, nothing half-written;
            // the same command resumes once a server answers.
            Path config2 = dir.resolve("http-fragile.yaml");
            Files.writeString(
                    config2,
                    Files.readString(config)
                            .replace(
                                    "publishDir: " + publish,
                                    "publishDir: "
                                            + publish
                                            + ", maxRetries: 1, backoffSeconds:"
                                            + " 0.05"));
            Path out2 = dir.resolve("run2");
            StringWriter err2 = new StringWriter();
            var cli2 = Agent0Cli.commandLine();
            cli2.setErr(new PrintWriter(err2));
            int failed =
                    cli2.execute(
                            "train",
                            "--config",
                            config2.toString(),
                            "--out",
                            out2.toString(),
                            "--engine-url",
                            "http://127.0.0.1:9");
            assertEquals(3, failed, err2.toString());
            assertTrue(err2.toString().contains("http://127.0.0.1:9"), err2.toString());
            assertTrue(err2.toString().contains("gave up after 2 attempts"), err2.toString());
            assertTrue(err2.toString().contains("run the same command again"), err2.toString());
            assertTrue(
                    !Files.exists(out2.resolve("metrics.jsonl"))
                            || Files.readAllLines(out2.resolve("metrics.jsonl")).isEmpty(),
                    "no step logged");
            StringWriter err3 = new StringWriter();
            var cli3 = Agent0Cli.commandLine();
            cli3.setErr(new PrintWriter(err3));
            assertEquals(
                    0,
                    cli3.execute(
                            "train",
                            "--config",
                            config2.toString(),
                            "--out",
                            out2.toString(),
                            "--engine-url",
                            servers.get(0).url()),
                    err3.toString());
            assertEquals(
                    Files.readAllLines(out.resolve("metrics.jsonl")).size(),
                    Files.readAllLines(out2.resolve("metrics.jsonl")).size(),
                    "the resumed run logged every step once");
        } finally {
            for (CompletionsServer s : servers) {
                s.close();
            }
        }
    }
}
