package org.promptstudio.ui.editor;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import javafx.stage.Window;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.event.MouseOverTextEvent;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.reactfx.Subscription;
import org.promptstudio.ui.common.AppIcon;
import org.promptstudio.ui.common.Texts;
import org.promptstudio.ui.common.HighlightedText;
import org.promptstudio.ui.editor.EditorViewModel.Analysis;
import org.promptstudio.ui.editor.EditorViewModel.Marker;
import org.promptstudio.ui.editor.Preview.InputField;
import org.promptstudio.ui.editor.Preview.MessageBlock;
import org.promptstudio.ui.editor.Preview.ModelCost;
import org.promptstudio.ui.editor.Preview.Problem;

/**
 * The template editor: a code area with line numbers, colours, problem markers, completion, find and replace, and
 * undo; beside it the live preview with its input form and the token count per model; bars for saving (a commit
 * message) and for a recovery copy. Builds controls, binds them to an {@link EditorViewModel} and forwards events.
 *
 * <p>Shortcuts: Ctrl+S save, Ctrl+F find, Ctrl+H replace, Ctrl+Space complete (also after typing {@code {{}),
 * Ctrl+Z / Ctrl+Y undo and redo (the code area's own), Escape closes a bar or the completion list.
 */
public final class EditorView {

    /** Pause in typing after which colours and preview are worked out. */
    static final Duration SETTLE = Duration.ofMillis(50);
    /** Pause after which the recovery copy is written. */
    static final Duration KEEP_RECOVERY = Duration.ofMillis(800);

    private static final KeyCombination SAVE = new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination REPLACE = new KeyCodeCombination(KeyCode.H, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination COMPLETE = new KeyCodeCombination(KeyCode.SPACE, KeyCombination.SHORTCUT_DOWN);

    private final EditorViewModel vm;
    private final BorderPane root = new BorderPane();
    private final CodeArea area = new CodeArea();
    private final ListView<Problem> problemList = new ListView<>();
    private final TextField commitMessage = new TextField();
    private final HBox saveBar = new HBox(8);
    private final VBox findBar = new VBox(6);
    private final HBox replaceRow = new HBox(6);
    private final TextField findField = new TextField();
    private final TextField replaceField = new TextField();
    private final Label findStatus = new Label();
    private final GridPane inputForm = new GridPane();
    private final VBox messages = new VBox(10);
    private final VBox warnings = new VBox(4);
    private final GridPane tokenTable = new GridPane();
    private final Popup completionPopup = new Popup();
    private final ListView<Completions.Item> completionList = new ListView<>();
    private final Popup markerPopup = new Popup();
    private final Label markerTip = new Label();
    private Completions.Result completion = Completions.Result.NONE;
    private boolean loading;
    private Subscription pauses;

    public EditorView(EditorViewModel vm) {
        this.vm = vm;
        root.setId("editorView");
        root.getStyleClass().add("editor-view");
        root.getStylesheets().add(Objects.requireNonNull(EditorView.class.getResource("editor.css")).toExternalForm());

        SplitPane split = new SplitPane(editorPane(), previewPane());
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.56);
        root.setCenter(split);
        root.setTop(new VBox(header(), loadError(), diskBar(), recoveryBar(), saveBar(), findBar()));
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::shortcut);
        completionSetup();
        markerSetup();

