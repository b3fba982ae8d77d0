package org.promptstudio.labelling.export;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an export wrote.
 *
 * @param format     the format written
 * @param written    how many examples (pairs for DPO, labels for CSV) the file holds
 * @param file       the export file
 * @param provenance the provenance side file ({@code NAME.provenance.jsonl}), null for CSV (its rows carry it)
 * @param skipped    calls or pairs the rule took but the format could not hold, by reason
 *                   ({@code in disagreement: 3}, {@code incomplete: 2}), in a fixed order; empty when none
 * @param warning    one line when the file holds fewer than {@link LabelExporter#ENOUGH} examples (not for CSV),
 *                   else null
 */
public record ExportResult(ExportFormat format, int written, Path file, Path provenance, Map<String, Integer> skipped,
                           String warning) {

    /**
     * The left-out counts as one phrase in their order: {@code 2 in disagreement, 1 incomplete}; empty when none.
     *
     * @param skipped counts by reason, as {@link #skipped()}
     */
    public static String leftOut(Map<String, Integer> skipped) {
        StringBuilder sb = new StringBuilder();
        skipped.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
        return sb.toString();
    }

    /** Calls or pairs left out because their labels differ and nobody adjudicated. */
    public int inDisagreement() {
        return skipped.getOrDefault(LabelExporter.IN_DISAGREEMENT, 0);
    }

    /** Calls or pairs left out because their queue item has fewer than its k labels (counted apart from disagreement). */
    public int incomplete() {
        return skipped.getOrDefault(LabelExporter.INCOMPLETE, 0);
    }
}
