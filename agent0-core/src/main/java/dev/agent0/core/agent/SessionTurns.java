package dev.agent0.core.agent;

import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.generate.GenerationSession;
import java.util.List;

/** {@link TurnGenerator} over a {@link GenerationSession}: resuming never recomputes the prefix. */
final class SessionTurns implements TurnGenerator {
    private final GenerationSession session;

    SessionTurns(GenerationSession session) {
        this.session = session;
    }

    @Override
    public List<GenerationResult> generate() {
        return session.generate();
    }

    @Override
    public void append(int seq, int[] ids) {
        session.append(seq, ids);
    }

    @Override
    public int[] tokens(int seq) {
        return session.tokens(seq);
    }

    @Override
    public void close() {
        session.close();
    }
}
