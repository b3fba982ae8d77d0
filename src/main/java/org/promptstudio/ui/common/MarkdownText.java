package org.promptstudio.ui.common;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

/**
 * An answer's markdown as styled runs of text, for a window to draw (no JavaFX here: a view model may hold them).
 * Parsed by commonmark-java (CommonMark 0.30); headings, emphasis, code, lists, quotes and links keep their look,
 * HTML is shown as the text it is (an answer's markup is never run). Joined, the runs' texts are what a reader sees.
 */
public final class MarkdownText {

    /** How a run is drawn. */
    public enum Style { HEADING, BOLD, ITALIC, CODE, CODE_BLOCK, LINK, QUOTE }

    /**
     * A run of text in one look.
     *
     * @param link the link's destination for a {@link Style#LINK} run, else null
     */
    public record Run(String text, Set<Style> styles, String link) {
        public Run {
            styles = styles.isEmpty() ? Set.of() : Set.copyOf(styles);
        }
    }

    private static final Parser PARSER = Parser.builder().build();

    private MarkdownText() {
    }

    /** The runs of {@code markdown} (null or blank: none), blocks separated by a blank line. */
    public static List<Run> runs(String markdown) {
        if (markdown == null || markdown.isBlank()) return List.of();
        Collector c = new Collector();
        PARSER.parse(markdown).accept(c);
        return c.finish();
    }

    private static final class Collector extends AbstractVisitor {
        private final List<Run> out = new ArrayList<>();
        private final EnumSet<Style> styles = EnumSet.noneOf(Style.class);
        private final List<String> listMarkers = new ArrayList<>();
        private final List<Integer> listNumbers = new ArrayList<>();
        private String link;
        private boolean blockStarted;

        List<Run> finish() {
            // Runs in one look side by side are one run.
            List<Run> merged = new ArrayList<>();
            for (Run r : out) {
                Run last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (last != null && last.styles().equals(r.styles()) && java.util.Objects.equals(last.link(), r.link())) {
                    merged.set(merged.size() - 1, new Run(last.text() + r.text(), last.styles(), last.link()));
                } else {
                    merged.add(r);
                }
            }
            return List.copyOf(merged);
        }

        private void text(String s) {
            if (!s.isEmpty()) out.add(new Run(s, EnumSet.copyOf(withNone(styles)), link));
        }

        private static EnumSet<Style> withNone(EnumSet<Style> s) {
            return s.isEmpty() ? EnumSet.noneOf(Style.class) : s;
        }

        /** A new block: a blank line after the one before (a list item: a line break). */
        private void block(boolean tight) {
            if (blockStarted) {
                EnumSet<Style> was = EnumSet.copyOf(withNone(styles));
                styles.clear();
                text(tight ? "\n" : "\n\n");
                styles.addAll(was);
            }
            blockStarted = true;
        }

        private void styled(Style style, Node node) {
            boolean had = styles.contains(style);
            styles.add(style);
            visitChildren(node);
            if (!had) styles.remove(style);
        }

        @Override
        public void visit(Paragraph p) {
            if (!(p.getParent() instanceof ListItem) || p.getPrevious() != null) block(false);
            visitChildren(p);
        }

        @Override
        public void visit(Heading h) {
            block(false);
            styled(Style.HEADING, h);
        }

        @Override
        public void visit(Text t) {
            text(t.getLiteral());
        }

        @Override
        public void visit(Emphasis e) {
            styled(Style.ITALIC, e);
        }

        @Override
        public void visit(StrongEmphasis e) {
            styled(Style.BOLD, e);
        }

        @Override
        public void visit(Code c) {
            styles.add(Style.CODE);
            text(c.getLiteral());
            styles.remove(Style.CODE);
        }

        @Override
        public void visit(FencedCodeBlock b) {
            code(b.getLiteral());
        }

        @Override
        public void visit(IndentedCodeBlock b) {
            code(b.getLiteral());
        }

        private void code(String literal) {
            block(false);
            styles.add(Style.CODE_BLOCK);
            text(literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal);
            styles.remove(Style.CODE_BLOCK);
        }

        @Override
        public void visit(BlockQuote q) {
            styled(Style.QUOTE, q);
        }

        @Override
        public void visit(BulletList l) {
            listMarkers.add("\u2022 ");
            listNumbers.add(null);
            visitChildren(l);
            listMarkers.remove(listMarkers.size() - 1);
            listNumbers.remove(listNumbers.size() - 1);
        }

        @Override
        public void visit(OrderedList l) {
            listMarkers.add(null);
            listNumbers.add(l.getStartNumber());
            visitChildren(l);
            listMarkers.remove(listMarkers.size() - 1);
            listNumbers.remove(listNumbers.size() - 1);
        }

        @Override
        public void visit(ListItem item) {
            int depth = listMarkers.size() - 1;
            block(item.getPrevious() != null || depth > 0);
            String marker = listMarkers.get(depth);
            if (marker == null) {
                int n = listNumbers.get(depth);
                listNumbers.set(depth, n + 1);
                marker = n + ". ";
            }
            EnumSet<Style> was = EnumSet.copyOf(withNone(styles));
            styles.clear();
            text("    ".repeat(depth) + marker);
            styles.addAll(was);
            visitChildren(item);
        }

        @Override
        public void visit(Link l) {
            String was = link;
            link = l.getDestination();
            styled(Style.LINK, l);
            link = was;
        }

        @Override
        public void visit(SoftLineBreak b) {
            text(" ");
        }

        @Override
        public void visit(HardLineBreak b) {
            text("\n");
        }

        @Override
        public void visit(ThematicBreak b) {
            block(false);
            text("\u2014\u2014\u2014");
        }

        @Override
        public void visit(HtmlInline h) {
            text(h.getLiteral());
        }

        @Override
        public void visit(HtmlBlock h) {
            block(false);
            text(h.getLiteral());
        }
    }
}
