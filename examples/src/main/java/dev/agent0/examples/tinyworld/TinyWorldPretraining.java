package dev.agent0.examples.tinyworld;

import ai.djl.ndarray.NDManager;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.model.QwenWeights;
import dev.agent0.core.model.TensorDType;
import dev.agent0.core.tokenize.HfTokenizer;
import dev.agent0.rl.optim.AdamWConfig;
import dev.agent0.rl.optim.LrSchedule;
import dev.agent0.rl.train.SftTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pretrains the tiny world's base model from scratch with the SFT trainer on {@link
 * TinyWorldCorpus} transcripts, and writes it as a Hugging Face folder (config, F32 safetensors,
 * tokenizer).
 *
 * <p>Bit-for-bit reproducible on CPU for a given config and thread count: the weights, the corpus
 * and the order all come from {@link PretrainConfig#seed()}, and every step is the same sequence of
 * tensor operations. The folder is written to a temporary sibling and renamed into place, so a
 * crash never leaves a half-written base.
 */
public final class TinyWorldPretraining {
    private static final Logger LOG = LoggerFactory.getLogger(TinyWorldPretraining.class);

    private final PretrainConfig config;

    public TinyWorldPretraining(PretrainConfig config) {
        this.config = config;
    }

    /** Mean masked-token loss of the first and last logged windows, for the caller's summary. */
    public record Result(Path dir, double firstLoss, double lastLoss, double seconds) {}

    /**
     * Trains and saves into {@code out} (which must not exist yet, or be an empty folder).
     *
     * @param progress called after every step with the number of steps done
     */
    public Result run(Path out, IntConsumer progress) {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        long start = System.nanoTime();
        try {
            checkTarget(out);
            TinyWorldModel.writeTokenizer(tmp);
            double first = Double.NaN;
            double window = 0;
            int inWindow = 0;
            double last = Double.NaN;
            try (NDManager manager = NDManager.newBaseManager();
                    HfTokenizer tokenizer = HfTokenizer.load(tmp);
                    QwenModel model =
                            new QwenModel(
                                    QwenWeights.random(
                                            TinyWorldModel.shape(),
                                            config.seed(),
                                            config.initStd(),
                                            manager))) {
                TinyWorldCorpus corpus = new TinyWorldCorpus(config.mix(), config.seed() + 1);
                AdamWConfig adam = new AdamWConfig(0.9, config.beta2(), 1e-8, config.weightDecay());
                LrSchedule schedule =
                        LrSchedule.cosine(
                                config.lr(),
                                config.warmupSteps(),
                                config.steps(),
                                config.minLrRatio());
                try (SftTrainer trainer =
                        new SftTrainer(
                                model,
                                adam,
                                schedule,
                                config.maxGradNorm(),
                                config.batchSize(),
                                config.seed() + 2,
                                manager)) {
                    for (int step = 0; step < config.steps(); step++) {
                        double loss = trainer.step(corpus.examples(config.batchSize(), tokenizer));
                        window += loss;
                        inWindow++;
                        if (inWindow == 50 || step == config.steps() - 1) {
                            double mean = window / inWindow;
                            if (Double.isNaN(first)) {
                                first = mean;
                            }
                            last = mean;
                            LOG.info(
                                    "pretraining step {}/{}: loss {} ({} s)",
                                    step + 1,
                                    config.steps(),
                                    String.format("%.4f", mean),
                                    String.format("%.0f", (System.nanoTime() - start) / 1e9));
                            window = 0;
                            inWindow = 0;
                        }
                        progress.accept(step + 1);
                    }
                }
                model.weights().save(tmp, TensorDType.F32, Long.MAX_VALUE);
            }
            if (Files.isDirectory(out)) {
                Files.delete(out); // checked empty above
            }
            Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new Result(out, first, last, (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the base model into " + out + ": " + e.getMessage(), e);
        }
    }

    private static void checkTarget(Path out) throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new IllegalArgumentException(out + " exists and is not a folder");
            }
            try (var list = Files.list(out)) {
                if (list.findAny().isPresent()) {
                    throw new IllegalArgumentException(
                            out + " is not empty: refusing to overwrite a base model");
                }
            }
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
