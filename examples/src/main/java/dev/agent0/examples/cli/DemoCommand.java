package dev.agent0.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.examples.tinyworld.ArithmeticWorld;
import dev.agent0.examples.tinyworld.TinyWorldDemo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The tiny-world self-play demo: Agent0 from the shipped base with zero labels, on 2 CPU cores.
 *
 * <pre>
 * agent0 demo [--world tiny|frontier] [--out DIR] [--config FILE] [--iterations N] [--seed S]
 *             [--eval-per-level N] [--eval-every N]
 * </pre>
 *
 * Runs (or resumes) the loop into DIR and writes DIR/report.md with PNG plots. The config is {@code
 * configs/tiny-world.yaml} ({@code configs/frontier-world.yaml} for the frontier world; the jar
 * carries both) with {@code --config FILE} merged over it key by key, so an ablation file holds
 * just its one flag ({@code configs/tiny-world-*.yaml}, which apply to either world).
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Tiny-world self-play demo: curriculum and executor co-evolve from the shipped"
                        + " base, then a report (Markdown + PNG) is written.")
final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--world",
            defaultValue = "tiny",
            description =
                    "tiny (the first world, saturates) or frontier (held-out levels beyond the"
                        + " base's training, docs/frontier-world.md). Default: ${DEFAULT-VALUE}.")
    String world;

    @Option(
            names = "--out",
            description = "Run folder. Default: runs/tiny-world or runs/frontier-world.")
    Path out;

    @Option(
            names = "--config",
            description =
                    "YAML or JSON keys merged over the world's built-in config"
                            + " (configs/tiny-world.yaml or configs/frontier-world.yaml).")
    Path config;

    @Option(
            names = "--base",
            description =
                    "A tiny-world base folder written by pretrain-tiny (default: the shipped"
                            + " base).")
    Path base;

    @Option(names = "--iterations", description = "Overrides the config's iterations.")
    Integer iterations;

    @Option(names = "--seed", description = "Overrides the config's seed.")
    Long seed;

    @Option(
            names = "--eval-per-level",
            defaultValue = "40",
            description =
                    "Held-out problems per level, evaluated greedy and sampled after every"
                            + " iteration. Default: ${DEFAULT-VALUE}.")
    int evalPerLevel;

    @Option(
            names = "--eval-every",
            description =
                    "Evaluate before training, after every N-th iteration and after the last."
                            + " Default: 1 (tiny), 3 (frontier).")
    Integer evalEvery;

    @Override
    public Integer call() {
        try {
            ArithmeticWorld w = ArithmeticWorld.parse(world);
            JsonNode tree = readConfig(w);
            if (iterations != null) {
                ((ObjectNode) tree).put("iterations", iterations);
            }
            if (seed != null) {
                ((ObjectNode) tree).put("seed", seed);
            }
            Path folder = out != null ? out : Path.of("runs", w.id() + "-world");
            TinyWorldDemo demo =
                    new TinyWorldDemo(
                            w,
                            tree,
                            folder,
                            evalPerLevel,
                            base,
                            evalEvery != null ? evalEvery : w.evalEvery());
            Agent0Runtime.init(RuntimeOptions.defaults().withSeed(tree.path("seed").asLong(0)));
            TinyWorldDemo.Result r = demo.run();
            System.out.printf(
                    "run folder: %s (%d units, %.0f s)%nreport: %s%n",
                    r.runDir(), r.units(), r.seconds(), r.report());
            return 0;
        } catch (IllegalStateException e) {
            System.err.println("agent0 demo: " + e.getMessage());
            return RunFailures.BAD_INPUT;
        } catch (RuntimeException e) {
            return RunFailures.report("agent0 demo", e, new PrintWriter(System.err, true));
        } catch (IOException e) {
            System.err.println("agent0 demo: " + e.getMessage());
            return 1;
        }
    }

    private JsonNode readConfig(ArithmeticWorld w) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode merged;
        try (InputStream in = DemoCommand.class.getResourceAsStream(w.configResource())) {
            if (in == null) {
                throw new IllegalStateException(
                        "the built-in config "
                                + w.configResource()
                                + " is missing from this build");
            }
            merged = (ObjectNode) yaml.readTree(in);
        }
        if (config != null) {
            String name = config.getFileName().toString().toLowerCase();
            ObjectMapper reader = name.endsWith(".json") ? new ObjectMapper() : yaml;
            JsonNode user;
            try {
                user = reader.readTree(Files.readString(config));
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        config + ": cannot read config: " + e.getMessage(), e);
            }
            if (user != null && !user.isMissingNode() && !user.isNull()) {
                if (!user.isObject()) {
                    throw new IllegalArgumentException(config + ": must be a mapping of sections");
                }
                merge(merged, (ObjectNode) user);
            }
        }
        return merged;
    }

    /** Deep merge of mappings; anything else in {@code over} replaces. Validation comes later. */
    private static void merge(ObjectNode base, ObjectNode over) {
        over.fields()
                .forEachRemaining(
                        e -> {
                            JsonNode old = base.get(e.getKey());
                            if (old != null && old.isObject() && e.getValue().isObject()) {
                                merge((ObjectNode) old, (ObjectNode) e.getValue());
                            } else {
                                base.set(e.getKey(), e.getValue());
                            }
                        });
    }
}
