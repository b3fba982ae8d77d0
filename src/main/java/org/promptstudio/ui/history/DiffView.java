package org.promptstudio.ui.history;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * Two versions of a prompt side by side, bound to a {@link DiffViewModel}: above, the source of the prompt and of
 * each partial that differs; below, the messages both sides render to. Changed lines are tinted, and inside them the
 * changed words are marked ({@code diff-word-removed} on the left, {@code diff-word-added} on the right); the two
 * sides scroll together. Ids: {@code #diffSourceOld}, {@code #diffSourceNew}, {@code #diffRenderedOld},
 * {@code #diffRenderedNew} (the text areas), {@code #diffRenderedOldError}, {@code #diffRenderedNewError},
 * {@code #diffError}, {@code #diffSummary}.
 */
public final class DiffView {

    /** Style class of a word only the older side has. */
    public static final String WORD_REMOVED = "diff-word-removed";
    /** Style class of a word only the newer side has. */
    public static final String WORD_ADDED = "diff-word-added";

    private final DiffViewModel vm;
    private final BorderPane root = new BorderPane();
    private final Pair source = new Pair("diffSource");
    private final Pair rendered = new Pair("diffRendered");

    public DiffView(DiffViewModel vm) {
        this.vm = vm;
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

    /** The node to put in a tab or a pane. */
    public Node node() {
        return root;
    }

    public DiffViewModel viewModel() {
        return vm;
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

    /** The two text areas of one section, aligned line by line and scrolling together. */
    private static final class Pair {
        final Side oldSide;
        final Side newSide;
        final Label oldLabel = new Label();
        final Label newLabel = new Label();
        final GridPane grid = new GridPane();

        Pair(String id) {
            oldSide = new Side(id + "Old");
            newSide = new Side(id + "New");
            oldSide.area.estimatedScrollYProperty().bindBidirectional(newSide.area.estimatedScrollYProperty());
            oldLabel.getStyleClass().addAll(Styles.TEXT_SMALL, "diff-side-label", "diff-side-old");
            newLabel.getStyleClass().addAll(Styles.TEXT_SMALL, "diff-side-label", "diff-side-new");
            oldLabel.setMaxWidth(Double.MAX_VALUE);
            newLabel.setMaxWidth(Double.MAX_VALUE);
            ColumnConstraints half = new ColumnConstraints();
            half.setPercentWidth(50);
            half.setHgrow(Priority.ALWAYS);
            ColumnConstraints otherHalf = new ColumnConstraints();
            otherHalf.setPercentWidth(50);
            otherHalf.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().addAll(half, otherHalf);
            RowConstraints labels = new RowConstraints();
            RowConstraints body = new RowConstraints();
            body.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().addAll(labels, body);
            grid.setHgap(6);
            grid.setVgap(2);
            grid.add(oldLabel, 0, 0);
            grid.add(newLabel, 1, 0);
            grid.add(oldSide.pane, 0, 1);
            grid.add(newSide.pane, 1, 1);
            grid.getStyleClass().add("diff-pair");
        }

        Node node() {
            return grid;
        }

        void showErrors(ObservableValue<String> oldError, ObservableValue<String> newError) {
            oldSide.error(oldError);
            newSide.error(newError);
        }

        void show(List<SideBySide> blocks, boolean headers) {
            oldSide.show(blocks, true, headers);
            newSide.show(blocks, false, headers);
        }
    }

    /** One side: a read-only text area with its own line numbers (a filler line has none). */
    private static final class Side {
        final StyleClassedTextArea area = new StyleClassedTextArea();
        final VirtualizedScrollPane<StyleClassedTextArea> scroll = new VirtualizedScrollPane<>(area);
        final StackPane pane = new StackPane(scroll);
        final List<String> numbers = new ArrayList<>();
        final String id;

        Side(String id) {
            this.id = id;
            area.setId(id);
            area.setEditable(false);
            area.setWrapText(false);
            area.getStyleClass().add("diff-area");
            scroll.getStyleClass().add("diff-scroll");
            area.setParagraphGraphicFactory(i -> {
                Label n = new Label(i < numbers.size() ? numbers.get(i) : "");
                n.getStyleClass().add("diff-lineno");
                return n;
            });
        }

        void error(ObservableValue<String> text) {
            Label l = oneLine(id + "Error", text, "diff-pane-error");
            l.setWrapText(true);
            StackPane.setAlignment(l, Pos.TOP_LEFT);
            StackPane.setMargin(l, new Insets(8));
            pane.getChildren().add(l);
            scroll.visibleProperty().bind(l.visibleProperty().not());
        }

        void show(List<SideBySide> blocks, boolean left, boolean headers) {
            StringBuilder text = new StringBuilder();
            List<String> lineNumbers = new ArrayList<>();
            List<Collection<String>> paragraphStyles = new ArrayList<>();
            StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
            boolean first = true;
            for (SideBySide block : blocks) {
                if (headers) {
                    if (!first) append(text, spans, "\n", List.of());
                    append(text, spans, block.title(), List.of());
                    lineNumbers.add("");
                    paragraphStyles.add(List.of("diff-line-header"));
                    first = false;
                }
                for (SideBySide.Line line : left ? block.left() : block.right()) {
                    if (!first) append(text, spans, "\n", List.of());
                    first = false;
                    lineNumbers.add(line.number() == 0 ? "" : String.valueOf(line.number()));
                    paragraphStyles.add(List.of("diff-line-" + line.kind().name().toLowerCase(java.util.Locale.ROOT)));
                    for (SideBySide.Segment s : line.segments()) {
                        boolean word = s.changed() && line.kind() == SideBySide.Kind.CHANGED;
                        append(text, spans, s.text(), word ? List.of(left ? WORD_REMOVED : WORD_ADDED) : List.of());
                    }
                }
            }
            numbers.clear();
            numbers.addAll(lineNumbers);
            area.replaceText(text.toString());
            if (text.length() > 0) area.setStyleSpans(0, spans.create());
            for (int i = 0; i < paragraphStyles.size() && i < area.getParagraphs().size(); i++) {
                area.setParagraphStyle(i, paragraphStyles.get(i));
            }
            area.moveTo(0);
            area.showParagraphAtTop(0);
        }

        private static void append(StringBuilder text, StyleSpansBuilder<Collection<String>> spans, String s,
                                   Collection<String> style) {
            if (s.isEmpty()) return;
            text.append(s);
            spans.add(style.isEmpty() ? Collections.emptyList() : style, s.length());
        }
    }
}
