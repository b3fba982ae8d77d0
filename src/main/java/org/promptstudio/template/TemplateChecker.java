package org.promptstudio.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what Handlebars only notices while rendering, or not at all: calls to helpers that do not exist and
 * partials that cannot be found. Each problem names its line and column in the body.
 */
final class TemplateChecker {

    record Problem(int line, int column, String reason) {
    }

    private static final Pattern IDENT = Pattern.compile("[A-Za-z_$][\\w$-]*");
    private static final Pattern BLOCK_NAME = Pattern.compile("[^\\s~}]+");
    private static final Pattern SUBEXPR = Pattern.compile("\\(\\s*([A-Za-z_$][\\w$-]*)\\s+[^)]");

    private TemplateChecker() {
    }

    private record Open(String name, int offset) {
    }

    /**
     * Checks a template whose first line is line {@code firstLine} of its file; every line in the problems (and in
     * their reasons) is a line of the file. Syntax problems (unclosed tags and blocks, mismatched closes) come first,
     * then unknown helpers and partials, each group in the order of the text.
     */
    static List<Problem> check(String template, int firstLine, Set<String> helpers, PartialResolver partials) {
        HandlebarsScanner.Scan scan = HandlebarsScanner.scan(template);
        return check(template, scan, firstLine, helpers, partials);
    }

    static List<Problem> check(String template, HandlebarsScanner.Scan scan, int firstLine, Set<String> helpers,
                               PartialResolver partials) {
        // Syntax first (the scanner's, the blocks'), then names (helpers, partials), each in the order of the text:
        // what the parser would stop at comes first, and every problem is listed (finding 2 of issue 11's trial).
        List<Problem> syntax = new ArrayList<>();
        List<Problem> names = new ArrayList<>();
        java.util.Deque<Open> blocks = new java.util.ArrayDeque<>();
        for (HandlebarsScanner.Token tok : scan.tokens()) {
            String body = switch (tok.kind()) {
                case TAG -> tok.inner();
                case RAW_OPEN -> "#" + tok.inner();
                case RAW_CLOSE -> "/" + tok.inner();
                default -> null;
            };
            if (body == null) continue;
            checkTag(template, firstLine, tok.start(), body, helpers, partials, names);
            matchBlocks(template, firstLine, tok.start(), body, blocks, syntax);
        }
        if (!scan.ok()) {
            syntax.add(at(template, firstLine, scan.problemOffset(), scan.problem()));
        } else if (!blocks.isEmpty() && syntax.isEmpty()) {
            // After a mismatched close the blocks left open are the parser's guess: only the close is reported.
            Open o = blocks.peek();
            syntax.add(at(template, firstLine, o.offset(), "unclosed block {{#" + o.name() + "}}: expected {{/"
                    + o.name() + "}} before the end of the template"));
        }
        List<Problem> problems = new ArrayList<>(syntax);
        problems.addAll(names);
        return problems;
    }

    private static void matchBlocks(String template, int firstLine, int offset, String tag, java.util.Deque<Open> blocks,
                                    List<Problem> problems) {
        String t = tag.startsWith("{") ? tag.substring(1) : tag;
        t = t.startsWith("~") ? t.substring(1).strip() : t.strip();
        if (t.startsWith("#") || t.startsWith("^") && t.length() > 1) {
            String rest = t.substring(1);
            if (rest.startsWith(">") || rest.startsWith("*")) rest = rest.substring(1); // partial blocks, decorators
            Matcher id = BLOCK_NAME.matcher(rest.strip());
            if (id.lookingAt()) blocks.push(new Open(id.group(), offset));
        } else if (t.startsWith("/")) {
            String name = t.substring(1).replace("~", "").strip();
            if (blocks.isEmpty()) {
                problems.add(at(template, firstLine, offset, "{{/" + name + "}} closes no open block"));
            } else if (!blocks.peek().name().equals(name)) {
                Open o = blocks.peek();
                Problem opened = at(template, firstLine, o.offset(), "");
                problems.add(at(template, firstLine, offset, "{{/" + name + "}} does not match {{#" + o.name() + "}} opened at line "
                        + opened.line() + ": expected {{/" + o.name() + "}}"));
            } else {
                blocks.pop();
            }
        }
    }

    private static void checkTag(String template, int firstLine, int offset, String tag, Set<String> helpers,
                                 PartialResolver partials, List<Problem> problems) {
        String t = tag;
        if (t.startsWith("{")) t = t.substring(1);
        if (t.startsWith("~")) t = t.substring(1);
        if (t.endsWith("~")) t = t.substring(0, t.length() - 1);
        t = t.strip();
        if (t.isEmpty() || t.startsWith("/") || t.startsWith("else") && (t.length() == 4 || !Character.isLetterOrDigit(t.charAt(4)))) {
            return;
        }
        boolean block = false;
        if (t.startsWith(">")) {
            String rest = t.substring(1).strip();
            Matcher m = Pattern.compile("^[\\w./@-]+").matcher(rest);
            if (m.find()) {
                String name = m.group();
                if (name.startsWith("\"") || partials.resolve(name) == null) {
                    problems.add(at(template, firstLine, offset, "partial '" + name + "' not found (expected a file prompts/_"
                            + name + ".prompt)"));
                }
            }
            return;
        }
        if (t.startsWith("#>") || t.startsWith("&")) return;
        if (t.startsWith("#") || t.startsWith("^")) {
            block = true;
            t = t.substring(1).strip();
            if (t.startsWith("*")) return; // decorators
        }
        Matcher id = IDENT.matcher(t);
        if (!id.lookingAt()) return;
        String name = id.group();
        String rest = t.substring(id.end());
        boolean hasParams = !rest.isBlank() && Character.isWhitespace(rest.charAt(0));
        boolean isPath = !rest.isEmpty() && (rest.charAt(0) == '.' || rest.charAt(0) == '/' || rest.charAt(0) == '[');
        if (hasParams && !isPath && !helpers.contains(name)) {
            problems.add(at(template, firstLine, offset, "unknown helper '" + name + "' (expected one of " + known(helpers) + ")"));
        } else if (!hasParams && block && name.equals("else")) {
            return;
        }
        Matcher sub = SUBEXPR.matcher(t);
        while (sub.find()) {
            if (!helpers.contains(sub.group(1))) {
                problems.add(at(template, firstLine, offset, "unknown helper '" + sub.group(1) + "' (expected one of "
                        + known(helpers) + ")"));
            }
        }
    }

    private static final Pattern COMMENT = Pattern.compile("\\{\\{!--.*?--~?}}|\\{\\{~?![^}]*}}", Pattern.DOTALL);
    private static final Pattern PARTIAL = Pattern.compile("\\{\\{~?#?>\\s*([\\w./@-]+)");

    /** The names of the partials a template includes ({@code {{> name}}}, {@code {{#> name}}}), comments left out. */
    static Set<String> partialNames(String template) {
        Set<String> names = new java.util.TreeSet<>();
        Matcher m = PARTIAL.matcher(COMMENT.matcher(template).replaceAll(""));
        while (m.find()) names.add(m.group(1));
        return names;
    }

    private static String known(Set<String> helpers) {
        return String.join(", ", new java.util.TreeSet<>(helpers));
    }

    private static Problem at(String text, int firstLine, int offset, String reason) {
        int line = PromptParser.lineOf(text, offset) + firstLine - 1;
        int lineStart = Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
        return new Problem(line, offset - lineStart + 1, reason);
    }
}
