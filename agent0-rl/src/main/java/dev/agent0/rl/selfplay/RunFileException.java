package dev.agent0.rl.selfplay;

import java.nio.file.Path;

/**
 * A file of a run folder that cannot be read back (truncated, corrupted, a field missing): bad
 * input, not an I/O failure, so it is an {@link IllegalArgumentException} and the CLI reports it as
 * such. The message names the file and, where there is one, the field or line.
 */
public final class RunFileException extends IllegalArgumentException {
    public RunFileException(Path file, String what, Throwable cause) {
        super(file + ": " + what, cause);
    }

    public RunFileException(Path file, String what) {
        super(file + ": " + what);
    }
}
