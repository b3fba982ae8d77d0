package org.promptstudio.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Blocks of an HTML page, parsed with jsoup: h1-h6 as headings, p (and dt, dd, captions) as paragraphs, ul/ol as lists
 * (one item per line), tables (one row per line, cells joined by {@code " | "}), pre as code; text loose in a
 * {@code div} or {@code section} is a paragraph. Scripts, styles, forms' controls and embedded objects are dropped.
 * <p>
 * Text a reader of the page does not see is kept as blocks marked hidden, so the injection check can flag it: an
 * element with the {@code hidden} attribute, {@code aria-hidden="true"}, or an inline style {@code display:none},
 * {@code visibility:hidden}, {@code font-size:0}, {@code opacity:0}, or pushed off-screen ({@code left:-9999px},
 * {@code text-indent:-9999px}); and comments that hold letters. Hidden text inside a visible paragraph becomes its own
 * block after it. Rules in a style sheet ({@code .x {display:none}}) are not evaluated. The title is {@code <title>},
 * else the first visible h1.
 */
final class HtmlBlocks {

    private static final Set<String> DROPPED = Set.of("script", "style", "noscript", "template", "head", "meta", "link",
            "object", "embed", "iframe", "svg", "math", "canvas", "input", "select", "textarea", "button", "option",
            "audio", "video", "map", "base");
    private static final Set<String> BLOCKS = Set.of("address", "article", "aside", "blockquote", "body", "caption",
            "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
            "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
            "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "center", "html");
    private static final Set<String> PARAGRAPHS = Set.of("p", "dt", "dd", "caption", "figcaption", "summary",
            "address", "li", "td", "th");
    private static final Pattern HIDING_STYLE = Pattern.compile("(^|;)(display:none|visibility:(hidden|collapse)"
            + "|font-size:0*\\.?0*([a-z%]+)?|opacity:(0*\\.?0*%?)|(left|top|text-indent):-\\d{4,}(px)?)(!important)?(;|$)");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");

    private final List<SourceDocument.Block> out = new ArrayList<>();
    /** Hidden text met inside the block being read; added after it. */
    private final List<SourceDocument.Block> aside = new ArrayList<>();
    private final StringBuilder loose = new StringBuilder();
    private boolean looseHidden;

    private HtmlBlocks() {
    }

    static DocumentReader.Read read(String html) {
        Document doc = Jsoup.parse(html);
        HtmlBlocks reader = new HtmlBlocks();
        for (Node n : doc.childNodes()) {
            if (n instanceof Comment c) reader.comment(c);
        }
        Element head = doc.head();
        if (head != null) head.forEachNode(n -> {
            if (n instanceof Comment c) reader.comment(c);
        });
        reader.flushAside();
        reader.container(doc.body(), hidden(doc.body()));
        reader.flushLoose();
        String title = doc.title();
        if (title == null || title.isBlank()) {
            title = reader.out.stream().filter(b -> b.kind() == SourceDocument.Kind.HEADING && b.level() == 1
                    && !b.hidden()).map(SourceDocument.Block::text).findFirst().orElse(null);
        }
        return new DocumentReader.Read(title, List.copyOf(reader.out));
    }

    /** The blocks of a piece of HTML (a raw HTML block in markdown). */
    static List<SourceDocument.Block> fragment(String html) {
        HtmlBlocks reader = new HtmlBlocks();
        Element body = Jsoup.parseBodyFragment(html).body();
        reader.container(body, false);
        reader.flushLoose();
        return List.copyOf(reader.out);
    }

    /** Whether a reader of the page does not see {@code e}'s text (not counting its ancestors). */
    static boolean hidden(Element e) {
        if (e.hasAttr("hidden")) return true;
        if ("true".equalsIgnoreCase(e.attr("aria-hidden").strip())) return true;
        String style = e.attr("style");
        if (style.isEmpty()) return false;
        String s = style.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
        return HIDING_STYLE.matcher(s).find();
    }

    private void container(Element parent, boolean hidden) {
        for (Node n : parent.childNodes()) node(n, hidden);
    }

    private void node(Node n, boolean hidden) {
        if (n instanceof TextNode t) {
            if (loose.length() > 0 && looseHidden != hidden) flushLoose();
            looseHidden = hidden;
            loose.append(spaced(t));
        } else if (n instanceof Comment c) {
            comment(c);
        } else if (n instanceof Element e) {
            String tag = e.normalName();
            if (DROPPED.contains(tag)) return;
            boolean h = hidden || hidden(e);
            if (!BLOCKS.contains(tag)) {
                if (h && !hidden) {
                    hiddenAside(text(e, true));
                } else if (tag.equals("br")) {
                    loose.append('\n');
                } else {
                    container(e, h);
                }
                return;
            }
            flushLoose();
            if (tag.matches("h[1-6]")) {
                add(SourceDocument.Kind.HEADING, tag.charAt(1) - '0', text(e, h), h);
            } else if (PARAGRAPHS.contains(tag)) {
                add(SourceDocument.Kind.PARAGRAPH, 0, text(e, h), h);
            } else if (tag.equals("ul") || tag.equals("ol")) {
                List<String> lines = new ArrayList<>();
                items(e, "", lines, h);
                add(SourceDocument.Kind.LIST, 0, String.join("\n", lines), h);
            } else if (tag.equals("table")) {
                table(e, h);
            } else if (tag.equals("pre")) {
                String code = e.wholeText().replaceFirst("^\\n", "").stripTrailing();
                add(SourceDocument.Kind.CODE, 0, code, h);
            } else if (!tag.equals("hr")) {
                container(e, h);
                flushLoose();
            }
            flushAside();
        }
    }

    private void items(Element list, String indent, List<String> lines, boolean hidden) {
        int number = 1;
        if (list.normalName().equals("ol")) {
            try {
                number = Integer.parseInt(list.attr("start").strip());
            } catch (NumberFormatException e) {
                number = 1;
            }
        }
        for (Element li : list.children()) {
            if (!li.normalName().equals("li")) continue;
            String marker = list.normalName().equals("ol") ? (number++) + ". " : "- ";
            boolean h = hidden || hidden(li);
            if (h && !hidden) {
                hiddenAside(text(li, true));
                continue;
            }
            lines.add(indent + marker + text(li, h).replace('\n', ' '));
            for (Element nested : li.select("ul, ol")) {
                if (nested.parents().stream().filter(p -> p.normalName().equals("li")).findFirst().orElse(null) == li) {
                    items(nested, indent + "  ", lines, h);
                }
            }
        }
    }

    private void table(Element table, boolean hidden) {
        List<String> rows = new ArrayList<>();
        for (Element tr : table.select("tr")) {
            if (tr.closest("table") != table) continue;
            boolean h = hidden || hidden(tr);
            List<String> cells = new ArrayList<>();
            for (Element cell : tr.children()) {
                if (!cell.normalName().equals("td") && !cell.normalName().equals("th")) continue;
                if (!h && hidden(cell)) {
                    hiddenAside(text(cell, true));
                    cells.add("");
                } else {
                    cells.add(text(cell, h).replace('\n', ' '));
                }
            }
            if (cells.stream().allMatch(String::isBlank)) continue;
            if (h && !hidden) hiddenAside(String.join(" | ", cells));
            else rows.add(String.join(" | ", cells));
        }
        Element caption = table.selectFirst("caption");
        if (caption != null && caption.closest("table") == table) {
            add(SourceDocument.Kind.PARAGRAPH, 0, text(caption, hidden), hidden);
        }
        add(SourceDocument.Kind.TABLE, 0, String.join("\n", rows), hidden);
    }

    /**
     * The text of {@code e}: whitespace collapsed, {@code <br>} as a new line; nested lists left out (the caller reads
     * them); hidden parts and comments go aside unless {@code e} is hidden itself.
     */
    private String text(Element e, boolean hidden) {
        StringBuilder sb = new StringBuilder();
        text(e, hidden, sb);
        return clean(sb.toString());
    }

    private void text(Element e, boolean hidden, StringBuilder sb) {
        for (Node n : e.childNodes()) {
            if (n instanceof TextNode t) {
                sb.append(spaced(t));
            } else if (n instanceof Comment c) {
                comment(c);
            } else if (n instanceof Element child) {
                String tag = child.normalName();
                if (DROPPED.contains(tag) || tag.equals("ul") || tag.equals("ol") || tag.equals("caption")) continue;
                if (!hidden && hidden(child)) {
                    hiddenAside(text(child, true));
                } else if (tag.equals("br")) {
                    sb.append('\n');
                } else {
                    boolean block = BLOCKS.contains(tag);
                    if (block) sb.append(' ');
                    text(child, hidden, sb);
                    if (block || tag.equals("td") || tag.equals("th")) sb.append(' ');
                }
            }
        }
    }

    private void comment(Comment c) {
        String text = clean(c.getData());
        if (LETTER.matcher(text).find()) aside.add(new SourceDocument.Block(SourceDocument.Kind.PARAGRAPH, 0, text, true));
    }

    private void hiddenAside(String text) {
        if (!text.isBlank()) aside.add(new SourceDocument.Block(SourceDocument.Kind.PARAGRAPH, 0, text, true));
    }

    private void add(SourceDocument.Kind kind, int level, String text, boolean hidden) {
        if (!text.isBlank()) out.add(new SourceDocument.Block(kind, level, text, hidden));
    }

    private void flushLoose() {
        String text = clean(loose.toString());
        loose.setLength(0);
        add(SourceDocument.Kind.PARAGRAPH, 0, text, looseHidden);
        flushAside();
    }

    private void flushAside() {
        out.addAll(aside);
        aside.clear();
    }

    /** A text node's text; its line breaks are layout in the source, not breaks a reader sees. */
    private static String spaced(TextNode t) {
        return t.getWholeText().replaceAll("[\\n\\r]+", " ");
    }

    private static String clean(String s) {
        String collapsed = s.replace('\u00A0', ' ').replaceAll("[ \\t\\r\\f\\x0B]+", " ");
        StringBuilder sb = new StringBuilder();
        for (String line : collapsed.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) continue;
            if (sb.length() > 0) sb.append('\n');
            sb.append(l);
        }
        return sb.toString();
    }
}
