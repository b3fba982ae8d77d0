package org.promptstudio.index;

import java.util.List;
import org.promptstudio.guard.InjectionCheck;
import org.promptstudio.guard.PiiRedactor;
import org.promptstudio.model.Chunk;

/**
 * A chunk as stored: its text (already redacted), its MiniLM vector (384 floats, unit length), the injection flags
 * raised on it and the redactions made in it (types and places, never the values).
 */
public record IndexedChunk(Chunk chunk, float[] vector, List<InjectionCheck.Flag> flags,
                           List<PiiRedactor.Finding> redactions) {

    public IndexedChunk {
        flags = flags == null ? List.of() : List.copyOf(flags);
        redactions = redactions == null ? List.of() : List.copyOf(redactions);
    }

    /** Whether any injection flag was raised on it. */
    public boolean flagged() {
        return !flags.isEmpty();
    }
}
