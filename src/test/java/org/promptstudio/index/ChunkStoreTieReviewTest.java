package org.promptstudio.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.Chunk;
import org.promptstudio.provider.Embeddings;

/** Review 14b: more equal scores than the first fetch (k + 8), so the tie re-fetch must decide the cut by chunk id. */
class ChunkStoreTieReviewTest {

    @TempDir
    Path tmp;

    @Test
    void tiesBeyondTheFirstFetchAreStillCutByChunkId() {
        String text = "Parcels are insured against loss.";
        float[] v = Embeddings.shared().embed(text);
        try (ChunkStore store = ChunkStore.open(tmp.resolve("index"))) {
            for (int d = 39; d >= 0; d--) {
                String path = String.format("docs/d%02d.md", d);
                Chunk c = new Chunk(path, 0, "Doc", List.of("Doc"), text, 0, text.length(), 8, false);
                store.replaceDocument(new DocumentEntry(path, "Doc", Instant.parse("2026-11-30T10:15:30Z"),
                        "hash-" + path, SourceDocument.Format.MARKDOWN), List.of(new IndexedChunk(c, v, List.of(), List.of())));
                if (d % 5 == 0) store.commit(); // several segments, written from the highest id down
            }
            float[] q = Embeddings.shared().embed("insured parcels");
            for (SearchMode mode : SearchMode.values()) {
                List<String> ids = new ArrayList<>();
                store.search(new SearchRequest("insured parcels", 3, mode, null, false), q)
                        .forEach(h -> ids.add(h.chunk().chunk().id()));
                assertThat(ids).as(mode.name()).containsExactly("docs/d00.md#0", "docs/d01.md#0", "docs/d02.md#0");
            }
        }
    }
}
