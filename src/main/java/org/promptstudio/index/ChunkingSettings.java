package org.promptstudio.index;

/**
 * How documents are split: by structure first, then to a token budget.
 *
 * @param maxTokens     the most tokens (cl100k_base) in a chunk; MiniLM reads at most 256 word pieces, so the default
 *                      stays below that
 * @param overlapTokens tokens a chunk split out of a long block repeats from the end of the one before
 */
public record ChunkingSettings(int maxTokens, int overlapTokens) {

    /** 200 tokens with 30 of overlap. */
    public static final ChunkingSettings DEFAULT = new ChunkingSettings(200, 30);

    public ChunkingSettings {
        if (maxTokens < 16) throw new IndexException("chunking: maxTokens must be at least 16, not " + maxTokens);
        if (overlapTokens < 0 || overlapTokens >= maxTokens) {
            throw new IndexException("chunking: overlap must be from 0 to less than maxTokens (" + maxTokens + "), not "
                    + overlapTokens);
        }
    }
}
