package dev.agent0.examples.cli;

import ai.djl.ndarray.NDManager;
import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import dev.agent0.rl.loss.BatchLossFile;
import dev.agent0.rl.loss.BatchLossFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code agent0 loss --input batch.json}: the GRPO / Dr.GRPO / ADPO loss of a JSON batch of
 * per-token log-probs, printed as one JSON object (schema in docs/rl.md). No model is loaded.
 */
@Command(
        name = "loss",
        mixinStandardHelpOptions = true,
        description =
                "Compute the policy loss of a JSON batch of per-token log-probs and print"
                        + " {\"loss\", \"pg_loss\", \"kl\", \"advantages\", \"clip_frac\"}"
                        + " (docs/rl.md).")
final class LossCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "The batch JSON file.")
    Path input;

    @Override
    public Integer call() {
        BatchLossFile batch;
        try {
            batch = BatchLossFile.read(input);
        } catch (BatchLossFileException e) {
            System.err.println("agent0 loss: " + e.getMessage());
            return 2;
        }
        Agent0Runtime rt = Agent0Runtime.init(RuntimeOptions.defaults().withThreads(1, 1));
        try (NDManager m = NDManager.newBaseManager(rt.device())) {
            System.out.println(BatchLossFile.toJson(batch.compute(m)));
        }
        return 0;
    }
}
