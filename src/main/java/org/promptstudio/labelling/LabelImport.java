package org.promptstudio.labelling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongPredicate;
import org.promptstudio.model.LabelItemKind;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelSchema;
import org.promptstudio.model.LabelValue;

/**
 * Reads labels made in another tool from CSV: a header row with the columns {@code item} (the call id; for a pair
 * {@code 12+15}, A then B; for a ranking every call of the input, {@code 12+15+18}), {@code annotator}, {@code label}
 * (as {@link LabelValue#fromText} reads it: {@code 4}, {@code up}, {@code billing}, {@code A}, or JSON) and optionally
 * {@code schema}, {@code schema_version} (a row naming another version than the schema's current one was given under
 * an older version: its value is kept as given, not checked against today's scale or categories, with a note) and
 * {@code final} ({@code true}: an adjudicator's decision; {@code false} or empty: a vote). RFC 4180: a value holding a comma, a quote or a line break is quoted; CRLF or LF line ends; a UTF-8
 * byte order mark and blank lines are skipped; a row with more fields than the header is refused. Every row is checked
 * before any is kept: the first bad one is reported as {@code FILE:LINE: reason} and nothing is imported.
 */
public final class LabelImport {

    private static final CsvMapper CSV = new CsvMapper();

    private LabelImport() {
    }

    /**
     * What a file held: its labels, and notes on rows kept as given (one line each).
     *
     * @param labels the labels, not stored
     * @param notes  {@code FILE:LINE: ...} for the first row of each schema version kept without a scale check
     */
    public record Result(List<LabelRecord> labels, List<String> notes) {
        public Result {
            labels = List.copyOf(labels);
            notes = List.copyOf(notes);
        }
    }

    /**
     * The labels of {@code text}, not stored (outside any queue, given at {@code at}); as {@link #parse} without its
     * notes.
     *
     * @throws LabellingException as {@link #parse}
     */
    public static List<LabelRecord> read(String text, String file, Map<String, LabelSchema> schemas,
                                         String defaultSchema, LongPredicate callExists, Instant at) {
        return parse(text, file, schemas, defaultSchema, callExists, at).labels();
    }

    /**
     * The labels of {@code text}, not stored (outside any queue, final when the {@code final} column says
     * {@code true}, given at {@code at}), with notes on rows of an older schema version.
     *
     * @param file          the file's name as the user gave it, for messages
     * @param schemas       the workspace's schemas by name
     * @param defaultSchema the schema of rows when the file has no {@code schema} column (may be null)
     * @param callExists    whether a call of that id is recorded
     * @throws LabellingException {@code FILE:LINE: reason} for the first bad row, or {@code FILE: reason} for a bad
     *                            header
     */
    public static Result parse(String text, String file, Map<String, LabelSchema> schemas,
                               String defaultSchema, LongPredicate callExists, Instant at) {
        return parse(text, file, schemas, defaultSchema, callExists, id -> null, at);
    }

