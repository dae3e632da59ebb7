package dev.agent0.examples.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agent0.core.agent.ExecutorAgent;
import dev.agent0.core.generate.SamplingConfig;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.eval.consistency.PHat;
import dev.agent0.eval.grade.ValueEquivalence;
import dev.agent0.examples.tinyworld.ArithmeticProblem;
import dev.agent0.examples.tinyworld.EvaluationRollout;
import dev.agent0.examples.tinyworld.HeldOutSet;
import dev.agent0.examples.tinyworld.TinyWorldAgents;
import dev.agent0.examples.tinyworld.TinyWorldBase;
import dev.agent0.examples.tinyworld.TinyWorldFormat;
import dev.agent0.examples.tinyworld.TinyWorldModel;
import dev.agent0.rl.optim.AdamWConfig;
import dev.agent0.rl.optim.LrSchedule;
import dev.agent0.rl.selfplay.CuratedProblem;
import dev.agent0.rl.selfplay.CurationVerdict;
import dev.agent0.rl.selfplay.ExecutorTraining;
import dev.agent0.rl.selfplay.ToolConsistencyGuard;
import dev.agent0.rl.train.PolicyTrainer;
import dev.agent0.rl.train.PolicyTrainerConfig;
import dev.agent0.sandbox.local.LocalSandboxConfig;
import dev.agent0.sandbox.local.PythonSandbox;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Soak: N executor updates on the tiny world (the shipped base, full fine-tuning, real sampler,
 * real sandbox with tool calls, ADPO with β > 0 so the reference runs too), sampling the process's
 * resident memory, heap after a full GC, open file descriptors, threads and child processes every
 * few updates (a main, not a test). After the warm-up it prints each series' median and its largest
 * deviation from the median in percent; the claim under test is "flat within ±5 %".
 *
 * <pre>
 * java -cp examples/target/agent0.jar dev.agent0.examples.bench.SoakBenchmark \
 *     [updates=1000] [sampleEvery=20] [warmup=100] [out=soak.jsonl]
 * </pre>
 */
public final class SoakBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One sample of the process's resources. */
    record Sample(int update, long rssKiB, long heapBytes, long fds, long threads, long children) {}

    public static void main(String[] args) throws Exception {
        int updates = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path out = Path.of(args.length > 3 ? args[3] : "soak.jsonl");
        Agent0Runtime.init(RuntimeOptions.defaults());
        Path base = TinyWorldBase.extract(Files.createTempDirectory("agent0-soak-base"));
        List<ArithmeticProblem> all = new HeldOutSet(HeldOutSet.DEFAULT_SEED, 10).all();
        EvaluationRollout rollout = EvaluationRollout.defaults();
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        try (HfTokenizer tok = HfTokenizer.load(base);
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                PythonSandbox sandbox =
                        PythonSandbox.start(
                                LocalSandboxConfig.defaults().withPreloadModules(List.of()))) {
            QwenModel policy = new QwenModel(QwenWeights.load(base, manager));
            PolicyTrainerConfig config =
                    PolicyTrainerConfig.executorDefaults()
                            .withOptimizer(
                                    AdamWConfig.defaults(), LrSchedule.constant(1e-5, 0), 1.0);
            ValueEquivalence grader = new ValueEquivalence();
            ExecutorTraining training =
                    new ExecutorTraining(grader, new ToolConsistencyGuard(true, grader));
            TinyWorldAgents agents =
                    TinyWorldAgents.of(
                            tok,
                            TinyWorldFormat.EXECUTOR,
                            TinyWorldFormat.CURRICULUM,
                            List.of(TinyWorldModel.eosTokenId()),
                            sandbox);
            try (PolicyTrainer trainer = new PolicyTrainer(policy, config, manager)) {
                for (int u = 0; u < updates; u++) {
                    // 4 problems × 4 samples per update, cycling through the held-out set with
                    // its true answers as labels: a resource soak, not a learning experiment.
                    List<CuratedProblem> problems = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        ArithmeticProblem p = all.get((u * 4 + i) % all.size());
                        problems.add(
                                new CuratedProblem(
                                        i,
                                        p.expression(),
                                        null,
                                        Long.toString(p.value()),
                                        new PHat(0.5),
                                        4,
                                        2,
                                        CurationVerdict.KEPT));
                    }
                    ExecutorAgent agent =
                            agents.executor(
                                    trainer.policy(),
                                    rollout,
                                    new SamplingConfig(1.0, 0, 1.0, 1000L + u));
                    training.step(problems, agent, trainer, 4, 2000L + u);
                    if (u % every == 0 || u == updates - 1) {
                        Sample s = sample(u);
                        samples.add(s);
                        ObjectNode line = JSON.valueToTree(s);
                        line.put("seconds", (System.nanoTime() - start) / 1e9);
                        Files.writeString(
                                out,
                                line + "\n",
                                java.nio.file.StandardOpenOption.CREATE,
                                java.nio.file.StandardOpenOption.APPEND);
                        System.out.println(line);
                    }
                }
            }
        }
        summarize(samples.stream().filter(s -> s.update() >= warmup).toList());
    }

    private static Sample sample(int update) throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long rss = 0;
        long threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count();
        }
        long children = ProcessHandle.current().descendants().count();
        return new Sample(update, rss, heap, fds, threads, children);
    }

    private static void summarize(List<Sample> s) {
        System.out.printf(
                "after warm-up: %d samples, updates %d..%d%n",
                s.size(), s.get(0).update(), s.get(s.size() - 1).update());
        report("resident memory KiB", s.stream().mapToLong(Sample::rssKiB).toArray());
        report("heap after GC bytes", s.stream().mapToLong(Sample::heapBytes).toArray());
        report("file descriptors", s.stream().mapToLong(Sample::fds).toArray());
        report("threads", s.stream().mapToLong(Sample::threads).toArray());
        report("child processes", s.stream().mapToLong(Sample::children).toArray());
    }

    private static void report(String what, long[] v) {
        long[] sorted = v.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double worst = 0;
        for (long x : v) {
            worst = Math.max(worst, Math.abs(x - median) / Math.max(1, median) * 100);
        }
        System.out.printf(
                "%-22s median %.0f, min %d, max %d, largest deviation %.1f %%, first %d, last %d%n",
                what, median, sorted[0], sorted[sorted.length - 1], worst, v[0], v[v.length - 1]);
    }
}
