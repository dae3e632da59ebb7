package dev.agent0.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.examples.tinyworld.HeldOutSet;
import dev.agent0.examples.tinyworld.TinyWorldDemo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Training script for the tiny world, as a researcher would write one: start from the shipped
 * tiny-world config, change what the experiment varies (here the seed and the iteration count), run
 * Agent0 from the shipped base, then read the held-out results back from the run folder.
 *
 * <pre>
 * java -cp examples/target/agent0.jar dev.agent0.examples.TinyWorldSelfPlay runs/my-seed-3 3 12
 * </pre>
 *
 * Arguments: run folder, seed (default 0), iterations (default: the config's). Same seed, same run
 * on CPU; re-running with the same folder resumes an interrupted run.
 */
public final class TinyWorldSelfPlay {
    private TinyWorldSelfPlay() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/tiny-world-script");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 0;

        // 1. The shipped config (configs/tiny-world.yaml), with this experiment's changes.
        ObjectNode config;
        try (InputStream in =
                TinyWorldSelfPlay.class.getResourceAsStream(
                        "/dev/agent0/examples/tinyworld/tiny-world.yaml")) {
            config = (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        config.put("seed", seed);
        if (args.length > 2) {
            config.put("iterations", Integer.parseInt(args[2]));
        }

        // 2. Run: evaluation before training and after every iteration, then the report.
        Agent0Runtime.init(RuntimeOptions.defaults().withSeed(seed));
        TinyWorldDemo.Result result =
                new TinyWorldDemo(config, out, HeldOutSet.DEFAULT_PER_LEVEL).run();

        // 3. Held-out greedy pass@1 per iteration, from the run folder's eval.jsonl.
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(result.runDir().resolve("eval.jsonl"));
        for (String line : lines) {
            JsonNode e = json.readTree(line);
            System.out.printf(
                    "iteration %2d: greedy pass@1 %.3f, sampled %.3f, greedy tool rate %.2f%n",
                    e.get("iteration").asInt(),
                    e.at("/greedy/pass1").asDouble(),
                    e.at("/sampled/pass1").asDouble(),
                    e.at("/greedy/toolRate").asDouble());
        }
        System.out.println("report: " + result.report());
    }
}
