package org.promptstudio.workspace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.promptstudio.format.JsonProblem;

/** Reads JSON Lines: one JSON object per line, blank lines skipped, each bad line reported on its own. */
final class JsonlRows {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() {
    };

    private JsonlRows() {
    }

    static List<Row> rows(List<String> lines, String file, List<DatasetProblem> problems) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            int number = i + 1;
            try {
                JsonNode node = JSON.readTree(line);
                if (!node.isObject()) {
                    problems.add(new DatasetProblem(file, number,
                            "expected a JSON object ({...}) on the line, found " + kind(node)));
                    continue;
                }
                DatasetProblem tooLarge = tooLarge(node, line, file, number);
                if (tooLarge != null) {
                    problems.add(tooLarge);
                    continue;
                }
                rows.add(new Row(number, JSON.convertValue(node, FIELDS)));
            } catch (MismatchedInputException e) {
                problems.add(new DatasetProblem(file, number, e.getLocation() == null ? 0 : e.getLocation().getColumnNr(),
                        "more than one JSON value on the line (put one object per line)"));
            } catch (JsonProcessingException e) {
                JsonProblem p = JsonProblem.of(e, line);
                problems.add(new DatasetProblem(file, number, p.column(), p.reason()));
            }
        }
        return rows;
    }

    /**
     * A number too large for a double ({@code 1e999}): JSON allows it, but it would be read as Infinity, a value the
     * user never wrote (RFC 8259 section 6: "numbers that ... exceed the range of IEEE 754 binary64 ... are not
     * interoperable"). Null when the row has none. The column is the number's own.
     */
    private static DatasetProblem tooLarge(JsonNode node, String line, String file, int number) {
        if (!hasInfinite(node)) return null;
        try (JsonParser p = JSON.getFactory().createParser(line)) {
            for (var t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT && Double.isInfinite(p.getDoubleValue())) {
                    return new DatasetProblem(file, number, p.currentTokenLocation().getColumnNr(), p.getText()
                            + " is too large for a number (it would be read as infinity); write it as a string (\""
                            + p.getText() + "\")");
                }
            }
        } catch (java.io.IOException e) {
            // read once already: cannot happen; the row is still refused below
        }
        return new DatasetProblem(file, number, "a number is too large (it would be read as infinity); write it as a string");
    }

    private static boolean hasInfinite(JsonNode node) {
        if (node.isFloatingPointNumber()) return Double.isInfinite(node.doubleValue());
        for (JsonNode child : node) {
            if (hasInfinite(child)) return true;
        }
        return false;
    }

    private static String kind(JsonNode node) {
        if (node.isArray()) return "an array";
        if (node.isTextual()) return "a string";
        if (node.isNumber()) return "a number";
        if (node.isBoolean()) return "a boolean";
        return "null";
    }
}
