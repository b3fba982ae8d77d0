package org.promptstudio.workspace;

import java.util.Map;

/** The fields of one JSONL line or CSV row, before they are sorted into a {@link TestCase}. */
record Row(int line, Map<String, Object> fields) {
}
