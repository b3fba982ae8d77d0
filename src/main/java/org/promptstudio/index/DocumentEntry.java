package org.promptstudio.index;

import java.time.Instant;

/**
 * A document as the index knows it (without its text).
 *
 * @param path        workspace-relative path with {@code /} separators
 * @param title       its title
 * @param modified    the file's modification time when it was indexed
 * @param contentHash SHA-256 of the file's bytes when it was indexed, lower-case hex
 * @param format      how it was read
 */
public record DocumentEntry(String path, String title, Instant modified, String contentHash,
                            SourceDocument.Format format) {
}
