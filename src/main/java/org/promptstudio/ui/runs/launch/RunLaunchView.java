package org.promptstudio.ui.runs.launch;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The run launcher, built in code: experiment and case limit, Estimate, the estimate, a budget (US dollars, calls),
 * Start / Cancel / Resume, the progress line and bar, the calls as they end (in plan order), and the buttons that open
 * the run's scoreboard or grid. Binds to {@link RunLaunchViewModel} and forwards events; never calls a service.
 */
public final class RunLaunchView {

    private final VBox root = new VBox(10);
    private final ScrollPane scroll = new ScrollPane(root);

    public RunLaunchView(RunLaunchViewModel vm) {
        root.setId("runLaunch");
        scroll.setId("runLaunchScroll");
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        root.setPadding(new Insets(12));

        ComboBox<String> experiment = new ComboBox<>(vm.experiments());
        experiment.setId("runExperiment");
        experiment.setPromptText("experiment");
        experiment.valueProperty().bindBidirectional(vm.experimentProperty());
        TextField limit = field("runLimit", "all cases", 8);
        limit.textProperty().bindBidirectional(vm.limitProperty());
        Button estimate = new Button("Estimate");
        estimate.setId("runEstimate");
        estimate.setOnAction(e -> vm.onEstimate());
        FlowPane pick = new FlowPane(8, 6, new Label("Experiment"), experiment, new Label("Cases"), limit, estimate);

        Label estimateText = new Label();
        estimateText.setId("runEstimateText");
        estimateText.setWrapText(true);
        // its whole height, always: the cost line is what the budget is set against (a short window scrolls)
        estimateText.setMinHeight(Region.USE_PREF_SIZE);
        estimateText.textProperty().bind(vm.estimateTextProperty());

        TextField maxCost = field("runMaxCost", "no cap", 8);
        maxCost.textProperty().bindBidirectional(vm.maxCostProperty());
        TextField maxCalls = field("runMaxCalls", "no cap", 8);
        maxCalls.textProperty().bindBidirectional(vm.maxCallsProperty());
        FlowPane budget = new FlowPane(8, 6, new Label("Budget: at most US$"), maxCost, new Label("and at most"),
                maxCalls, new Label("calls"));

        Button start = new Button("Start");
        start.setId("runStart");
        start.setDefaultButton(true);
        start.disableProperty().bind(vm.phaseProperty().isNotEqualTo(RunLaunchViewModel.Phase.READY));
        start.setOnAction(e -> vm.onStart());
        Button cancel = new Button("Cancel");
        cancel.setId("runCancel");
        cancel.disableProperty().bind(vm.phaseProperty().isNotEqualTo(RunLaunchViewModel.Phase.RUNNING));
        cancel.setOnAction(e -> vm.onCancel());
        Button resume = new Button("Resume");
        resume.setId("runResume");
        resume.disableProperty().bind(vm.resumableProperty().not()
                .or(vm.phaseProperty().isEqualTo(RunLaunchViewModel.Phase.RUNNING)));
        resume.setOnAction(e -> vm.onResume());
        Button scoreboard = new Button("Open scoreboard");
        scoreboard.setId("runOpenScoreboard");
        scoreboard.disableProperty().bind(vm.runIdProperty().isNull()
                .or(vm.phaseProperty().isEqualTo(RunLaunchViewModel.Phase.RUNNING)));
        scoreboard.setVisible(vm.canOpenScoreboard());
        scoreboard.setManaged(vm.canOpenScoreboard());
        scoreboard.setOnAction(e -> vm.onOpenScoreboard());
        Button grid = new Button("Open in grid");
        grid.setId("runOpenGrid");
        grid.disableProperty().bind(scoreboard.disableProperty());
        grid.setVisible(vm.canOpenInGrid());
        grid.setManaged(vm.canOpenInGrid());
        grid.setOnAction(e -> vm.onOpenInGrid());
        HBox actions = new HBox(8, start, cancel, resume, scoreboard, grid);

        ProgressBar bar = new ProgressBar(0);
        bar.setId("runProgressBar");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(Bindings.createDoubleBinding(() -> vm.totalProperty().get() == 0 ? 0
                : vm.doneProperty().get() / (double) vm.totalProperty().get(), vm.doneProperty(), vm.totalProperty()));
        Label progress = new Label();
        progress.setId("runProgress");
        progress.textProperty().bind(vm.progressTextProperty());
        Label status = new Label();
        status.setId("runStatus");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.textProperty().bind(vm.statusProperty());
        Label error = new Label();
        error.setId("runError");
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.getStyleClass().add("danger");
        error.textProperty().bind(vm.errorProperty());

        ListView<RunLaunchViewModel.CallRow> calls = new ListView<>(vm.calls());
        calls.setId("runCalls");
        calls.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(RunLaunchViewModel.CallRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : row.text());
            }
        });
        VBox.setVgrow(calls, Priority.ALWAYS);
        calls.setMinHeight(CALLS_MIN_HEIGHT);
        progress.setWrapText(true);
        progress.setMinHeight(Region.USE_PREF_SIZE);

        root.getChildren().addAll(pick, estimateText, budget, actions, bar, progress, status, error, calls);
    }

    private static TextField field(String id, String prompt, int columns) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(columns);
        return f;
    }

    /**
     * The launcher: its controls in a scroll area that fits the width and fills the height, so in a short window
     * every line keeps its full height and the area scrolls instead of cutting lines off.
     */
    public Node node() {
        return scroll;
    }

    /** The call list's least height in pixels, below which the launcher scrolls. */
    static final double CALLS_MIN_HEIGHT = 120;
}
