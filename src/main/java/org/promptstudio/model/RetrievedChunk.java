package org.promptstudio.model;

import java.util.List;

/**
 * A chunk given to a prompt as context: what a call records and what a template renders
 * ({@code {{#each context}}[{{@index}}] {{text}} ({{source}}){{/each}}}).
 *
 * @param id          {@code source#position}
 * @param source      the document's workspace-relative path
 * @param position    the chunk's place in its document, from 0
 * @param title       the document's title
 * @param headingPath the headings above the chunk, outermost first
 * @param text        the text given to the model (after contextual compression, when asked for)
 * @param score       the retrieval score (mode-dependent: BM25, cosine, or reciprocal-rank-fusion score)
 */
public record RetrievedChunk(String id, String source, int position, String title, List<String> headingPath,
                             String text, double score) {

    public RetrievedChunk {
        headingPath = headingPath == null ? List.of() : List.copyOf(headingPath);
    }
}
