package org.promptstudio.ui.runs;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import org.promptstudio.model.CallRecord;

/**
 * The recorded calls in a table read a page at a time, with the filters above and the opened call's record beside
 * it. Built in code; binds to {@link CallsViewModel}. The table is virtual: only the rows it shows are asked for.
 */
public final class CallsView {

    private final CallsViewModel vm;
    private final BorderPane root = new BorderPane();

    public CallsView(CallsViewModel vm) {
        this.vm = vm;
        root.setId("callsView");
        root.setTop(filters());
        TableView<CallsViewModel.CallRow> table = table();
        TextArea record = new TextArea();
        record.setId("callRecord");
        record.setEditable(false);
        record.setWrapText(true);
        record.setStyle("-fx-font-family: monospace;");
        record.setPromptText("Select a call to see its whole record.");
        record.textProperty().bind(vm.recordProperty());
        SplitPane split = new SplitPane(table, record);
        split.setDividerPositions(0.64);
        root.setCenter(split);
    }

    public Node node() {
        return root;
    }

    private Node filters() {
        ComboBox<String> prompt = editable("callsPrompt", "Prompt", vm.promptChoices(), vm.promptProperty());
        TextField version = new TextField();
        version.setId("callsVersion");
        version.setPromptText("Version (commit)");
        version.setPrefColumnCount(8);
        version.textProperty().bindBidirectional(vm.versionProperty());
        ComboBox<String> model = editable("callsModel", "Model", vm.modelChoices(), vm.modelProperty());
        TextField run = new TextField();
        run.setId("callsRun");
        run.setPromptText("Run");
        run.setPrefColumnCount(5);
        run.textProperty().bindBidirectional(vm.runProperty());
        CheckBox failed = new CheckBox("Failed only");
        failed.setId("callsFailed");
        failed.selectedProperty().bindBidirectional(vm.failedOnlyProperty());
        CheckBox feedback = new CheckBox("With feedback");
        feedback.setId("callsFeedback");
        feedback.selectedProperty().bindBidirectional(vm.withFeedbackProperty());
        Button apply = new Button("Apply");
        apply.setId("callsApply");
        apply.setDefaultButton(true);
        apply.setOnAction(e -> vm.onApply());
        for (TextField f : new TextField[] {version, run}) f.setOnAction(e -> vm.onApply());
        Label count = new Label();
        count.setId("callsCount");
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.textProperty().bind(Bindings.createStringBinding(() -> String.format("%,d call%s",
                vm.totalProperty().get(), vm.totalProperty().get() == 1 ? "" : "s"), vm.totalProperty()));
        Label error = new Label();
        error.setId("callsError");
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(vm.errorProperty());
        FlowPane bar = new FlowPane(8, 6, prompt, version, model, run, failed, feedback, apply, count, error);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8));
        return bar;
    }

    private static ComboBox<String> editable(String id, String hint, javafx.collections.ObservableList<String> choices,
                                             javafx.beans.property.StringProperty value) {
        ComboBox<String> box = new ComboBox<>(choices);
        box.setId(id);
        box.setEditable(true);
        box.setPromptText(hint);
        box.setPrefWidth(170);
        box.valueProperty().bindBidirectional(value);
        return box;
    }

    private TableView<CallsViewModel.CallRow> table() {
        TableView<CallsViewModel.CallRow> table = new TableView<>();
        table.setId("callsTable");
        table.itemsProperty().bind(vm.rowsProperty());
        table.setPlaceholder(new Label("No recorded calls match."));
        // One fixed row height: the table lays out by arithmetic, not by measuring 100,000 rows.
        table.setFixedCellSize(26);
        double[] widths = {70, 150, 50, 170, 170, 100, 80, 80, 200, 120};
        for (int i = 0; i < CallsViewModel.COLUMNS.size(); i++) {
            int index = i;
            table.getColumns().add(column(CallsViewModel.COLUMNS.get(i), widths[i], c -> vm.cells(c).get(index)));
        }
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> vm.onOpen(row));
        return table;
    }

    /** A column showing {@code value} of the row's call once read, "…" until then. */
    private static TableColumn<CallsViewModel.CallRow, String> column(String title, double width,
                                                                      Function<CallRecord, String> value) {
        TableColumn<CallsViewModel.CallRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(d -> Bindings.createStringBinding(() -> {
            CallRecord call = d.getValue().call();
            return call == null ? "\u2026" : value.apply(call);
        }, d.getValue().callProperty()));
        return c;
    }
}
