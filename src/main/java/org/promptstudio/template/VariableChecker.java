package org.promptstudio.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds variables a template reads from its input that the input schema does not declare, such as a typo
 * {@code {{questoin}}} that would render as nothing. What is not reported, because it is not read from the input
 * or its shape is not known here:
 * <ul>
 *   <li>prompts without an object input schema with {@code properties}, or whose schema allows more properties
 *       ({@code additionalProperties} true or a schema): nothing is declared, so nothing is reported;</li>
 *   <li>names inside a block that changes the context ({@code #each}, {@code #with}, a section over an object or
 *       list) unless they reach the input through {@code @root.} or enough {@code ../};</li>
 *   <li>block parameters ({@code as |item i|}), data variables ({@code @index}, {@code @key}, {@code @first},
 *       {@code @last}, context items such as {@code @state}, {@code @metadata}), literals, helper names and hash
 *       keys ({@code url=} in {@code {{media url=photo}}}; the value {@code photo} is checked);</li>
 *   <li>in a partial included at the top without a context argument, the names its hash arguments pass
 *       ({@code {{> card title="Hi"}}}); such partials are checked too, and their warnings name the partial's
 *       file and line. A partial given its own context ({@code {{> card user}}}) is not checked.</li>
 * </ul>
 * A declared field that is an object with {@code properties} is checked one level further ({@code user.nmae}).
 */
final class VariableChecker {

    private VariableChecker() {
    }

    /** One open block: whether it changed the context (and still does: an {@code else} part does not). */
    private static final class Frame {
        final String name;
        boolean changesContext;
        final Set<String> blockParams;

        Frame(String name, boolean changesContext, Set<String> blockParams) {
            this.name = name;
            this.changesContext = changesContext;
            this.blockParams = blockParams;
        }
    }

    /** A piece of an expression: a path or literal ({@code text}), a sub-expression, a hash pair or block params. */
    private record Node(String text, int offset, List<Node> sub, String hashKey, Node hashValue, List<String> params) {
        static Node word(String text, int offset) {
            return new Node(text, offset, null, null, null, null);
        }
    }

    /**
     * The undeclared variables of {@code prompt}'s body and of the partials it includes with the same data, in the
     * order they appear, each once per place.
     *
     * @param metadata the prompt's metadata with its input schema already converted to JSON Schema
     */
    static List<TemplateWarning> undeclared(ParsedPrompt prompt, PromptMetadata metadata, PartialResolver partials) {
        Map<String, Object> schema = metadata.inputSchema();
        if (schema == null || !(schema.get("properties") instanceof Map<?, ?>) || open(schema)) return List.of();
        Set<String> extra = new HashSet<>(metadata.inputDefaults().keySet());
        List<TemplateWarning> out = new ArrayList<>();
        Deque<String> partialStack = new ArrayDeque<>();
        check(prompt.template(), prompt.sourceName(), prompt.bodyLine(), schema, extra, partials, partialStack, out, null);
        return List.copyOf(new LinkedHashSet<>(out));
    }

    /**
     * The top-level input variables {@code prompt}'s body (and the partials it includes with the same data) reads,
     * whatever its schema declares, in the order they first appear; and those whose presence the template tests
     * itself (the condition of {@code #if}, {@code #unless}, {@code else if}, or a section {@code {{#x}}} /
     * {@code {{^x}}}), so that leaving them out is something the template handles. Names inside a block that changes
     * the context count only when they reach the input ({@code @root.x}, {@code ../x}); the same exclusions as for
     * {@link #undeclared} apply (block parameters, data variables, literals, helper names, hash keys).
     */
    static VariableUses uses(ParsedPrompt prompt, PartialResolver partials) {
        Uses uses = new Uses();
        check(prompt.template(), prompt.sourceName(), prompt.bodyLine(), Map.of(), Set.of(), partials,
                new ArrayDeque<>(), new ArrayList<>(), uses);
        return new VariableUses(List.copyOf(uses.used), Set.copyOf(uses.tested));
    }

    /** What {@link #uses} collects. */
    private static final class Uses {
        final Set<String> used = new LinkedHashSet<>();
        final Set<String> tested = new LinkedHashSet<>();
    }

    private static boolean open(Map<?, ?> schema) {
        Object more = schema.get("additionalProperties");
        return Boolean.TRUE.equals(more) || more instanceof Map<?, ?>;
    }

    private static void check(String template, String source, int firstLine, Map<String, Object> schema,
                              Set<String> extra, PartialResolver partials, Deque<String> partialStack,
                              List<TemplateWarning> out, Uses uses) {
        HandlebarsScanner.Scan scan = HandlebarsScanner.scan(template);
        Deque<Frame> frames = new ArrayDeque<>();
        for (HandlebarsScanner.Token tok : scan.tokens()) {
            String inner;
            int base;
            if (tok.kind() == HandlebarsScanner.Kind.TAG) {
                inner = tok.inner();
                base = tok.start() + 2;
            } else if (tok.kind() == HandlebarsScanner.Kind.RAW_OPEN) {
                inner = "#" + tok.inner();
                base = tok.start() + 3;
            } else if (tok.kind() == HandlebarsScanner.Kind.RAW_CLOSE) {
                if (!frames.isEmpty()) frames.pop();
                continue;
            } else {
                continue;
            }
            int s = 0;
            int e = inner.length();
            if (s < e && inner.charAt(s) == '{') s++;
            if (s < e && inner.charAt(s) == '~') s++;
            if (e > s && inner.charAt(e - 1) == '~') e--;
            while (s < e && Character.isWhitespace(inner.charAt(s))) s++;
            if (s >= e) continue;
            char c = inner.charAt(s);
            Context ctx = new Context(template, source, firstLine, schema, extra, frames, out, uses);
            if (c == '/') {
                if (!frames.isEmpty()) frames.pop();
            } else if (c == '#' || c == '^' && s + 1 < e && !inner.substring(s + 1, e).isBlank()) {
                boolean inverse = c == '^';
                s++;
                if (s < e && (inner.charAt(s) == '*')) {
                    frames.push(new Frame("*", false, Set.of()));
                    continue;
                }
                boolean partialBlock = s < e && inner.charAt(s) == '>';
                if (partialBlock) s++;
                List<Node> nodes = parse(inner, s, e, base);
                if (nodes.isEmpty()) continue;
                Node head = nodes.get(0);
                Set<String> params = new HashSet<>();
                for (Node n : nodes) if (n.params() != null) params.addAll(n.params());
                if (partialBlock) {
                    for (Node n : nodes.subList(1, nodes.size())) ctx.value(n);
                    frames.push(new Frame(String.valueOf(head.text()), false, params));
                    continue;
                }
                boolean helper = nodes.size() > 1 && nodes.get(1).params() == null || isHelper(head);
                if (helper) {
                    for (Node n : nodes.subList(1, nodes.size())) ctx.value(n);
                    String name = String.valueOf(head.text());
                    if ((name.equals("if") || name.equals("unless")) && nodes.size() == 2) ctx.tested(nodes.get(1));
                    boolean changes = !inverse && (name.equals("each") || name.equals("with"));
                    frames.push(new Frame(name, changes, params));
                } else {
                    ctx.value(head);
                    ctx.tested(head);
                    frames.push(new Frame(String.valueOf(head.text()), !inverse, params));
                }
            } else if (c == '^' || inner.startsWith("else", s) && (s + 4 == e || !Character.isLetterOrDigit(inner.charAt(s + 4)))) {
                // {{else}} / {{^}} / {{else if x}}: the rest of the block runs in the block's outer context.
                Frame top = frames.peek();
                if (top != null) top.changesContext = false;
                if (c == 'e') {
                    List<Node> nodes = parse(inner, s + 4, e, base);
                    for (Node n : nodes.size() > 1 ? nodes.subList(1, nodes.size()) : List.<Node>of()) ctx.value(n);
                    if (nodes.size() == 2 && "if".equals(nodes.get(0).text())) ctx.tested(nodes.get(1));
                }
            } else if (c == '>') {
                List<Node> nodes = parse(inner, s + 1, e, base);
                if (nodes.isEmpty()) continue;
                Node head = nodes.get(0);
                Set<String> passed = new HashSet<>();
                boolean ownContext = false;
                for (Node n : nodes.subList(1, nodes.size())) {
                    ctx.value(n);
                    if (n.hashKey() != null) passed.add(n.hashKey());
                    else ownContext = true;
                }
                String name = head.text();
                // A dynamic partial name ({{> (lookup . "p")}}) is not known before rendering.
                if (name == null || ownContext || ctx.depth() > 0 || name.startsWith("@") || partialStack.contains(name)) {
                    continue;
                }
                String text = partials.resolve(name);
                if (text == null) continue;
                Set<String> more = new HashSet<>(extra);
                more.addAll(passed);
                for (Frame f : frames) more.addAll(f.blockParams);
                partialStack.push(name);
                check(text, partials.sourceName(name), 1, schema, more, partials, partialStack, out, uses);
                partialStack.pop();
            } else {
                if (c == '&') s++;
                List<Node> nodes = parse(inner, s, e, base);
                if (nodes.isEmpty()) continue;
                Node head = nodes.get(0);
                boolean helper = nodes.size() > 1 || isHelper(head);
                if (helper) {
                    for (Node n : nodes.subList(1, nodes.size())) ctx.value(n);
                } else {
                    ctx.value(head);
                }
            }
        }
    }

    /** Checks the values of one tag against the schema, in the scope the open blocks give. */
    private record Context(String template, String source, int firstLine, Map<String, Object> schema,
                           Set<String> extra, Deque<Frame> frames, List<TemplateWarning> out, Uses uses) {

        /** Notes that the template tests whether {@code n} (a plain path to the input) is there. */
        void tested(Node n) {
            if (uses == null || n.text() == null || n.sub() != null || n.hashKey() != null || n.params() != null) return;
            String name = rootName(n.text());
            if (name != null) uses.tested.add(name);
        }

        /** The top-level input name the path {@code text} reads here, or null when it does not read the input. */
        String rootName(String text) {
            InputPath r = inputPath(text);
            if (r == null) return null;
            if (!r.fromRoot() && extra.contains(r.segments().get(0))) return null;
            return r.segments().get(0);
        }

        /** A path that reads the input: its segments, and whether it was written from {@code @root}. */
        record InputPath(List<String> segments, boolean fromRoot) {
        }

        /**
         * The input path {@code text} reads here: null for a literal, a data variable ({@code @index}), {@code this},
         * a block parameter, or a path that reads an inner context (inside {@code #each} or {@code #with}) rather
         * than the input.
         */
        InputPath inputPath(String text) {
            if (text.isEmpty() || isLiteral(text)) return null;
            String p = text;
            int ups = 0;
            boolean explicitContext = false;
            if (p.startsWith("@root.") || p.startsWith("@root/")) {
                p = p.substring(6);
                ups = Integer.MAX_VALUE;
            } else if (p.startsWith("@")) {
                return null;
            } else {
                while (p.startsWith("../")) {
                    p = p.substring(3);
                    ups++;
                }
                if (p.equals("this") || p.equals(".") || p.equals("..")) return null;
                if (p.startsWith("this.") || p.startsWith("this/") || p.startsWith("./")) {
                    p = p.substring(p.startsWith("./") ? 2 : 5);
                    explicitContext = true;
                }
            }
            List<String> segments = segments(p);
            if (segments.isEmpty()) return null;
            if (ups == 0 && !explicitContext) {
                for (Frame f : frames) if (f.blockParams.contains(segments.get(0))) return null;
            }
            if (ups != Integer.MAX_VALUE && depth() - ups > 0) return null;
            return new InputPath(segments, ups == Integer.MAX_VALUE);
        }

        int depth() {
            int d = 0;
            for (Frame f : frames) if (f.changesContext) d++;
            return d;
        }

        void value(Node n) {
            if (n.sub() != null) {
                // A sub-expression: (helper a b); its head is a helper name.
                for (Node m : n.sub().subList(Math.min(1, n.sub().size()), n.sub().size())) value(m);
                return;
            }
            if (n.hashKey() != null) {
                if (n.hashValue() != null) value(n.hashValue());
                return;
            }
            if (n.params() != null) return;
            path(n.text(), n.offset());
        }

        void path(String text, int offset) {
            if (uses != null) {
                String name = rootName(text);
                if (name != null) uses.used.add(name);
                return;
            }
            InputPath r = inputPath(text);
            if (r == null) return;
            List<String> segments = r.segments();
            Map<?, ?> current = schema;
            String shown = "";
            for (String seg : segments) {
                Object props = current.get("properties");
                if (!(props instanceof Map<?, ?> properties) || open(current)) return;
                boolean top = current == schema;
                if (!properties.containsKey(seg) && !(top && extra.contains(seg))) {
                    String name = shown.isEmpty() ? seg : shown + "." + seg;
                    String known = String.join(", ", new java.util.TreeSet<>(properties.keySet().stream()
                            .map(String::valueOf).toList()));
                    int[] pos = PreparedSource.position(template, offset);
                    out.add(new TemplateWarning(source, pos[0] + firstLine - 1, pos[1], "variable '" + name
                            + "' is not declared in the input schema, so it renders as nothing (declared"
                            + (shown.isEmpty() ? "" : " in " + shown) + ": " + (known.isEmpty() ? "none" : known) + ")"));
                    return;
                }
                Object next = properties.get(seg);
                if (!(next instanceof Map<?, ?> m)) return;
                current = m;
                shown = shown.isEmpty() ? seg : shown + "." + seg;
            }
        }
    }

    /** A helper's name, or a sub-expression (whose own head is a helper). */
    private static boolean isHelper(Node head) {
        if (head.text() == null) return head.sub() != null;
        return DotpromptHelpers.NAMES.contains(head.text()) || DotpromptHelpers.BUILT_IN.contains(head.text());
    }

    private static boolean isLiteral(String t) {
        char c = t.charAt(0);
        return c == '"' || c == '\'' || t.equals("true") || t.equals("false") || t.equals("null")
                || t.equals("undefined") || t.matches("-?[0-9]+(?:\\.[0-9]+)?");
    }

    /** {@code a.b}, {@code a/b}, {@code a.[b c]}: the segments, brackets removed. */
    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        StringBuilder seg = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) end = path.length();
                seg.append(path, i + 1, end);
                i = end;
            } else if (c == '.' || c == '/') {
                out.add(seg.toString());
                seg.setLength(0);
            } else {
                seg.append(c);
            }
        }
        out.add(seg.toString());
        out.removeIf(String::isEmpty);
        return out;
    }

    /** Splits {@code inner[s, e)} into expression nodes; {@code base} is the offset of {@code inner} in the template. */
    private static List<Node> parse(String inner, int s, int e, int base) {
        List<Node> nodes = new ArrayList<>();
        int[] pos = {s};
        while (true) {
            skipSpace(inner, pos, e);
            if (pos[0] >= e) break;
            if (inner.charAt(pos[0]) == ')') {
                pos[0]++;
                continue;
            }
            nodes.add(node(inner, pos, e, base));
        }
        return nodes;
    }

    private static void skipSpace(String t, int[] pos, int e) {
        while (pos[0] < e && Character.isWhitespace(t.charAt(pos[0]))) pos[0]++;
    }

    private static Node node(String t, int[] pos, int e, int base) {
        int start = pos[0];
        char c = t.charAt(start);
        if (c == '(') {
            pos[0]++;
            List<Node> sub = new ArrayList<>();
            while (true) {
                skipSpace(t, pos, e);
                if (pos[0] >= e) break;
                if (t.charAt(pos[0]) == ')') {
                    pos[0]++;
                    break;
                }
                sub.add(node(t, pos, e, base));
            }
            return new Node(null, base + start, sub, null, null, null);
        }
        if (c == '"' || c == '\'') {
            int q = start + 1;
            while (q < e && t.charAt(q) != c) q += t.charAt(q) == '\\' ? 2 : 1;
            pos[0] = Math.min(e, q + 1);
            return Node.word(t.substring(start, Math.min(e, q + 1)), base + start);
        }
        if (t.startsWith("as", start) && start + 2 < e) {
            int q = start + 2;
            while (q < e && Character.isWhitespace(t.charAt(q))) q++;
            if (q < e && t.charAt(q) == '|' && q > start + 2) {
                int end = t.indexOf('|', q + 1);
                if (end < 0 || end > e) end = e;
                List<String> names = new ArrayList<>();
                for (String n : t.substring(q + 1, end).strip().split("\\s+")) if (!n.isEmpty()) names.add(n);
                pos[0] = Math.min(e, end + 1);
                return new Node(null, base + start, null, null, null, names);
            }
        }
        int q = start;
        while (q < e) {
            char d = t.charAt(q);
            if (d == '[') {
                int end = t.indexOf(']', q);
                q = end < 0 || end >= e ? e : end + 1;
                continue;
            }
            if (Character.isWhitespace(d) || d == '(' || d == ')' || d == '=') break;
            q++;
        }
        String word = t.substring(start, q);
        pos[0] = q;
        if (q < e && t.charAt(q) == '=') {
            pos[0]++;
            skipSpace(t, pos, e);
            Node value = pos[0] < e ? node(t, pos, e, base) : null;
            return new Node(null, base + start, null, word, value, null);
        }
        return Node.word(word, base + start);
    }
}
