package org.promptstudio.index;

import java.util.ArrayList;
import java.util.List;
import org.promptstudio.model.Chunk;

/**
 * Splits a document into chunks. SCAFFOLD (issue 14 contract): one chunk per block; helper C replaces the body
 * (structure first, then the token budget with overlap, heading paths), keeping these signatures.
 */
public final class Chunker {

    private final ChunkingSettings settings;

    public Chunker(ChunkingSettings settings) {
        this.settings = settings;
    }

    public ChunkingSettings settings() {
        return settings;
    }

    /** The chunks of {@code document}, positions from 0 in reading order. */
    public List<Chunk> chunk(SourceDocument document) {
        List<Chunk> out = new ArrayList<>();
        int offset = 0;
        for (SourceDocument.Block b : document.blocks()) {
            out.add(new Chunk(document.path(), out.size(), document.title(), List.of(), b.text(), offset,
                    offset + b.text().length(), b.text().split("\\s+").length, b.hidden()));
            offset += b.text().length() + 2;
        }
        return out;
    }
}
