package dev.agent0.core.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The requests waiting for the model, and how they form batches: the worker takes the oldest job
 * and, when it is a completion, every later completion that can share its batch (same {@link
 * CompletionRequest.BatchKey}), oldest first, up to the batch size. Adapter loads and unloads are
 * jobs too and keep their place: a completion queued after one is never batched ahead of it, so an
 * unload cannot free an adapter that a batch is using. Thread safe.
 */
final class BatchQueue {
    /** A job for the model's worker thread. */
    sealed interface Job permits Completion, Task {}

    /** One {@code /v1/completions} request and where its response body goes. */
    record Completion(CompletionRequest request, CompletableFuture<ObjectNode> reply)
            implements Job {}

    /** Work that must not overlap a batch (loading or unloading an adapter). */
    record Task(Supplier<String> work, CompletableFuture<String> reply) implements Job {}

    private final Deque<Job> jobs = new ArrayDeque<>();
    private boolean closed;

    /** Queues {@code job}; after {@link #close()} it fails at once with 503. */
    synchronized void put(Job job) {
        if (closed) {
            fail(job, ApiError.unavailable("the server is shutting down"));
            return;
        }
        jobs.addLast(job);
        notifyAll();
    }

    /**
     * Waits for work and returns the next batch: one {@link Task}, or 1..{@code maxBatch}
     * compatible {@link Completion}s. Empty once closed.
     */
    synchronized List<Job> take(int maxBatch) throws InterruptedException {
        while (jobs.isEmpty() && !closed) {
            wait();
        }
        List<Job> batch = new ArrayList<>();
        if (closed) {
            return batch;
        }
        Job first = jobs.removeFirst();
        batch.add(first);
        if (first instanceof Completion head) {
            CompletionRequest.BatchKey key = head.request().batchKey();
            for (Iterator<Job> it = jobs.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
                Job j = it.next();
                if (j instanceof Task) {
                    break; // later completions wait for it: they may need what it changes
                }
                if (((Completion) j).request().batchKey().equals(key)) {
                    batch.add(j);
                    it.remove();
                }
            }
        }
        return batch;
    }

    /** Jobs waiting (not the running batch). */
    synchronized int size() {
        return jobs.size();
    }

    /** Refuses new jobs and fails the waiting ones with 503; wakes the worker. */
    synchronized void close() {
        closed = true;
        for (Job j : jobs) {
            fail(j, ApiError.unavailable("the server is shutting down"));
        }
        jobs.clear();
        notifyAll();
    }

    static void fail(Job job, RuntimeException error) {
        if (job instanceof Completion c) {
            c.reply().completeExceptionally(error);
        } else if (job instanceof Task t) {
            t.reply().completeExceptionally(error);
        }
    }
}
