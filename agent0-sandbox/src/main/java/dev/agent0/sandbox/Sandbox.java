package dev.agent0.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs Python snippets in isolation. Implementations are thread-safe: the executor agent calls
 * {@link #run} from many threads at once. {@link #close} stops every process the sandbox started.
 */
public interface Sandbox extends AutoCloseable {

    /**
     * Runs one snippet and blocks until it ends. Never throws for anything the code does.
     *
     * @throws IllegalStateException if the sandbox is closed.
     */
    ExecutionResult run(CodeRequest request);

    /**
     * Runs many snippets concurrently across the sandbox's workers.
     *
     * @return one result per request, in request order.
     */
    default List<ExecutionResult> runAll(List<CodeRequest> requests) {
        List<ExecutionResult> out = new ArrayList<>(requests.size());
        for (CodeRequest r : requests) {
            out.add(run(r));
        }
        return out;
    }

    /** The limits every call runs under unless it lowers them. */
    SandboxLimits limits();

    /** Stops every worker; idempotent. Calls still running return {@link Status#SANDBOX_ERROR}. */
    @Override
    void close();
}
