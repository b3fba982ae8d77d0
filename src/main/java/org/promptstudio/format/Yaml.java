package org.promptstudio.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * YAML as Dotprompt reads it, for every YAML file the studio reads (front matter, {@code studio.yaml}, experiments,
 * assertion files, settings): YAML 1.2's core schema, as Dotprompt's reference implementation (the JavaScript
 * {@code yaml} package, YAML 1.2 core by default) does. Only {@code true}/{@code false} (also {@code True},
 * {@code TRUE}...) are booleans, so {@code NO}, {@code yes}, {@code on} are text; {@code 012345} is the decimal 12345
 * (never octal), {@code 0o14} is octal, {@code 0x1F} hex; {@code ~} and {@code null} are null; {@code .inf},
 * {@code .nan} are floats (YAML 1.2.2, section 10.3.2). A value bound to a text field keeps its text as written
 * ({@code postcode: 012345} into a {@code String} is "012345"). See docs/decisions/0033-yaml-1-2-core-schema.md.
 */
public final class Yaml {

    private Yaml() {
    }

    /** A new mapper over the core-schema parser; callers add their own features. */
    public static ObjectMapper mapper() {
        return builder().build();
    }

    /** A builder for a mapper over the core-schema parser (for strict readers that enable features). */
    public static MapperBuilder<?, ?> builder() {
        // A key given twice is an error, as in Dotprompt's reference reader (the JavaScript yaml package's
        // uniqueKeys option, true by default), never a silent last-one-wins.
        return YAMLMapper.builder(new CoreSchemaFactory()).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * The first syntax error of {@code text}, or a plain key given twice in one mapping ({@code duplicate key 'model'
     * (first at line 5)}, not a syntax error: {@link Problem#syntax()} is false), or empty. Reads the whole text
     * before anything is bound, so a reader that binds as it goes reports the syntax error, not a wrong type it met
     * first ({@code name: [unclosed} is an unclosed list, not "'name' must be text").
     */
    public static java.util.Optional<Problem> syntaxProblem(String text) {
        try {
            Parser parser = new ParserImpl(new StreamReader(text), new LoaderOptions());
            java.util.Deque<Level> levels = new java.util.ArrayDeque<>();
            while (!parser.checkEvent(Event.ID.StreamEnd)) {
                Event event = parser.getEvent();
                Problem duplicate = duplicateKey(event, levels);
                if (duplicate != null) return java.util.Optional.of(duplicate);
            }
            return java.util.Optional.empty();
        } catch (MarkedYAMLException e) {
            return java.util.Optional.of(Problem.of(e));
        } catch (ReaderException e) {
            int[] at = lineColumn(text, e.getPosition());
            return java.util.Optional.of(new Problem(at[0], at[1], notText(e.getCodePoint()), true));
        } catch (YAMLException e) {
            return java.util.Optional.of(new Problem(0, 0, Problem.plainWords(e.getMessage()), true));
        }
    }

    /** A mapping being read (its keys so far, with their lines, and whether a key comes next) or a list. */
    private static final class Level {
        final java.util.Map<String, Integer> keys;
        boolean keyNext = true;

        Level(boolean mapping) {
            this.keys = mapping ? new java.util.HashMap<>() : null;
        }
    }

    /**
     * Follows the nesting of mappings and lists; a plain key given twice in one mapping is the problem, placed at
     * the second key's start. Keys that are lists or mappings are left to the reader (they are refused there).
     */
    private static Problem duplicateKey(Event event, java.util.Deque<Level> levels) {
        boolean node = event.is(Event.ID.Scalar) || event.is(Event.ID.Alias) || event.is(Event.ID.MappingStart)
                || event.is(Event.ID.SequenceStart);
        Level parent = levels.peek();
        if (node && parent != null && parent.keys != null) {
            boolean isKey = parent.keyNext;
            parent.keyNext = !parent.keyNext;
            if (isKey && event instanceof ScalarEvent scalar) {
                Mark at = scalar.getStartMark();
                Integer first = parent.keys.putIfAbsent(scalar.getValue(), at.getLine() + 1);
                if (first != null) {
                    return new Problem(at.getLine() + 1, at.getColumn() + 1, "duplicate key '" + scalar.getValue()
                            + "' (first at line " + first + ")", false);
                }
            }
        }
        if (event.is(Event.ID.MappingStart)) levels.push(new Level(true));
        if (event.is(Event.ID.SequenceStart)) levels.push(new Level(false));
        if (event.is(Event.ID.MappingEnd) || event.is(Event.ID.SequenceEnd)) levels.pop();
        if (event.is(Event.ID.DocumentStart)) levels.clear();
        return null;
    }

    /** Line and column (from 1) of the {@code index}th code point of {@code text}. */
    private static int[] lineColumn(String text, int index) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < index; i = text.offsetByCodePoints(i, 1), seen++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private static String notText(int codePoint) {
        return String.format("not a text file: it holds the control character U+%04X", codePoint);
    }

    /**
     * Where and why a YAML text could not be read, in one line. {@code line} and {@code column} count from 1 in the
     * text given to the parser (0 when unknown); {@code reason} is short and plain, such as
     * {@code a list opened with '[' is not closed}, {@code tab characters cannot indent (use spaces)}, or, for an
     * error without a plainer wording, SnakeYAML's sentences without its excerpt, its caret lines or Java names;
     * {@code syntax} is true when the text is not YAML at all (false for, say, a key given twice).
     */
    public record Problem(int line, int column, String reason, boolean syntax) {

        /** The problem that {@code e} (thrown while reading YAML with a mapper of this class) reports. */
        public static Problem of(JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) return of(y);
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            int column = at == null ? 0 : at.getColumnNr();
            if (e.getCause() instanceof ReaderException r) return new Problem(line, column, notText(r.getCodePoint()), true);
            String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            JsonParser parser = e instanceof StreamReadException s ? s.getProcessor() : null;
            if (message.startsWith("Duplicate field ") && parser != null && parser.currentTokenLocation() != null) {
                // Jackson's place is the end of the second key; the user looks for its start.
                JsonLocation key = parser.currentTokenLocation();
                return new Problem(key.getLineNr(), key.getColumnNr(),
                        "duplicate key " + message.substring("Duplicate field ".length()), false);
            }
            if (message.startsWith("Expected a field name")) {
                return new Problem(line, column, "a key must be plain text, not a list or a mapping", true);
            }
            return new Problem(line, column, plainWords(oneLine(message)), false);
        }

        /**
         * The problem SnakeYAML reports in {@code y}, placed where the user must look: at the opening bracket or
         * quote of what is not closed, else where the parser stopped.
         */
        static Problem of(MarkedYAMLException y) {
            String context = y.getContext() == null ? "" : y.getContext();
            String problem = y.getProblem() == null ? "" : y.getProblem();
            Mark opened = y.getContextMark() != null ? y.getContextMark() : y.getProblemMark();
            Mark stopped = y.getProblemMark() != null ? y.getProblemMark() : opened;
            if (context.startsWith("while parsing a flow sequence") && problem.startsWith("expected ',' or ']'")) {
                return at(opened, "a list opened with '[' is not closed");
            }
            if (context.startsWith("while parsing a flow mapping") && problem.startsWith("expected ',' or '}'")) {
                return at(opened, "a mapping opened with '{' is not closed");
            }
            if (context.startsWith("while scanning a quoted scalar")
                    && (problem.contains("end of stream") || problem.contains("document separator"))) {
                return at(opened, "a text opened with " + quote(opened) + " is not closed");
            }
            if (problem.contains("'\\t(TAB)' that cannot start any token")) {
                return at(stopped, "tab characters cannot indent (use spaces)");
            }
            java.util.regex.Matcher cannotStart = java.util.regex.Pattern
                    .compile("found character '(.+)' that cannot start any token").matcher(problem);
            if (cannotStart.find()) {
                return at(stopped, "'" + cannotStart.group(1) + "' cannot start a value (put the value in quotes)");
            }
            if (problem.startsWith("mapping values are not allowed")) {
                return at(stopped, "unexpected ':' (put a value that holds ': ' in quotes, or check the indentation)");
            }
            if (problem.startsWith("sequence entries are not allowed")) {
                return at(stopped, "unexpected '-' (a list item goes on its own line, or check the indentation)");
            }
            if (context.startsWith("while scanning a simple key") && problem.contains("could not find expected ':'")) {
                return at(opened, "a key needs ':' after it (or the line needs quotes or a different indentation)");
            }
            if ((context.startsWith("while parsing a block mapping") || context.startsWith("while parsing a block collection"))
                    && problem.startsWith("expected <block end>, but found")) {
                String found = token(problem.substring(problem.indexOf("but found") + 9));
                return at(stopped, found.equals("a key") ? "this line's indentation does not match the lines above"
                        : "unexpected " + found + " (check this line's indentation)");
            }
            if (context.startsWith("while parsing a flow node") || context.startsWith("while parsing a block node")) {
                String found = token(problem.substring(problem.indexOf("but found") + 9));
                if (context.startsWith("while parsing a flow node") && found.equals("the end of the file")) {
                    return at(stopped, "the file ends inside a list '[' or a mapping '{' that is not closed");
                }
                return at(stopped, "a value is missing before " + found);
            }
            if (context.startsWith("while scanning a directive")) {
                return at(opened, "'%' at the start of a line begins a YAML directive (put the value in quotes)");
            }
            if (context.startsWith("while scanning an alias") || context.startsWith("while scanning an anchor")) {
                return at(opened, "'*' and '&' must be followed by a name (put the value in quotes)");
            }
            if (problem.startsWith("expected '<document start>'")) {
                return at(stopped, "unexpected " + token(problem.substring(problem.indexOf("but found") + 9))
                        + " after the end of the document");
            }
            String reason = context.isEmpty() ? problem : context + "; " + problem;
            return at(stopped, plainWords(oneLine(reason)));
        }

        private static Problem at(Mark mark, String reason) {
            return mark == null ? new Problem(0, 0, reason, true)
                    : new Problem(mark.getLine() + 1, mark.getColumn() + 1, reason, true);
        }

        /** The quote character at {@code mark} ('"' or "'"). */
        private static String quote(Mark mark) {
            int[] buffer = mark == null ? null : mark.getBuffer();
            int p = mark == null ? -1 : mark.getPointer();
            if (buffer != null && p >= 0 && p < buffer.length && (buffer[p] == '"' || buffer[p] == '\'')) {
                return buffer[p] == '"' ? "'\"'" : "\"'\"";
            }
            return "a quote";
        }

        /** SnakeYAML's token names in plain words: {@code '<stream end>'} is "the end of the file". */
        private static String token(String found) {
            String t = found.strip();
            if (t.startsWith("'") && t.endsWith("'") && t.length() > 1) t = t.substring(1, t.length() - 1);
            return switch (t) {
                case "<stream end>" -> "the end of the file";
                case "<block mapping start>", "<block end>" -> "a key";
                case "<block sequence start>" -> "a list";
                case "<scalar>" -> "a value";
                case "<alias>" -> "'*'";
                case "<anchor>" -> "'&'";
                case "<tag>" -> "'!'";
                case "<document start>" -> "'---'";
                case "<document end>" -> "'...'";
                default -> "'" + t + "'";
            };
        }

        /** Keeps the words a user can act on: no {@code 'reader'} places, no Java class names, plain token names. */
        static String plainWords(String message) {
            if (message == null || message.isBlank()) return "cannot parse";
            String s = oneLine(message)
                    .replaceAll("\\s*in 'reader', line \\d+, column \\d+:?", "")
                    .replaceAll("<?org\\.yaml\\.snakeyaml\\.[A-Za-z.]+(\\([^)]*\\))?>?", "this")
                    .replaceAll("(com\\.fasterxml|java)\\.[A-Za-z.]+", "")
                    .replace("'<stream end>'", "the end of the file").replace("<stream end>", "the end of the file")
                    .replace("<block end>", "the end of the block")
                    .replace("<block mapping start>", "a key")
                    .replace("<block sequence start>", "a list")
                    .replace("<scalar>", "a value");
            return s.strip().isEmpty() ? "cannot parse" : s.strip();
        }

        /** SnakeYAML's message spans lines with excerpts and carets; keep the sentences, the place is given apart. */
        private static String oneLine(String message) {
            if (message == null) return "cannot parse";
            return message.lines()
                    .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                    .map(String::strip)
                    .collect(Collectors.joining("; "));
        }
    }
}
