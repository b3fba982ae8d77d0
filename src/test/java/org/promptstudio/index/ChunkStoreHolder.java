package org.promptstudio.index;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.promptstudio.model.Chunk;

/**
 * A second studio process for {@link ChunkStoreTest}: opens the store in {@code args[0]}, says whether it is
 * read-only, writes a document when told ({@code write NAME}), prints the chunk count ({@code count}), and ends at
 * {@code quit}. Vectors are simple unit vectors, so the child does not load the embedding model.
 */
public final class ChunkStoreHolder {

    private ChunkStoreHolder() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (ChunkStore store = ChunkStore.open(Path.of(args[0]))) {
            System.out.println("ready readOnly=" + store.readOnly() + " rebuilt=" + store.rebuilt());
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("write ")) {
                    String path = "docs/" + line.substring(6) + ".md";
                    float[] v = new float[384];
                    v[path.length() % 384] = 1;
                    store.replaceDocument(new DocumentEntry(path, "Child", Instant.EPOCH, "abc", SourceDocument.Format.MARKDOWN),
                            List.of(new IndexedChunk(new Chunk(path, 0, "Child", List.of(), "written by the second studio",
                                    0, 28, 6, false), v, List.of(), List.of())));
                    store.commit();
                    System.out.println("written " + path);
                } else if (line.equals("count")) {
                    System.out.println("count " + store.chunkCount());
                } else if (line.equals("quit")) {
                    break;
                }
            }
        } catch (IndexException e) {
            System.out.println("error " + e.getMessage());
        }
        System.out.println("bye");
    }
}
