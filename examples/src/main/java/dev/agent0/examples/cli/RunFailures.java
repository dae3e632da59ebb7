package dev.agent0.examples.cli;

import dev.agent0.core.engine.EngineException;
import dev.agent0.core.model.CheckpointFormatException;
import dev.agent0.core.tokenize.TokenizerFileException;
import dev.agent0.rl.selfplay.RunConfigMismatchException;
import dev.agent0.sandbox.SandboxUnavailableException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * How the run commands ({@code train}, {@code demo}) report a run that stopped, with the message
 * and no stack trace: exit 2 for bad input (a config, checkpoint, adapter, tokenizer or run file;
 * the message names it), 3 when the rollout servers failed past their retries, 4 when a write
 * failed. In the last two the committed units are on disk and the unit in progress is not, so the
 * same command resumes.
 */
final class RunFailures {
    static final int BAD_INPUT = 2;
    static final int SERVERS_FAILED = 3;
    static final int WRITE_FAILED = 4;

    private RunFailures() {}

    /** Prints {@code e} for {@code command} and returns its exit code; rethrows anything else. */
    static int report(String command, RuntimeException e, PrintWriter err) {
        int code;
        String text;
        if (e instanceof IllegalArgumentException
                || e instanceof RunConfigMismatchException
                || e instanceof CheckpointFormatException
                || e instanceof TokenizerFileException
                || e instanceof SandboxUnavailableException) {
            code = BAD_INPUT;
            text = e.getMessage();
        } else if (e instanceof EngineException) {
            code = SERVERS_FAILED;
            text =
                    "rollout servers failed: "
                            + e.getMessage()
                            + "\nThe run folder holds every committed step: run the same command"
                            + " again to resume once the servers answer.";
        } else if (e instanceof UncheckedIOException) {
            code = WRITE_FAILED;
            text =
                    e.getMessage()
                            + "\nCommitted steps are intact: free space or fix the folder, then run"
                            + " the same command again to resume.";
        } else {
            throw e;
        }
        err.println(command + ": " + text);
        err.flush();
        return code;
    }
}
