package org.promptstudio.workspace;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads CSV as RFC 4180 has it (with the separator {@link CsvDelimiter} finds): a header row naming the columns, then one row per case; a quoted field may hold
 * commas, doubled quotes and line breaks. A row with the wrong number of columns or bad quoting is reported at the
 * line where it starts and the other rows still load. Rows with only empty cells are skipped like blank lines.
 */
final class CsvRows {

    private static final CsvMapper CSV = new CsvMapper();

    private final String file;
    private final List<DatasetProblem> problems;
    private final List<Row> rows = new ArrayList<>();
    private List<String> header;
    private int errorColumn;

    private CsvRows(String file, List<DatasetProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** The records of {@code text}, whose columns {@code separator} separates (see {@link CsvDelimiter}). */
    static List<Row> rows(String text, char separator, String file, List<DatasetProblem> problems) {
        CsvRows reader = new CsvRows(file, problems);
        reader.read(text, separator);
        return reader.rows;
    }

    private void read(String text, char separator) {
        try (CsvParser parser = (CsvParser) CSV.getFactory().createParser(text)) {
            parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(separator));
            List<String> cells = null;
            int start = 0;
            String error = null;
            long lastErrorAt = -1;
            while (true) {
                JsonToken token;
                try {
                    token = parser.nextToken();
                } catch (StreamReadException e) {
                    long at = e.getLocation().getCharOffset();
                    if (cells == null) {
                        cells = new ArrayList<>();
                        start = e.getLocation().getLineNr();
                    }
                    if (error == null) {
                        error = reason(e);
                        // The parser stands just after the character it complains of.
                        errorColumn = e.getLocation().getLineNr() == start ? Math.max(0, e.getLocation().getColumnNr() - 1) : 0;
                    }
                    if (at == lastErrorAt) break; // the parser makes no progress: give up on the rest
                    lastErrorAt = at;
                    continue;
                }
                if (token == null) break;
                if (token == JsonToken.START_ARRAY) {
                    if (cells != null && !row(start, cells, error)) return; // a broken record before this one
                    cells = new ArrayList<>();
                    start = parser.currentLocation().getLineNr();
                    error = null;
                    errorColumn = 0;
                } else if (token == JsonToken.VALUE_STRING && cells != null) {
                    cells.add(parser.getText());
                } else if (token == JsonToken.END_ARRAY && cells != null) {
                    if (!row(start, cells, error)) return;
                    cells = null;
                }
            }
            if (cells != null) row(start, cells, error);
        } catch (IOException e) {
            problems.add(new DatasetProblem(file, 0, "cannot read: " + e.getMessage()));
        }
    }

    /** The CSV parser's complaint in the file's terms (RFC 4180, section 2: quoting). */
    private static String reason(StreamReadException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (m.contains("Missing closing quote")) {
            return "a quoted field is never closed: its closing \" is missing, so the rest of the file is part of it";
        }
        if (m.contains("Expected column separator")) {
            java.util.regex.Matcher c = java.util.regex.Pattern.compile("^Unexpected character \\('(.)'").matcher(m);
            return "text after a closing quote" + (c.find() ? " ('" + c.group(1) + "')" : "") + "; a quote inside a"
                    + " quoted field is written twice (\"\")";
        }
        return "not valid CSV here";
    }

    /** Takes one record; false when the file cannot be read on (a bad header). */
    private boolean row(int line, List<String> cells, String error) {
        if (error != null) {
            problems.add(new DatasetProblem(file, line, errorColumn, error));
            return header != null;
        }
        if (cells.stream().allMatch(String::isBlank)) return true;
        if (header == null) return header(line, cells);
        if (cells.size() != header.size()) {
            problems.add(new DatasetProblem(file, line, "has " + cells.size() + " columns, the header has "
                    + header.size()));
            return true;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            fields.put(header.get(i), cells.get(i));
        }
        rows.add(new Row(line, fields));
        return true;
    }

    private boolean header(int line, List<String> cells) {
        List<String> names = cells.stream().map(String::strip).toList();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String problem = name.isEmpty() ? "column " + (i + 1) + " of the header has no name"
                    : !seen.add(name) ? "the header names column '" + name + "' twice" : null;
            if (problem != null) {
                problems.add(new DatasetProblem(file, line, problem + "; the file is not read"));
                return false;
            }
        }
        header = names;
        return true;
    }
}
