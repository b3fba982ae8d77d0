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

    /**
     * About the most cl100k tokens of a chunk MiniLM reads (its 128 word pieces, less the heading line): a longer
     * chunk's vector stands for its start only.
     */
    public static final int EMBEDDED_TOKENS = 120;

    /** The largest budget taken: far past what is embedded, and past what a prompt's context wants of one chunk. */
    public static final int MAX_MAX_TOKENS = 2000;

    /** 100 tokens with 15 of overlap. */
    public static final ChunkingSettings DEFAULT = new ChunkingSettings(100, 15);

    public ChunkingSettings {
        if (maxTokens < 16 || maxTokens > MAX_MAX_TOKENS) {
            throw new IndexException("chunking: maxTokens must be from 16 to " + MAX_MAX_TOKENS + ", not " + maxTokens);
        }
        if (overlapTokens < 0 || overlapTokens >= maxTokens) {
            throw new IndexException("chunking: overlap must be from 0 to less than maxTokens (" + maxTokens + "), not "
                    + overlapTokens);
        }
    }
}
