package org.promptstudio.format;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Edits a YAML text in place, the way a person would: only the characters of the values that change are replaced,
 * inserted or deleted, so comments, blank lines, key order, quoting and the block or flow style of everything else
 * stay as the user wrote them (docs/decisions/0059-settings-edit-studio-yaml-in-place.md). It knows two shapes: keys
 * of the top-level mapping ({@code author: {name, email}} in settings.yaml), and entries of a top-level list of
 * mappings found by an id key ({@code models:} and {@code registries:} in studio.yaml).
 *
 * <p>A value is a {@link String}, a {@link Number}, a {@link Boolean}, a {@code Map<String, Object>} of values (a
 * nested mapping, changed key by key) or {@code null}, which removes the key. Text is written plain when YAML 1.2's
 * core schema (and YAML 1.1 readers) would read it back as the same text, else double-quoted. Each change is one
 * splice of the text followed by a new parse, so positions never go stale. The caller checks the result by reading
 * it back ({@code StudioConfigReader.parse}).
 */
public final class YamlTextEdit {

    /** The text could not be edited in place: not YAML, or not the shape asked for. The message is one line. */
    public static final class EditException extends RuntimeException {
        public EditException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private String text;

    private YamlTextEdit(String text) {
        this.text = text == null ? "" : text;
    }

    /**
     * Sets the top-level keys in {@code changes} (a null value removes its key; a map is applied key by key).
     *
     * @return the edited text
     * @throws EditException when the text is not YAML or its top level is not a mapping
     */
    public static String setKeys(String text, Map<String, ?> changes) {
        YamlTextEdit edit = new YamlTextEdit(text);
        for (Map.Entry<String, ?> change : changes.entrySet()) edit.setRootKey(change.getKey(), change.getValue());
        return edit.text;
    }

    /**
     * Changes the entry of the list under the top-level {@code listKey} whose {@code idKey} is {@code oldId}, key by
     * key, or appends a new entry when {@code oldId} is null. Entries of {@code fields} with a null value are removed
     * from an existing entry and left out of a new one.
     *
     * @return the edited text
     * @throws EditException when the text is not YAML, the list is not a list of mappings, or {@code oldId} is not
     *                       in it
     */
    public static String upsertEntry(String text, String listKey, String idKey, String oldId, Map<String, ?> fields) {
        YamlTextEdit edit = new YamlTextEdit(text);
        if (oldId == null) {
            edit.appendEntry(listKey, fields);
        } else {
            int index = edit.indexOf(listKey, idKey, oldId);
            // The id last: the entry is found by its place, and a renamed id must not confuse later steps.
            Map<String, Object> ordered = new LinkedHashMap<>(fields);
            Object id = ordered.remove(idKey);
            for (Map.Entry<String, Object> f : ordered.entrySet()) {
                edit.setKey(() -> edit.entry(listKey, index), f.getKey(), f.getValue());
            }
            if (fields.containsKey(idKey)) edit.setKey(() -> edit.entry(listKey, index), idKey, id);
        }
        return edit.text;
    }

    /**
     * Removes the entry of the list under {@code listKey} whose {@code idKey} is {@code id}, with its lines.
     *
     * @return the edited text
     * @throws EditException when there is no such entry
     */
    public static String removeEntry(String text, String listKey, String idKey, String id) {
        YamlTextEdit edit = new YamlTextEdit(text);
        int index = edit.indexOf(listKey, idKey, id);
        SequenceNode list = edit.list(listKey);
        Node item = list.getValue().get(index);
        if (list.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
            edit.deleteInFlow(edit.offset(item.getStartMark()), edit.contentEnd(item));
        } else {
            int dash = edit.dashBefore(item);
            edit.splice(edit.lineStart(dash), edit.lineEndAfter(edit.contentEnd(item)), "");
        }
        return edit.text;
    }

    // ---- the shapes

    private MappingNode root() {
        Node root = compose();
        if (root == null) return null;
        if (root instanceof MappingNode m) return m;
        throw new EditException("the file's top level is not a mapping (key: value)", null);
    }

