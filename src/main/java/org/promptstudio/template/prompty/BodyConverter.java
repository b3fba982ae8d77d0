package org.promptstudio.template.prompty;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.promptstudio.template.prompty.JinjaExpression.Condition;
import org.promptstudio.template.prompty.JinjaExpression.Operand;
import org.promptstudio.template.prompty.JinjaExpression.Path;
import org.promptstudio.template.prompty.JinjaExpression.Segment;
import org.promptstudio.template.prompty.JinjaExpression.Unconvertible;
import org.promptstudio.template.prompty.JinjaLexer.Kind;
import org.promptstudio.template.prompty.JinjaLexer.Token;
import org.promptstudio.template.prompty.InputSchema.Usage;
import org.promptstudio.template.prompty.PromptyConversion.Finding;

/**
 * Converts the body of a Prompty file (Jinja2 or Mustache, with {@code system:} / {@code user:} /
 * {@code assistant:} role lines) to a Dotprompt Handlebars body. Each spot it cannot convert is a problem with its
 * line, and stays in the output as a {@code {{!-- TODO prompty: ... --}}} comment so the result still parses.
 */
final class BodyConverter {

    /**
     * @param used the top-level variables the template reads, with how it reads them, in order of first use
     */
    record Result(String body, List<Finding> notes, List<Finding> problems, Map<String, Usage> used) {
    }

    /**
     * A role line as Prompty's chat parser sees one: the role alone on its line, optionally after '#'. Prompty
     * reads a line such as "User: hello" as text, and so do we.
     */
    private static final Pattern ROLE_LINE = Pattern.compile(
            "[ \\t]*#?[ \\t]*(system|user|assistant|developer|function|tool)[ \\t]*:[ \\t]*\\n?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLE_WITH_TEXT = Pattern.compile(
            "[ \\t]*#?[ \\t]*(system|user|assistant)[ \\t]*:[ \\t]*\\S.*\\n?", Pattern.CASE_INSENSITIVE);
    private static final Pattern LINE_START = Pattern.compile("[ \\t]*#?[ \\t]*");
    private static final Pattern ROLE_COLON = Pattern.compile("^[ \\t]*:[ \\t]*(?=\\n|$)");
    private static final Pattern FOR = Pattern.compile(
            "([A-Za-z_]\\w*)\\s*(?:,\\s*([A-Za-z_]\\w*)\\s*)?\\s+in\\s+(.+)", Pattern.DOTALL);
    private static final Pattern ITEMS_CALL = Pattern.compile("(.+)\\.items\\(\\s*\\)");
    private static final Map<String, String> ROLES = Map.of("system", "system", "user", "user",
            "assistant", "model", "developer", "system", "function", "tool", "tool", "tool");
    /** Names Handlebars would call as helpers when written alone: a variable so named is written {@code this.x}. */
    private static final Set<String> HELPERS = Set.of("role", "history", "section", "media", "json", "ifEquals",
            "unlessEquals", "if", "unless", "each", "with", "lookup", "log");

    /** An open {@code if} or {@code for}; {@code close} is the Handlebars helper that ends it, null when broken. */
    private static final class Frame {
        final String kind;
        final String close;
        final int line;
        final String valueVar;
        final String keyVar;
        /** How the template uses the loop's item (for the input schema); a detached one for map loops. */
        Usage item;
        boolean elseSeen;
        boolean deadTail;

        Frame(String kind, String close, int line, String valueVar, String keyVar) {
            this.kind = kind;
            this.close = close;
            this.line = line;
            this.valueVar = valueVar;
            this.keyVar = keyVar;
        }

        boolean broken() {
            return close == null;
        }
    }

