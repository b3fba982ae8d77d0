package org.promptstudio.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One check to apply to an answer, as declared in a dataset case, an experiment or a prompt's metadata.
 *
 * @param type      what to check ({@code contains}, {@code is-json}, {@code similar}, {@code llm-rubric}, ...)
 * @param value     what to compare with (text, regex, list, number), or null when the type needs none
 * @param threshold the score at or above which it passes, for scored types (null: the type's default)
 * @param weight    its weight in the case's overall score (1 unless given)
 * @param options   anything else the type takes (e.g. {@code caseSensitive}, {@code field}, {@code judge})
 */
public record AssertionSpec(String type, Object value, Double threshold, double weight, Map<String, Object> options) {

    public AssertionSpec {
        if (type == null || type.isBlank()) throw new IllegalArgumentException("assertion type is empty");
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
}
