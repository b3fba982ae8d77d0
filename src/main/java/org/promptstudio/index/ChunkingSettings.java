package org.promptstudio.index;

/**
 * How documents are split: by structure first, then to a token budget.
 *
 * @param maxTokens     the most tokens (cl100k_base) in a chunk; the MiniLM export embeds only the first 128 word
 *                      pieces of a text (about 118 to 126 cl100k tokens, 580 to 620 characters of English prose,
 *                      measured), so the default stays below that with room for the chunk's heading line
 * @param overlapTokens tokens a chunk split out of a long block repeats from the end of the one before
 */
public record ChunkingSettings(int maxTokens, int overlapTokens) {

    /** 100 tokens with 15 of overlap. */
    public static final ChunkingSettings DEFAULT = new ChunkingSettings(100, 15);

    public ChunkingSettings {
        if (maxTokens < 16) throw new IndexException("chunking: maxTokens must be at least 16, not " + maxTokens);
        if (overlapTokens < 0 || overlapTokens >= maxTokens) {
            throw new IndexException("chunking: overlap must be from 0 to less than maxTokens (" + maxTokens + "), not "
                    + overlapTokens);
        }
    }
}
