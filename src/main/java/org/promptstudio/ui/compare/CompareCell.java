package org.promptstudio.ui.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.promptstudio.ui.compare.CompareViewModel.CellState;
import org.promptstudio.ui.compare.CompareViewModel.GridRow;
import org.promptstudio.vcs.DiffRow;

/**
 * One cell of the compare grid: the answer (the words that differ from the baseline marked), its metrics, its badges
 * and whether it did better or worse than the baseline, and Good / Bad.
 *
 * <p>A table cell is reused for another row as the grid scrolls, and streamed text redraws it up to once a frame, so
 * nothing about it changes its id or style classes after it is made: either makes JavaFX match every CSS rule against
 * the cell and all its nodes again (decision 0095). What changes is shown through pseudo-classes (the cell's status,
 * a piece's kind, a badge's pass or fail, the rating), which only switch between styles already matched, and through
 * the text of nodes that are reused, not made again. The cell's content lays itself out ({@link Box}, a layout root of
 * its own): a change inside one cell lays out that cell, not its row and the grid. Tests find a cell by its place with
 * {@link #at(Node, int, int)}.
 *
 * <p>The grid passes every node of a row through CSS each time it gives the row another index, so a cell holds no
 * controls (decision 0116): the metrics and the versus mark are {@link Text}s, and the badges, "…" and Good / Bad are
 * {@link Tag}s (a region and its text, no skin).
 *
 * <p>At narrow widths the badges wrap onto lines of their own above Good / Bad, which keep their width, and an answer
 * taller than its room ends in "…" (the opened cell has it whole).
 */
public final class CompareCell extends TableCell<GridRow, CellState> {

    /** Characters of an answer drawn in a cell; the whole answer is in the opened cell. */
    static final int CELL_CHARS = 600;
    /** The narrowest a cell's column gets: Good, Bad and a badge still fit side by side. */
    static final double MIN_WIDTH = 150;

    /** Pixels between the content's parts. */
    private static final double GAP = 2;
    /** Pixels between two badges, or two of Good, Bad and the samples, on a line. */
    private static final double HGAP = 4;
    private static final PseudoClass CHOSEN = PseudoClass.getPseudoClass("chosen");
    private static final PseudoClass PASS = PseudoClass.getPseudoClass("pass");
    private static final PseudoClass FAIL = PseudoClass.getPseudoClass("fail");
    private static final List<String> KINDS = List.of("kept", "added", "removed", "error", "no-recording");
    private static final List<String> STATUSES = List.of("waiting", "streaming", "done", "failed");
    private static final List<String> VERSUS = List.of("baseline", "better", "worse", "same");
    private static final List<PseudoClass> KIND_CLASSES = KINDS.stream().map(PseudoClass::getPseudoClass).toList();
    private static final List<PseudoClass> VERSUS_CLASSES = VERSUS.stream().map(PseudoClass::getPseudoClass).toList();
    private static final String ELLIPSIS = "\u2026";

    private final CompareViewModel vm;
    private final int column;
    private final TextFlow text = new TextFlow();
    private final Text metrics = new Text();
    /** The metrics line whole; {@link #metrics} shows it cut with "…" when the cell is narrower. */
    private String metricsLine = "";
    private final Text versus = new Text();
    private final List<Tag> badges = new ArrayList<>();
    private final Tag up = new Tag("compare-rate", "Good");
    private final Tag down = new Tag("compare-rate", "Bad");
    /** "3 samples ▸": made when the cell first shows several samples (most grids have one a cell). */
    private Tag samples;
    /** "…" over the end of a cut answer: made when the cell's answer is first cut. */
    private Tag more;
    /** The cell's graphic: a change inside it lays out the box alone, not the row and the grid ({@link Box}). */
    private final Box box = new Box();
    /**
     * The badges' reasons, one line each: one tooltip a cell, made when the cell first shows a badge (a Tooltip is a
     * popup window, heavy to make: a screenful of cells is made at the first paint).
     */
    private Tooltip reasons;
    /** "…"'s tooltip, the same text for every cell: one for all (made on the UI thread with the first cell). */
    private static Tooltip moreTip;
    /** What the cell was last drawn from: unchanged parts are left alone. */
    private CellState drawn;
    private String status;

