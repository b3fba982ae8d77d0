package org.promptstudio.workspace;

import java.util.List;
import java.util.Map;

/**
 * One case of a dataset: one JSONL line or one CSV row.
 * <ul>
 * <li>{@code id}: the row's own {@code id} field, else {@code dataset:line} ({@code tickets:12});</li>
 * <li>{@code expected}: the fields named {@code expected} or {@code expected_...}, under their original names
 * ({@code expected_category} stays {@code expected_category}), so what the file says is what an assertion
 * names;</li>
 * <li>{@code split}: {@code dev}, {@code test}, or null when the row has none;</li>
 * <li>{@code assertions}: the field {@code assert}, a list of assertion objects ({@code {"type": "contains",
 * "value": "30 days"}}) checked on this case's answers (in CSV, that list as JSON text); empty when none;</li>
 * <li>{@code input}: every other field, the values a prompt is rendered with.</li>
 * </ul>
 * Maps keep the file's order and may hold null values; CSV values are always text.
 */
public record TestCase(String id, int sourceLine, Map<String, Object> input, Map<String, Object> expected,
        String split, List<Map<String, Object>> assertions) {

    public static final String ASSERT = "assert";

    public TestCase {
        assertions = assertions == null ? List.of() : List.copyOf(assertions);
    }

    public TestCase(String id, int sourceLine, Map<String, Object> input, Map<String, Object> expected, String split) {
        this(id, sourceLine, input, expected, split, List.of());
    }

    public static final String DEV = "dev";
    public static final String TEST = "test";
}
