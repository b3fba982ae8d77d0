package org.promptstudio.ui.playground;

import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import java.util.List;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.promptstudio.ui.playground.PlaygroundViewModel.Bubble;
import org.promptstudio.ui.playground.PlaygroundViewModel.Column;

/**
 * The playground, built in code: a bar to choose the prompt, its version and the models (one column each), with Save
 * as run and Add to dataset's target (the dataset and the case's split); the prompt's input variables on the left;
 * one message list per model, side by side, where answers grow as they stream and each shows its latency, tokens,
 * cost and checks; the input box with Send and Stop at the bottom. A user message offers Edit and Resend, an answer offers Add to dataset. Binds to a
 * {@link PlaygroundViewModel} and forwards events to it.
 */
public final class PlaygroundView {

    private final PlaygroundViewModel vm;
    private final BorderPane root = new BorderPane();
    private final HBox columns = new HBox();

    /** Builds the view for {@code vm}; call {@link PlaygroundViewModel#onActivate()} when it is shown. */
    public PlaygroundView(PlaygroundViewModel vm) {
        this.vm = vm;
        root.setId("playgroundView");
        root.getStylesheets().add(Objects.requireNonNull(PlaygroundView.class.getResource("playground.css"))
                .toExternalForm());
        org.promptstudio.ui.common.CheckBadges.styleBelow(root);
        root.setTop(bar());
        TextArea input = new TextArea();
        input.setId("playgroundInput");
        input.textProperty().bindBidirectional(vm.inputProperty());
        Label inputTitle = new Label("Input variables");
        inputTitle.getStyleClass().add("playground-column-title");
        // a text area's own prompt text loses its line breaks: the lines are drawn over the empty box instead
        javafx.scene.layout.StackPane inputBox = org.promptstudio.ui.common.Placeholder.over(input,
                "name: value\n(the prompt's input variables)");
        VBox left = new VBox(4, inputTitle, inputBox);
        left.setPadding(new javafx.geometry.Insets(8));
        VBox.setVgrow(inputBox, Priority.ALWAYS);
        columns.setId("playgroundColumns");
        columns.getStyleClass().add("playground-columns");
        vm.columns().addListener((ListChangeListener<Column>) c -> buildColumns());
        buildColumns();
        SplitPane split = new SplitPane(left, columns);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.22);
        root.setCenter(split);
        root.setBottom(inputBox());
    }

    /** The view, to put in a tab or a window. */
    public Node node() {
        return root;
    }

    private Node bar() {
        ComboBox<String> prompt = new ComboBox<>(vm.promptChoices());
        prompt.setId("playgroundPrompt");
        prompt.setPromptText("Prompt");
        prompt.setPrefWidth(170);
        prompt.setValue(vm.promptProperty().get().isBlank() ? null : vm.promptProperty().get());
        vm.promptProperty().addListener((o, was, now) -> prompt.setValue(now == null || now.isBlank() ? null : now));
        prompt.valueProperty().addListener((o, was, now) -> vm.onChoosePrompt(now));
        TextField version = new TextField();
        version.setId("playgroundVersion");
        version.setPrefColumnCount(8);
        version.setPromptText("working");
        version.textProperty().bindBidirectional(vm.versionProperty());
        MenuButton models = modelMenu();
        TextField dataset = new TextField();
        dataset.setId("playgroundDataset");
        dataset.setPrefColumnCount(8);
        dataset.textProperty().bindBidirectional(vm.datasetProperty());
        ComboBox<String> split = new ComboBox<>(vm.splitChoices());
        split.setId("playgroundSplit");
        split.setPrefWidth(150);
        split.setValue(vm.splitProperty().get());
        split.valueProperty().addListener((o, was, now) -> {
            if (now != null) vm.splitProperty().set(now);
        });
        vm.splitProperty().addListener((o, was, now) -> split.setValue(now));
        Button save = new Button("Save as run");
        save.setId("playgroundSave");
        save.disableProperty().bind(vm.runningProperty().or(vm.turnCountProperty().isEqualTo(0)));
        save.setOnAction(e -> vm.onSaveAsRun(""));
        HBox choose = new HBox(8, new Label("Prompt"), prompt, new Label("Version"), version, models);
        HBox keep = new HBox(8, new Label("Dataset"), dataset, new Label("Split"), split, save);
        for (HBox group : List.of(choose, keep)) {
            group.setAlignment(Pos.CENTER_LEFT);
            // every control keeps its width: a window too narrow for one line puts the dataset's group on a second
            for (Node n : group.getChildren()) {
                ((javafx.scene.layout.Region) n).setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        }
        models.setMinWidth(120); // long lists of models are cut in the button; its menu shows them all
        models.setMaxWidth(260);
        FlowPane bar = new FlowPane(24, 6, choose, keep);
        bar.getStyleClass().add("playground-bar");
        return bar;
    }

    private MenuButton modelMenu() {
        MenuButton menu = new MenuButton("Models");
        menu.setId("playgroundModels");
        Runnable rebuild = () -> {
            menu.getItems().clear();
            for (String c : vm.modelChoices()) {
                CheckMenuItem item = new CheckMenuItem(c);
                item.setId("playgroundModels-" + c);
                item.setSelected(vm.models().contains(c));
                item.selectedProperty().addListener((o, was, now) -> {
                    if (now && !vm.models().contains(c)) vm.models().add(c);
                    if (!now) vm.models().remove(c);
                });
                menu.getItems().add(item);
            }
        };
        Runnable title = () -> menu.setText("Models" + (vm.models().isEmpty() ? "" : ": "
                + String.join(", ", vm.models())));
        vm.modelChoices().addListener((ListChangeListener<String>) c -> rebuild.run());
        vm.models().addListener((ListChangeListener<String>) c -> {
            title.run();
            for (var item : menu.getItems()) {
                if (item instanceof CheckMenuItem check) check.setSelected(vm.models().contains(check.getText()));
            }
        });
        rebuild.run();
        title.run();
        return menu;
    }

    private Node inputBox() {
        TextArea draft = new TextArea();
        draft.setId("playgroundDraft");
        draft.setPrefRowCount(3);
        draft.setWrapText(true);
        draft.setPromptText("Message (Ctrl+Enter sends)");
        draft.textProperty().bindBidirectional(vm.draftProperty());
        draft.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
                vm.onSend();
                e.consume();
            }
        });
        HBox.setHgrow(draft, Priority.ALWAYS);
        Button send = new Button("Send");
        send.setId("playgroundSend");
        send.setDefaultButton(false);
        send.disableProperty().bind(vm.runningProperty());
        send.setOnAction(e -> vm.onSend());
        Button stop = new Button("Stop");
        stop.setId("playgroundStop");
        stop.disableProperty().bind(vm.runningProperty().not());
        stop.setOnAction(e -> vm.onStop());
        Button cancelEdit = new Button("Cancel edit");
        cancelEdit.setId("playgroundCancelEdit");
        cancelEdit.visibleProperty().bind(vm.editingProperty().greaterThanOrEqualTo(0));
        cancelEdit.managedProperty().bind(cancelEdit.visibleProperty());
        cancelEdit.setOnAction(e -> vm.onCancelEdit());
        VBox buttons = new VBox(6, send, stop, cancelEdit);
        Label status = new Label();
        status.setId("playgroundStatus");
        status.getStyleClass().add("playground-status");
        status.textProperty().bind(vm.messageProperty());
        Label error = new Label();
        error.setId("playgroundError");
        error.getStyleClass().add("playground-error");
        error.textProperty().bind(vm.errorProperty());
        HBox row = new HBox(8, draft, buttons);
        VBox box = new VBox(4, row, new HBox(12, status, error));
        box.getStyleClass().add("playground-input-box");
        return box;
    }

    private void buildColumns() {
        columns.getChildren().clear();
        if (vm.columns().isEmpty()) {
            Label hint = new Label("Choose a prompt and one or more models, type a message, then Send.");
            hint.setId("playgroundHint");
            columns.getChildren().add(hint);
            return;
        }
        for (Column c : vm.columns()) {
            Label title = new Label(c.model());
            title.getStyleClass().add("playground-column-title");
            ListView<Bubble> list = new ListView<>(c.messages());
            list.setId("playgroundColumn-" + c.index());
            list.setCellFactory(v -> new BubbleCell(c.index()));
            list.setFocusTraversable(false);
            // the newest message in view as it grows
            c.messages().addListener((ListChangeListener<Bubble>) ch -> {
                if (!c.messages().isEmpty()) list.scrollTo(c.messages().size() - 1);
            });
            VBox column = new VBox(title, list);
            VBox.setVgrow(list, Priority.ALWAYS);
            HBox.setHgrow(column, Priority.ALWAYS);
            column.setPrefWidth(200);
            columns.getChildren().add(column);
        }
    }

    /** One message: its text (wrapped), then its metrics and its actions. */
    private final class BubbleCell extends ListCell<Bubble> {
        private final int column;

        BubbleCell(int column) {
            this.column = column;
            setPrefWidth(0); // wraps to the list's width instead of widening it
        }

        @Override
        protected void updateItem(Bubble b, boolean empty) {
            super.updateItem(b, empty);
            setText(null);
            if (empty || b == null) {
                setGraphic(null);
                return;
            }
            if (b.kind() == PlaygroundViewModel.Kind.TOOL_CALL || b.kind() == PlaygroundViewModel.Kind.TOOL_RESULT) {
                setGraphic(toolBubble(b));
                return;
            }
            // shown without the blank lines a template leaves around a message; the answer itself is kept as written
            Label text = new Label(b.status() == PlaygroundViewModel.Status.FAILED ? b.error() : b.text().strip());
            text.setWrapText(true);
            text.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // the whole answer, wrapped, never cut
            text.setId("playgroundText-" + column + "-" + b.turn() + (b.user() ? "-user" : "-model"));
            if (b.status() == PlaygroundViewModel.Status.FAILED) text.getStyleClass().add("playground-failed");
            HBox actions = new HBox(8);
            actions.setAlignment(Pos.CENTER_LEFT);
            if (b.user() && b.error() != null) {
                Label blocked = new Label(b.error());
                blocked.setId("playgroundBlocked-" + column + "-" + b.turn());
                blocked.getStyleClass().add("playground-failed");
                actions.getChildren().add(blocked);
            }
            if (b.user()) {
                Hyperlink edit = new Hyperlink("Edit");
                edit.setId("playgroundEdit-" + b.turn());
                edit.setOnAction(e -> vm.onEdit(b.turn()));
                Hyperlink resend = new Hyperlink("Resend");
                resend.setId("playgroundResend-" + b.turn());
                resend.setOnAction(e -> vm.onResend(b.turn()));
                edit.disableProperty().bind(vm.runningProperty());
                resend.disableProperty().bind(vm.runningProperty());
                actions.getChildren().addAll(edit, resend);
            } else {
                Label metrics = new Label(b.status() == PlaygroundViewModel.Status.STREAMING ? "streaming\u2026"
                        : b.metrics());
                metrics.getStyleClass().add("playground-metrics");
                metrics.setId("playgroundMetrics-" + column + "-" + b.turn());
                actions.getChildren().add(metrics);
                if (b.status() == PlaygroundViewModel.Status.DONE) {
                    Hyperlink keep = new Hyperlink("Add to dataset");
                    keep.setId("playgroundKeep-" + column + "-" + b.turn());
                    keep.setOnAction(e -> vm.onAddToDataset(b.turn(), column));
                    actions.getChildren().add(keep);
                }
            }
            VBox box = new VBox(2, text, actions);
            if (!b.badges().isEmpty()) box.getChildren().add(1, checks(b));
            box.getStyleClass().add(b.user() ? "playground-user" : "playground-model");
            box.maxWidthProperty().bind(widthProperty().subtract(24));
            text.maxWidthProperty().bind(widthProperty().subtract(36));
            setGraphic(box);
        }

        /**
         * An answer's checks as the grid shows them ({@code ✓ json-schema}, {@code ✗ json-schema}), each failed one's
         * reason on its own line below (a schema's names the path of the first violation), all of them in a tooltip.
         */
        private Node checks(Bubble b) {
            HBox badges = new HBox(4);
            badges.setId("playgroundChecks-" + column + "-" + b.turn());
            VBox box = new VBox(2, badges);
            StringBuilder why = new StringBuilder();
            for (int i = 0; i < b.badges().size(); i++) {
                PlaygroundViewModel.Badge badge = b.badges().get(i);
                // the check's place in the answer's list: two checks of one type (two 'contains') keep ids of their own
                String key = column + "-" + b.turn() + "-" + i + "-" + badge.type();
                Label l = new Label((badge.pass() ? "\u2713 " : "\u2717 ") + badge.type());
                l.setId("playgroundBadge-" + key);
                l.getStyleClass().add("playground-badge");
                org.promptstudio.ui.common.CheckBadges.show(l, badge.pass());
                badges.getChildren().add(l);
                String reason = badge.reason() == null ? "" : badge.reason();
                why.append(why.length() == 0 ? "" : "\n").append(l.getText()).append(reason.isBlank() ? "" : ": " + reason);
                if (!badge.pass() && !reason.isBlank()) {
                    Label r = new Label(reason);
                    r.setId("playgroundCheckReason-" + key);
                    r.getStyleClass().add("playground-check-reason");
                    r.setWrapText(true);
                    r.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
                    r.maxWidthProperty().bind(widthProperty().subtract(36));
                    box.getChildren().add(r);
                }
            }
            javafx.scene.control.Tooltip.install(badges, new javafx.scene.control.Tooltip(why.toString()));
            return box;
        }

        /**
         * A tool call (the tool's name, its arguments as JSON) with, while the model waits on it, a box for the
         * result and Send result; or a tool's result.
         */
        private Node toolBubble(Bubble b) {
            boolean call = b.kind() == PlaygroundViewModel.Kind.TOOL_CALL;
            String id = column + "-" + b.ref();
            Label title = new Label(call ? "Tool call: " + b.call().substring(0, b.call().indexOf('('))
                    : "Result of " + b.call());
            title.getStyleClass().add("playground-tool-title");
            Label body = new Label(b.text());
            body.setId((call ? "playgroundToolCall-" : "playgroundToolResult-") + id);
            body.getStyleClass().add("playground-json");
            body.setWrapText(true);
            body.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            body.maxWidthProperty().bind(widthProperty().subtract(36));
            VBox box = new VBox(2, title, body);
            if (call && !b.metrics().isEmpty()) {
                Label metrics = new Label(b.metrics());
                metrics.getStyleClass().add("playground-metrics");
                metrics.setId("playgroundMetrics-" + column + "-" + b.turn());
                box.getChildren().add(metrics);
            }
            if (call && b.status() == PlaygroundViewModel.Status.WAITING) {
                Label ask = new Label("Result of " + b.call());
                ask.setWrapText(true);
                ask.maxWidthProperty().bind(widthProperty().subtract(36));
                TextArea result = new TextArea(vm.resultDraft(column, b.ref()));
                result.setId("playgroundResult-" + id);
                result.setPrefRowCount(2);
                result.setWrapText(true);
                result.setPromptText("JSON or plain text");
                result.textProperty().addListener((o, was, now) -> vm.onResultDraft(column, b.ref(), now));
                Button send = new Button("Send result");
                send.setId("playgroundSendResult-" + id);
                send.disableProperty().bind(vm.runningProperty());
                send.setOnAction(e -> vm.onSendToolResult(column, b.ref(), result.getText()));
                VBox resultBox = new VBox(ask, result, send);
                resultBox.getStyleClass().add("playground-result-box");
                box.getChildren().add(resultBox);
            }
            box.getStyleClass().add("playground-tool");
            box.maxWidthProperty().bind(widthProperty().subtract(24));
            return box;
        }
    }
}
