package dev.agent0.rl.selfplay;

import java.nio.file.Path;
import java.util.List;

/**
 * A run folder holds a run whose config differs from the one given; names every differing field.
 */
public final class RunConfigMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> fields;

    public RunConfigMismatchException(Path configFile, List<String> fields) {
        super(
                configFile
                        + " belongs to a run with another config; differing fields: "
                        + String.join(", ", fields)
                        + ". Use a new --out folder or the same config.");
        this.fields = List.copyOf(fields);
    }

    /** The dotted paths of the differing fields. */
    public List<String> fields() {
        return fields;
    }
}
