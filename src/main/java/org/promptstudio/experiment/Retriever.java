package org.promptstudio.experiment;

import java.util.List;
import org.promptstudio.index.SearchMode;
import org.promptstudio.model.RetrievedChunk;

/**
 * Where a prompt's {@code retrieve:} gets its chunks: the workspace's document index in the studio (app wires it to
 * the index's search), a fixed list in tests.
 */
@FunctionalInterface
public interface Retriever {

    /** The message of a retrieval from a workspace whose index was never built. */
    String NO_INDEX = "no document index: run `studio index`";

    /** A runner without a document index: every retrieval fails with a one-line error saying how to make one. */
    Retriever NONE = (query, k, mode, pathPrefix) -> {
        throw new ExperimentException(NO_INDEX);
    };

    /**
     * The best {@code k} chunks for {@code query}, best first; empty when nothing matches.
     *
     * @param query      the query text (already rendered from the spec's template)
     * @param k          how many chunks at most, at least 1
     * @param mode       BM25, vector or hybrid
     * @param pathPrefix only documents whose workspace-relative path starts with it ({@code docs/policies/}); null
     *                   for all
     * @throws ExperimentException (or another {@link org.promptstudio.model.StudioException}) with a one-line message
     *                             when there is no index or it cannot be searched
     */
    List<RetrievedChunk> retrieve(String query, int k, SearchMode mode, String pathPrefix);

    /**
     * {@code retriever}, but a retrieval that fails returns no chunk and hands its one-line message to
     * {@code problems} (an estimate goes on without the context rather than counting the call as broken).
     */
    static Retriever orEmpty(Retriever retriever, java.util.function.Consumer<String> problems) {
        return (query, k, mode, pathPrefix) -> {
            try {
                return retriever.retrieve(query, k, mode, pathPrefix);
            } catch (org.promptstudio.model.StudioException e) {
                problems.accept(e.getMessage());
                return List.of();
            }
        };
    }
}
