package dev.agent0.core.serve;

import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.GenerationSession;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.runtime.NoGradient;
import dev.agent0.core.serve.BatchQueue.Completion;
import dev.agent0.core.serve.BatchQueue.Job;
import dev.agent0.core.serve.BatchQueue.Task;
import dev.agent0.core.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that uses the model: takes batches from the {@link BatchQueue} and runs each as
 * one {@link GenerationSession} (left-padded rows, one KV cache), or runs an adapter task between
 * batches. One owner means no locking around the model and adapters freed only when no batch holds
 * them.
 *
 * <p>A batch generates up to its largest {@code max_tokens}; each row samples with its request's
 * seed ({@link Generator#start(List, GenerationConfig, int, long[])}), so a request's tokens do not
 * depend on who shares its batch (up to the float noise of padding). A failed batch answers each of
 * its requests with a 500 and the worker goes on.
 */
final class ModelWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelWorker.class);

    private final BatchQueue queue;
    private final AdapterRegistry registry;
    private final TextTokenizer tokenizer;
    private final int maxBatch;
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger lastBatchSize = new AtomicInteger();
    private final AtomicLong completions = new AtomicLong();

    ModelWorker(BatchQueue queue, AdapterRegistry registry, TextTokenizer tokenizer, int maxBatch) {
        this.queue = queue;
        this.registry = registry;
        this.tokenizer = tokenizer;
        this.maxBatch = maxBatch;
    }

    @Override
    public void run() {
        // Grad mode is per thread (DJL-NOTES.md): this one only infers.
        try (NoGradient off = NoGradient.enter()) {
            while (true) {
                List<Job> jobs = queue.take(maxBatch);
                if (jobs.isEmpty()) {
                    return; // closed
                }
                if (jobs.get(0) instanceof Task t) {
                    runTask(t);
                } else {
                    List<Completion> batch = new ArrayList<>();
                    jobs.forEach(j -> batch.add((Completion) j));
                    runBatch(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Batches generated so far, and the size of the last one (for tests and logs). */
    int batches() {
        return batches.get();
    }

    int lastBatchSize() {
        return lastBatchSize.get();
    }

    long completions() {
        return completions.get();
    }

    private static void runTask(Task t) {
        try {
            t.reply().complete(t.work().get());
        } catch (RuntimeException e) {
            t.reply().completeExceptionally(e);
        }
    }

    private void runBatch(List<Completion> batch) {
        CompletionRequest head = batch.get(0).request();
        QwenModel model = registry.model(head.model()); // an unload may have run since the check
        if (model == null) {
            batch.forEach(
                    c ->
                            BatchQueue.fail(
                                    c,
                                    ApiError.notFound(
                                            "model",
                                            "The model `" + head.model() + "` does not exist.")));
            return;
        }
        batches.incrementAndGet(); // counted before any reply: a client that has one sees it
        lastBatchSize.set(batch.size());
        completions.addAndGet(batch.size());
        long start = System.nanoTime();
        try {
            List<GenerationResult> results = generate(model, batch);
            long created = System.currentTimeMillis() / 1000;
            for (int i = 0; i < batch.size(); i++) {
                Completion c = batch.get(i);
                c.reply()
                        .complete(
                                CompletionResponse.of(
                                        c.request(), results.get(i), tokenizer, created));
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            // An OOM of one batch (a native allocation failing, a huge request) must not stop
            // the worker: queued requests would hang. Its requests get a 500.
            LOG.warn("batch of {} on {} failed", batch.size(), head.model(), e);
            batch.forEach(c -> BatchQueue.fail(c, ApiError.internal("generation failed: " + e)));
        }
        LOG.debug(
                "batch of {} on {}: temperature {}, max_tokens {}, {} ms",
                batch.size(),
                head.model(),
                head.sampling().temperature(),
                batch.stream().mapToInt(c -> c.request().maxTokens()).max().orElse(0),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** One session over every row, to the batch's largest max_tokens, each row with its seed. */
    private List<GenerationResult> generate(QwenModel model, List<Completion> batch) {
        CompletionRequest head = batch.get(0).request();
        List<int[]> prompts = new ArrayList<>();
        long[] seeds = new long[batch.size()];
        int maxNew = 0;
        int longest = 0;
        for (int i = 0; i < batch.size(); i++) {
            CompletionRequest r = batch.get(i).request();
            prompts.add(r.prompt());
            seeds[i] = r.sampling().seed();
            maxNew = Math.max(maxNew, r.maxTokens());
            longest = Math.max(longest, r.prompt().length);
        }
        GenerationConfig config =
                new GenerationConfig(maxNew, head.sampling(), head.stop(), head.eosTokenIds());
        try (GenerationSession s =
                new Generator(model, tokenizer).start(prompts, config, longest + maxNew, seeds)) {
            return s.generate();
        }
    }
}
