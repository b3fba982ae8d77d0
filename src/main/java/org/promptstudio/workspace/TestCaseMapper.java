package org.promptstudio.workspace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sorts the fields of a row into a {@link TestCase}: {@code id}, {@code split}, {@code expected}/{@code expected_*}, {@code assert},
 * and the input. Checks what those fields may hold (a {@code messages} conversation: {@link HistoryShape}), and that ids are unique within the dataset.
 */
final class TestCaseMapper {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final String dataset;
    private final String file;
    private final Map<String, Integer> idLines = new HashMap<>();

    TestCaseMapper(String dataset, String file) {
        this.dataset = dataset;
        this.file = file;
    }

    /** The case, or empty with the reason in {@code problems}. */
    Optional<TestCase> map(Row row, List<DatasetProblem> problems) {
        Map<String, Object> input = new LinkedHashMap<>();
        Map<String, Object> expected = new LinkedHashMap<>();
        Object id = null;
        Object split = null;
        Object asserts = null;
        for (Map.Entry<String, Object> field : row.fields().entrySet()) {
            String key = field.getKey();
            if (key.equals("id")) {
                id = field.getValue();
            } else if (key.equals(TestCase.ASSERT)) {
                asserts = field.getValue();
            } else if (key.equals("split")) {
                split = field.getValue();
            } else if (key.equals("expected") || key.startsWith("expected_")) {
                expected.put(key, field.getValue());
            } else {
                input.put(key, field.getValue());
            }
        }
        if (isEmpty(split)) {
            split = null;
        } else if (!TestCase.DEV.equals(split) && !TestCase.TEST.equals(split)) {
            return problem(problems, row, "'split' must be \"dev\" or \"test\", not " + quoted(split));
        }
        String caseId;
        if (isEmpty(id)) {
            caseId = dataset + ":" + row.line();
        } else if (id instanceof String || id instanceof Number) {
            caseId = id.toString();
        } else {
            return problem(problems, row, "'id' must be text or a number, not " + quoted(id));
        }
        Integer first = idLines.putIfAbsent(caseId, row.line());
        if (first != null) {
            return problem(problems, row, "duplicate id '" + caseId + "' (first on line " + first + ")");
        }
        Object history = input.get(HistoryShape.FIELD);
        if (!isEmpty(history)) {
            Optional<String> shape = HistoryShape.problem(history);
            if (shape.isPresent()) return problem(problems, row, shape.get());
        }
        List<Map<String, Object>> assertions = new ArrayList<>();
        String bad = assertions(asserts, assertions);
        if (bad != null) return problem(problems, row, bad);
        return Optional.of(new TestCase(caseId, row.line(), unmodifiable(input), unmodifiable(expected),
                (String) split, assertions));
    }

    /**
     * Reads the {@code assert} field into {@code out}: a list of objects each with a {@code type}, or that list as
     * JSON text (a CSV cell); null or empty means none. Returns what is wrong, or null.
     */
    private static String assertions(Object value, List<Map<String, Object>> out) {
        if (isEmpty(value)) return null;
        Object list = value;
        if (value instanceof String text) {
            try {
                list = JSON.readValue(text, Object.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return "'assert' must be a JSON list of assertions: " + e.getOriginalMessage().lines().findFirst().orElse("");
            }
        }
        if (!(list instanceof List<?> items)) return "'assert' must be a list of assertions, like [{\"type\": \"contains\", \"value\": \"x\"}]";
        int i = 0;
        for (Object item : items) {
            i++;
            if (!(item instanceof Map<?, ?> m) || !(m.get("type") instanceof String t) || t.isBlank()) {
                return "'assert' item " + i + " must be an object with a \"type\"";
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), v));
            out.add(Collections.unmodifiableMap(copy));
        }
        return null;
    }

    private Optional<TestCase> problem(List<DatasetProblem> problems, Row row, String reason) {
        problems.add(new DatasetProblem(file, row.line(), reason));
        return Optional.empty();
    }

    private static boolean isEmpty(Object value) {
        return value == null || value instanceof String s && s.isEmpty();
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static Map<String, Object> unmodifiable(Map<String, Object> map) {
        return Collections.unmodifiableMap(map);
    }
}