    /**
     * As {@link #parse(String, String, Map, String, LongPredicate, Instant)}, also refusing a pair or ranking whose
     * calls answer different inputs.
     *
     * @param inputOf the input a call answered, as {@link CallInputs#inputOf} names it (null: not known, not checked)
     */
    public static Result parse(String text, String file, Map<String, LabelSchema> schemas,
                               String defaultSchema, LongPredicate callExists,
                               java.util.function.LongFunction<String> inputOf, Instant at) {
        List<List<String>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int reading = 1; // the line of the row being read
        try (MappingIterator<List<String>> it = CSV.readerForListOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(body)) {
            while (it.hasNextValue()) {
                int line = it.getCurrentLocation() == null ? rows.size() + 1 : it.getCurrentLocation().getLineNr();
                reading = line;
                List<String> row = it.nextValue();
                if (row.stream().allMatch(String::isBlank)) continue; // a blank line, or one of commas only
                rows.add(row);
                lines.add(line);
                reading = line + 1;
            }
        } catch (IOException | RuntimeException e) {
            throw new LabellingException(unreadable(file, reading, e));
        }
        if (rows.isEmpty()) throw new LabellingException(file + ": empty (needs a header: item,annotator,label[,schema])");
        List<String> header = rows.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        int item = header.indexOf("item");
        int annotator = header.indexOf("annotator");
        int label = header.indexOf("label");
        int schemaColumn = header.indexOf("schema");
        int versionColumn = header.indexOf("schema_version");
        int finalColumn = header.indexOf("final");
        List<String> notes = new ArrayList<>();
        java.util.Set<String> noted = new java.util.HashSet<>();
        if (item < 0 || annotator < 0 || label < 0) {
            throw new LabellingException(file + ":1: the header needs the columns item, annotator, label (and"
                    + " optionally schema), not " + String.join(",", rows.get(0)));
        }
        if (schemaColumn < 0 && defaultSchema == null) {
            throw new LabellingException(file + ":1: no 'schema' column: name the schema of these labels"
                    + " (--schema S)");
        }
        List<LabelRecord> out = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            String at2 = file + ":" + lines.get(r) + ": ";
            int need = Math.max(Math.max(item, annotator), Math.max(label, schemaColumn)) + 1;
            if (row.size() < need) throw new LabellingException(at2 + "has " + row.size() + " columns, needs " + need);
            if (row.size() > header.size()) {
                throw new LabellingException(at2 + "has " + row.size() + " fields, the header " + header.size()
                        + " (quote a value that holds a comma: \"3,1,2\")");
            }
            String schemaName = schemaColumn >= 0 && !row.get(schemaColumn).isBlank() ? row.get(schemaColumn).strip()
                    : defaultSchema;
            if (schemaName == null) throw new LabellingException(at2 + "no schema");
            LabelSchema schema = schemas.get(schemaName);
            if (schema == null) {
                throw new LabellingException(at2 + "no label schema '" + schemaName + "' (known: "
                        + String.join(", ", schemas.keySet()) + ")");
            }
            List<Long> calls = new ArrayList<>();
            for (String part : row.get(item).split("[+,]")) {
                try {
                    calls.add(Long.parseLong(part.strip()));
                } catch (NumberFormatException e) {
                    throw new LabellingException(at2 + "item '" + row.get(item) + "' is not a call id (e.g. 12, or"
                            + " 12+15 for a pair)");
                }
            }
            int wanted = schema.itemKind() == LabelItemKind.PAIR ? 2 : schema.itemKind() == LabelItemKind.SINGLE ? 1 : -1;
            if (wanted > 0 && calls.size() != wanted || wanted < 0 && calls.size() < 2) {
                throw new LabellingException(at2 + "a " + schema.type().id() + " label is about "
                        + (wanted == 1 ? "one call" : wanted == 2 ? "two calls (12+15)" : "two or more calls (12+15+18)")
                        + ", not '" + row.get(item) + "'");
            }
            for (long id : calls) {
                if (!callExists.test(id)) throw new LabellingException(at2 + "no call " + id + " is recorded");
            }
            if (calls.size() > 1) {
                String problem = CallInputs.problem(calls, inputOf);
                if (problem != null) throw new LabellingException(at2 + problem);
            }
            String who = row.get(annotator).strip();
            if (who.isEmpty()) throw new LabellingException(at2 + "no annotator");
            LabelValue value;
            try {
                value = LabelValue.fromText(schema, row.get(label));
            } catch (IllegalArgumentException e) {
                throw new LabellingException(at2 + e.getMessage());
            }
            String version = versionColumn >= 0 && versionColumn < row.size() && !row.get(versionColumn).isBlank()
                    ? row.get(versionColumn).strip() : schema.version();
            String problem = schema.problem(value, schema.itemKind() == LabelItemKind.RANKING ? calls : null);
            if (problem != null && !version.equals(schema.version()) && outsideOnly(schema, value)) {
                // given under an older version, whose scale or categories are not known here: kept as given
                if (noted.add(schema.name() + "@" + version)) {
                    notes.add(at2 + problem + " today; kept as given under its older version " + version
                            + " of '" + schema.name() + "' (that version's scale is not known, so not checked)");
                }
                problem = null;
            }
            if (problem != null) throw new LabellingException(at2 + problem);
            boolean decision = false;
            if (finalColumn >= 0 && finalColumn < row.size()) {
                String f = row.get(finalColumn).strip().toLowerCase(Locale.ROOT);
                if (f.equals("true")) {
                    decision = true;
                } else if (!f.equals("false") && !f.isEmpty()) {
                    throw new LabellingException(at2 + "final is true or false, not '" + row.get(finalColumn).strip()
                            + "'");
                }
            }
            out.add(new LabelRecord(null, null, calls.get(0),
                    schema.itemKind() == LabelItemKind.PAIR ? calls.get(1) : null, schema.name(),
                    version, who, value, decision, at));
        }
        return new Result(out, notes);
    }

    /**
     * Whether {@code value} has the shape {@code schema}'s type needs and is refused only for a scale point or
     * category the current version does not have (which an older version may have had).
     */
    private static boolean outsideOnly(LabelSchema schema, LabelValue value) {
        return switch (schema.type()) {
            case RATING -> value.rating() != null;
            case CATEGORY -> value.category() != null;
            case CATEGORIES -> value.categories() != null;
            default -> false;
        };
    }

    /**
     * The one-line message for CSV the parser could not read: {@code FILE:LINE: not readable as CSV (what the parser
     * said)}, at {@code line}, where the row being read starts (an unclosed quote is noticed only at the end of the
     * file); only the parser's own words, never an exception's class name, and no parenthesis when it said nothing.
     */
    static String unreadable(String file, int line, Exception e) {
        String said = e instanceof JsonProcessingException j ? j.getOriginalMessage() : null;
        String first = said == null ? "" : said.lines().findFirst().orElse("").strip();
        return file + ":" + line + ": not readable as CSV" + (first.isEmpty() ? "" : " (" + first + ")");
    }
}