    /** Cells made so far (FX thread only): the bench tells frames that made cells from frames that reused them. */
    static int made;

    CompareCell(CompareViewModel vm, int column) {
        made++;
        this.vm = vm;
        this.column = column;
        getStyleClass().add("compare-cell");
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        text.getStyleClass().add("compare-cell-text");
        metrics.getStyleClass().add("compare-metrics");
        metrics.setTextOrigin(VPos.TOP);
        versus.getStyleClass().add("compare-versus");
        versus.setTextOrigin(VPos.TOP);
        up.getStyleClass().add("compare-rate-up");
        down.getStyleClass().add("compare-rate-down");
        up.onClick(() -> rate(true));
        down.onClick(() -> rate(false));
        // The answer is cut at the room the rest leaves it (the "…" says so).
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(text.widthProperty());
        clip.heightProperty().bind(text.heightProperty());
        text.setClip(clip);
        box.getChildren().addAll(text, metrics, versus, up, down);
        setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) open();
        });
    }

    private GridRow row() {
        return getTableRow() == null ? null : getTableRow().getItem();
    }

    private void open() {
        GridRow r = row();
        if (r != null) vm.onOpen(r.index(), column);
    }

    private void rate(boolean rating) {
        GridRow r = row();
        if (r != null) vm.onRate(r.index(), column, rating, null);
    }

    @Override
    protected void updateItem(CellState item, boolean empty) {
        super.updateItem(item, empty);
        if (empty || item == null) {
            setGraphic(null);
            drawn = null;
            // a reused cell that is empty now shows no status (no :failed or :done of the row it held)
            if (status != null) pseudoClassStateChanged(PseudoClass.getPseudoClass(status), false);
            status = null;
            return;
        }
        CellState was = drawn;
        drawn = item;
        setStatus(item.status().name().toLowerCase(Locale.ROOT));
        if (was == null || was.status() != item.status() || !Objects.equals(was.text(), item.text())
                || !Objects.equals(was.against(), item.against()) || !Objects.equals(was.error(), item.error())) {
            drawPieces(item);
        }
        List<String> line = new ArrayList<>();
        if (!item.metrics().isEmpty()) line.add(item.metrics());
        if (!item.consistencyText().isEmpty()) line.add(item.consistencyText());
        String joined = String.join("  \u00b7  ", line);
        if (!joined.equals(metricsLine)) {
            metricsLine = joined;
            metrics.setText(joined); // cut to the cell's width when laid out
            box.requestLayout();
        }
        metrics.setVisible(!line.isEmpty());
        if (was == null || !was.badges().equals(item.badges()) || was.versus() != item.versus()) drawBadges(item);
        boolean several = item.consistency() != null && item.consistency().answered() > 1;
        if (several && samples == null) samples();
        if (samples != null) {
            samples.setVisible(several);
            samples.setManaged(several);
        }
        if (several) samples.setText(item.consistency().answered() + " samples \u25B8");
        boolean rateable = item.status() == CompareViewModel.Status.DONE || item.status() == CompareViewModel.Status.FAILED;
        up.setDisable(!rateable);
        down.setDisable(!rateable);
        up.pseudoClassStateChanged(CHOSEN, "up".equals(item.rating()));
        down.pseudoClassStateChanged(CHOSEN, "down".equals(item.rating()));
        if (getGraphic() != box) setGraphic(box);
    }

    /** Makes the samples tag: the cell opens beside the grid with each sample's prompt, answer and record. */
    private void samples() {
        samples = new Tag("compare-rate", "");
        samples.getStyleClass().add("compare-samples");
        samples.onClick(this::open);
        box.getChildren().add(box.getChildren().indexOf(up), samples);
    }

    private void setStatus(String now) {
        if (now.equals(status)) return;
        if (status != null) pseudoClassStateChanged(PseudoClass.getPseudoClass(status), false);
        pseudoClassStateChanged(PseudoClass.getPseudoClass(now), true);
        status = now;
    }

    /** The answer's pieces into the Text nodes already there (more are made only when there are more pieces). */
    private void drawPieces(CellState item) {
        List<Piece> pieces = pieces(item);
        ObservableList<Node> nodes = text.getChildren();
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            Text t;
            if (i < nodes.size()) {
                t = (Text) nodes.get(i);
            } else {
                t = new Text();
                t.getStyleClass().add("compare-piece");
                nodes.add(t);
            }
            t.setText(p.text());
            for (int k = 0; k < KINDS.size(); k++) t.pseudoClassStateChanged(KIND_CLASSES.get(k), KINDS.get(k).equals(p.kind()));
        }
        if (nodes.size() > pieces.size()) nodes.remove(pieces.size(), nodes.size());
    }

    private void drawBadges(CellState item) {
        List<String> why = new ArrayList<>();
        int i = 0;
        for (CompareViewModel.Badge b : item.badges()) {
            Tag l;
            if (i < badges.size()) {
                l = badges.get(i);
            } else {
                l = new Tag("compare-badge", "");
                l.getStyleClass().add("check-badge"); // the look the playground's badges have (check-badges.css)
                badges.add(l);
                box.getChildren().add(box.getChildren().indexOf(versus), l);
            }
            i++;
            l.setText((b.pass() ? "\u2713 " : "\u2717 ") + b.type());
            l.pseudoClassStateChanged(PASS, b.pass());
            l.pseudoClassStateChanged(FAIL, !b.pass());
            why.add((b.pass() ? "\u2713 " : "\u2717 ") + b.type() + (b.reason() == null || b.reason().isBlank()
                    ? "" : ": " + b.reason()));
        }
        if (badges.size() > i) {
            List<Tag> gone = badges.subList(i, badges.size());
            box.getChildren().removeAll(gone);
            gone.forEach(g -> Tooltip.uninstall(g, reasons));
            gone.clear();
        }
        if (reasons == null && !why.isEmpty()) reasons = new Tooltip();
        if (reasons != null) {
            reasons.setText(String.join("\n", why));
            for (Tag b : badges) {
                if (!b.getProperties().containsKey(Tooltip.class)) {
                    Tooltip.install(b, reasons);
                    b.getProperties().put(Tooltip.class, Boolean.TRUE);
                }
            }
        }
        String v = switch (item.versus()) {
            case BASELINE -> "baseline";
            case BETTER -> "\u25B2 better";
            case WORSE -> "\u25BC worse";
            case SAME -> "= same checks";
            case NONE -> "";
        };
        versus.setText(v);
        versus.setVisible(!v.isEmpty());
        versus.setManaged(!v.isEmpty());
        String kind = item.versus().name().toLowerCase(Locale.ROOT);
        for (int k = 0; k < VERSUS.size(); k++) versus.pseudoClassStateChanged(VERSUS_CLASSES.get(k), VERSUS.get(k).equals(kind));
        box.requestLayout();
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        if (getGraphic() == box) {
            Insets in = getInsets();
            box.resizeRelocate(in.getLeft(), in.getTop(), Math.max(0, getWidth() - in.getLeft() - in.getRight()),
                    Math.max(0, getHeight() - in.getTop() - in.getBottom()));
        }
    }

    /**
     * A word or two on a background from CSS (a badge, "…", Good / Bad): a region holding one {@link Text}, which the
     * grid styles with fewer properties than a Label or a Button and with no skin (decision 0116). Style class
     * {@code compare-tag} and the one given; its text has {@code tag-text}. Clickable ones are buttons to
     * assistive technology.
     */
    static final class Tag extends Region {
        private final Text label = new Text();

        Tag(String styleClass, String text) {
            getStyleClass().addAll("compare-tag", styleClass);
            label.getStyleClass().add("tag-text");
            label.setTextOrigin(VPos.TOP);
            label.setText(text);
            getChildren().add(label);
            setMinSize(USE_PREF_SIZE, USE_PREF_SIZE);
            setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
        }

        /** What the tag says. */
        String getText() {
            return label.getText();
        }

        void setText(String text) {
            if (!text.equals(label.getText())) label.setText(text);
        }

        /** Runs {@code action} on a click of the main button; the click goes no further (a double click opens no cell). */
        void onClick(Runnable action) {
            setAccessibleRole(AccessibleRole.BUTTON);
            accessibleTextProperty().bind(label.textProperty());
            setOnMouseClicked(e -> {
                e.consume();
                if (e.getButton() == MouseButton.PRIMARY && e.isStillSincePress()) action.run();
            });
        }

        @Override
        protected double computePrefWidth(double height) {
            return snappedLeftInset() + snapSizeX(label.getLayoutBounds().getWidth()) + snappedRightInset();
        }

        @Override
        protected double computePrefHeight(double width) {
            return snappedTopInset() + snapSizeY(label.getLayoutBounds().getHeight()) + snappedBottomInset();
        }

        @Override
        protected void layoutChildren() {
            label.relocate(snappedLeftInset(), snappedTopInset());
        }
    }

    /**
     * The cell's content, laid out by hand from the bottom up: Good / Bad at the bottom right, the badges beside them
     * (or on lines of their own above them when they do not fit), the metrics above (cut with "…" when narrower), and
     * the answer in what is left, with "…" at its end when it is cut.
     */
    private final class Box extends Pane {
        private Font probedFont;
        private double probedLine;
        /** Measures the metrics line's width as cut (never in a scene). */
        private final Text probe = new Text();

        /**
         * A change inside the box (streamed text, a badge) lays out the box alone at the next pulse: the cell, its row
         * and the grid keep their size, so they are not asked (the box is a layout root of its own, decisions 0095,
         * 0116; it sits straight under the cell, one level less for the CSS pass over every node of a reused row).
         */
        @Override
        public void requestLayout() {
            setNeedsLayout(true);
        }

        @Override
        protected void layoutChildren() {
            double w = snapSizeX(getWidth());
            double h = snapSizeY(getHeight());
            List<Node> actions = new ArrayList<>(3);
            if (samples != null && samples.isManaged()) actions.add(samples);
            actions.add(up);
            actions.add(down);
            List<Node> marks = new ArrayList<>(badges);
            if (versus.isManaged()) marks.add(versus);
            double aw = lineWidth(actions);
            double ah = lineHeight(actions);
            double bottom = h;
            double besideWidth = w - aw - 6;
            // beside Good / Bad while the badges fit on one line there, else on lines of their own above them
            boolean beside = marks.isEmpty() || besideWidth >= 60 && lineWidth(marks) <= besideWidth;
            if (beside) {
                double bh = lineHeight(marks);
                double foot = Math.max(ah, bh);
                place(actions, w - aw, bottom - foot, foot);
                place(marks, 0, bottom - foot, foot);
                bottom -= foot + GAP;
            } else {
                place(actions, Math.max(0, w - aw), bottom - ah, ah);
                bottom -= ah + GAP;
                bottom = flowUp(marks, w, bottom) - GAP;
            }
            boolean hasMetrics = metrics.isVisible();
            if (hasMetrics) {
                fitMetrics(w);
                double mh = snapSizeY(metrics.getLayoutBounds().getHeight());
                metrics.relocate(0, bottom - mh);
                bottom -= mh + GAP;
            }
            double th = Math.max(0, bottom);
            boolean cut = text.prefHeight(w) > th + 0.5;
            if (cut) {
                // whole lines only: a line cut through the middle reads as a drawing fault
                double line = lineHeight();
                if (line > 0 && th >= line) th = Math.floor(th / line) * line;
            }
            text.resizeRelocate(0, 0, w, th);
            if (cut && more == null) {
                more = new Tag("compare-more", ELLIPSIS);
                if (moreTip == null) moreTip = new Tooltip("Double-click the cell to read the whole answer");
                Tooltip.install(more, moreTip);
                getChildren().add(getChildren().indexOf(text) + 1, more);
                more.applyCss();
            }
            if (more != null) {
                more.setVisible(cut);
                if (cut) {
                    double ew = more.prefWidth(-1);
                    double eh = more.prefHeight(-1);
                    more.resizeRelocate(Math.max(0, w - ew), Math.max(0, th - eh), ew, eh);
                }
            }
        }

        /** The nodes side by side, {@link #HGAP} apart: their width. */
        private double lineWidth(List<Node> nodes) {
            double sum = 0;
            for (Node n : nodes) sum += snapSizeX(n.prefWidth(-1));
            return sum + Math.max(0, nodes.size() - 1) * HGAP;
        }

        private double lineHeight(List<Node> nodes) {
            double most = 0;
            for (Node n : nodes) most = Math.max(most, snapSizeY(n.prefHeight(-1)));
            return most;
        }

        /** Puts the nodes side by side from {@code x}, each centred in the line from {@code y}, {@code height} high. */
        private void place(List<Node> nodes, double x, double y, double height) {
            for (Node n : nodes) {
                double nw = snapSizeX(n.prefWidth(-1));
                double nh = snapSizeY(n.prefHeight(-1));
                double at = snapPositionY(y + (height - nh) / 2);
                if (n.isResizable()) n.resizeRelocate(x, at, nw, nh);
                else n.relocate(x, at);
                x += nw + HGAP;
            }
        }

        /**
         * Lays the nodes out in lines {@code width} wide, the last line ending at {@code bottom}, {@link #GAP} between
         * lines; returns the top of the first line.
         */
        private double flowUp(List<Node> nodes, double width, double bottom) {
            List<List<Node>> lines = new ArrayList<>();
            List<Node> line = new ArrayList<>();
            double used = 0;
            for (Node n : nodes) {
                double nw = snapSizeX(n.prefWidth(-1));
                if (!line.isEmpty() && used + HGAP + nw > width) {
                    lines.add(line);
                    line = new ArrayList<>();
                    used = 0;
                }
                used += (line.isEmpty() ? 0 : HGAP) + nw;
                line.add(n);
            }
            if (!line.isEmpty()) lines.add(line);
            double top = bottom;
            for (List<Node> l : lines) top -= lineHeight(l);
            top -= Math.max(0, lines.size() - 1) * GAP;
            double y = top;
            for (List<Node> l : lines) {
                double lh = lineHeight(l);
                place(l, 0, y, lh);
                y += lh + GAP;
            }
            return top;
        }

        /** The metrics line whole when it fits in {@code width}, else its longest start that fits with "…". */
        private void fitMetrics(double width) {
            String shown = metricsLine;
            if (measure(shown) > width) {
                int fits = 0;
                int over = shown.length();
                while (over - fits > 1) {
                    int mid = (fits + over) / 2;
                    if (measure(metricsLine.substring(0, mid) + ELLIPSIS) <= width) fits = mid;
                    else over = mid;
                }
                shown = metricsLine.substring(0, fits).stripTrailing() + ELLIPSIS;
            }
            if (!shown.equals(metrics.getText())) metrics.setText(shown);
        }

        private double measure(String s) {
            probe.setFont(metrics.getFont());
            probe.setText(s);
            return probe.getLayoutBounds().getWidth();
        }

        /** The height of one line of the answer's font (0 before it has text). */
        private double lineHeight() {
            if (text.getChildren().isEmpty()) return 0;
            Font font = ((Text) text.getChildren().get(0)).getFont();
            if (!font.equals(probedFont)) {
                probedFont = font;
                Text line = new Text("Xg");
                line.setFont(font);
                probedLine = line.getLayoutBounds().getHeight();
            }
            return probedLine;
        }

        @Override
        protected double computePrefWidth(double height) {
            return MIN_WIDTH;
        }

        @Override
        protected double computePrefHeight(double width) {
            return CompareView.ROW_HEIGHT - 8;
        }
    }

    /** A piece of a cell's answer and its kind: kept, added, removed (against the baseline), error, no-recording. */
    record Piece(String kind, String text) {
    }

    /** The cell's text as pieces: plain, or with the words added and removed against the baseline marked. */
    static List<Piece> pieces(CellState item) {
        List<Piece> out = new ArrayList<>();
        if (item.status() == CompareViewModel.Status.FAILED && item.error() != null) {
            out.add(new Piece(item.error().startsWith(CompareViewModel.NO_RECORDING) ? "no-recording" : "error",
                    item.error()));
            return out;
        }
        int budget = CELL_CHARS;
        if (item.diff() != null) {
            for (DiffRow.Piece p : item.diff()) {
                if (budget <= 0) break;
                String s = p.text().length() > budget ? p.text().substring(0, budget) + "\u2026" : p.text();
                budget -= s.length();
                out.add(new Piece(p.kind().name().toLowerCase(Locale.ROOT), s));
            }
            return out;
        }
        String s = item.text().length() > CELL_CHARS ? item.text().substring(0, CELL_CHARS) + "\u2026" : item.text();
        out.add(new Piece("kept", s.isEmpty() && item.status() == CompareViewModel.Status.WAITING ? "\u2026" : s));
        return out;
    }

    // ---- finding cells and reading what they show (tests, screenshots) ------------------------------------------

    /**
     * The grid cell on screen under {@code root} that shows row {@code row} (the grid's row index) of column
     * {@code column}, if that row is drawn; cells that the grid keeps aside for reuse are not on screen.
     */
    public static Optional<TableCell<?, ?>> at(Node root, int row, int column) {
        for (Node n : root.lookupAll(".compare-cell")) {
            if (n instanceof CompareCell c && c.column == column && c.getItem() != null && c.row() != null
                    && c.row().index() == row && shown(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static boolean shown(Node n) {
        for (Node at = n; at != null; at = at.getParent()) {
            if (!at.isVisible()) return false;
            if (at instanceof TableView<?>) return true;
        }
        return false;
    }

    /** {@code waiting}, {@code streaming}, {@code done} or {@code failed}: what a grid cell shows; null for another node. */
    public static String status(Node cell) {
        if (!(cell instanceof CompareCell c)) return null;
        return STATUSES.stream().filter(s -> c.getPseudoClassStates().contains(PseudoClass.getPseudoClass(s)))
                .findFirst().orElse(null);
    }

    /**
     * A drawn piece of an answer's kind: {@code kept}, {@code added}, {@code removed} (against the baseline),
     * {@code error} or {@code no-recording}; null for a node that is not such a piece.
     */
    public static String pieceKind(Node node) {
        if (!(node instanceof Text t) || !t.getStyleClass().contains("compare-piece")) return null;
        return KINDS.stream().filter(k -> t.getPseudoClassStates().contains(PseudoClass.getPseudoClass(k)))
                .findFirst().orElse(null);
    }

    /** {@code up}, {@code down} or null: the rating a grid cell shows as chosen. */
    public static String rating(Node cell) {
        if (!(cell instanceof CompareCell c)) return null;
        return c.up.getPseudoClassStates().contains(CHOSEN) ? "up"
                : c.down.getPseudoClassStates().contains(CHOSEN) ? "down" : null;
    }

    /** The answer's pieces a node holds, in the order drawn; {@code kind} null for every kind. */
    public static List<String> pieces(Node node, String kind) {
        List<String> out = new ArrayList<>();
        collect(node, kind, out);
        return out;
    }

    private static void collect(Node node, String kind, List<String> out) {
        String k = pieceKind(node);
        if (k != null && (kind == null || kind.equals(k))) out.add(((Text) node).getText());
        if (node instanceof Parent p) p.getChildrenUnmodifiable().forEach(c -> collect(c, kind, out));
    }
}
