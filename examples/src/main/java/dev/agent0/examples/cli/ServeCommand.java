package dev.agent0.examples.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.lora.PeftAdapterFiles;
import dev.agent0.core.model.CheckpointFormatException;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.serve.CompletionsServer;
import dev.agent0.core.serve.ServeConfig;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.core.tokenize.TokenizerFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Serves a local Qwen2/Qwen3 folder over vLLM's OpenAI-compatible completions API, batching
 * concurrent requests, with LoRA adapters loadable at run time; for tests and CPU users (use vLLM
 * for speed).
 *
 * <pre>
 * agent0 serve --model DIR --port P [--tokenizer DIR] [--adapter-dir DIR] [--host 127.0.0.1]
 *              [--name NAME] [--max-batch 32] [--max-model-len N]
 * </pre>
 *
 * Prints {@code {"url":"http://127.0.0.1:P","model":NAME,"adapters":[...]}} once listening, then
 * runs until killed. Every subfolder of {@code --adapter-dir} holding adapter_config.json is loaded
 * at start under its folder's name.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Serve a local Qwen2/Qwen3 checkpoint as an OpenAI-compatible /v1/completions"
                        + " server (vLLM's API subset; for tests and CPU users).")
final class ServeCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            required = true,
            description = "HF folder: config.json, *.safetensors[, tokenizer.json].")
    Path model;

    @Option(names = "--tokenizer", description = "Folder with tokenizer.json. Default: --model.")
    Path tokenizerDir;

    @Option(
            names = "--adapter-dir",
            description = "Load every PEFT adapter subfolder at start, named after its folder.")
    Path adapterDir;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", required = true, description = "Port (0: any free one).")
    int port;

    @Option(names = "--name", description = "Served model name. Default: the model folder's name.")
    String name;

    @Option(
            names = "--max-batch",
            defaultValue = "32",
            description = "Most requests generated together. Default: ${DEFAULT-VALUE}.")
    int maxBatch;

    @Option(
            names = "--max-model-len",
            description =
                    "Prompt + max_tokens limit. Default: config.json max_position_embeddings.")
    Integer maxModelLen;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or auto.")
    String device;

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (IllegalArgumentException
                | CheckpointFormatException
                | TokenizerFileException
                | UncheckedIOException e) {
            System.err.println("agent0 serve: " + e.getMessage());
            return 2;
        }
    }

    private int run() throws Exception {
        Agent0Runtime rt = Agent0Runtime.init(RuntimeOptions.defaults().withDevice(device));
        Path tokDir = tokenizerDir != null ? tokenizerDir : model;
        HfTokenizer tokenizer = HfTokenizer.load(tokDir);
        NDManager manager = NDManager.newBaseManager(rt.device());
        QwenModel qwen = new QwenModel(QwenWeights.load(model, manager));
        List<Integer> eos = new ArrayList<>(qwen.config().eosTokenIds());
        tokenizer
                .eosTokenId()
                .ifPresent(
                        id -> {
                            if (id < qwen.config().vocabSize()) { // else it cannot be sampled
                                addOnce(eos, id);
                            }
                        });
        String served =
                name != null ? name : model.toAbsolutePath().normalize().getFileName().toString();
        int capacity = maxModelLen != null ? maxModelLen : qwen.config().maxPositionEmbeddings();
        ServeConfig config = new ServeConfig(served, host, port, maxBatch, capacity, eos);
        CompletionsServer server = new CompletionsServer(qwen, tokenizer, config);
        CountDownLatch stopped = new CountDownLatch(1);
        // Killed (SIGINT/SIGTERM): stop serving, then free the model, in that order.
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    server.close();
                                    qwen.close();
                                    manager.close();
                                    tokenizer.close();
                                    stopped.countDown();
                                },
                                "agent0-serve-shutdown"));
        List<String> adapters = new ArrayList<>();
        for (Path dir : adapterFolders()) {
            String adapter = dir.getFileName().toString();
            server.loadAdapter(adapter, dir);
            adapters.add(adapter);
        }
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("url", server.url());
        out.put("model", served);
        adapters.forEach(out.putArray("adapters")::add);
        System.out.println(out);
        System.out.flush();
        stopped.await(); // until the shutdown hook has run
        return 0;
    }

    /** Subfolders of --adapter-dir holding adapter_config.json, by name. */
    private List<Path> adapterFolders() {
        if (adapterDir == null) {
            return List.of();
        }
        if (!Files.isDirectory(adapterDir)) {
            throw new IllegalArgumentException("--adapter-dir " + adapterDir + " is not a folder");
        }
        try (Stream<Path> s = Files.list(adapterDir)) {
            return s.filter(d -> Files.isRegularFile(d.resolve(PeftAdapterFiles.CONFIG)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list --adapter-dir " + adapterDir, e);
        }
    }

    private static void addOnce(List<Integer> ids, int id) {
        if (!ids.contains(id)) {
            ids.add(id);
        }
    }
}
