package org.promptstudio.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a user's JSON text (a dataset line, an {@code --input} object) could not be read, said in terms of that text:
 * what is at the place and what to write instead, never a setting or class of the JSON library. Reference for what
 * JSON allows: RFC 8259 (no comments, no trailing commas, no single quotes, no NaN/Infinity, no leading zeros, no
 * unescaped control characters in strings, no byte order mark inside the text).
 *
 * @param line   1-based line in the text given (0 when unknown)
 * @param column 1-based column (in characters) where the problem starts (0 when unknown)
 * @param reason one line, e.g. {@code NaN is not a JSON number; write null or a string ("NaN")}
 */
public record JsonProblem(int line, int column, String reason) {

    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Pattern CODE = Pattern.compile("code (\\d+)");

    /** The problem {@code e} reports for {@code text}, the JSON that was being read. */
    public static JsonProblem of(JsonProcessingException e, String text) {
        JsonLocation loc = e.getLocation();
        int line = loc == null ? 0 : loc.getLineNr();
        int column = loc == null ? 0 : loc.getColumnNr();
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int lineStart = lineStart(text, line);
        int at = column > 0 ? Math.min(lineStart + column - 1, text.length()) : -1;
        return new Reading(text, line, column, lineStart, at, message).problem();
    }

    private static int lineStart(String text, int line) {
        int start = 0;
        for (int l = 1; l < line && start >= 0; l++) {
            int nl = text.indexOf('\n', start);
            start = nl < 0 ? -1 : nl + 1;
        }
        return Math.max(start, 0);
    }

    /** One error being explained: the text, the place the parser stopped, and its message to classify. */
    private record Reading(String text, int line, int column, int lineStart, int at, String message) {

