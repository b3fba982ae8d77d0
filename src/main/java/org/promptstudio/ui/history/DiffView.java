package org.promptstudio.ui.history;

import atlantafx.base.theme.Styles;
import org.promptstudio.ui.common.ActivatableView;
import org.promptstudio.ui.common.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.control.Control;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * Two versions of a prompt side by side, bound to a {@link DiffViewModel}: above, the source of the prompt and of
 * each partial that differs; below, the messages both sides render to. Changed lines are tinted, and inside them the
 * changed words are marked ({@code diff-word-removed} on the left, {@code diff-word-added} on the right); the two
 * sides sit in one list, a line beside the line it faces, so they wrap and scroll together. Ids: {@code #diffSource}
 * and {@code #diffRendered} (the lists; a changed word is a label with style class {@link #WORD_REMOVED} or
 * {@link #WORD_ADDED}), {@code #diffRenderedOldError}, {@code #diffRenderedNewError}, {@code #diffError},
 * {@code #diffSummary}, {@code #diffTitle}.
 */
public final class DiffView extends ActivatableView<DiffViewModel, BorderPane> {

    /** Style class of a word only the older side has. */
    public static final String WORD_REMOVED = "diff-word-removed";
    /** Style class of a word only the newer side has. */
    public static final String WORD_ADDED = "diff-word-added";

    private final Pair source = new Pair("diffSource");
    private final Pair rendered = new Pair("diffRendered");

    public DiffView(DiffViewModel vm) {
        super(vm, new BorderPane());
        root.setId("diffView");
        root.getStyleClass().add("diff-view");
        root.getStylesheets().add(Objects.requireNonNull(DiffView.class.getResource("history.css")).toExternalForm());

        Label title = new Label();
        title.setId("diffTitle");
        title.getStyleClass().add(Styles.TITLE_4);
        title.textProperty().bind(vm.titleProperty());
        Label summary = new Label();
        summary.setId("diffSummary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        Label error = oneLine("diffError", vm.errorProperty(), Styles.DANGER);
        HBox head = new HBox(12, title, summary);
        head.setAlignment(Pos.BASELINE_LEFT);
        VBox top = new VBox(4, head, error);
        top.setPadding(new Insets(8, 12, 6, 12));
        root.setTop(top);

        Label sourceHead = sectionTitle("Source");
        Label renderedHead = sectionTitle("Rendered messages");
        Label inputNote = new Label();
        inputNote.setId("diffInputNote");
        inputNote.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        inputNote.textProperty().bind(vm.inputNoteProperty());
        HBox renderedBar = new HBox(10, renderedHead, inputNote);
        renderedBar.setAlignment(Pos.BASELINE_LEFT);

        rendered.showErrors(vm.fromRenderErrorProperty(), vm.toRenderErrorProperty());
        // Before a comparison the panes say what to do, not two empty boxes under blank side labels.
        for (Pair p : List.of(source, rendered)) {
            p.list.setPlaceholder(Texts.emptyState(p.id + "Empty", vm.emptyTextProperty()));
            p.grid.visibleProperty().bind(vm.fromLabelProperty().isNotEmpty());
            p.grid.managedProperty().bind(p.grid.visibleProperty());
        }
        SplitPane split = new SplitPane(section(new HBox(sourceHead), source.node()),
                section(renderedBar, rendered.node()));
        split.setId("diffSplit");
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        root.setCenter(split);

        vm.sources().addListener((ListChangeListener<SideBySide>) c -> source.show(List.copyOf(vm.sources()), true));
        vm.renderedProperty().addListener((o, a, b) -> rendered.show(b == null ? List.of() : List.of(b), false));
        vm.fromLabelProperty().addListener((o, a, b) -> labels());
        vm.toLabelProperty().addListener((o, a, b) -> labels());
        source.show(List.copyOf(vm.sources()), true);
        if (vm.renderedProperty().get() != null) rendered.show(List.of(vm.renderedProperty().get()), false);
        labels();
    }


    private void labels() {
        for (Pair p : List.of(source, rendered)) {
            p.oldLabel.setText(vm.fromLabelProperty().get());
            p.newLabel.setText(vm.toLabelProperty().get());
        }
    }

    private static Label sectionTitle(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll(Styles.TEXT_BOLD, "diff-section-title");
        return l;
    }

    private static VBox section(Node head, Node body) {
        VBox box = new VBox(4, head, body);
        box.setPadding(new Insets(6, 12, 8, 12));
        VBox.setVgrow(body, Priority.ALWAYS);
        return box;
    }

    static Label oneLine(String id, ObservableValue<String> text, String style) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(style);
        l.textProperty().bind(text);
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** One row of a section: a heading, or a line of each side. */
    private record Row(String heading, SideBySide.Line left, SideBySide.Line right) {
    }

    /**
     * One section: the side labels, each side's error (when it has one), and a list of rows holding a line of each
     * side, so a line and the line it faces stay on one row however they wrap; the list scrolls both at once.
     */
    private static final class Pair {
        final Label oldLabel = new Label();
        final Label newLabel = new Label();
        final ListView<Row> list = new ListView<>();
        final GridPane grid = new GridPane();
        final String id;

        Pair(String id) {
            this.id = id;
            list.setId(id);
            list.getStyleClass().add("diff-list");
            list.setFocusTraversable(false);
            list.setCellFactory(l -> new RowCell(l));
            oldLabel.getStyleClass().addAll(Styles.TEXT_SMALL, "diff-side-label", "diff-side-old");
            newLabel.getStyleClass().addAll(Styles.TEXT_SMALL, "diff-side-label", "diff-side-new");
            Texts.fullText(oldLabel, javafx.scene.control.OverrunStyle.ELLIPSIS);
            Texts.fullText(newLabel, javafx.scene.control.OverrunStyle.ELLIPSIS);
            oldLabel.setMaxWidth(Double.MAX_VALUE);
            newLabel.setMaxWidth(Double.MAX_VALUE);
            ColumnConstraints half = new ColumnConstraints();
            half.setPercentWidth(50);
            ColumnConstraints otherHalf = new ColumnConstraints();
            otherHalf.setPercentWidth(50);
            grid.getColumnConstraints().addAll(half, otherHalf);
            grid.setHgap(6);
            grid.setVgap(2);
            grid.add(oldLabel, 0, 0);
            grid.add(newLabel, 1, 0);
            grid.getStyleClass().add("diff-pair");
        }

        Node node() {
            VBox box = new VBox(2, grid, list);
            VBox.setVgrow(list, Priority.ALWAYS);
            return box;
        }

        void showErrors(ObservableValue<String> oldError, ObservableValue<String> newError) {
            Label a = oneLine(id + "OldError", oldError, "diff-pane-error");
            Label b = oneLine(id + "NewError", newError, "diff-pane-error");
            for (Label l : List.of(a, b)) {
                l.setWrapText(true);
                l.setMaxWidth(Double.MAX_VALUE);
            }
            grid.add(a, 0, 1);
            grid.add(b, 1, 1);
        }

        void show(List<SideBySide> blocks, boolean headers) {
            List<Row> rows = new ArrayList<>();
            for (SideBySide block : blocks) {
                if (headers) rows.add(new Row(block.title(), null, null));
                for (int i = 0; i < block.left().size(); i++) rows.add(new Row(null, block.left().get(i), block.right().get(i)));
            }
            list.getItems().setAll(rows);
            // Open at the first change, with a little context above it.
            int first = 0;
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                if (r.heading() == null && (r.left().kind() != SideBySide.Kind.SAME
                        || r.right().kind() != SideBySide.Kind.SAME)) {
                    first = i;
                    break;
                }
            }
            if (!rows.isEmpty()) list.scrollTo(Math.max(0, first - 2));
        }
    }

    /** A row: a file heading across both sides, or the two facing lines, each with its number. */
    private static final class RowCell extends ListCell<Row> {
        private final ListView<Row> list;

        RowCell(ListView<Row> list) {
            this.list = list;
            getStyleClass().add("diff-row");
            // Wrap at the list's width rather than widen it.
            prefWidthProperty().bind(list.widthProperty().subtract(18));
            setMaxWidth(Control.USE_PREF_SIZE);
        }

        @Override
        protected void updateItem(Row row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            if (row.heading() != null) {
                Label heading = new Label(row.heading());
                heading.getStyleClass().add("diff-file-heading");
                heading.setMaxWidth(Double.MAX_VALUE);
                setGraphic(heading);
                return;
            }
            GridPane g = new GridPane();
            ColumnConstraints half = new ColumnConstraints();
            half.setPercentWidth(50);
            ColumnConstraints otherHalf = new ColumnConstraints();
            otherHalf.setPercentWidth(50);
            g.getColumnConstraints().addAll(half, otherHalf);
            g.setHgap(6);
            g.add(half(row.left(), true), 0, 0);
            g.add(half(row.right(), false), 1, 0);
            setGraphic(g);
        }

        private static Node half(SideBySide.Line line, boolean left) {
            BorderPane side = new BorderPane();
            side.setLeft(lineNumber(line));
            side.setCenter(flow(line, left));
            side.getStyleClass().addAll("diff-half", kindClass(line));
            side.setMinWidth(0);
            GridPane.setFillHeight(side, true);
            return side;
        }

        private static Label lineNumber(SideBySide.Line line) {
            Label n = new Label(line.number() == 0 ? "" : String.valueOf(line.number()));
            n.getStyleClass().addAll("diff-lineno", kindClass(line));
            n.setMinWidth(42);
            n.setPrefWidth(42);
            n.setMaxHeight(Double.MAX_VALUE);
            return n;
        }

        private static String kindClass(SideBySide.Line line) {
            return "diff-line-" + line.kind().name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The line's text; inside a changed line each changed word is a marked label. */
        private static Node flow(SideBySide.Line line, boolean left) {
            TextFlow flow = new TextFlow();
            flow.getStyleClass().add("diff-text");
            flow.setMinWidth(0);
            for (SideBySide.Segment s : line.segments()) {
                boolean word = s.changed() && line.kind() == SideBySide.Kind.CHANGED;
                if (!word) {
                    flow.getChildren().add(text(s.text()));
                    continue;
                }
                // Word by word, so a long change still wraps; the spaces between stay plain text.
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S+|\\s+").matcher(s.text());
                while (m.find()) {
                    String piece = m.group();
                    if (piece.isBlank()) {
                        flow.getChildren().add(text(piece));
                    } else {
                        Label w = new Label(piece);
                        w.getStyleClass().addAll("diff-word", left ? WORD_REMOVED : WORD_ADDED);
                        w.setMinWidth(Region.USE_PREF_SIZE);
                        flow.getChildren().add(w);
                    }
                }
            }
            if (flow.getChildren().isEmpty()) flow.getChildren().add(text(" "));
            return flow;
        }

        private static Text text(String s) {
            Text t = new Text(s);
            t.getStyleClass().add("diff-plain");
            return t;
        }
    }
}