        vm.documentProperty().addListener((obs, old, doc) -> load(doc));
        vm.analysisProperty().addListener((obs, old, a) -> paint(a));
        load(vm.documentProperty().get());
    }

    /** The node to put in a tab or pane. */
    public Parent root() {
        return root;
    }

    /** The code area, for the shell to focus. */
    public CodeArea area() {
        return area;
    }

    /**
     * Asks before closing a file with unsaved changes: Save (opens the save bar, does not close), Discard (drops
     * the changes and the recovery copy) or Cancel. Returns whether the editor may close now; true at once when
     * nothing is unsaved. The shell calls it before closing the tab or the window.
     */
    public boolean confirmClose() {
        return askToClose().map(discard -> {
            discard.run();
            return true;
        }).orElse(false);
    }

    /**
     * Asks as {@link #confirmClose()} does, applying nothing yet: empty when the editor must stay open (Cancel, or
     * Save…, which shows the save bar); else what to run once the close really happens (Discard: the typed text and
     * its recovery copy go; nothing when nothing was unsaved).
     */
    public Optional<Runnable> askToClose() {
        if (!vm.hasUnsavedChanges()) return Optional.of(() -> { });
        ButtonType save = new ButtonType("Save…", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Discard changes", ButtonBar.ButtonData.NO);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, vm.path() + " has unsaved changes.", save, discard,
                ButtonType.CANCEL);
        alert.setHeaderText("Save the changes to " + vm.path() + "?");
        if (root.getScene() != null) alert.initOwner(root.getScene().getWindow());
        Optional<ButtonType> answer = alert.showAndWait();
        if (answer.isPresent() && answer.get() == discard) return Optional.of(vm::onDiscard);
        if (answer.isPresent() && answer.get() == save) showSaveBar();
        return Optional.empty();
    }

    // ---- the editor side

    private Node editorPane() {
        area.setId("editorArea");
        area.getStyleClass().add("editor-area");
        area.setParagraphGraphicFactory(LineNumberFactory.get(area));
        area.setWrapText(true); // prompts are mostly prose
        VirtualizedScrollPane<CodeArea> scroll = new VirtualizedScrollPane<>(area);
        scroll.getStyleClass().add("editor-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);

        area.textProperty().addListener((obs, old, text) -> {
            if (!loading) vm.onEdited(text);
        });
        // The pauses are timed only while the editor is in a showing window (attach/detach, as Bisq 2's views do),
        // so a closed editor's timer never hands work to a runner that has stopped.
        root.sceneProperty().flatMap(Scene::windowProperty).flatMap(Window::showingProperty).orElse(false)
                .addListener((obs, was, showing) -> {
                    if (showing) attach();
                    else detach();
                });
        area.plainTextChanges().subscribe(change -> {
            if (loading) return;
            int end = change.getInsertionEnd();
            if (change.getInserted().endsWith("{") && end >= 2 && area.getText(end - 2, end).equals("{{")) {
                showCompletion(end);
            } else if (completionPopup.isShowing()) {
                showCompletion(area.getCaretPosition());
            }
        });

        problemList.setId("problemsList");
        problemList.getStyleClass().addAll("problems-list", Styles.DENSE);
        problemList.setItems(vm.problems());
        problemList.setCellFactory(l -> new ProblemCell(l));
        // The strip is as tall as its problems, each wrapped at the strip's width, up to a cap; then it scrolls.
        // A label never shown, styled as the strip's lines, measures them.
        WrappingLine probe = new WrappingLine();
        probe.setGraphic(AppIcon.ERROR.icon());
        probe.setManaged(false);
        probe.setVisible(false);
        javafx.beans.binding.DoubleBinding stripHeight = javafx.beans.binding.Bindings.createDoubleBinding(
                () -> problemsHeight(probe, vm.problems(), problemList.getWidth()), vm.problems(),
                problemList.widthProperty(), probe.skinProperty());
        problemList.prefHeightProperty().bind(stripHeight);
        problemList.setMinHeight(Region.USE_PREF_SIZE);
        problemList.managedProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.problems()));
        problemList.visibleProperty().bind(problemList.managedProperty());
        problemList.setOnMouseClicked(e -> {
            Problem p = problemList.getSelectionModel().getSelectedItem();
            if (p != null) goTo(p);
        });
        VBox box = new VBox(scroll, problemList, probe);
        box.getStyleClass().add("editor-pane");
        return box;
    }

    /** The strip's cap: above it, the problems scroll. */
    static final double PROBLEMS_MAX_HEIGHT = 180;

    /** The height the problems strip needs to show {@code all} whole at {@code width}, at most the cap. */
    private static double problemsHeight(Label probe, List<Problem> all, double width) {
        double total = 6; // the list's border and padding
        if (probe.getSkin() == null) return Math.min(PROBLEMS_MAX_HEIGHT, total + 36.0 * all.size());
        for (Problem p : all) {
            probe.setText(p.describe());
            total += probe.prefHeight(Math.max(120, width - 36)) + 8; // the cell's padding
            if (total >= PROBLEMS_MAX_HEIGHT) return PROBLEMS_MAX_HEIGHT;
        }
        return total;
    }

    private Node header() {
        Label title = new Label();
        title.setId("editorTitle");
        title.textProperty().bind(vm.titleProperty());
        title.getStyleClass().add(Styles.TITLE_3);
        title.setGraphic(AppIcon.PROMPT.icon());
        Label path = Texts.fullText(new Label(vm.path()), javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        path.setId("editorPath");
        path.getStyleClass().add(Styles.TEXT_MUTED);
        Label status = new Label();
        status.setId("saveStatus");
        status.textProperty().bind(vm.saveStatusProperty());
        status.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Button save = new Button("Save");
        save.setId("saveButton");
        save.setOnAction(e -> showSaveBar());
        save.disableProperty().bind(vm.canSaveProperty().not());
        // "Save is a commit": a file changed on disk (sed, another editor) is saved though the text equals the disk.
        javafx.scene.control.Tooltip notCommitted = new javafx.scene.control.Tooltip(
                "The file on disk differs from its last commit: Save commits it");
        save.tooltipProperty().bind(javafx.beans.binding.Bindings.when(vm.uncommittedProperty()
                .and(vm.dirtyProperty().not())).then(notCommitted).otherwise((javafx.scene.control.Tooltip) null));
        save.setMinWidth(Region.USE_PREF_SIZE);
        Texts.fullText(title, javafx.scene.control.OverrunStyle.ELLIPSIS);
        Texts.fullText(status, javafx.scene.control.OverrunStyle.ELLIPSIS);
        HBox header = new HBox(12, title, path, new Spacer(), status, save);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("pane-header");
        return header;
    }

    private Node loadError() {
        Label error = new Label();
        error.setId("loadError");
        error.textProperty().bind(vm.loadErrorProperty());
        error.getStyleClass().addAll(Styles.DANGER, "bar");
        error.setGraphic(AppIcon.ERROR.icon());
        error.managedProperty().bind(vm.loadErrorProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        return error;
    }

    /** Says the file changed on disk under unsaved text; the text stays until the user saves or discards it. */
    private Node diskBar() {
        Label message = new Label();
        message.setId("diskNotice");
        message.textProperty().bind(vm.diskNoticeProperty());
        message.setWrapText(true);
        message.setGraphic(AppIcon.INFO.icon());
        Button discard = new Button("Discard my changes");
        discard.setId("discardForDisk");
        discard.setOnAction(e -> vm.onDiscard());
        HBox bar = new HBox(8, message, new Spacer(), discard);
        bar.setId("diskBar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().addAll("bar", "recovery-bar");
        bar.managedProperty().bind(vm.diskNoticeProperty().isNotEmpty());
        bar.visibleProperty().bind(bar.managedProperty());
        return bar;
    }

    private Node recoveryBar() {
        Label message = new Label();
        message.setId("recoveryMessage");
        message.textProperty().bind(vm.recoveryOfferProperty());
        message.setWrapText(true);
        Button restore = new Button("Restore");
        restore.setId("restoreRecovery");
        restore.getStyleClass().add(Styles.ACCENT);
        restore.setOnAction(e -> vm.onRestoreRecovery());
        Button drop = new Button("Discard");
        drop.setId("dropRecovery");
        drop.setOnAction(e -> vm.onDropRecovery());
        HBox bar = new HBox(8, message, new Spacer(), restore, drop);
        bar.setId("recoveryBar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().addAll("bar", "recovery-bar");
        bar.managedProperty().bind(vm.recoveryOfferProperty().isNotEmpty());
        bar.visibleProperty().bind(bar.managedProperty());
        return bar;
    }

    private Node saveBar() {
        Label label = new Label("Commit message");
        commitMessage.setId("commitMessage");
        Texts.hint(commitMessage, "what changed, e.g. \"Shorter answers\"");
        HBox.setHgrow(commitMessage, Priority.ALWAYS);
        Button commit = new Button("Commit");
        commit.setId("commitButton");
        commit.getStyleClass().add(Styles.ACCENT);
        commit.disableProperty().bind(vm.savingProperty());
        commit.setDefaultButton(false);
        commit.setOnAction(e -> vm.onSave(commitMessage.getText()));
        commitMessage.setOnAction(e -> vm.onSave(commitMessage.getText()));
        Button cancel = new Button("Cancel");
        cancel.setId("cancelSave");
        cancel.setOnAction(e -> hideSaveBar());
        Label error = new Label();
        error.setId("saveError");
        error.textProperty().bind(vm.saveErrorProperty());
        error.getStyleClass().add(Styles.DANGER);
        error.setGraphic(AppIcon.ERROR.icon());
        error.setWrapText(true);
        error.managedProperty().bind(vm.saveErrorProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        HBox row = new HBox(8, label, commitMessage, commit, cancel);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(row, Priority.ALWAYS);
        VBox content = new VBox(6, row, error);
        HBox.setHgrow(content, Priority.ALWAYS);
        saveBar.getChildren().add(content);
        saveBar.setId("saveBar");
        saveBar.getStyleClass().addAll("bar", "save-bar");
        saveBar.setManaged(false);
        saveBar.setVisible(false);
        // A save that went through closes the bar; a refusal keeps it open with the reason.
        vm.saveStatusProperty().addListener((obs, old, said) -> {
            if (!said.isEmpty() && vm.saveErrorProperty().get().isEmpty()) {
                commitMessage.clear();
                hideSaveBar();
            }
        });
        return saveBar;
    }

    private void attach() {
        if (pauses != null) return;
        pauses = area.multiPlainChanges().successionEnds(SETTLE).subscribe(ignore -> vm.onSettled())
                .and(area.multiPlainChanges().successionEnds(KEEP_RECOVERY).subscribe(ignore -> vm.onKeepRecovery()));
    }

    private void detach() {
        if (pauses == null) return;
        pauses.unsubscribe();
        pauses = null;
        completionPopup.hide();
        markerPopup.hide();
    }

    private void showSaveBar() {
        saveBar.setManaged(true);
        saveBar.setVisible(true);
        commitMessage.requestFocus();
    }

    private void hideSaveBar() {
        saveBar.setManaged(false);
        saveBar.setVisible(false);
        area.requestFocus();
    }

    private Node findBar() {
        findField.setId("findField");
        Texts.hint(findField, "text to find");
        HBox.setHgrow(findField, Priority.ALWAYS);
        Button next = new Button("Next");
        next.setId("findNext");
        next.setOnAction(e -> findNext());
        findField.setOnAction(e -> findNext());
        findStatus.setId("findStatus");
        findStatus.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        findField.textProperty().addListener((obs, old, t) -> countMatches());
        Button close = new Button("Close");
        close.setId("closeFind");
        close.setOnAction(e -> hideFindBar());
        HBox findRow = new HBox(6, findField, next, findStatus, close);
        findRow.setAlignment(Pos.CENTER_LEFT);

        replaceField.setId("replaceField");
        Texts.hint(replaceField, "replace with");
        HBox.setHgrow(replaceField, Priority.ALWAYS);
        Button one = new Button("Replace");
        one.setId("replaceOne");
        one.setOnAction(e -> replaceOne());
        Button all = new Button("Replace all");
        all.setId("replaceAll");
        all.setOnAction(e -> replaceAll());
        replaceRow.getChildren().addAll(replaceField, one, all);
        replaceRow.setAlignment(Pos.CENTER_LEFT);

        findBar.getChildren().addAll(findRow, replaceRow);
        findBar.setId("findBar");
        findBar.getStyleClass().addAll("bar", "find-bar");
        showFindBar(false, false);
        return findBar;
    }

    private void showFindBar(boolean show, boolean replace) {
        findBar.setManaged(show);
        findBar.setVisible(show);
        replaceRow.setManaged(replace);
        replaceRow.setVisible(replace);
        if (show) {
            String selected = area.getSelectedText();
            if (!selected.isEmpty() && !selected.contains("\n")) findField.setText(selected);
            findField.requestFocus();
            findField.selectAll();
            countMatches();
        }
    }

    private void hideFindBar() {
        showFindBar(false, false);
        area.requestFocus();
    }

    private void countMatches() {
        String needle = findField.getText();
        int n = TextSearch.count(area.getText(), needle);
        findStatus.setText(needle.isEmpty() ? "" : n == 0 ? "no match" : n == 1 ? "1 match" : n + " matches");
    }

    private void findNext() {
        String needle = findField.getText();
        int at = TextSearch.next(area.getText(), needle, area.getSelection().getEnd());
        if (at < 0) {
            findStatus.setText("no match");
            return;
        }
        area.selectRange(at, at + needle.length());
        area.requestFollowCaret();
    }

    private void replaceOne() {
        String needle = findField.getText();
        if (needle.isEmpty()) return;
        if (area.getSelectedText().equalsIgnoreCase(needle)) {
            area.replaceSelection(replaceField.getText());
        }
        findNext();
        countMatches();
    }

    private void replaceAll() {
        String needle = findField.getText();
        int n = TextSearch.count(area.getText(), needle);
        if (n == 0) {
            findStatus.setText("no match");
            return;
        }
        int caret = area.getCaretPosition();
        area.replaceText(TextSearch.replaceAll(area.getText(), needle, replaceField.getText()));
        area.moveTo(Math.min(caret, area.getLength()));
        findStatus.setText("replaced " + n);
    }

    private void shortcut(KeyEvent e) {
        if (SAVE.match(e)) {
            showSaveBar();
        } else if (FIND.match(e)) {
            showFindBar(true, false);
        } else if (REPLACE.match(e)) {
            showFindBar(true, true);
        } else if (COMPLETE.match(e)) {
            area.requestFocus();
            showCompletion(area.getCaretPosition());
        } else if (e.getCode() == KeyCode.ESCAPE) {
            if (completionPopup.isShowing()) completionPopup.hide();
            else if (findBar.isVisible()) hideFindBar();
            else if (saveBar.isVisible()) hideSaveBar();
            else return;
        } else {
            return;
        }
        e.consume();
    }

    private void load(EditorViewModel.Document doc) {
        loading = true;
        try {
            area.replaceText(doc.text());
            area.getUndoManager().forgetHistory();
            area.moveTo(0);
            area.showParagraphAtTop(0);
        } finally {
            loading = false;
        }
        paint(vm.analysisProperty().get());
    }

    private void goTo(Problem p) {
        for (Marker m : vm.analysisProperty().get().markers()) {
            if (m.problem().equals(p) && m.end() <= area.getLength()) {
                area.selectRange(m.start(), m.end());
                area.requestFollowCaret();
                area.requestFocus();
                return;
            }
        }
    }

    /** Colours and markers for the text the area holds; an analysis of older text waits for the next one. */
    private void paint(Analysis a) {
        if (a == null || a.text().isEmpty() || !a.text().equals(area.getText())) return;
        area.setStyleSpans(0, spans(a.highlighting(), a.markers()));
    }

    static StyleSpans<Collection<String>> spans(HighlightedText text, List<Marker> markers) {
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        int at = 0;
        int length = text.text().length();
        for (HighlightedText.Range r : text.ranges()) {
            if (r.start() < at || r.end() > length) continue;
            if (r.start() > at) b.add(Collections.emptyList(), r.start() - at);
            b.add(List.of(r.styleClass()), r.end() - r.start());
            at = r.end();
        }
        b.add(Collections.emptyList(), length - at);
        StyleSpans<Collection<String>> spans = b.create();
        for (Marker m : markers) {
            if (m.end() > length || m.end() <= m.start()) continue;
            String style = m.problem().severity() == Problem.Severity.ERROR ? "error-marker" : "warning-marker";
            StyleSpansBuilder<Collection<String>> mark = new StyleSpansBuilder<>();
            if (m.start() > 0) mark.add(Collections.emptyList(), m.start());
            mark.add(List.of(style), m.end() - m.start());
            if (length > m.end()) mark.add(Collections.emptyList(), length - m.end());
            spans = spans.overlay(mark.create(), (base, extra) -> {
                if (extra.isEmpty()) return base;
                List<String> both = new ArrayList<>(base);
                both.addAll(extra);
                return both;
            });
        }
        return spans;
    }

    private void markerSetup() {
        markerTip.setId("markerTooltip");
        markerTip.getStyleClass().add("marker-tooltip");
        markerTip.setWrapText(true);
        markerTip.setMaxWidth(520);
        markerPopup.getContent().add(themed(new javafx.scene.layout.StackPane(markerTip)));
        markerPopup.setAutoHide(true);
        area.setMouseOverTextDelay(Duration.ofMillis(350));
        area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_BEGIN, e -> {
            int at = e.getCharacterIndex();
            for (Marker m : vm.analysisProperty().get().markers()) {
                if (at >= m.start() && at < m.end()) {
                    markerTip.setText(m.problem().describe());
                    markerPopup.show(area, e.getScreenPosition().getX(), e.getScreenPosition().getY() + 14);
                    return;
                }
            }
        });
        area.addEventHandler(MouseOverTextEvent.MOUSE_OVER_TEXT_END, e -> markerPopup.hide());
    }

    /** A popup's content gets the theme's colour variables (AtlantaFX sets them on .root) and the editor's rules. */
    private static Parent themed(Parent top) {
        top.getStyleClass().add("root");
        top.getStylesheets().add(Objects.requireNonNull(EditorView.class.getResource("editor.css")).toExternalForm());
        return top;
    }

    /** The message of the marker that covers {@code offset}, as its tooltip says it; empty when none. */
    String markerMessageAt(int offset) {
        for (Marker m : vm.analysisProperty().get().markers()) {
            if (offset >= m.start() && offset < m.end()) return m.problem().describe();
        }
        return "";
    }

    // ---- completion

    private void completionSetup() {
        completionList.setId("completionList");
        completionList.getStyleClass().addAll("completion-list", Styles.DENSE);
        completionList.setPrefSize(380, 200);
        completionList.setCellFactory(l -> new CompletionCell());
        completionList.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) acceptCompletion();
        });
        completionPopup.getContent().add(themed(new javafx.scene.layout.StackPane(completionList)));
        completionPopup.setAutoHide(true);
        // While a popup shows, JavaFX hands the owner window's key events to the popup first: both listen.
        completionPopup.addEventFilter(KeyEvent.KEY_PRESSED, this::completionKey);
        area.addEventFilter(KeyEvent.KEY_PRESSED, this::completionKey);
    }

    private void completionKey(KeyEvent e) {
        if (!completionPopup.isShowing() || e.isConsumed()) return;
        switch (e.getCode()) {
            case DOWN -> completionList.getSelectionModel().selectNext();
            case UP -> completionList.getSelectionModel().selectPrevious();
            case ENTER, TAB -> acceptCompletion();
            case ESCAPE -> completionPopup.hide();
            default -> {
                return;
            }
        }
        e.consume();
    }

    private void showCompletion(int caret) {
        vm.onEdited(area.getText()); // the area's listeners run in no fixed order: the model sees this text first
        completion = vm.completions(caret);
        if (completion.isEmpty()) {
            completionPopup.hide();
            return;
        }
        completionList.getItems().setAll(completion.items());
        completionList.getSelectionModel().selectFirst();
        completionList.scrollTo(0);
        if (completionPopup.isShowing()) return;
        Optional<Bounds> caretBounds = area.getCaretBounds();
        Bounds b = caretBounds.orElseGet(() -> area.localToScreen(area.getBoundsInLocal()));
        if (b == null || area.getScene() == null) return;
        completionPopup.show(area, b.getMinX(), b.getMaxY() + 2);
    }

    private void acceptCompletion() {
        Completions.Item item = completionList.getSelectionModel().getSelectedItem();
        completionPopup.hide();
        if (item == null || completion.from() < 0) return;
        int caret = area.getCaretPosition();
        if (caret != completion.caret()) completion = vm.completions(caret);
        if (completion.from() < 0) return;
        String insert = Completions.insertion(item, area.getText(), completion.caret());
        area.replaceText(completion.from(), completion.caret(), insert);
        area.moveTo(completion.from() + insert.length());
        area.requestFocus();
    }

    /** Whether the completion list is up, and its items: for tests. */
    List<Completions.Item> shownCompletions() {
        return completionPopup.isShowing() ? List.copyOf(completionList.getItems()) : List.of();
    }

    // ---- the preview side

    private Node previewPane() {
        ComboBox<String> dataset = new ComboBox<>(vm.datasets());
        dataset.setId("datasetPicker");
        dataset.promptTextProperty().bind(javafx.beans.binding.Bindings.when(
                javafx.beans.binding.Bindings.isEmpty(vm.datasets())).then("No dataset in the workspace")
                .otherwise("Choose a dataset"));
        dataset.valueProperty().addListener((obs, old, name) -> vm.onDatasetChosen(name));
        ComboBox<DatasetRow> row = new ComboBox<>(vm.rows());
        row.setId("rowPicker");
        row.promptTextProperty().bind(javafx.beans.binding.Bindings.when(dataset.valueProperty().isNull())
                .then("Choose a row").otherwise(javafx.beans.binding.Bindings.when(
                        javafx.beans.binding.Bindings.isEmpty(vm.rows())).then("No row loaded").otherwise("Choose a row")));
        row.setMaxWidth(220);
        row.valueProperty().addListener((obs, old, r) -> vm.onRowChosen(r));
        // Each picker keeps the width of its prompt ("Choose a dataset"): in a narrow pane the row goes under.
        javafx.scene.layout.FlowPane pickers = Texts.wrappingBar(8, dataset, row);
        pickers.setId("pickers");

        inputForm.setId("inputForm");
        inputForm.getStyleClass().add("input-form");
        inputForm.setHgap(10);
        inputForm.setVgap(6);
        ColumnConstraints keys = new ColumnConstraints();
        // Names as long as they are, up to a third of the form; longer ones end in "…" with the name as tooltip.
        keys.setMinWidth(60);
        keys.maxWidthProperty().bind(inputForm.widthProperty().divide(3).map(w -> Math.max(90, w.doubleValue())));
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        inputForm.getColumnConstraints().addAll(keys, values);
        vm.fields().addListener((ListChangeListener<InputField>) c -> fillForm());
        vm.inputs().addListener((MapChangeListener<String, Object>) c -> syncForm());

        messages.setId("previewMessages");
        messages.getStyleClass().add("rendered-preview");
        vm.messages().addListener((ListChangeListener<MessageBlock>) c -> fillMessages());
        Label empty = new Label();
        empty.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> hasErrors()
                ? "No preview while the template has errors: see the problems under the editor."
                : "The template renders no message.", vm.problems()));
        empty.setId("previewEmpty");
        empty.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_ITALIC);
        empty.setWrapText(true);
        empty.managedProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.messages())
                .and(vm.loadedProperty()));
        empty.visibleProperty().bind(empty.managedProperty());

        warnings.setId("previewWarnings");
        vm.problems().addListener((ListChangeListener<Problem>) c -> fillWarnings());

        tokenTable.setId("tokenTable");
        tokenTable.getStyleClass().add("token-table");
        tokenTable.setHgap(16);
        tokenTable.setVgap(4);
        vm.costs().addListener((ListChangeListener<ModelCost>) c -> fillCosts());

        Label noCosts = new Label();
        noCosts.setId("tokensEmpty");
        noCosts.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> hasErrors()
                ? "No count while the template has errors: only a prompt that renders can be counted."
                : vm.messages().isEmpty() ? "No count: the template renders no message."
                : "No count: the workspace has no model (add one under models: in studio.yaml).", vm.problems(), vm.messages()));
        noCosts.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_ITALIC);
        noCosts.setWrapText(true);
        noCosts.managedProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.costs()).and(vm.loadedProperty()));
        noCosts.visibleProperty().bind(noCosts.managedProperty());

        VBox content = new VBox(8, sectionTitle("Inputs"), pickers, inputForm, sectionTitle("Preview"), warnings,
                empty, messages, sectionTitle("Tokens and cost (input)"), noCosts, tokenTable);
        content.setPadding(new Insets(0, 16, 16, 16));
        content.getStyleClass().add("preview-content");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setId("previewPane");
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("preview-scroll");
        fillForm();
        fillMessages();
        fillCosts();
        return scroll;
    }

    private boolean hasErrors() {
        return vm.problems().stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    private static Label sectionTitle(String text) {
        Label label = new Label(text);
        label.getStyleClass().addAll(Styles.TITLE_4, "section-title");
        return label;
    }

    private void fillForm() {
        inputForm.getChildren().clear();
        int r = 0;
        for (InputField f : vm.fields()) {
            Label key = new Label(f.name() + (f.required() ? "" : "?"));
            key.getStyleClass().add("input-key");
            key.setId("key-" + f.name());
            key.setMinWidth(40);
            Texts.fullText(key, javafx.scene.control.OverrunStyle.ELLIPSIS);
            String tip = (f.type().isEmpty() ? "" : f.type()) + (f.description().isEmpty() ? "" : " — " + f.description());
            Node editor;
            if (f.type().equals("boolean")) {
                CheckBox box = new CheckBox(f.description());
                box.setSelected(Boolean.TRUE.equals(valueOf(f)));
                box.selectedProperty().addListener((obs, old, on) -> vm.onInput(f.name(), on));
                editor = box;
            } else if (f.type().equals("enum")) {
                ComboBox<String> choice = new ComboBox<>();
                choice.getItems().setAll(f.choices());
                choice.setValue(String.valueOf(valueOf(f)));
                choice.valueProperty().addListener((obs, old, v) -> vm.onInput(f.name(), v));
                editor = choice;
            } else if (f.isScalar()) {
                TextField field = new TextField(text(vm.inputs().get(f.name())));
                // A hint, never a value: "e.g. …" in muted italics, so an empty input does not pass for a set one.
                // The preview's stand-in "<question>" is no example: then the description, or the name, says it.
                String example = text(f.example());
                boolean real = !example.isEmpty() && !example.equals("<" + f.name() + ">");
                String about = f.description().isEmpty() ? "" : f.description();
                Texts.hint(field, real ? "e.g. " + example + (about.isEmpty() ? "" : " — " + about)
                        : about.isEmpty() ? "value of " + f.name() : about);
                field.textProperty().addListener((obs, old, v) -> {
                    if (!v.equals(text(vm.inputs().get(f.name())))) vm.onInput(f.name(), v);
                });
                editor = field;
            } else {
                Label fixed = new Label(text(valueOf(f)));
                fixed.getStyleClass().addAll(Styles.TEXT_MUTED, "input-fixed");
                fixed.setWrapText(true);
                editor = fixed;
            }
            editor.setId("input-" + f.name());
            if (editor instanceof javafx.scene.control.Control c && !tip.isEmpty()) {
                c.setTooltip(new javafx.scene.control.Tooltip(tip));
            }
            if (editor instanceof javafx.scene.layout.Region region) region.setMaxWidth(Double.MAX_VALUE);
            inputForm.addRow(r++, key, editor);
        }
        if (r == 0) {
            Label none = new Label("The front matter declares no input.");
            none.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            inputForm.add(none, 0, 0, 2, 1);
        }
    }

    private Object valueOf(InputField f) {
        Object v = vm.inputs().get(f.name());
        return v != null ? v : f.example();
    }

    /** A dataset row (or a form edit) changed the inputs: the form shows them without a preview per field. */
    private void syncForm() {
        for (InputField f : vm.fields()) {
            Node n = inputForm.lookup("#input-" + f.name());
            Object v = vm.inputs().get(f.name());
            if (n instanceof TextField t && !t.getText().equals(text(v))) t.setText(text(v));
            else if (n instanceof CheckBox c) c.setSelected(Boolean.TRUE.equals(v != null ? v : f.example()));
            else if (n instanceof Label l) l.setText(text(valueOf(f)));
        }
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private void fillMessages() {
        messages.getChildren().clear();
        for (MessageBlock m : vm.messages()) {
            Label role = new Label(m.role().toUpperCase(Locale.ROOT), AppIcon.forRole(m.role()).icon());
            role.getStyleClass().add("message-role");
            VBox block = new VBox(6, role);
            block.getStyleClass().addAll("message-block", "role-" + m.role());
            for (Preview.Line line : m.lines()) block.getChildren().add(lineNode(line));
            messages.getChildren().add(block);
        }
    }

    private static Node lineNode(Preview.Line line) {
        switch (line.kind()) {
            case MEDIA: {
                Hyperlink link = new Hyperlink(line.text(), AppIcon.LINK.icon());
                link.getStyleClass().add("message-media");
                link.setFocusTraversable(false);
                return link;
            }
            case PENDING: {
                Label pending = new Label(line.text(), AppIcon.PENDING.icon());
                pending.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_ITALIC, "message-pending");
                return pending;
            }
            default: {
                Label text = new Label(line.text());
                text.setWrapText(true);
                text.setMinHeight(Label.USE_PREF_SIZE);
                text.getStyleClass().add("message-text");
                return text;
            }
        }
    }

    private void fillWarnings() {
        warnings.getChildren().clear();
        for (Problem p : vm.problems()) {
            if (p.severity() != Problem.Severity.WARNING) continue;
            Label w = new Label(p.describe(), AppIcon.ERROR.icon());
            w.getStyleClass().addAll(Styles.WARNING, "preview-warning");
            w.setWrapText(true);
            warnings.getChildren().add(w);
        }
    }

    private void fillCosts() {
        tokenTable.getChildren().clear();
        int r = 0;
        for (ModelCost c : vm.costs()) {
            Label model = new Label(c.modelId());
            model.getStyleClass().add("cost-model");
            Label tokens = new Label((c.exact() ? "" : "≈") + c.tokens() + " tokens");
            tokens.setId("tokens-" + c.modelId());
            Label cost = new Label(c.costText());
            cost.getStyleClass().add(Styles.TEXT_MUTED);
            tokenTable.addRow(r++, model, tokens, cost);
        }
    }

    /** A problem line: its place and message, an error or warning icon. */
    private static final class ProblemCell extends ListCell<Problem> {
        private final Label line = new WrappingLine();

        ProblemCell(ListView<Problem> list) {
            // A long parser message wraps at the strip's width rather than running off its right edge: the line is
            // as wide as the list, so its height is worked out for that width.
            line.setWrapText(true);
            line.prefWidthProperty().bind(list.widthProperty().subtract(36));
            line.setMinHeight(Region.USE_PREF_SIZE);
            prefWidthProperty().bind(list.widthProperty().subtract(20));
            setMaxWidth(USE_PREF_SIZE);
        }

        /** As tall as the wrapped line at the width it is given, so the list places the next cell below it. */
        @Override
        protected double computePrefHeight(double width) {
            if (getGraphic() == null) return super.computePrefHeight(width);
            line.applyCss();
            return snappedTopInset() + line.prefHeight(line.getPrefWidth()) + snappedBottomInset();
        }

        @Override
        protected double computeMinHeight(double width) {
            return computePrefHeight(width);
        }

        @Override
        protected void updateItem(Problem p, boolean empty) {
            super.updateItem(p, empty);
            if (empty || p == null) {
                setText(null);
                setGraphic(null);
                getStyleClass().removeAll("problem-error", "problem-warning");
                return;
            }
            setText(null);
            line.setText(p.describe());
            line.setGraphic(AppIcon.ERROR.icon());
            setGraphic(line);
            getStyleClass().removeAll("problem-error", "problem-warning");
            getStyleClass().add(p.severity() == Problem.Severity.ERROR ? "problem-error" : "problem-warning");
        }
    }

    /**
     * A label that wraps at its preferred width and says how tall that makes it. A plain wrapping label asked for its
     * height without a width (a cell asks its graphic so) answers one line: the cell then is one line tall and the
     * second line is drawn over the next problem (finding 1 of issue 11's trial).
     */
    static final class WrappingLine extends Label {
        WrappingLine() {
            setWrapText(true);
            setMinHeight(Region.USE_PREF_SIZE);
        }

        @Override
        protected double computePrefHeight(double width) {
            return super.computePrefHeight(width < 0 && getPrefWidth() > 0 ? getPrefWidth() : width);
        }

        @Override
        protected double computeMinHeight(double width) {
            return computePrefHeight(width);
        }
    }

    /** A suggestion: its name and, muted, what it is. */
    private static final class CompletionCell extends ListCell<Completions.Item> {
        @Override
        protected void updateItem(Completions.Item item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            Label name = new Label(item.label());
            name.getStyleClass().add("completion-name");
            Label detail = new Label(item.kind().name().toLowerCase(Locale.ROOT)
                    + (item.detail() == null || item.detail().isEmpty() ? "" : " · " + item.detail()));
            detail.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            HBox box = new HBox(8, name, detail);
            box.setAlignment(Pos.CENTER_LEFT);
            setText(null);
            setGraphic(box);
        }
    }
}
