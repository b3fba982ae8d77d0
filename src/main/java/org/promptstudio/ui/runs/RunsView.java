package org.promptstudio.ui.runs;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The run list with its filters above, and below it the selected run's scoreboard, its cases as a grid, and its
 * comparison with a baseline run. Built in code; binds to {@link RunsViewModel}, never calls a service.
 */
public final class RunsView {

    private final RunsViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TableView<RunsViewModel.RunRow> runs = new TableView<>();
    private final TableView<RunsViewModel.CaseRow> grid = new TableView<>();

    public RunsView(RunsViewModel vm) {
        this.vm = vm;
        root.setId("runsView");
        root.setTop(filters());
        SplitPane split = new SplitPane(runTable(), details());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.38);
        root.setCenter(split);
        Label error = new Label();
        error.setId("runsError");
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(vm.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.setPadding(new Insets(4, 8, 4, 8));
        root.setBottom(error);
    }

    public Node node() {
        return root;
    }

    private Node filters() {
        TextField experiment = new TextField();
        experiment.setId("runsExperimentFilter");
        experiment.setPromptText("Prompt or experiment");
        experiment.textProperty().bindBidirectional(vm.experimentFilterProperty());
        ComboBox<String> state = combo("runsStateFilter", vm.stateChoices(), vm.stateFilterProperty());
        ComboBox<String> kind = combo("runsKindFilter", vm.kindChoices(), vm.kindFilterProperty());
        ComboBox<String> model = combo("runsModelFilter", vm.modelChoices(), vm.modelFilterProperty());
        TextField text = new TextField();
        text.setId("runsTextFilter");
        text.setPromptText("Any text");
        HBox.setHgrow(text, Priority.ALWAYS);
        Button refresh = new Button("Refresh");
        refresh.setId("runsRefresh");
        refresh.setOnAction(e -> vm.onRefresh());
        text.textProperty().bindBidirectional(vm.textFilterProperty());
        Button grid = new Button("Open in grid");
        grid.setId("runsOpenGrid");
        grid.disableProperty().bind(vm.selectedProperty().isNull());
        grid.setVisible(vm.canOpenInGrid());
        grid.setManaged(vm.canOpenInGrid());
        grid.setOnAction(e -> vm.onOpenInGrid());
        FlowPane bar = new FlowPane(8, 6, experiment, new Label("State"), state, new Label("Kind"), kind,
                new Label("Model"), model, text, refresh, grid);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8));
        return bar;
    }

    private static ComboBox<String> combo(String id, javafx.collections.ObservableList<String> choices,
                                          javafx.beans.property.StringProperty value) {
        ComboBox<String> box = new ComboBox<>(choices);
        box.setId(id);
        box.valueProperty().bindBidirectional(value);
        return box;
    }

    private Node runTable() {
        runs.setId("runsTable");
        runs.setItems(vm.runs());
        runs.setPlaceholder(new Label("No runs recorded yet (run an experiment: studio run EXPERIMENT)."));
        runs.getColumns().add(column("Run", 60, r -> String.valueOf(r.id())));
        runs.getColumns().add(column("Experiment", 200, RunsViewModel.RunRow::what));
        runs.getColumns().add(column("Started", 165, RunsViewModel.RunRow::started));
        runs.getColumns().add(column("Done", 60, r -> String.valueOf(r.done())));
        runs.getColumns().add(column("Failed", 70, r -> String.valueOf(r.failed())));
        runs.getColumns().add(column("Cached", 70, r -> String.valueOf(r.cached())));
        runs.getColumns().add(column("Cost", 80, RunsViewModel.RunRow::cost));
        runs.getColumns().add(column("State", 170, RunsViewModel.RunRow::state));
        runs.getColumns().add(column("Models", 220, r -> String.join(", ", r.models())));
        runs.getColumns().add(column("Prompts", 200, r -> String.join(", ", r.prompts())));
        runs.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (row != null) vm.onSelect(row.id());
        });
        // The view model's selection (a run asked for, the newest at first) shows in the table.
        vm.selectedProperty().addListener((obs, old, id) -> selectRow(id));
        vm.runs().addListener((ListChangeListener<RunsViewModel.RunRow>) c -> selectRow(vm.selectedProperty().get()));
        return runs;
    }

    private void selectRow(Long id) {
        if (id == null) return;
        RunsViewModel.RunRow current = runs.getSelectionModel().getSelectedItem();
        if (current != null && current.id() == id) return;
        for (RunsViewModel.RunRow r : runs.getItems()) {
            if (r.id() == id) {
                runs.getSelectionModel().select(r);
                runs.scrollTo(r);
                return;
            }
        }
    }

    private static <R> TableColumn<R, String> column(String title, double width, Function<R, String> value) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    private Node details() {
        Tab board = new Tab("Scoreboard", scoreboard());
        Tab cases = new Tab("Cases", caseGrid());
        Tab compare = new Tab("Compare with a run", comparison());
        TabPane tabs = new TabPane(board, cases, compare);
        tabs.setId("runTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        return tabs;
    }

    private Node scoreboard() {
        TableView<RunsViewModel.BoardRow> table = new TableView<>(vm.board());
        table.setId("scoreboardTable");
        table.setPlaceholder(new Label("Select a run to see its scoreboard."));
        table.getColumns().add(column("Prompt@version", 300, RunsViewModel.BoardRow::version));
        table.getColumns().add(column("Model", 110, RunsViewModel.BoardRow::model));
        table.getColumns().add(column("Split", 55, RunsViewModel.BoardRow::split));
        table.getColumns().add(column("N", 50, r -> String.valueOf(r.n())));
        table.getColumns().add(column("Pass rate (95% CI)", 170, RunsViewModel.BoardRow::passRate));
        table.getColumns().add(column("Cost", 75, RunsViewModel.BoardRow::cost));
        table.getColumns().add(column("Tok in", 70, r -> String.valueOf(r.tokensIn())));
        table.getColumns().add(column("Tok out", 75, r -> String.valueOf(r.tokensOut())));
        table.getColumns().add(column("P50 ok", 85, RunsViewModel.BoardRow::p50));
        table.getColumns().add(column("P95 ok", 85, RunsViewModel.BoardRow::p95));
        table.getColumns().add(column("Unchecked", 90, r -> String.valueOf(r.unchecked())));
        table.getColumns().add(column("Metrics (95% CI)", 320, RunsViewModel.BoardRow::metrics));
        Label scoring = new Label("Scoring the run…");
        scoring.getStyleClass().add(Styles.TEXT_MUTED);
        scoring.visibleProperty().bind(vm.scoringProperty());
        scoring.managedProperty().bind(vm.scoringProperty());
        Label source = new Label();
        source.setId("boardSource");
        source.getStyleClass().add(Styles.TEXT_MUTED);
        source.textProperty().bind(vm.boardSourceProperty());
        VBox box = new VBox(4, scoring, source, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(6));
        return box;
    }

    private Node caseGrid() {
        grid.setId("runGrid");
        grid.setItems(vm.grid());
        grid.setPlaceholder(new Label("The selected run's cases: one row per case, one column per version x model."));
        vm.gridColumns().addListener((ListChangeListener<String>) c -> gridColumns());
        gridColumns();
        return grid;
    }

    private void gridColumns() {
        grid.getColumns().clear();
        grid.getColumns().add(column("Case", 160, RunsViewModel.CaseRow::caseLabel));
        for (int i = 0; i < vm.gridColumns().size(); i++) {
            int index = i;
            TableColumn<RunsViewModel.CaseRow, String> c = new TableColumn<>(vm.gridColumns().get(i));
            c.setPrefWidth(240);
            c.setSortable(false);
            c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(index < d.getValue().cells().size()
                    ? d.getValue().cells().get(index) : ""));
            grid.getColumns().add(c);
        }
    }

    private Node comparison() {
        ComboBox<String> baseline = new ComboBox<>(vm.baselineChoices());
        baseline.setId("baselineChoice");
        baseline.setPromptText("Baseline run");
        baseline.valueProperty().bindBidirectional(vm.baselineProperty());
        Label test = new Label();
        test.setId("comparisonTest");
        test.setWrapText(true);
        test.textProperty().bind(vm.testLineProperty());
        HBox top = new HBox(8, new Label("Compare the selected run with run"), baseline);
        top.setAlignment(Pos.CENTER_LEFT);
        TableView<RunsViewModel.FlipRow> flips = new TableView<>(vm.flips());
        flips.setId("flipsTable");
        flips.setPlaceholder(new Label("No case flipped (or no baseline chosen)."));
        flips.getColumns().add(column("Flip", 70, RunsViewModel.FlipRow::direction));
        flips.getColumns().add(column("Case", 150, RunsViewModel.FlipRow::caseId));
        flips.getColumns().add(column("Model", 150, RunsViewModel.FlipRow::model));
        flips.getColumns().add(column("Calls", 120, f -> f.beforeCallId() + " \u2192 " + f.afterCallId()));
        flips.getColumns().add(column("Why", 420, RunsViewModel.FlipRow::reason));
        TextArea text = new TextArea();
        text.setId("comparisonText");
        text.setEditable(false);
        text.setStyle("-fx-font-family: monospace;");
        text.textProperty().bind(vm.comparisonTextProperty());
        SplitPane split = new SplitPane(flips, text);
        split.setOrientation(Orientation.VERTICAL);
        VBox box = new VBox(6, top, test, split);
        VBox.setVgrow(split, Priority.ALWAYS);
        box.setPadding(new Insets(6));
        return box;
    }
}
