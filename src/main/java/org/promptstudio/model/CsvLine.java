package org.promptstudio.model;

import java.util.List;

/**
 * One line of the CSV files the studio writes (RFC 4180: every field quoted, quotes doubled, CRLF line end), with
 * every field made inert for spreadsheets. The grid export and the label export write through here so both files
 * read the same way.
 */
public final class CsvLine {

    private CsvLine() {
    }

    /**
     * Appends {@code fields} as one CSV line to {@code sb}: each field quoted (null as empty), quotes doubled, the line
     * ended by CRLF.
     */
    public static void append(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) sb.append(',');
            String f = inert(fields.get(i) == null ? "" : fields.get(i));
            sb.append('"').append(f.replace("\"", "\"\"")).append('"');
        }
        sb.append("\r\n");
    }

    /**
     * A field a spreadsheet will not run as a formula: one that starts with {@code = + - @}, a tab or a carriage
     * return gets a leading {@code '} (OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection:
     * "prepend each cell field with a single quote"). Model answers and dataset inputs are text anyone may have
     * written, so every field is treated so, numbers included (none of ours starts with those characters).
     */
    public static String inert(String field) {
        if (field.isEmpty()) return field;
        char c = field.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + field : field;
    }
}
