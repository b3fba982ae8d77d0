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
 * @param redactedIn  where: per document read by this ingestion that had a value redacted, in path order, its counts
 *                    by type and the chunks holding them; never the values
 * @param millis      how long it took, in milliseconds
 * @param notes       what the user should know about the index itself (rebuilt because it was corrupt or
 *                    incompatible, read-only because another studio writes it, a folder that does not exist)
 */
public record IndexReport(int added, int updated, int removed, int unchanged, List<Skipped> skipped, int chunks,
                          int totalChunks, int flagged, Map<String, Integer> redactions,
                          List<RedactedIn> redactedIn, long millis, List<String> notes) {

    public IndexReport {
        skipped = List.copyOf(skipped);
        redactions = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(redactions));
        redactedIn = redactedIn == null ? List.of() : List.copyOf(redactedIn);
        notes = List.copyOf(notes);
    }

    /** A report without the documents' redaction detail (the counts by type only). */
    public IndexReport(int added, int updated, int removed, int unchanged, List<Skipped> skipped, int chunks,
                       int totalChunks, int flagged, Map<String, Integer> redactions, long millis, List<String> notes) {
        this(added, updated, removed, unchanged, skipped, chunks, totalChunks, flagged, redactions, List.of(), millis,
                notes);
    }

    /**
     * What was redacted in one document, never the values.
     *
     * @param path   workspace-relative path with {@code /} separators
     * @param counts values replaced, by type, in type order (a value in both the title and the body counts once)
     * @param chunks by type, the positions of the chunks whose text holds one of its placeholders, ascending; empty
     *               for a value found only in the title
     */
    public record RedactedIn(String path, Map<String, Integer> counts, Map<String, List<Integer>> chunks) {
        public RedactedIn {
            counts = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(counts));
            java.util.TreeMap<String, List<Integer>> where = new java.util.TreeMap<>();
            chunks.forEach((type, at) -> where.put(type, at.stream().sorted().distinct().toList()));
            chunks = java.util.Collections.unmodifiableMap(where);
        }

        /** {@code EMAIL 2 in chunks #0, #3; PHONE 1 in chunk #2}, or {@code ... in the title}. */
        public String describe() {
            StringBuilder out = new StringBuilder();
            counts.forEach((type, n) -> {
                List<Integer> at = chunks.getOrDefault(type, List.of());
                out.append(out.length() == 0 ? "" : "; ").append(type).append(' ').append(n).append(" in ");
                if (at.isEmpty()) {
                    out.append("the title");
                } else {
                    out.append(at.size() == 1 ? "chunk " : "chunks ");
                    for (int i = 0; i < at.size(); i++) out.append(i == 0 ? "#" : ", #").append(at.get(i));
                }
            });
            return out.toString();
        }
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
