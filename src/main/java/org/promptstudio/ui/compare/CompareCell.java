package org.promptstudio.ui.compare;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
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
 * the text of nodes that are reused, not made again. The cell's content lays itself out ({@link Box}, unmanaged): a
 * change inside one cell lays out that cell, not its row and the grid. Tests find a cell by its place with
 * {@link #at(Node, int, int)}.
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
    private static final PseudoClass CHOSEN = PseudoClass.getPseudoClass("chosen");
    private static final List<String> KINDS = List.of("kept", "added", "removed", "error", "no-recording");
    private static final List<String> STATUSES = List.of("waiting", "streaming", "done", "failed");
    private static final List<String> VERSUS = List.of("baseline", "better", "worse", "same");

    private final CompareViewModel vm;
    private final int column;
    private final TextFlow text = new TextFlow();
    private final Label more = new Label("\u2026");
    private final Label metrics = new Label();
    private final FlowPane badges = new FlowPane(4, 2);
    private final Label versus = new Label();
    private final Button up = new Button("Good");
    private final Button down = new Button("Bad");
    /** "3 samples ▸": made when the cell first shows several samples (most grids have one a cell). */
    private Button samples;
    private final HBox actions = new HBox(4, up, down);
    private final Box box = new Box();
    /**
     * The cell's graphic, holding {@link #box} unmanaged: a change inside the box lays out the box alone, not the
     * holder, the row and the grid (a table cell's skin would leave out an unmanaged graphic itself).
     */
    private final javafx.scene.layout.Pane holder = new javafx.scene.layout.Pane() {
        @Override
        protected void layoutChildren() {
            box.resizeRelocate(0, 0, getWidth(), getHeight());
        }
    };
    /**
     * The badges' reasons, one line each: one tooltip a cell, made when the cell first shows a badge (a Tooltip is a
     * popup window, heavy to make: a screenful of cells is made at the first paint).
     */
    private Tooltip reasons;
    private boolean reasonsInstalled;
    /** "…"'s tooltip, the same text for every cell: one for all (made on the UI thread with the first cell). */
    private static Tooltip moreTip;
    /** What the cell was last drawn from: unchanged parts are left alone. */
    private CellState drawn;
    private String status;

    CompareCell(CompareViewModel vm, int column) {
        this.vm = vm;
        this.column = column;
        getStyleClass().add("compare-cell");
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        text.getStyleClass().add("compare-cell-text");
        more.getStyleClass().add("compare-more");
        if (moreTip == null) moreTip = new Tooltip("Double-click the cell to read the whole answer");
        more.setTooltip(moreTip);
        metrics.getStyleClass().add("compare-metrics");
        // one line, cut with "…" when narrow: the answer keeps the room (the opened cell has the call's record)
        metrics.setMinWidth(0);
        versus.getStyleClass().add("compare-versus");
        up.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, "compare-rate-up");
        down.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, "compare-rate-down");
        for (Region r : List.of(up, down, actions)) r.setMinWidth(Region.USE_PREF_SIZE);
        up.setOnAction(e -> rate(true));
        down.setOnAction(e -> rate(false));
        actions.setAlignment(Pos.CENTER_RIGHT);
        badges.setAlignment(Pos.CENTER_LEFT);
        // The answer is cut at the room the rest leaves it (the "…" says so).
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(text.widthProperty());
        clip.heightProperty().bind(text.heightProperty());
        text.setClip(clip);
        badges.getChildren().add(versus); // always last: the badges go before it
        box.getChildren().addAll(text, more, metrics, badges, actions);
        // Unmanaged: a change inside the cell lays out the cell's content only (the row and the grid keep their size).
        box.setManaged(false);
        holder.getChildren().add(box);
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
        if (was == null || was.status() != item.status() || !java.util.Objects.equals(was.text(), item.text())
                || !java.util.Objects.equals(was.against(), item.against())
                || !java.util.Objects.equals(was.error(), item.error())) {
            drawPieces(item);
        }
        List<String> line = new ArrayList<>();
        if (!item.metrics().isEmpty()) line.add(item.metrics());
        if (!item.consistencyText().isEmpty()) line.add(item.consistencyText());
        metrics.setText(String.join("  \u00b7  ", line));
        metrics.setVisible(!line.isEmpty());
        if (was == null || !was.badges().equals(item.badges()) || was.versus() != item.versus()) drawBadges(item);
        boolean several = item.consistency() != null && item.consistency().answered() > 1;
        if (several && samples == null) samples();
        if (samples != null) samples.setVisible(several);
        if (several) samples.setText(item.consistency().answered() + " samples \u25B8");
        boolean rateable = item.status() == CompareViewModel.Status.DONE || item.status() == CompareViewModel.Status.FAILED;
        up.setDisable(!rateable);
        down.setDisable(!rateable);
        up.pseudoClassStateChanged(CHOSEN, "up".equals(item.rating()));
        down.pseudoClassStateChanged(CHOSEN, "down".equals(item.rating()));
        if (getGraphic() != holder) setGraphic(holder);
    }

    /** Makes the samples button: the cell opens beside the grid with each sample's prompt, answer and record. */
    private void samples() {
        samples = new Button();
        samples.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, "compare-samples");
        samples.setMinWidth(Region.USE_PREF_SIZE);
        samples.setOnAction(e -> open());
        samples.managedProperty().bind(samples.visibleProperty());
        actions.getChildren().add(0, samples);
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
        javafx.collections.ObservableList<Node> nodes = text.getChildren();
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
            for (String k : KINDS) t.pseudoClassStateChanged(PseudoClass.getPseudoClass(k), k.equals(p.kind()));
        }
        if (nodes.size() > pieces.size()) nodes.remove(pieces.size(), nodes.size());
    }

    private void drawBadges(CellState item) {
        javafx.collections.ObservableList<Node> nodes = badges.getChildren();
        List<String> why = new ArrayList<>();
        int i = 0;
        for (CompareViewModel.Badge b : item.badges()) {
            Label l;
            if (i < nodes.size() - 1) {
                l = (Label) nodes.get(i);
            } else {
                l = new Label();
                l.getStyleClass().add("compare-badge");
                l.setMinWidth(Region.USE_PREF_SIZE);
                nodes.add(i, l);
            }
            i++;
            l.setText((b.pass() ? "\u2713 " : "\u2717 ") + b.type());
            org.promptstudio.ui.common.CheckBadges.show(l, b.pass());
            why.add((b.pass() ? "\u2713 " : "\u2717 ") + b.type() + (b.reason() == null || b.reason().isBlank()
                    ? "" : ": " + b.reason()));
        }
        if (nodes.size() - 1 > i) nodes.remove(i, nodes.size() - 1);
        if (reasons == null && !why.isEmpty()) reasons = new Tooltip();
        if (reasons != null) reasons.setText(String.join("\n", why));
        if (why.isEmpty() == reasonsInstalled) {
            if (why.isEmpty()) Tooltip.uninstall(badges, reasons);
            else Tooltip.install(badges, reasons);
            reasonsInstalled = !why.isEmpty();
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
        for (String k : VERSUS) {
            versus.pseudoClassStateChanged(PseudoClass.getPseudoClass(k), k.equals(item.versus().name().toLowerCase(Locale.ROOT)));
        }
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        if (getGraphic() == holder) {
            Insets in = getInsets();
            holder.resizeRelocate(in.getLeft(), in.getTop(), Math.max(0, getWidth() - in.getLeft() - in.getRight()),
                    Math.max(0, getHeight() - in.getTop() - in.getBottom()));
        }
    }

    /**
     * The cell's content, laid out by hand from the bottom up: Good / Bad at the bottom right, the badges beside them
     * (or on lines of their own above them when they do not fit), the metrics above, and the answer in what is left,
     * with "…" at its end when it is cut.
     */
    private final class Box extends javafx.scene.layout.Pane {
        private javafx.scene.text.Font probedFont;
        private double probedLine;

        @Override
        protected void layoutChildren() {
            double w = snapSizeX(getWidth());
            double h = snapSizeY(getHeight());
            double aw = actions.prefWidth(-1);
            double ah = actions.prefHeight(-1);
            double bottom = h;
            boolean hasBadges = badges.getChildren().stream().anyMatch(Node::isManaged);
            double besideWidth = w - aw - 6;
            double bh = hasBadges ? badges.prefHeight(Math.max(0, besideWidth)) : 0;
            // beside Good / Bad while the badges fit on one line there, else on lines of their own above them
            boolean beside = !hasBadges || besideWidth >= 60 && bh <= ah + 0.5;
            if (beside) {
                double foot = Math.max(ah, bh);
                actions.resizeRelocate(w - aw, bottom - foot + (foot - ah) / 2, aw, ah);
                badges.resizeRelocate(0, bottom - foot + (foot - bh) / 2, Math.max(0, besideWidth), bh);
                bottom -= foot + GAP;
            } else {
                actions.resizeRelocate(Math.max(0, w - aw), bottom - ah, aw, ah);
                bottom -= ah + GAP;
                bh = badges.prefHeight(w);
                badges.resizeRelocate(0, bottom - bh, w, bh);
                bottom -= bh + GAP;
            }
            boolean hasMetrics = metrics.isVisible();
            double mh = hasMetrics ? metrics.prefHeight(w) : 0;
            metrics.resizeRelocate(0, bottom - mh, w, mh);
            if (hasMetrics) bottom -= mh + GAP;
            double th = Math.max(0, bottom);
            boolean cut = text.prefHeight(w) > th + 0.5;
            if (cut) {
                // whole lines only: a line cut through the middle reads as a drawing fault
                double line = lineHeight();
                if (line > 0 && th >= line) th = Math.floor(th / line) * line;
            }
            text.resizeRelocate(0, 0, w, th);
            more.setVisible(cut);
            if (cut) {
                double ew = more.prefWidth(-1);
                double eh = more.prefHeight(-1);
                more.resizeRelocate(Math.max(0, w - ew), Math.max(0, th - eh), ew, eh);
            }
        }

        /** The height of one line of the answer's font (0 before it has text). */
        private double lineHeight() {
            if (text.getChildren().isEmpty()) return 0;
            javafx.scene.text.Font font = ((Text) text.getChildren().get(0)).getFont();
            if (!font.equals(probedFont)) {
                probedFont = font;
                Text probe = new Text("Xg");
                probe.setFont(font);
                probedLine = probe.getLayoutBounds().getHeight();
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