    private SequenceNode list(String listKey) {
        MappingNode root = root();
        NodeTuple t = root == null ? null : tuple(root, listKey);
        if (t == null || !(t.getValueNode() instanceof SequenceNode s)) {
            throw new EditException("'" + listKey + "' is not a list", null);
        }
        return s;
    }

    private MappingNode entry(String listKey, int index) {
        Node item = list(listKey).getValue().get(index);
        if (item instanceof MappingNode m) return m;
        throw new EditException("entry " + (index + 1) + " of '" + listKey + "' is not a mapping", null);
    }

    private int indexOf(String listKey, String idKey, String id) {
        List<Node> items = list(listKey).getValue();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof MappingNode m) {
                NodeTuple t = tuple(m, idKey);
                if (t != null && t.getValueNode() instanceof ScalarNode s && id.equals(s.getValue())) return i;
            }
        }
        throw new EditException("no entry with " + idKey + " '" + id + "' under '" + listKey + "'", null);
    }

    private void setRootKey(String key, Object value) {
        if (root() == null) {
            if (value == null) return;
            String sep = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
            splice(text.length(), text.length(), sep + key + ":" + blockValue(value, 0) + "\n");
            return;
        }
        setKey(this::root, key, value);
    }

    private void appendEntry(String listKey, Map<String, ?> fields) {
        Map<String, Object> present = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (v != null) present.put(k, v);
        });
        MappingNode root = root();
        NodeTuple t = root == null ? null : tuple(root, listKey);
        if (t == null) {
            String sep = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
            splice(text.length(), text.length(), sep + listKey + ":\n" + blockItem(present, 2));
            return;
        }
        Node value = t.getValueNode();
        if (value instanceof ScalarNode s && s.getValue().isEmpty()) {
            splice(lineEndAfter(offset(t.getKeyNode().getEndMark())), lineEndAfter(offset(t.getKeyNode().getEndMark())),
                    blockItem(present, column(t.getKeyNode()) + 2));
            return;
        }
        if (!(value instanceof SequenceNode list)) throw new EditException("'" + listKey + "' is not a list", null);
        if (list.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
            String item = flowMap(present);
            if (list.getValue().isEmpty()) {
                splice(offset(list.getStartMark()) + 1, offset(list.getStartMark()) + 1, item);
            } else {
                int end = contentEnd(list.getValue().get(list.getValue().size() - 1));
                splice(end, end, ", " + item);
            }
            return;
        }
        int dashColumn = dashBefore(list.getValue().get(0)) - lineStart(dashBefore(list.getValue().get(0)));
        int at = lineEndAfter(contentEnd(list));
        splice(at, at, (at == text.length() && !text.endsWith("\n") ? "\n" : "") + blockItem(present, dashColumn));
    }

    /** Sets one key of the mapping {@code where} finds (found again after each splice). */
    private void setKey(java.util.function.Supplier<MappingNode> where, String key, Object value) {
        MappingNode map = where.get();
        NodeTuple t = tuple(map, key);
        boolean flow = map.getFlowStyle() == DumperOptions.FlowStyle.FLOW;
        if (value == null) {
            if (t == null) return;
            int start = offset(t.getKeyNode().getStartMark());
            int end = contentEnd(t.getValueNode());
            if (flow) {
                deleteInFlow(start, end);
            } else {
                int lineStart = lineStart(start);
                boolean alone = text.substring(lineStart, start).isBlank();
                splice(alone ? lineStart : start, lineEndAfter(end), "");
            }
            return;
        }
        if (t == null) {
            insertKey(map, key, value);
            return;
        }
        Node old = t.getValueNode();
        if (value instanceof Map<?, ?> nested && old instanceof MappingNode) {
            for (Map.Entry<?, ?> e : nested.entrySet()) {
                String k = String.valueOf(e.getKey());
                setKey(() -> (MappingNode) tuple(where.get(), key).getValueNode(), k, e.getValue());
            }
            return;
        }
        if (old instanceof ScalarNode s && same(s, value)) return;
        String rendered = value instanceof Map<?, ?> m ? flowMap(m) : scalar(value);
        if (old instanceof ScalarNode s && !s.getValue().isEmpty()) {
            splice(offset(old.getStartMark()), contentEnd(old), rendered);
        } else {
            // An empty value or a block collection: everything after the colon up to the value's end.
            int keyEnd = offset(t.getKeyNode().getEndMark());
            int colon = text.indexOf(':', keyEnd);
            int end = old instanceof ScalarNode ? colon + 1 : contentEnd(old);
            splice(colon + 1, end, " " + rendered);
        }
    }

    private void insertKey(MappingNode map, String key, Object value) {
        if (map.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
            String pair = key(key) + ": " + (value instanceof Map<?, ?> m ? flowMap(m) : scalar(value));
            if (map.getValue().isEmpty()) {
                splice(offset(map.getStartMark()) + 1, offset(map.getStartMark()) + 1, pair);
            } else {
                int end = contentEnd(map.getValue().get(map.getValue().size() - 1).getValueNode());
                splice(end, end, ", " + pair);
            }
            return;
        }
        int column = column(map.getValue().get(0).getKeyNode());
        int at = lineEndAfter(contentEnd(map));
        String lead = at == text.length() && !text.endsWith("\n") ? "\n" : "";
        String rendered = column == 0 ? blockValue(value, 0) : " " + (value instanceof Map<?, ?> m ? flowMap(m)
                : scalar(value));
        splice(at, at, lead + " ".repeat(column) + key(key) + ":" + rendered + "\n");
    }

    // ---- text positions

    private Node compose() {
        try {
            return new org.yaml.snakeyaml.Yaml().compose(new StringReader(text));
        } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
            Yaml.Problem p = Yaml.Problem.of(e);
            throw new EditException("not valid YAML: " + (p.line() == 0 ? "" : "line " + p.line() + ":" + p.column()
                    + ": ") + p.reason(), e);
        } catch (YAMLException e) {
            throw new EditException("not valid YAML: " + Yaml.Problem.plainWords(e.getMessage()), e);
        }
    }

    private static NodeTuple tuple(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue())) return t;
        }
        return null;
    }

    /** SnakeYAML counts code points; the text is indexed in chars. */
    private int offset(Mark mark) {
        int codePoints = Math.min(mark.getIndex(), text.codePointCount(0, text.length()));
        return text.offsetByCodePoints(0, codePoints);
    }

    private int column(Node node) {
        int at = offset(node.getStartMark());
        return at - lineStart(at);
    }

    /** Where a node's own characters end: block collections end with their last child, not at the next token. */
    private int contentEnd(Node node) {
        if (node instanceof MappingNode m && m.getFlowStyle() != DumperOptions.FlowStyle.FLOW && !m.getValue().isEmpty()) {
            return contentEnd(m.getValue().get(m.getValue().size() - 1).getValueNode());
        }
        if (node instanceof SequenceNode s && s.getFlowStyle() != DumperOptions.FlowStyle.FLOW && !s.getValue().isEmpty()) {
            return contentEnd(s.getValue().get(s.getValue().size() - 1));
        }
        return offset(node.getEndMark());
    }

    private int lineStart(int at) {
        return at <= 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
    }

    /** The start of the line after the one {@code at} is on (the text's end when there is none). */
    private int lineEndAfter(int at) {
        if (at > 0 && at <= text.length() && text.charAt(at - 1) == '\n') return at;
        int nl = text.indexOf('\n', at);
        return nl < 0 ? text.length() : nl + 1;
    }

    /** The offset of the {@code -} that starts a block sequence item. */
    private int dashBefore(Node item) {
        int at = offset(item.getStartMark()) - 1;
        while (at >= 0 && text.charAt(at) != '-') at--;
        if (at < 0) throw new EditException("cannot find the list item's '-'", null);
        return at;
    }

    /** Deletes {@code [start, end)} of a flow collection with the comma that joined it to a neighbour. */
    private void deleteInFlow(int start, int end) {
        int after = end;
        while (after < text.length() && Character.isWhitespace(text.charAt(after))) after++;
        if (after < text.length() && text.charAt(after) == ',') {
            after++;
            while (after < text.length() && text.charAt(after) == ' ') after++;
            splice(start, after, "");
            return;
        }
        int before = start - 1;
        while (before >= 0 && Character.isWhitespace(text.charAt(before))) before--;
        splice(before >= 0 && text.charAt(before) == ',' ? before : start, end, "");
    }

    private void splice(int start, int end, String replacement) {
        // New lines end as the file's lines do (a file saved on Windows keeps its CRLF).
        String r = text.contains("\r\n") ? replacement.replace("\n", "\r\n") : replacement;
        text = text.substring(0, start) + r + text.substring(end);
    }

    // ---- writing values

    private static final Pattern PLAIN = Pattern.compile(
            "[A-Za-z0-9_./][A-Za-z0-9_./:@+~=-]*( [A-Za-z0-9_./@+~=-][A-Za-z0-9_./:@+~=-]*)*");
    private static final Pattern TYPED = Pattern.compile("null|Null|NULL|~|true|True|TRUE|false|False|FALSE"
            + "|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?"
            + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
            // YAML 1.1 readers (other tools) would take these for booleans or sexagesimals: quote them too.
            + "|(?i:y|n|yes|no|on|off)|[0-9]+(:[0-5]?[0-9])+(\\.[0-9]*)?");

    /** A scalar as YAML text: numbers as written by {@link BigDecimal#toPlainString()}, text plain when safe. */
    static String scalar(Object value) {
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            BigDecimal d = value instanceof BigDecimal b ? b : BigDecimal.valueOf(((Number) value).doubleValue());
            return d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) return value.toString();
        String s = String.valueOf(value);
        if (PLAIN.matcher(s).matches() && !TYPED.matcher(s).matches() && !s.endsWith(":")
                && !s.contains(": ")) {
            return s;
        }
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                case '\r' -> q.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) q.append(String.format("\\u%04x", (int) c));
                    else q.append(c);
                }
            }
        }
        return q.append('"').toString();
    }

    private static String key(String key) {
        return scalar(key);
    }

    private static String flowMap(Map<?, ?> map) {
        StringBuilder sb = new StringBuilder("{ ");
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getValue() == null) continue;
            if (!first) sb.append(", ");
            first = false;
            sb.append(key(String.valueOf(e.getKey()))).append(": ")
                    .append(e.getValue() instanceof Map<?, ?> m ? flowMap(m) : scalar(e.getValue()));
        }
        return first ? "{}" : sb.append(" }").toString();
    }

    /** What follows {@code key:} for a top-level key: a scalar on the line, a mapping as indented lines. */
    private static String blockValue(Object value, int column) {
        if (!(value instanceof Map<?, ?> map)) return " " + scalar(value);
        StringBuilder sb = new StringBuilder();
        map.forEach((k, v) -> {
            if (v != null) {
                sb.append('\n').append(" ".repeat(column + 2)).append(key(String.valueOf(k))).append(':')
                        .append(v instanceof Map<?, ?> m ? " " + flowMap(m) : " " + scalar(v));
            }
        });
        return sb.isEmpty() ? " {}" : sb.toString();
    }

    /** A block list item: {@code - first: value} then the other keys under it, nested mappings in flow style. */
    private static String blockItem(Map<String, ?> fields, int dashColumn) {
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            sb.append(" ".repeat(first ? dashColumn : dashColumn + 2)).append(first ? "- " : "")
                    .append(key(e.getKey())).append(": ")
                    .append(e.getValue() instanceof Map<?, ?> m ? flowMap(m) : scalar(e.getValue())).append('\n');
            first = false;
        }
        return sb.toString();
    }

    /** Whether the scalar already says {@code value} ({@code 0.60} says 0.6), so it is left as written. */
    private static boolean same(ScalarNode node, Object value) {
        if (value instanceof Number n) {
            try {
                return new BigDecimal(node.getValue().strip()).compareTo(new BigDecimal(scalar(n))) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return node.getValue().equals(String.valueOf(value));
    }
}
