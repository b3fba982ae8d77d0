package org.promptstudio.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which character separates the columns of a CSV file: comma, semicolon (spreadsheets in locales that write decimal
 * commas), tab or pipe. Read as Python's {@code csv.Sniffer._guess_delimiter} does (Python's Lib/csv.py): count each
 * candidate in the header and the first records, outside quotes, and keep the candidates that split the header into
 * at least two columns and split most records (90% or more, Sniffer's threshold) into as many. One such candidate is
 * the answer; none means a single-column file (comma); more than one is ambiguous and refused with the reason rather
 * than guessed by a preference order as Sniffer does, since a wrong guess silently loads wrong columns.
 */
final class CsvDelimiter {

    /** The candidates, in the order a message lists them. */
    static final List<Character> CANDIDATES = List.of(',', ';', '\t', '|');

    /** How many records after the header are looked at. */
    private static final int SAMPLE = 50;

    /** Sniffer's consistency threshold: the share of records that must agree with the header. */
    private static final double CONSISTENCY = 0.9;

    private static final Map<Character, String> NAMES = Map.of(',', "commas", ';', "semicolons", '\t', "tabs",
            '|', "pipes (|)");

    /** The separator chosen, or the reason none could be (then {@code separator} is 0). */
    record Guess(char separator, String problem) {
    }

    private CsvDelimiter() {
    }

    /** How a user reads the separator: {@code semicolons}. */
    static String name(char c) {
        return NAMES.getOrDefault(c, "'" + c + "'");
    }

    static Guess guess(String text) {
        List<String> records = records(text);
        if (records.isEmpty()) return new Guess(',', null);
        String header = records.get(0);
        List<Character> fitting = new ArrayList<>();
        for (char c : CANDIDATES) {
            int columns = count(header, c);
            if (columns == 0) continue;
            int agree = 0;
            for (int i = 1; i < records.size(); i++) {
                if (count(records.get(i), c) == columns) agree++;
            }
            int rows = records.size() - 1;
            if (rows == 0 || agree >= CONSISTENCY * rows) fitting.add(c);
        }
        if (fitting.isEmpty()) {
            // No separator splits the header and the rows alike: the one that splits the header most is kept, so
            // the rows that differ are reported with their column counts.
            char best = ',';
            int most = 0;
            for (char c : CANDIDATES) {
                if (count(header, c) > most) {
                    most = count(header, c);
                    best = c;
                }
            }
            return new Guess(best, null);
        }
        if (fitting.size() == 1) return new Guess(fitting.get(0), null);
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < fitting.size(); i++) {
            if (i > 0) names.append(i == fitting.size() - 1 ? " or " : ", ");
            names.append(name(fitting.get(i)));
        }
        return new Guess((char) 0, "cannot tell whether the columns are separated by " + names + ": each splits the"
                + " header and the rows the same way; put the fields that contain the other character in double quotes;"
                + " not read");
    }

    /** The separators in a record outside double-quoted fields. */
    private static int count(String record, char c) {
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char ch = record.charAt(i);
            if (ch == '"') quoted = !quoted;
            else if (ch == c && !quoted) n++;
        }
        return n;
    }

    /** The header and the first records, a record spanning lines while a quoted field is open; blank lines skipped. */
    private static List<String> records(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length() && out.size() <= SAMPLE; i++) {
            char ch = text.charAt(i);
            if (ch == '"') quoted = !quoted;
            if (ch == '\n' && !quoted) {
                if (!current.toString().isBlank()) out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        if (!current.toString().isBlank() && out.size() <= SAMPLE) out.add(current.toString());
        return out;
    }
}
