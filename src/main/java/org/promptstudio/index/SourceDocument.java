package org.promptstudio.index;

import java.time.Instant;
import java.util.List;

/**
 * A document as read from disk, before chunking: its metadata and its text as structural blocks in reading order.
 *
 * @param path        workspace-relative path with {@code /} separators
 * @param title       first heading, HTML {@code <title>}, PDF title, else the file name without extension
 * @param modified    the file's modification time
 * @param contentHash SHA-256 of the file's bytes, lower-case hex (decides whether re-indexing is needed)
 * @param format      how it was read
 * @param blocks      the text in reading order
 */
public record SourceDocument(String path, String title, Instant modified, String contentHash, Format format,
                             List<Block> blocks) {

    public SourceDocument {
        blocks = List.copyOf(blocks);
    }

    /** The formats the index reads. */
    public enum Format { TEXT, MARKDOWN, HTML, PDF }

    /** What a block is, for chunking by structure. */
    public enum Kind { HEADING, PARAGRAPH, LIST, TABLE, CODE }

    /**
     * One structural block.
     *
     * @param kind   heading, paragraph, list, table or code
     * @param level  heading level 1..6 for a heading, else 0
     * @param text   the block's plain text (a list keeps one item per line, a table one row per line, cells split by
     *               {@code " | "})
     * @param hidden text a reader of the page does not see (HTML hidden by attribute or style)
     */
    public record Block(Kind kind, int level, String text, boolean hidden) {
    }
}
