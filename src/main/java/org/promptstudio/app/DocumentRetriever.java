package org.promptstudio.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.promptstudio.experiment.ExperimentException;
import org.promptstudio.experiment.Retriever;
import org.promptstudio.index.SearchHit;
import org.promptstudio.index.SearchMode;
import org.promptstudio.model.Chunk;
import org.promptstudio.model.RetrievedChunk;

/**
 * The workspace's document index as a prompt's {@code retrieve:} sees it (decision 0140): a search of the index,
 * each hit as the chunk a template renders. An index never built fails the retrieval with
 * {@link Retriever#NO_INDEX}; an index with no document says so; no hit is an empty list.
 */
final class DocumentRetriever implements Retriever {

    /** A search of the index: the best {@code k} hits, best first (Documents.search without flagged chunks). */
    @FunctionalInterface
    interface Search {
        List<SearchHit> search(String query, int k, SearchMode mode, String pathPrefix);
    }

    private final Path indexDir;
    private final java.util.function.Supplier<String> nothingIndexed;
    private final Search search;

    /**
     * @param indexDir  the index folder ({@code .studio/index/}); when it does not exist no index was ever built
     * @param nothingIndexed why the index holds no document (never built, emptied as damaged), or null when it holds some
     * @param search    the search itself
     */
    DocumentRetriever(Path indexDir, java.util.function.Supplier<String> nothingIndexed, Search search) {
        this.indexDir = indexDir;
        this.nothingIndexed = nothingIndexed;
        this.search = search;
    }

    @Override
    public List<RetrievedChunk> retrieve(String query, int k, SearchMode mode, String pathPrefix) {
        if (!Files.isDirectory(indexDir)) throw new ExperimentException(NO_INDEX);
        // the trials: "put documents in docs/" misled with the folder deleted, and a damaged index emptied by a
        // search was only "no documents"
        String nothing = nothingIndexed.get();
        if (nothing != null) throw new ExperimentException(nothing);
        List<RetrievedChunk> out = new ArrayList<>();
        for (SearchHit hit : search.search(query, k, mode, pathPrefix)) {
            Chunk c = hit.chunk().chunk();
            out.add(new RetrievedChunk(c.id(), c.source(), c.position(), c.title(), c.headingPath(), c.text(),
                    hit.score()));
        }
        return out;
    }
}
