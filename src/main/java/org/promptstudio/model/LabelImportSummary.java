package org.promptstudio.model;

import java.util.Map;

/**
 * What an import of labels wrote.
 *
 * @param labels   labels written
 * @param bySchema labels written per schema name, sorted by name
 * @param annotators how many different annotators they came from
 * @param alreadyThere rows not written because a label identical to them (calls, schema, annotator, value, final) was
 *                     already stored
 * @param notes      one line each on rows kept as given ({@code FILE:LINE: ...})
 */
public record LabelImportSummary(String file, int labels, Map<String, Integer> bySchema, int annotators,
                                 int alreadyThere, java.util.List<String> notes) {

    public LabelImportSummary {
        bySchema = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(bySchema));
        notes = java.util.List.copyOf(notes);
    }

    /** A summary with nothing already there and no notes. */
    public LabelImportSummary(String file, int labels, Map<String, Integer> bySchema, int annotators) {
        this(file, labels, bySchema, annotators, 0, java.util.List.of());
    }
}
