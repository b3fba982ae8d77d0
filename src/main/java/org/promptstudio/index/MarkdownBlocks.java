package org.promptstudio.index;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Blocks of a markdown file, parsed with commonmark and its GFM tables: headings with their level, paragraphs, lists
 * (one item per line, {@code - } or {@code N. } before it, nested items indented by two spaces), tables (one row per
 * line, cells joined by {@code " | "}), fenced and indented code as CODE. Raw HTML blocks are read as HTML, so text
 * hidden there is marked hidden. YAML front matter is left out. The title is the first level-1 heading.
 */
final class MarkdownBlocks {

    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    private static final HtmlRenderer HTML = HtmlRenderer.builder().build();

    private MarkdownBlocks() {
    }

    static DocumentReader.Read read(String text) {
        Node document = PARSER.parse(withoutFrontMatter(text));
        List<SourceDocument.Block> blocks = new ArrayList<>();
        blocks(document, blocks);
        String title = blocks.stream().filter(b -> b.kind() == SourceDocument.Kind.HEADING && b.level() == 1
                && !b.hidden()).map(SourceDocument.Block::text).findFirst().orElse(null);
        return new DocumentReader.Read(title, blocks);
    }

    private static String withoutFrontMatter(String text) {
        if (!text.startsWith("---\n")) return text;
        int end = text.indexOf("\n---\n", 3);
        if (end < 0) return text;
        return "\n".repeat((int) text.substring(0, end + 5).chars().filter(c -> c == '\n').count())
                + text.substring(end + 5);
    }

    private static void blocks(Node parent, List<SourceDocument.Block> out) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h) {
                add(out, SourceDocument.Kind.HEADING, h.getLevel(), inline(h));
            } else if (n instanceof Paragraph p && hasHtml(p)) {
                // inline HTML can hide text (<span style="display:none">): read the paragraph as HTML
                out.addAll(HtmlBlocks.fragment(HTML.render(p)));
            } else if (n instanceof Paragraph p) {
                add(out, SourceDocument.Kind.PARAGRAPH, 0, inline(p));
            } else if (n instanceof ListBlock list) {
                List<String> lines = new ArrayList<>();
                items(list, "", lines);
                add(out, SourceDocument.Kind.LIST, 0, String.join("\n", lines));
            } else if (n instanceof TableBlock table) {
                List<String> rows = new ArrayList<>();
                rows(table, rows);
                add(out, SourceDocument.Kind.TABLE, 0, String.join("\n", rows));
            } else if (n instanceof FencedCodeBlock code) {
                add(out, SourceDocument.Kind.CODE, 0, code.getLiteral().stripTrailing());
            } else if (n instanceof IndentedCodeBlock code) {
                add(out, SourceDocument.Kind.CODE, 0, code.getLiteral().stripTrailing());
            } else if (n instanceof HtmlBlock html) {
                out.addAll(HtmlBlocks.fragment(html.getLiteral()));
            } else if (n instanceof BlockQuote) {
                blocks(n, out);
            } else if (n.getFirstChild() != null) {
                blocks(n, out);
            }
        }
    }

    private static void add(List<SourceDocument.Block> out, SourceDocument.Kind kind, int level, String text) {
        if (!text.isBlank()) out.add(new SourceDocument.Block(kind, level, text, false));
    }

    private static void items(ListBlock list, String indent, List<String> lines) {
        int number = list instanceof OrderedList o && o.getMarkerStartNumber() != null ? o.getMarkerStartNumber() : 1;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            if (!(item instanceof ListItem)) continue;
            String marker = list instanceof BulletList ? "- " : (number++) + ". ";
            StringBuilder text = new StringBuilder();
            List<ListBlock> nested = new ArrayList<>();
            for (Node c = item.getFirstChild(); c != null; c = c.getNext()) {
                if (c instanceof ListBlock l) {
                    nested.add(l);
                } else {
                    String t = c instanceof FencedCodeBlock f ? f.getLiteral().strip()
                            : c instanceof IndentedCodeBlock f ? f.getLiteral().strip() : inline(c);
                    if (!t.isBlank()) text.append(text.length() > 0 ? " " : "").append(t.replace('\n', ' '));
                }
            }
            lines.add(indent + marker + text);
            for (ListBlock l : nested) items(l, indent + "  ", lines);
        }
    }

    private static void rows(Node parent, List<String> rows) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof TableRow row) {
                List<String> cells = new ArrayList<>();
                for (Node c = row.getFirstChild(); c != null; c = c.getNext()) {
                    if (c instanceof TableCell) cells.add(inline(c).replace('\n', ' '));
                }
                if (cells.stream().anyMatch(s -> !s.isBlank())) rows.add(String.join(" | ", cells));
            } else {
                rows(n, rows);
            }
        }
    }

    private static boolean hasHtml(Node node) {
        for (Node n = node.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof HtmlInline || hasHtml(n)) return true;
        }
        return false;
    }

    /** The plain text of a node's inline content: soft breaks as spaces, hard breaks as new lines, images by alt text. */
    private static String inline(Node node) {
        StringBuilder sb = new StringBuilder();
        inline(node, sb);
        return sb.toString().replaceAll("[ \\t]+", " ").replaceAll(" ?\\n ?", "\n").strip();
    }

    private static void inline(Node node, StringBuilder sb) {
        for (Node n = node.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Text t) {
                sb.append(t.getLiteral());
            } else if (n instanceof Code c) {
                sb.append(c.getLiteral());
            } else if (n instanceof SoftLineBreak) {
                sb.append(' ');
            } else if (n instanceof HardLineBreak) {
                sb.append('\n');
            } else if (n instanceof HtmlInline) {
                // a tag such as <br> or <span>; its text, if any, is in the Text nodes around it
            } else if (n instanceof Image) {
                inline(n, sb);
            } else if (n instanceof Paragraph && sb.length() > 0) {
                sb.append(' ');
                inline(n, sb);
            } else {
                inline(n, sb);
            }
        }
    }
}
