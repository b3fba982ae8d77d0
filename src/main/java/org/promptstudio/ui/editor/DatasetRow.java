package org.promptstudio.ui.editor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One case of a dataset, for the preview's row picker.
 *
 * @param id    the case's id ({@code id} column, else {@code file:line})
 * @param input its input variables, values as read (text, numbers, lists, objects)
 */
public record DatasetRow(String id, Map<String, Object> input) {
    public DatasetRow {
        input = Collections.unmodifiableMap(new LinkedHashMap<>(input));
    }

    @Override
    public String toString() {
        return id;
    }
}
