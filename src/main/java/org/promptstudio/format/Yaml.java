package org.promptstudio.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

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
        return YAMLMapper.builder(new CoreSchemaFactory());
    }

    /**
     * Where and why a YAML text could not be read, in one line. {@code line} and {@code column} count from 1 in the
     * text given to the parser (0 when unknown); {@code reason} is the parser's sentences without its excerpt and
     * caret lines, e.g. {@code while parsing a flow sequence; expected ',' or ']', but got <stream end>};
     * {@code syntax} is true when the text is not YAML at all (false for, say, a key given twice).
     */
    public record Problem(int line, int column, String reason, boolean syntax) {

        /** The problem that {@code e} (thrown while reading YAML with a mapper of this class) reports. */
        public static Problem of(JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
                Mark mark = y.getProblemMark();
                String reason = y.getContext() == null ? y.getProblem() : y.getContext() + "; " + y.getProblem();
                return new Problem(mark.getLine() + 1, mark.getColumn() + 1, oneLine(reason), true);
            }
            JsonLocation at = e.getLocation();
            return new Problem(at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    oneLine(e.getOriginalMessage()), false);
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
