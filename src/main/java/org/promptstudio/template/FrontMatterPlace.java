package org.promptstudio.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds where a key path of a prompt's front matter is written, so a fault found after parsing (a schema that is no
 * JSON Schema, a Picoschema type that is unknown) names its line and column like a YAML syntax error does.
 *
 * <p>The search follows the block-style YAML a person writes: each segment is looked for as a key indented deeper
 * than the key found before it, within that key's block. A segment that is not written as a key (JSON Schema's
 * {@code properties} when the schema is Picoschema, or an array index) is skipped, so the place is the deepest key
 * that is written. Flow-style values ({@code schema: {type: object}}) give the place of their key.
 */
final class FrontMatterPlace {

    private FrontMatterPlace() {
    }

    /**
     * The place of {@code path} in {@code frontMatter}.
     *
     * @param frontMatter the front matter's YAML text (line 1 of it is line 2 of the file)
     * @param path        key segments from the top, e.g. {@code [output, schema, properties, city, type]}; a Picoschema
     *                    field may carry its optional mark or description ({@code city?}, {@code tags(array)})
     * @return the 1-based file line and column of the deepest segment found, empty when not even the first is found
     */
    static Optional<int[]> find(String frontMatter, List<String> path) {
        return search(frontMatter, path, false);
    }

    /** Whether every segment of {@code path} is written as a key, each inside the one before. */
    static boolean written(String frontMatter, List<String> path) {
        return search(frontMatter, path, true).isPresent();
    }

    private static Optional<int[]> search(String frontMatter, List<String> path, boolean all) {
        if (frontMatter == null || frontMatter.isBlank() || path.isEmpty()) return Optional.empty();
        String[] lines = frontMatter.split("\n", -1);
        int from = 0;
        int end = lines.length;
        int parentIndent = -1;
        int[] found = null;
        for (String segment : path) {
            int at = -1;
            for (int i = from; i < end; i++) {
                String line = lines[i];
                int indent = indentOf(line);
                if (indent < 0) continue; // blank or comment
                if (indent <= parentIndent) break;
                if (segment.equals(keyOf(line, indent))) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                if (all) return Optional.empty();
                continue;
            }
            int indent = indentOf(lines[at]);
            found = new int[] {at + 2, indent + 1};
            parentIndent = indent;
            from = at + 1;
            end = blockEnd(lines, from, indent);
        }
        return Optional.ofNullable(found);
    }

    /** Splits a dotted place such as {@code output.schema.properties.city.type} into its segments. */
    static List<String> segments(String dotted) {
        List<String> out = new ArrayList<>();
        for (String s : dotted.split("\\.")) {
            if (!s.isBlank()) out.add(s.strip());
        }
        return out;
    }

    private static int blockEnd(String[] lines, int from, int indent) {
        for (int i = from; i < lines.length; i++) {
            int in = indentOf(lines[i]);
            if (in >= 0 && in <= indent) return i;
        }
        return lines.length;
    }

    /** Leading spaces of a line that holds something, or -1 for a blank line or a comment. */
    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '-')) {
            if (line.charAt(i) == '-' && (i + 1 >= line.length() || line.charAt(i + 1) != ' ')) break;
            i++;
        }
        String rest = line.substring(i).strip();
        return rest.isEmpty() || rest.startsWith("#") ? -1 : i;
    }

    /** The key written on a line, without quotes, Picoschema's optional mark or its parenthesised type. */
    private static String keyOf(String line, int indent) {
        String rest = line.substring(indent);
        int colon = rest.indexOf(':');
        if (colon <= 0) return null;
        String key = rest.substring(0, colon).strip();
        if (key.length() >= 2 && (key.startsWith("\"") && key.endsWith("\"") || key.startsWith("'") && key.endsWith("'"))) {
            key = key.substring(1, key.length() - 1);
        }
        int paren = key.indexOf('(');
        if (paren > 0) key = key.substring(0, paren).strip();
        if (key.endsWith("?")) key = key.substring(0, key.length() - 1);
        return key;
    }
}
