package org.promptstudio.ui.labelling;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.promptstudio.ui.common.ActivatableView;
import org.promptstudio.ui.common.MarkdownText;
import org.promptstudio.ui.common.Texts;

/**
 * The labelling window: the queues with their progress on the left, the item to label in the middle (input, retrieved
 * context, the answer drawn as markdown, a pair's answers side by side, the schema's choices with their descriptions),
 * agreement and calibration figures and the export on the right. Keyboard first: the keys go to
 * {@link LabellingViewModel#onKey} unless a text field has the focus; {@code r} and {@code c} put it in the reason and
 * the comment, Escape takes it out, Enter in them stores the label, Ctrl+Enter stores a correction.
 */
public final class LabellingView extends ActivatableView<LabellingViewModel, BorderPane> {

    private final VBox pane = new VBox(8);
    private final TextFlow input = new TextFlow();
    private final TextArea context = new TextArea();
    private final TitledPane contextPane = new TitledPane("Retrieved context", context);
    private final HBox answers = new HBox(10);
    private final FlowPane options = new FlowPane(8, 6);
    private final TextField reason = new TextField();
    private final TextField comment = new TextField();
    private final TextArea correction = new TextArea();
    private final Label keys = new Label();
    private final TitledPane form = new TitledPane();
    /** The key that moved the focus into a text field: its typed character must not land there. */
    private boolean swallowTyped;

