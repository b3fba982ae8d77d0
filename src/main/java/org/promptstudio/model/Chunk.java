package org.promptstudio.model;

import java.util.List;

/**
 * One piece of a document, the unit the index stores and retrieval returns.
 *
 * @param source      the document's path relative to the workspace, with {@code /} separators ({@code docs/refunds.md})
 * @param position    the chunk's place in its document, from 0
 * @param title       the document's title (its first heading, HTML title or PDF title; else the file name)
 * @param headingPath the headings above the chunk, outermost first; empty when there are none
 * @param text        the chunk's text, after PII redaction when the workspace redacts
 * @param startOffset where the chunk starts in the document's extracted text, in characters
 * @param endOffset   where it ends (exclusive), in characters
 * @param tokens      its length in tokens (cl100k_base)
 * @param hidden      whether the text was hidden from a reader of the page (HTML {@code display:none}, {@code hidden}, ...)
 */
public record Chunk(String source, int position, String title, List<String> headingPath, String text,
                    int startOffset, int endOffset, int tokens, boolean hidden) {

    public Chunk {
        headingPath = headingPath == null ? List.of() : List.copyOf(headingPath);
    }

    /** The chunk's id: {@code source#position}, as {@code docs/refunds.md#3}. */
    public String id() {
        return source + "#" + position;
    }
}
