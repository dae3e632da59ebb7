package dev.agent0.rl.selfplay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Where a self-play run stands, committed to its folder after every unit, so a killed run resumes
 * with nothing lost and nothing repeated.
 *
 * <p>A run is a fixed sequence of units (each curriculum step, the curation, each executor step of
 * every iteration). The loop walks them in order with a cursor: a unit below the committed count is
 * skipped ({@link #skip}), any other is run and then committed ({@link #commit}), which records the
 * unit count, the latest checkpoint folder of each agent, the last committed evaluation and an
 * early stop in {@code state.json} (through {@link RunDirectory#commit}) and deletes checkpoint
 * folders that state no longer names.
 */
final class RunProgress {
    /**
     * The run folder's checkpoint folder: unit checkpoints and {@code iter-<t>/} of every
     * iteration.
     */
    static final String CHECKPOINTS = "checkpoints";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunDirectory run;
    private int done;
    private int next;
    private String curriculumCheckpoint;
    private String executorCheckpoint;

    /** Last iteration whose evaluation is committed; −1 for none. */
    private int evaluated;

    /** Why the run stopped early, or null. */
    private String stopped;

    private RunProgress(RunDirectory run, JsonNode state) {
        this.run = run;
        if (state != null && !state.path("done").canConvertToInt()) {
            throw new RunFileException(
                    run.resolve(RunDirectory.STATE),
                    "field \"state.done\" missing or not a count of units");
        }
        this.done = state == null ? 0 : state.get("done").asInt();
        this.curriculumCheckpoint = state == null ? null : text(state, "curriculumCheckpoint");
        this.executorCheckpoint = state == null ? null : text(state, "executorCheckpoint");
        this.evaluated = state == null ? -1 : state.path("evaluated").asInt(-1);
        this.stopped = state == null ? null : text(state, "stopped");
    }

    /** The run folder's committed progress, or a fresh start. */
    static RunProgress resume(RunDirectory run) {
        return new RunProgress(run, run.committedState().orElse(null));
    }

    /** Units committed so far. */
    int done() {
        return done;
    }

    /** The cursor: the unit the loop is at. */
    int next() {
        return next;
    }

    /** Whether the cursor's unit still has to run (it is not committed). */
    boolean pending() {
        return next >= done;
    }

    /** Moves the cursor past a committed unit. */
    void skip() {
        next++;
    }

    /** Runs the cursor's unit and commits it, or skips it when an earlier run committed it. */
    void unit(Runnable work) {
        if (pending()) {
            work.run();
            commit();
        } else {
            skip();
        }
    }

    /**
     * True when no unit after the cursor is committed (so what comes next has not happened yet).
     */
    boolean atFrontier() {
        return next == done;
    }

    /** Why the run stopped for good, or null while it may go on. */
    String stopped() {
        return stopped;
    }

    /** The committed checkpoint folder (relative to the run) of an agent, or null for none yet. */
    String checkpoint(AgentRole role) {
        return role == AgentRole.CURRICULUM ? curriculumCheckpoint : executorCheckpoint;
    }

    /** The folder the cursor's unit saves {@code role}'s checkpoint into. */
    String checkpointFolder(AgentRole role) {
        return CHECKPOINTS + "/" + role.folder() + "-u" + next;
    }

    /** Records that the cursor's unit saved {@code role}'s checkpoint into {@code folder}. */
    void checkpointed(AgentRole role, String folder) {
        if (role == AgentRole.CURRICULUM) {
            curriculumCheckpoint = folder;
        } else {
            executorCheckpoint = folder;
        }
    }

    /**
     * The cursor's unit is done: commit, delete checkpoint folders the state no longer names, move
     * on.
     */
    void commit() {
        done = next + 1;
        write();
        Set<String> keep = new HashSet<>();
        for (String rel : new String[] {curriculumCheckpoint, executorCheckpoint}) {
            if (rel != null) {
                keep.add(Path.of(rel).getFileName().toString());
            }
        }
        RunFiles.deleteStaleUnitCheckpoints(run.resolve(CHECKPOINTS), keep);
        next++;
    }

    /** Whether the evaluation after iteration t (0: before training) is committed. */
    boolean evaluated(int t) {
        return evaluated >= t;
    }

    /** Commits the evaluation after iteration t. */
    void commitEvaluation(int t) {
        evaluated = t;
        write();
    }

    /** Ends the run for good; the commit of the cursor's unit that follows makes it permanent. */
    void stop(String reason) {
        stopped = reason;
    }

    private void write() {
        ObjectNode s = JSON.createObjectNode();
        s.put("done", done)
                .put("curriculumCheckpoint", curriculumCheckpoint)
                .put("executorCheckpoint", executorCheckpoint)
                .put("evaluated", evaluated);
        if (stopped != null) {
            s.put("stopped", stopped);
        }
        run.commit(s);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