    public LabellingView(LabellingViewModel vm) {
        super(vm, new BorderPane());
        root.setId("labellingView");
        root.getStylesheets().add(Objects.requireNonNull(LabellingView.class.getResource("labelling.css"))
                .toExternalForm());
        root.setLeft(queueList());
        root.setCenter(labellingPane());
        root.setRight(figures());
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::keyPressed);
        root.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (swallowTyped) {
                swallowTyped = false;
                e.consume();
            }
        });
        vm.shownProperty().addListener((obs, old, s) -> showItem(s));
        vm.queueProperty().addListener((obs, old, q) -> showSchema(q));
        vm.options().addListener((ListChangeListener<LabellingViewModel.Option>) c -> showOptions());
        vm.editingProperty().addListener((obs, old, on) -> {
            if (on) {
                correction.requestFocus();
                correction.positionCaret(correction.getLength());
            } else if (correction.isFocused()) {
                pane.requestFocus();
            }
        });
        showItem(vm.shownProperty().get());
        showSchema(vm.queueProperty().get());
    }

    private Node queueList() {
        ListView<LabelSource.Queue> list = new ListView<>(vm.queues());
        list.setId("labellingQueues");
        list.setPrefWidth(240);
        list.setPlaceholder(new Label("No queue yet:\nstudio labels queue create"));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(LabelSource.Queue q, boolean empty) {
                super.updateItem(q, empty);
                if (empty || q == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label name = new Label(q.name());
                name.getStyleClass().add(Styles.TEXT_BOLD);
                Label about = new Label(q.schema().name() + " (" + q.schema().type() + ") \u00b7 " + q.itemKind()
                        + (q.blind() ? " \u00b7 blind" : "") + " \u00b7 overlap " + q.overlap());
                about.getStyleClass().add(Styles.TEXT_MUTED);
                about.setWrapText(true);
                ProgressBar bar = new ProgressBar(q.items() == 0 ? 0 : (double) q.complete() / q.items());
                bar.setMaxWidth(Double.MAX_VALUE);
                Label figures = new Label(q.complete() + "/" + q.items() + " items complete \u00b7 " + q.labels()
                        + "/" + q.wanted() + " labels \u00b7 yours " + q.mine());
                figures.getStyleClass().add(Styles.TEXT_SMALL);
                figures.setWrapText(true);
                VBox cell = new VBox(2, name, about, bar, figures);
                cell.setMaxWidth(210);
                cell.setPrefWidth(210);
                setGraphic(cell);
                setText(null);
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, q) -> {
            if (q != null) vm.onSelectQueue(q);
        });
        vm.queueProperty().addListener((obs, old, q) -> selectIn(list, q));
        vm.queues().addListener((ListChangeListener<LabelSource.Queue>) c -> selectIn(list, vm.queueProperty().get()));
        Label title = new Label("Queues");
        title.getStyleClass().add(Styles.TITLE_4);
        VBox box = new VBox(6, title, list, newQueueForm());
        VBox.setVgrow(list, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        box.setPrefWidth(250);
        box.setMaxWidth(250);
        box.setMinWidth(200);
        return box;
    }

    /** The form that makes a queue: schema, filters (run, prompt, model, failed, not labelled), sample, overlap, blind. */
    private Node newQueueForm() {
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
        grid.setHgap(6);
        grid.setVgap(4);
        javafx.scene.control.ComboBox<String> schema = new javafx.scene.control.ComboBox<>(vm.schemaNames());
        schema.setId("labellingNewSchema");
        schema.valueProperty().bindBidirectional(vm.newSchemaProperty());
        schema.setMaxWidth(Double.MAX_VALUE);
        int row = 0;
        grid.addRow(row++, new Label("Name"), field("labellingNewName", "e.g. helpfulness-run-3", vm.newNameProperty()));
        grid.addRow(row++, new Label("Schema"), schema);
        grid.addRow(row++, new Label("Run"), field("labellingNewRun", "any run", vm.newRunProperty()));
        grid.addRow(row++, new Label("Prompt"), field("labellingNewPrompt", "any prompt; answer@3f2a1c: one version",
                vm.newPromptProperty()));
        grid.addRow(row++, new Label("Model"), field("labellingNewModel", "any model", vm.newModelProperty()));
        grid.addRow(row++, new Label("Sample"), new HBox(4, field("labellingNewSample", "all", vm.newSampleProperty()),
                field("labellingNewSeed", "seed", vm.newSeedProperty())));
        grid.addRow(row++, new Label("Overlap"), field("labellingNewOverlap", "1", vm.newOverlapProperty()));
        javafx.scene.control.CheckBox blind = check("labellingNewBlind", "Blind (hide models, shuffle pairs)",
                vm.newBlindProperty());
        javafx.scene.control.CheckBox notLabelled = check("labellingNewNotLabelled", "Not labelled yet",
                vm.newNotLabelledProperty());
        javafx.scene.control.CheckBox failed = check("labellingNewFailed", "Failed checks only", vm.newFailedOnlyProperty());
        Button create = new Button("Make queue");
        create.setId("labellingCreate");
        create.setOnAction(e -> vm.onCreateQueue());
        Label result = Texts.bound("labellingCreateResult", vm.createResultProperty());
        VBox content = new VBox(6, grid, blind, notLabelled, failed, create, result);
        form.setText("New queue");
        form.setId("labellingNewQueue");
        form.setContent(content);
        form.setExpanded(false);
        return form;
    }

    private static TextField field(String id, String hint, javafx.beans.property.StringProperty value) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(hint);
        f.setPrefColumnCount(8);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private static javafx.scene.control.CheckBox check(String id, String text, javafx.beans.property.BooleanProperty value) {
        javafx.scene.control.CheckBox c = new javafx.scene.control.CheckBox(text);
        c.setId(id);
        c.selectedProperty().bindBidirectional(value);
        return c;
    }

    private static void selectIn(ListView<LabelSource.Queue> list, LabelSource.Queue q) {
        if (q == null) return;
        for (int i = 0; i < list.getItems().size(); i++) {
            if (list.getItems().get(i).name().equals(q.name())) {
                if (list.getSelectionModel().getSelectedIndex() != i) list.getSelectionModel().select(i);
                return;
            }
        }
    }

    private Node labellingPane() {
        pane.setId("labellingPane");
        pane.setFocusTraversable(true);
        pane.setPadding(new Insets(8, 12, 8, 12));
        Label position = Texts.bound("labellingPosition", vm.positionProperty());
        position.getStyleClass().add(Styles.TITLE_4);
        position.managedProperty().bind(vm.positionProperty().isNotEmpty());
        Label progress = Texts.bound("labellingProgress", vm.progressProperty());
        progress.getStyleClass().add(Styles.TEXT_MUTED);
        Label annotator = new Label();
        annotator.setId("labellingAnnotator");
        annotator.textProperty().bind(Bindings.createStringBinding(() -> vm.annotatorProperty().get().isEmpty() ? ""
                : "Annotator: " + vm.annotatorProperty().get(), vm.annotatorProperty()));
        annotator.getStyleClass().add(Styles.TEXT_MUTED);
        HBox top = new HBox(16, position, annotator);
        top.setAlignment(Pos.BASELINE_LEFT);
        VBox header = new VBox(2, top, progress);

        input.setId("labellingInput");
        input.getStyleClass().add("labelling-input");
        context.setId("labellingContext");
        context.setEditable(false);
        context.setWrapText(true);
        context.setPrefRowCount(4);
        contextPane.setExpanded(false);
        contextPane.setManaged(false);
        contextPane.setVisible(false);
        answers.setId("labellingAnswers");
        VBox.setVgrow(answers, Priority.ALWAYS);

        options.setId("labellingOptions");
        reason.setId("labellingReason");
        reason.setPromptText("Reason (r to write, Enter to store)");
        reason.textProperty().bindBidirectional(vm.reasonProperty());
        comment.setId("labellingComment");
        comment.setPromptText("Comment (c to write, Enter to store)");
        comment.textProperty().bindBidirectional(vm.commentProperty());
        correction.setId("labellingCorrection");
        correction.setWrapText(true);
        correction.setPrefRowCount(6);
        correction.textProperty().bindBidirectional(vm.correctionProperty());
        correction.visibleProperty().bind(vm.editingProperty());
        correction.managedProperty().bind(vm.editingProperty());

        Label mine = Texts.bound("labellingMine", vm.mineProperty());
        mine.getStyleClass().add(Styles.SUCCESS);
        Label error = Texts.bound("labellingError", vm.errorProperty());
        error.getStyleClass().add(Styles.DANGER);
        Label status = Texts.bound("labellingStatus", vm.statusProperty());
        status.getStyleClass().add(Styles.TEXT_MUTED);
        keys.setId("labellingKeys");
        keys.setWrapText(true);
        keys.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Label empty = new Label();
        empty.setId("labellingEmpty");
        empty.textProperty().bind(Bindings.createStringBinding(() -> vm.shownProperty().get() != null ? ""
                : vm.finishedProperty().get() ? "Nothing left for you to label in this queue."
                : vm.queueProperty().get() == null ? "" : "Reading the next items\u2026",
                vm.shownProperty(), vm.finishedProperty(), vm.queueProperty()));
        empty.getStyleClass().add(Styles.TITLE_4);
        empty.visibleProperty().bind(vm.shownProperty().isNull());
        empty.managedProperty().bind(empty.visibleProperty());
        Label whatNext = new Label("What next: the queue's agreement is on the right, with the export of its labels;"
                + " choose or make another queue on the left; k goes back to the items you labelled since opening"
                + " it.");
        whatNext.setId("labellingWhatNext");
        whatNext.setWrapText(true);
        whatNext.getStyleClass().add(Styles.TEXT_MUTED);
        whatNext.visibleProperty().bind(vm.finishedProperty().and(vm.shownProperty().isNull()));
        whatNext.managedProperty().bind(whatNext.visibleProperty());

        // an item's panes only while an item is shown: a finished queue shows its done state alone
        VBox item = new VBox(8, section("Input", input), contextPane, answers, options, reason, comment, correction,
                mine);
        item.setId("labellingItem");
        item.visibleProperty().bind(vm.shownProperty().isNotNull());
        item.managedProperty().bind(item.visibleProperty());
        VBox.setVgrow(item, Priority.ALWAYS);
        keys.visibleProperty().bind(item.visibleProperty());
        keys.managedProperty().bind(item.visibleProperty());
        pane.getChildren().setAll(header, empty, whatNext, item, error, status, keys);
        ScrollPane scroll = new ScrollPane(pane);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.setFocusTraversable(false);
        return scroll;
    }

    private Node figures() {
        Label title = new Label("Agreement and calibration");
        title.getStyleClass().add(Styles.TITLE_4);
        VBox figureLines = new VBox(6);
        figureLines.setId("labellingFigures");
        Runnable fill = () -> figureLines.getChildren().setAll(vm.figures().stream().map(text -> {
            Label l = new Label(text);
            l.setWrapText(true);
            return (Node) l;
        }).toList());
        vm.figures().addListener((ListChangeListener<String>) c -> fill.run());
        fill.run();
        ScrollPane lines = new ScrollPane(figureLines);
        lines.setFitToWidth(true);
        lines.setFocusTraversable(false);
        Button refresh = new Button("Refresh figures");
        refresh.setId("labellingRefreshFigures");
        refresh.setFocusTraversable(false);
        refresh.setOnAction(e -> vm.onRefreshFigures());
        TextField judge = field("labellingJudge", "judge model", vm.judgeModelProperty());
        Button calibrate = new Button("Calibrate");
        calibrate.setId("labellingCalibrate");
        calibrate.setFocusTraversable(false);
        calibrate.disableProperty().bind(vm.queueProperty().isNull());
        calibrate.setOnAction(e -> vm.onCalibrate());
        VBox calibrationLines = new VBox(4);
        calibrationLines.setId("labellingCalibration");
        vm.calibration().addListener((ListChangeListener<String>) c -> calibrationLines.getChildren().setAll(
                vm.calibration().stream().map(text -> {
                    Label l = new Label(text);
                    l.setWrapText(true);
                    return (Node) l;
                }).toList()));
        javafx.scene.control.ComboBox<String> format = new javafx.scene.control.ComboBox<>(
                javafx.collections.FXCollections.observableArrayList("csv", "openai", "vertex", "dpo"));
        format.setId("labellingExportFormat");
        format.setFocusTraversable(false);
        format.valueProperty().bindBidirectional(vm.exportFormatProperty());
        Button export = new Button("Export labels");
        export.setId("labellingExport");
        export.setFocusTraversable(false);
        export.getStyleClass().add(Styles.ACCENT);
        export.setOnAction(e -> vm.onExport());
        Label exported = Texts.bound("labellingExportResult", vm.exportResultProperty());
        Label judgeTitle = new Label("Judge calibration");
        judgeTitle.getStyleClass().add(Styles.TEXT_BOLD);
        Label exportTitle = new Label("Export for fine-tuning");
        exportTitle.getStyleClass().add(Styles.TEXT_BOLD);
        VBox box = new VBox(6, title, lines, refresh, judgeTitle, new HBox(6, judge, calibrate), calibrationLines,
                exportTitle, new HBox(6, format, export), exported);
        VBox.setVgrow(lines, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        box.setPrefWidth(260);
        box.setMaxWidth(260);
        return box;
    }


    private static Node section(String title, Node content) {
        Label l = new Label(title);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        return new VBox(2, l, content);
    }

    // ---- keys -----------------------------------------------------------------------------------------------

    private void keyPressed(KeyEvent e) {
        Node focus = root.getScene() == null ? null : root.getScene().getFocusOwner();
        if (focus != null && isInside(focus, form)) return; // the new-queue form types as any form
        if (focus instanceof TextInputControl field && isInside(field, root)) {
            if (e.getCode() == KeyCode.ESCAPE) {
                vm.onStopEditing();
                pane.requestFocus();
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER && (field == reason || field == comment || e.isShortcutDown())) {
                vm.onSubmit();
                pane.requestFocus();
                e.consume();
            }
            return;
        }
        if (e.isShortcutDown() || e.isAltDown()) return;
        String key = key(e);
        if (key == null) return;
        if (key.equals("r") && reason.isVisible()) {
            focusField(reason);
        } else if (key.equals("c") && comment.isVisible()) {
            focusField(comment);
        } else if (key.equals("e")) {
            swallowTyped = true;
            vm.onKey(key);
            if (!vm.editingProperty().get()) swallowTyped = false;
        } else if (!vm.onKey(key)) {
            return;
        }
        e.consume();
    }

    private void focusField(TextInputControl field) {
        swallowTyped = true;
        field.requestFocus();
        field.positionCaret(field.getLength());
    }

    private static boolean isInside(Node n, Node container) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p == container) return true;
        }
        return false;
    }

    /** The key as {@link LabellingViewModel#onKey} names it, or null for one it does not know. */
    static String key(KeyEvent e) {
        KeyCode c = e.getCode();
        if (c == KeyCode.ENTER) return "ENTER";
        if (c.isDigitKey()) {
            String name = c.getName();
            return name.substring(name.length() - 1);
        }
        if (c.isLetterKey()) return c.getName().toLowerCase(Locale.ROOT);
        return null;
    }

    // ---- showing --------------------------------------------------------------------------------------------

    private void showSchema(LabelSource.Queue q) {
        String type = q == null ? "" : q.schema().type();
        boolean pair = type.equals("pairwise");
        reason.setVisible(pair);
        reason.setManaged(pair);
        boolean withComment = q != null && (q.schema().comment() || type.equals("comment"));
        comment.setVisible(withComment);
        comment.setManaged(withComment);
        String choose = switch (type) {
            case "rating" -> "digits rate";
            case "thumbs" -> "1 up, 2 down";
            case "category" -> "digits choose the category";
            case "categories" -> "digits toggle categories";
            case "pairwise" -> "a / b / t prefer A, B or a tie \u00b7 r reason";
            case "ranking" -> "digits rank the answers, best first";
            case "correction" -> "e writes the correction (Ctrl+Enter stores it, Esc leaves it)";
            default -> "";
        };
        keys.setText(q == null ? "" : choose + (withComment ? " \u00b7 c comment" : "")
                + " \u00b7 Enter stores and goes on \u00b7 u undoes the last label \u00b7 j / k next / previous");
    }

    private void showItem(LabellingViewModel.Shown s) {
        input.getChildren().setAll(new Text(s == null ? "" : s.item().input()));
        String ctx = s == null ? null : s.item().context();
        boolean hasContext = ctx != null && !ctx.isBlank();
        contextPane.setVisible(hasContext);
        contextPane.setManaged(hasContext);
        context.setText(hasContext ? ctx : "");
        answers.getChildren().clear();
        if (s != null) {
            List<LabelSource.Answer> list = s.item().answers();
            for (int i = 0; i < list.size(); i++) {
                answers.getChildren().add(answer(i, list.size(), list.get(i), s.markdown().get(i)));
            }
        }
        if (s != null && (root.getScene() == null || !(root.getScene().getFocusOwner() instanceof TextInputControl))) {
            pane.requestFocus();
        }
    }

    private static Node answer(int index, int count, LabelSource.Answer a, List<MarkdownText.Run> runs) {
        String letter = count == 1 ? "" : " " + (char) ('A' + index);
        Label title = new Label("Answer" + letter + (a.source() == null ? "" : " \u2014 " + a.source()));
        title.setId("labellingAnswerTitle" + letter.strip());
        title.getStyleClass().add(Styles.TEXT_BOLD);
        TextFlow flow = new TextFlow();
        flow.setId("labellingAnswer" + letter.strip());
        flow.getStyleClass().add("labelling-markdown");
        for (MarkdownText.Run r : runs) {
            Text t = new Text(r.text());
            t.getStyleClass().add("md-text");
            for (MarkdownText.Style st : r.styles()) {
                t.getStyleClass().add("md-" + st.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            flow.getChildren().add(t);
        }
        VBox box = new VBox(4, title, flow);
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setPrefWidth(count == 1 ? 800 : 400);
        return box;
    }

    private void showOptions() {
        options.getChildren().clear();
        for (LabellingViewModel.Option o : vm.options()) {
            Label k = new Label(o.key());
            k.getStyleClass().add("labelling-key");
            Label t = new Label(o.text());
            HBox chip = new HBox(6, k, t);
            chip.setAlignment(Pos.CENTER_LEFT);
            chip.setId("labellingOption" + o.key());
            chip.getStyleClass().add("labelling-option");
            if (o.chosen()) chip.getStyleClass().add("chosen");
            options.getChildren().add(chip);
        }
    }
}
