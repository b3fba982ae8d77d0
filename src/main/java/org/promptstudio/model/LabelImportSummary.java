package org.promptstudio.model;

import java.util.Map;

/**
 * What an import of labels wrote.
 *
 * @param labels   labels written
 * @param bySchema labels written per schema name, sorted by name
 * @param annotators how many different annotators they came from
 */
public record LabelImportSummary(String file, int labels, Map<String, Integer> bySchema, int annotators) {

    public LabelImportSummary {
        bySchema = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(bySchema));
    }
}