    private final String file;
    private final boolean mustache;
    private final StringBuilder out = new StringBuilder();
    private final List<Finding> notes = new ArrayList<>();
    private final List<Finding> problems = new ArrayList<>();
    private final Deque<Frame> frames = new ArrayDeque<>();
    private List<Token> tokens;
    /** Where the last tag written ends in {@link #out}; text right after it must not start with '}'. */
    private int lastTagEnd = -1;
    private boolean trimNextText;
    /** The source text of the current line so far; '\0' stands for the output of an expression. */
    private String lineSoFar = "";
    private boolean seenAnything;
    private boolean startsWithRole;
    /** Prompty v2 inputs of a rich kind (thread, image, file, audio), by name. */
    private final Map<String, String> rich;
    private final Map<String, Usage> used = new LinkedHashMap<>();
    /** The usage of the path {@link #resolve} saw last; null for loop variables. */
    private Usage lastUsage;
    private int currentLine;
    /** The Dotprompt role of the message being written; null before the first role line or after a data role. */
    private String currentRole;

    private BodyConverter(String file, boolean mustache, Map<String, String> rich) {
        this.file = file;
        this.mustache = mustache;
        this.rich = rich;
    }

    /**
     * Converts a Jinja2 body that starts on line {@code firstLine} of {@code file}; {@code rich} names the inputs
     * of a Prompty v2 rich kind (thread, image, file, audio), which the template inserts as messages or media.
     */
    static Result jinja(String body, int firstLine, String file, Map<String, String> rich) {
        BodyConverter c = new BodyConverter(file, false, rich);
        return c.run(JinjaLexer.lex(body, firstLine));
    }

    static Result mustache(String body, int firstLine, String file) {
        BodyConverter c = new BodyConverter(file, true, Map.of());
        return c.run(lexMustache(body, firstLine));
    }

