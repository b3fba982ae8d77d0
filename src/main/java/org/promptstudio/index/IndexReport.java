package org.promptstudio.index;

import java.util.List;
import java.util.Map;

/**
 * What an ingestion did.
 *
 * @param added       documents indexed for the first time
 * @param updated     documents whose content changed and were indexed again
 * @param removed     documents that left the index (deleted, or now unreadable)
 * @param unchanged   documents whose content hash was unchanged, left as they were
 * @param skipped     files under the folders that were not indexed, with the reason, in path order
 * @param chunks      chunks written by this ingestion
 * @param totalChunks chunks in the index afterwards
 * @param flagged     chunks written by this ingestion that carry an injection flag
 * @param redactions  how many values this ingestion redacted, by type ({@code EMAIL} to 3), in type order; never the
 *                    values
 * @param millis      how long it took, in milliseconds
 * @param notes       what the user should know about the index itself (rebuilt because it was corrupt or
 *                    incompatible, read-only because another studio writes it, a folder that does not exist)
 */
public record IndexReport(int added, int updated, int removed, int unchanged, List<Skipped> skipped, int chunks,
                          int totalChunks, int flagged, Map<String, Integer> redactions, long millis,
                          List<String> notes) {

    public IndexReport {
        skipped = List.copyOf(skipped);
        redactions = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(redactions));
        notes = List.copyOf(notes);
    }

    /**
     * A file that was not indexed.
     *
     * @param path   workspace-relative path with {@code /} separators
     * @param reason one line saying why (not a document type the index reads, binary, unreadable, corrupt)
     */
    public record Skipped(String path, String reason) {
    }

    /** Whether the index changed (a document added, updated or removed). */
    public boolean changed() {
        return added + updated + removed > 0;
    }
}
