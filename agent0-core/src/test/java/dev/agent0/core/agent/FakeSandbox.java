package dev.agent0.core.agent;

import dev.agent0.sandbox.CodeRequest;
import dev.agent0.sandbox.ExecutionResult;
import dev.agent0.sandbox.Sandbox;
import dev.agent0.sandbox.SandboxLimits;
import dev.agent0.sandbox.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Records every program and answers with a canned result (for tests of the rollout, not of Python).
 */
final class FakeSandbox implements Sandbox {
    final List<String> programs = new ArrayList<>();
    final List<Integer> batchSizes = new ArrayList<>();
    private final Function<String, ExecutionResult> answer;

    FakeSandbox(Function<String, ExecutionResult> answer) {
        this.answer = answer;
    }

    /** Prints {@code stdout} for every program. */
    static FakeSandbox printing(String stdout) {
        return new FakeSandbox(code -> ok(stdout));
    }

    static ExecutionResult ok(String stdout) {
        return new ExecutionResult(Status.OK, 0, 0, stdout, "", false, false, 1.0, 1.0, "");
    }

    @Override
    public synchronized ExecutionResult run(CodeRequest request) {
        programs.add(request.code());
        return answer.apply(request.code());
    }

    @Override
    public List<ExecutionResult> runAll(List<CodeRequest> requests) {
        batchSizes.add(requests.size());
        return Sandbox.super.runAll(requests);
    }

    @Override
    public SandboxLimits limits() {
        return SandboxLimits.defaults();
    }

    @Override
    public void close() {}
}