    private Result run(List<Token> lexed) {
        tokens = new ArrayList<>(lexed);
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            currentLine = t.line();
            switch (t.kind()) {
                case TEXT -> text(t.inner(), t.line(), k == tokens.size() - 1);
                case EXPRESSION -> {
                    if (!dynamicRole(t, k)) {
                        if (mustache) mustacheTag(t);
                        else expression(t);
                    }
                }
                case STATEMENT -> {
                    statement(t);
                    keepJinjaNewline(t, k);
                }
                case COMMENT -> comment(t);
                case RAW -> raw(t, k == tokens.size() - 1);
                case UNCLOSED -> unclosed(t);
            }
        }
        while (!frames.isEmpty()) {
            Frame f = frames.pop();
            String reason = "'{% " + f.kind + " %}' is never closed with '{% end" + f.kind + " %}'";
            problem(f.line, reason);
            tag("{{!-- TODO prompty: " + safeComment(reason) + " (line " + f.line + ") --}}", f.line);
            if (!f.broken()) tag("{{/" + f.close + "}}", f.line);
        }
        String body = out.toString().strip();
        if (!body.isEmpty() && !startsWithRole) {
            // Prompty sends what comes before the first role line as a system message; Dotprompt would send a user one.
            body = "{{role \"system\"}}\n" + body;
        }
        return new Result(body, notes, problems, used);
    }

    // ---- text and role lines ----

    private void text(String text, int line, boolean lastToken) {
        String s = text;
        if (trimNextText) {
            String stripped = s.stripLeading();
            line += count(s.substring(0, s.length() - stripped.length()), '\n');
            s = stripped;
            trimNextText = false;
        }
        int i = 0;
        while (i < s.length()) {
            int nl = s.indexOf('\n', i);
            int end = nl < 0 ? s.length() : nl + 1;
            String segment = s.substring(i, end);
            boolean wholeLine = nl >= 0 || lastToken;
            String effective = lineSoFar + segment;
            Matcher role = ROLE_LINE.matcher(effective);
            if (wholeLine && role.matches()) {
                roleLine(role.group(1), line, segment.endsWith("\n"));
            } else {
                if (ROLE_WITH_TEXT.matcher(effective).matches()) {
                    note(line, "'" + effective.strip() + "' kept as text: Prompty starts a message only at a line"
                            + " holding just '" + role(effective) + ":'");
                }
                if (!segment.isBlank()) seen(false);
                appendText(segment);
            }
            lineSoFar = segment.endsWith("\n") ? "" : lineSoFar + segment;
            if (segment.endsWith("\n")) line++;
            i = end;
        }
    }

    private static String role(String line) {
        String s = line.strip();
        if (s.startsWith("#")) s = s.substring(1).strip();
        return s.substring(0, s.indexOf(':')).strip().toLowerCase(Locale.ROOT);
    }

    private void roleLine(String written, int line, boolean newline) {
        String prompty = written.toLowerCase(Locale.ROOT);
        String role = ROLES.get(prompty);
        if (prompty.equals("developer")) note(line, "role 'developer:' converted to {{role \"system\"}}");
        if (role.equals("tool")) note(line, "role '" + prompty + ":' converted to {{role \"tool\"}}: check the"
                + " message, Dotprompt tool messages usually carry tool responses");
        seen(true);
        currentRole = role;
        tag("{{role \"" + role + "\"}}", line);
        if (newline) appendText("\n");
    }

    /** A line {@code {{ item.role }}:} inside a loop: the role comes from the data when the prompt is rendered. */
    private boolean dynamicRole(Token t, int k) {
        if (k + 1 >= tokens.size() || !LINE_START.matcher(lineSoFar).matches()) return false;
        Token next = tokens.get(k + 1);
        if (next.kind() != Kind.TEXT) return false;
        Matcher colon = ROLE_COLON.matcher(next.inner());
        if (!colon.find()) return false;
        if (colon.end() == next.inner().length() && k + 2 < tokens.size()) return false;
        String path;
        try {
            if (mustache) {
                String name = t.inner().strip();
                if (!name.matches("[A-Za-z_][\\w.]*")) return false;
                path = HELPERS.contains(name.split("\\.")[0]) ? "this." + name : name;
            } else {
                Operand o = JinjaExpression.of(t.inner()).output();
                if (o.path() == null) return false;
                path = resolve(o.path());
                for (Frame f : frames) {
                    if (f.kind.equals("for") && o.path().root().equals(f.valueVar) && f.item != null) {
                        f.item.roleLines = true;
                        break;
                    }
                }
            }
        } catch (Unconvertible e) {
            return false;
        }
        seen(false);
        tag(roleFromData(path), t.line());
        currentRole = null;
        note(t.line(), "the role of '" + t.source().strip() + ":' is taken from the data when rendering:"
                + " 'assistant' becomes 'model', 'system' stays, any other value is 'user'");
        tokens.set(k + 1, new Token(Kind.TEXT, next.inner().substring(colon.end()), next.source(), false, false,
                next.line()));
        lineSoFar = "";
        return true;
    }

    /**
     * The role of a message whose role comes from the data. Every value gives a role, so no data can make the
     * rendering fail; Prompty's parser knows system, user and assistant (specification section 2.10).
     */
    private static String roleFromData(String path) {
        return "{{#ifEquals " + path + " \"assistant\"}}{{role \"model\"}}{{else ifEquals " + path
                + " \"system\"}}{{role \"system\"}}{{else}}{{role \"user\"}}{{/ifEquals}}";
    }

    private void seen(boolean role) {
        if (!seenAnything) startsWithRole = role;
        seenAnything = true;
    }

    // ---- Jinja expressions and statements ----

    private void expression(Token t) {
        seen(false);
        try {
            Operand o = JinjaExpression.of(t.inner()).output();
            if (o.path() == null) {
                String value = o.constant().type() == JinjaExpression.Type.NAME ? python(o.constant().text())
                        : o.text();
                if (value.contains("{{")) throw new Unconvertible("cannot convert literal text holding '{{'");
                if (t.trimLeft()) stripTrailingOutput();
                appendText(value);
                if (t.trimRight()) trimNextText = true;
            } else if (o.path().segments().isEmpty() && rich.containsKey(o.path().root())
                    && !isLoopVariable(o.path().root())) {
                richInput(t, o.path());
            } else {
                tag(open(t) + resolve(o.path()) + close(t), t.line());
            }
        } catch (Unconvertible e) {
            unconvertible(t, e.getMessage());
        }
        lineSoFar += "\0";
    }

    private boolean isLoopVariable(String name) {
        for (Frame f : frames) {
            if (name.equals(f.valueVar) || name.equals(f.keyVar) || (name.equals("loop") && f.kind.equals("for"))) return true;
        }
        return false;
    }

    /**
     * A Prompty v2 rich input written alone: a thread becomes its messages, each with its own role and its
     * {@code content}, or the text of its {@code parts} (v2 Message: role, parts of kind text), and the text
     * after it goes on in the message it stood in (specification section 6.7); an image, file or audio input
     * becomes a media part.
     */
    private void richInput(Token t, Path p) throws Unconvertible {
        String path = resolve(p);
        String kind = rich.get(p.root());
        if (kind.equals("thread")) {
            String back = currentRole == null ? (seenAnything ? "user" : "system") : currentRole;
            tag("{{#each " + path + "}}" + roleFromData("this.role") + "{{this.content}}"
                    + "{{#each this.parts}}{{#ifEquals this.kind \"text\"}}{{this.value}}{{/ifEquals}}{{/each}}"
                    + "{{/each}}{{role \"" + back
                    + "\"}}", t.line());
            note(t.line(), "thread '" + p.root() + "' becomes one message per item, with the item's role and content;"
                    + " the text after it goes on as a '" + back + "' message");
        } else {
            tag("{{#if " + path + "}}{{media url=" + path + "}}{{/if}}", t.line());
            note(t.line(), kind + " '" + p.root() + "' becomes {{media url=" + path + "}} (nothing when it is not"
                    + " given): a URL or data: URL");
        }
    }

    /**
     * Handlebars drops the line of a block tag that stands alone on it, newline included; Jinja keeps that newline.
     * It only matters after {@code {%- ... %}}, whose left trim already took the newline before the tag: without
     * one more newline the lines around it would run together.
     */
    private void keepJinjaNewline(Token t, int k) {
        if (!t.trimLeft() || t.trimRight() || !lastWasTag() || !lineSoFar.isBlank() || lineSoFar.contains("\0")) return;
        if (k + 1 < tokens.size()) {
            Token next = tokens.get(k + 1);
            if (next.kind() != Kind.TEXT || !next.inner().matches("(?s)[ \t]*\n.*")) return;
            out.append('\n');
            lastTagEnd = -1;
        }
    }

    private static String python(String constant) {
        return switch (constant) {
            case "true", "True" -> "True";
            case "false", "False" -> "False";
            default -> "None";
        };
    }

    private void statement(Token t) {
        seen(false);
        String inner = t.inner();
        String[] parts = inner.split("\\s+", 2);
        String keyword = parts[0];
        String rest = parts.length > 1 ? parts[1] : "";
        switch (keyword) {
            case "if" -> ifStatement(t, rest);
            case "elif" -> elifStatement(t, rest);
            case "else" -> elseStatement(t);
            case "endif", "endfor" -> endStatement(t, keyword.substring(3));
            case "for" -> forStatement(t, rest);
            default -> unconvertible(t, "cannot convert '{% " + keyword + " %}'");
        }
    }

    private void ifStatement(Token t, String condition) {
        try {
            Condition c = JinjaExpression.of(condition).condition();
            String tag = open(t) + "#" + helperCall(c) + close(t);
            frames.push(new Frame("if", c.helper(), t.line(), null, null));
            tag(tag, t.line());
        } catch (Unconvertible e) {
            frames.push(new Frame("if", null, t.line(), null, null));
            unconvertible(t, e.getMessage());
        }
    }

    private void elifStatement(Token t, String condition) {
        Frame f = frames.peek();
        if (f == null || !f.kind.equals("if")) {
            unconvertible(t, "'{% elif %}' outside an '{% if %}'");
            return;
        }
        if (f.broken() || f.deadTail) {
            todo(t, "part of the '{% if %}' above");
            return;
        }
        if (f.elseSeen) {
            unconvertible(t, "'{% elif %}' after '{% else %}'");
            return;
        }
        try {
            Condition c = JinjaExpression.of(condition).condition();
            tag(open(t) + "else " + helperCall(c) + close(t), t.line());
        } catch (Unconvertible e) {
            f.deadTail = true;
            unconvertible(t, e.getMessage());
        }
    }

    private void elseStatement(Token t) {
        Frame f = frames.peek();
        if (f == null) {
            unconvertible(t, "'{% else %}' outside an '{% if %}' or '{% for %}'");
        } else if (f.broken() || f.deadTail) {
            todo(t, "part of the '{% " + f.kind + " %}' above");
        } else if (f.elseSeen) {
            unconvertible(t, "a second '{% else %}'");
        } else {
            f.elseSeen = true;
            tag(open(t) + "else" + close(t), t.line());
        }
    }

    private void endStatement(Token t, String kind) {
        Frame f = frames.peek();
        if (f == null || !f.kind.equals(kind)) {
            unconvertible(t, "'{% end" + kind + " %}' closes no '{% " + kind + " %}'");
            return;
        }
        frames.pop();
        if (f.broken()) todo(t, "end of the '{% " + kind + " %}' above");
        else tag(open(t) + "/" + f.close + close(t), t.line());
    }

    private void forStatement(Token t, String header) {
        Matcher m = FOR.matcher(header.strip());
        try {
            if (!m.matches()) throw new Unconvertible("cannot convert loop '{% for " + header.strip() + " %}'");
            String first = m.group(1);
            String second = m.group(2);
            String iterable = m.group(3).strip();
            if (iterable.endsWith(" recursive")) throw new Unconvertible("cannot convert a recursive loop");
            if (JinjaExpression.of(iterable).lexemes().stream().anyMatch(l -> l.is("if"))) {
                throw new Unconvertible("cannot convert a loop filter '" + iterable.substring(iterable.indexOf(" if ") + 1) + "'");
            }
            String each;
            Frame frame;
            if (second == null) {
                each = resolve(JinjaExpression.of(iterable).path());
                Usage over = lastUsage;
                frame = new Frame("for", "each", t.line(), first, null);
                frame.item = over == null ? new Usage(t.line()) : over.item(t.line());
            } else {
                Matcher items = ITEMS_CALL.matcher(iterable);
                if (!items.matches()) {
                    throw new Unconvertible("cannot convert loop over '" + iterable + "' with two variables"
                            + " (only 'for key, value in map.items()' converts)");
                }
                each = resolve(JinjaExpression.of(items.group(1)).path());
                if (lastUsage != null) lastUsage.iteratedAsMap = true;
                frame = new Frame("for", "each", t.line(), second, first);
                frame.item = new Usage(t.line());
            }
            frames.push(frame);
            tag(open(t) + "#each " + each + close(t), t.line());
        } catch (Unconvertible e) {
            frames.push(new Frame("for", null, t.line(), null, null));
            unconvertible(t, e.getMessage());
        }
    }

    private String helperCall(Condition c) throws Unconvertible {
        String left = resolve(c.left().path());
        if (c.right() == null) return c.helper() + " " + left;
        Operand r = c.right();
        String right = r.path() != null ? resolve(r.path()) : r.literal();
        return c.helper() + " " + left + " " + right;
    }

    /** A Jinja variable path as Handlebars sees it from the current loop nesting. */
    private String resolve(Path p) throws Unconvertible {
        List<Frame> loops = frames.stream().filter(f -> f.kind.equals("for") && !f.broken()).toList();
        String root = p.root();
        lastUsage = null;
        if (root.equals("loop") && !loops.isEmpty()) return loopVariable(p);
        for (int depth = 0; depth < loops.size(); depth++) {
            Frame f = loops.get(depth);
            String up = "../".repeat(depth);
            if (root.equals(f.valueVar)) {
                String out = p.segments().isEmpty() ? up + "this" : up + "this" + segments(p);
                lastUsage = record(f.item, p);
                return out;
            }
            if (root.equals(f.keyVar)) {
                if (!p.segments().isEmpty()) throw new Unconvertible("cannot convert '" + text(p) + "' (a key has no fields)");
                return "@" + up + "key";
            }
        }
        String out = (loops.isEmpty() ? (HELPERS.contains(root) ? "this." : "") : "@root.") + root + segments(p);
        lastUsage = record(used.computeIfAbsent(root, k -> new Usage(currentLine)), p);
        return out;
    }

    /** Notes the fields of {@code p} below {@code at}; returns the usage of the whole path. */
    private Usage record(Usage at, Path p) {
        Usage u = at;
        if (u == null) return null;
        for (Segment s : p.segments()) {
            u = s.index() ? u.item(currentLine) : u.field(s.key(), currentLine);
        }
        return u;
    }

    private static String loopVariable(Path p) throws Unconvertible {
        if (p.segments().size() != 1 || p.segments().get(0).index()) {
            throw new Unconvertible("cannot convert '" + text(p) + "'");
        }
        return switch (p.segments().get(0).key()) {
            case "index0" -> "@index";
            case "first" -> "@first";
            case "last" -> "@last";
            case "index" -> throw new Unconvertible("cannot convert 'loop.index' (it counts from 1; Handlebars' @index"
                    + " counts from 0 and cannot add 1)");
            default -> throw new Unconvertible("cannot convert '" + text(p) + "'");
        };
    }

    private static String segments(Path p) throws Unconvertible {
        StringBuilder sb = new StringBuilder();
        for (Segment s : p.segments()) {
            if (!s.index() && JinjaExpression.isIdentifier(s.key())) {
                sb.append('.').append(s.key());
            } else if (!s.key().contains("]") && !s.key().isBlank()) {
                sb.append(".[").append(s.key()).append(']');
            } else {
                throw new Unconvertible("cannot convert key '" + s.key() + "'");
            }
        }
        return sb.toString();
    }

    private static String text(Path p) {
        StringBuilder sb = new StringBuilder(p.root());
        for (Segment s : p.segments()) sb.append(s.index() ? "[" + s.key() + "]" : "." + s.key());
        return sb.toString();
    }

    private void comment(Token t) {
        if (t.trimLeft()) stripTrailingOutput();
        tag("{{!-- " + safeComment(t.inner().strip()) + " --}}", t.line());
        if (t.trimRight()) trimNextText = true;
    }

    private void raw(Token t, boolean lastToken) {
        if (t.inner().contains("{{")) {
            unconvertible(t, "cannot convert '{% raw %}' text holding '{{'");
            return;
        }
        if (t.trimLeft()) stripTrailingOutput();
        text(t.inner(), t.line(), lastToken);
        if (t.trimRight()) trimNextText = true;
    }

    private void unclosed(Token t) {
        String opening = t.source().substring(0, 2);
        String closing = opening.equals("{{") ? "}}" : opening.equals("{%") ? "%}" : "#}";
        problem(t.line(), "'" + opening + "' is never closed with '" + closing + "'");
        tag("{{!-- TODO prompty: unclosed '" + opening + "': " + safeComment(t.source()) + " --}}", t.line());
    }

    // ---- Mustache ----

    private static List<Token> lexMustache(String body, int firstLine) {
        List<Token> out = new ArrayList<>();
        int line = firstLine;
        int i = 0;
        while (i < body.length()) {
            int open = body.indexOf("{{", i);
            if (open < 0) open = body.length();
            if (open > i) {
                String text = body.substring(i, open);
                out.add(new Token(Kind.TEXT, text, text, false, false, line));
                line += count(text, '\n');
            }
            if (open >= body.length()) break;
            boolean triple = body.startsWith("{{{", open);
            int close = body.indexOf(triple ? "}}}" : "}}", open + 2);
            if (close < 0) {
                out.add(new Token(Kind.UNCLOSED, body.substring(open), body.substring(open), false, false, line));
                break;
            }
            int end = close + (triple ? 3 : 2);
            String source = body.substring(open, end);
            out.add(new Token(Kind.EXPRESSION, source.substring(2, source.length() - 2), source, false, false, line));
            line += count(source, '\n');
            i = end;
        }
        return out;
    }

    private void mustacheTag(Token t) {
        String inner = t.inner();
        String body = inner.startsWith("{") ? inner.substring(1, inner.length() - 1) : inner;
        String s = body.strip();
        if (s.startsWith("!")) {
            tag(t.source(), t.line());
            return;
        }
        seen(false);
        lineSoFar += "\0";
        if (s.startsWith(">")) {
            unconvertible(t, "cannot convert partial '" + t.source() + "'");
        } else if (s.startsWith("=")) {
            unconvertible(t, "cannot convert a delimiter change '" + t.source() + "'");
        } else if (s.startsWith("#") || s.startsWith("^") || s.startsWith("/")) {
            String name = s.substring(1).strip();
            if (HELPERS.contains(name)) unconvertible(t, "cannot convert section '" + name + "' (a Handlebars helper has that name)");
            else tag(t.source(), t.line());
        } else if (s.startsWith("&")) {
            tag(t.source(), t.line());
        } else if (HELPERS.contains(s.contains(".") ? s.substring(0, s.indexOf('.')) : s)) {
            tag(inner.startsWith("{") ? "{{{this." + s + "}}}" : "{{this." + s + "}}", t.line());
        } else {
            tag(t.source(), t.line());
        }
    }

    // ---- output ----

    private static String open(Token t) {
        return t.trimLeft() ? "{{~" : "{{";
    }

    private static String close(Token t) {
        return t.trimRight() ? "~}}" : "}}";
    }

    private void unconvertible(Token t, String reason) {
        problem(t.line(), reason);
        todo(t, reason);
    }

    private void todo(Token t, String reason) {
        tag("{{!-- TODO prompty: " + safeComment(reason) + ": " + safeComment(t.source()) + " --}}", t.line());
    }

    private static String safeComment(String s) {
        return s.replace("--}}", "-- }}");
    }

    private void tag(String tag, int line) {
        if (!lastWasTag() && out.length() > 0) {
            char last = out.charAt(out.length() - 1);
            if (last == '{' || last == '\\') {
                problem(line, "cannot keep '" + last + "' right before a tag: Handlebars would read them together");
                out.append(' ');
            }
        }
        out.append(tag);
        lastTagEnd = out.length();
    }

    private void appendText(String s) {
        if (s.isEmpty()) return;
        // "{{x}}}" does not parse: an empty comment keeps the brace apart.
        if (lastWasTag() && s.startsWith("}")) out.append("{{!}}");
        out.append(s);
    }

    private boolean lastWasTag() {
        return out.length() == lastTagEnd;
    }

    private void stripTrailingOutput() {
        int end = out.length();
        while (end > Math.max(lastTagEnd, 0) && Character.isWhitespace(out.charAt(end - 1))) end--;
        out.setLength(end);
    }

    private void problem(int line, String message) {
        problems.add(new Finding(file, line, message));
    }

    private void note(int line, String message) {
        notes.add(new Finding(file, line, message));
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }
}