        JsonProblem problem() {
            char c = at >= 0 && at < text.length() ? text.charAt(at) : 0;
            if (message.startsWith("Non-standard token")) {
                String token = quoted();
                return near(token, token + " is not a JSON number; write null or a string (\"" + token + "\")");
            }
            if (message.contains("Leading zeroes")) {
                int start = at;
                while (start > lineStart && (Character.isDigit(text.charAt(start - 1)) || text.charAt(start - 1) == '-')) {
                    start--;
                }
                int end = start;
                while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '-')) end++;
                String number = text.substring(start, end);
                String digits = number.replaceFirst("^(-?)0+(?=\\d)", "$1");
                return at(start, "the number " + number + " starts with a zero, which JSON does not allow; write "
                        + digits + ", or \"" + number + "\" in double quotes to keep the zero");
            }
            if (message.contains("CTRL-CHAR")) {
                return at(at, controlName() + " inside a string; write it as " + escape() + " (JSON strings cannot hold "
                        + "control characters as they are)");
            }
            if (message.contains("closing quote")) {
                return at(at, "the line ends inside a string: its closing \" is missing");
            }
            if (message.contains("expected close marker for Object")) {
                return at(at, "the line ends before the object is closed: '}' is missing (JSON Lines: one whole object "
                        + "per line)");
            }
            if (message.contains("expected close marker for Array")) {
                return at(at, "the line ends before the list is closed: ']' is missing");
            }
            if (message.contains("end-of-input")) return at(at, "the line ends before its JSON value does");
            if (c == '\uFEFF') {
                return at(at, "a byte order mark (U+FEFF) here; remove it (only the very start of a file may have one)");
            }
            if (c == '/' || c == '#') return at(at, "a comment; JSON has no comments, remove it");
            if (c == '\'') return at(at, "single quotes; JSON writes keys and text in double quotes (\"...\")");
            if (c == '}' || c == ']') {
                int before = at - 1;
                while (before >= lineStart && Character.isWhitespace(text.charAt(before))) before--;
                if (before >= lineStart && text.charAt(before) == ',') {
                    return at(before, "a comma with nothing after it before '" + c + "'; remove that comma");
                }
                if (message.contains("valid value")) return at(at, "a value is missing before '" + c + "'");
            }
            if (message.contains("start field name") && (Character.isLetter(c) || c == '_' || c == '$')) {
                String key = word(at);
                return at(at, "the key " + key + " is not in double quotes; write \"" + key + "\"");
            }
            if (message.contains("start field name")) return at(at, "a key in double quotes (\"name\") is expected here");
            if (message.contains("plus signs")) {
                int plus = text.lastIndexOf('+', Math.max(at, 0));
                return at(plus >= lineStart ? plus : at, "a number with a '+' sign; JSON numbers have none, write it without the '+'");
            }
            if (c == '.' && message.contains("valid value")) {
                return at(at, "a number starting with '.'; write a 0 before the point (0.5)");
            }
            if (message.contains("Decimal point not followed")) {
                return at(at, "a number ends with '.'; write a digit after the point (1.0) or leave the point out");
            }
            if (message.contains("Exponent indicator")) return at(at, "a number's exponent has no digits (write 1e5)");
            if (message.contains("minus sign")) return at(at, "a '-' with no number after it");
            if (message.startsWith("Unrecognized token")) {
                String token = quoted();
                String lower = token.toLowerCase(Locale.ROOT);
                if (lower.equals("true") || lower.equals("false") || lower.equals("null")) {
                    return near(token, token + " is not JSON; write " + lower + " in lower case");
                }
                if (lower.matches("[-+]?(inf|infinity|nan)")) {
                    return near(token, token + " is not a JSON number; write null or a string (\"" + token + "\")");
                }
                return near(token, token + " is not a JSON value; write text in double quotes (\"" + token + "\")");
            }
            if (message.contains("Unrecognized character escape")) {
                String ch = quoted();
                return at(at - 1, "\\" + ch + " is not a JSON escape; write \\\\ for a backslash");
            }
            if (message.contains("comma to separate Object")) return at(at, "a ',' is missing between two keys");
            if (message.contains("comma to separate Array")) return at(at, "a ',' is missing between two items");
            if (message.contains("colon to separate")) return at(at, "a ':' is missing after the key");
            if (message.startsWith("Duplicate field")) return at(at, "the key \"" + quoted() + "\" is given twice");
            if (message.startsWith("Unexpected close marker")) {
                return at(at, "'" + c + "' closes nothing; remove it");
            }
            if (message.contains("Unexpected character")) {
                return at(at, "'" + printable(c) + "' cannot be here in JSON");
            }
            return at(at, "not valid JSON here");
        }

        private JsonProblem at(int index, String reason) {
            int col = index >= lineStart ? index - lineStart + 1 : column;
            return new JsonProblem(line, col, reason);
        }

        /** The place of {@code token}, which the parser reports at its end or its start. */
        private JsonProblem near(String token, String reason) {
            int start = token.isEmpty() ? -1 : text.lastIndexOf(token, Math.max(at, 0));
            return at(start >= lineStart ? start : at, reason);
        }

        private String quoted() {
            Matcher m = QUOTED.matcher(message);
            return m.find() ? m.group(1) : "";
        }

        private String word(int from) {
            int end = from;
            while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || "_$-".indexOf(text.charAt(end)) >= 0)) {
                end++;
            }
            return text.substring(from, end);
        }

        private int code() {
            Matcher m = CODE.matcher(message);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }

        private String controlName() {
            return switch (code()) {
                case 9 -> "a tab";
                case 10 -> "a line break";
                case 13 -> "a carriage return";
                default -> String.format(Locale.ROOT, "the control character U+%04X", code());
            };
        }

        private String escape() {
            return switch (code()) {
                case 9 -> "\\t";
                case 10 -> "\\n";
                case 13 -> "\\r";
                default -> String.format(Locale.ROOT, "\\u%04x", code());
            };
        }

        private static String printable(char c) {
            return Character.isISOControl(c) ? String.format(Locale.ROOT, "U+%04X", (int) c) : String.valueOf(c);
        }
    }
}
