package org.promptstudio.ui.compare;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.promptstudio.ui.compare.CompareViewModel.GridColumn;
import org.promptstudio.ui.compare.CompareViewModel.GridRow;

/**
 * The compare grid, built in code: a bar to choose versions, models, dataset (split, filter, limit) or typed inputs
 * and samples; a {@link TableView} with one row per input and one column per version x model, whose cells are
 * virtualised (only the rows on screen have nodes, so 1,000 x 6 makes a screenful of cells, not 6,000); each cell shows
 * its text with the words that differ from the baseline marked, its metrics, its badges and its rating; a double
 * click opens the cell beside the grid. Binds to a {@link CompareViewModel} and forwards events to it.
 */
public final class CompareView {

    /** Every row is this tall, so scrolling lays out no more than the rows that come into view. */
    static final double ROW_HEIGHT = 132;

    private final CompareViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TableView<GridRow> grid = new TableView<>();
    private final VBox detail = new VBox();
    private final SplitPane split = new SplitPane();

    /** Builds the view for {@code vm}; call {@link CompareViewModel#onActivate()} when it is shown. */
    public CompareView(CompareViewModel vm) {
        this.vm = vm;
        root.setId("compareView");
        root.getStylesheets().add(Objects.requireNonNull(CompareView.class.getResource("compare.css")).toExternalForm());
        org.promptstudio.ui.common.CheckBadges.styleBelow(root);
        root.setTop(bar());
        grid.setId("compareGrid");
        grid.getStyleClass().addAll("compare-grid", Styles.BORDERED);
        grid.setFixedCellSize(ROW_HEIGHT);
        grid.setItems(vm.rows());
        grid.setPlaceholder(new Label("Choose versions, models and a dataset (or type an input), then Run."));
        grid.getSelectionModel().setCellSelectionEnabled(true);
        grid.addEventHandler(javafx.scene.input.KeyEvent.KEY_TYPED, this::rateByKey);
        grid.getItems().addListener((ListChangeListener<GridRow>) c -> {
            if (c.next() && c.wasAdded() && c.getList().size() == c.getAddedSize()) prepareRows();
        });
        vm.columns().addListener((ListChangeListener<GridColumn>) c -> buildColumns());
        detail.setId("compareDetail");
        detail.getStyleClass().add("compare-detail");
        detail.setPrefWidth(420);
        split.getItems().add(grid);
        vm.openedProperty().addListener((o, was, now) -> showDetail(now));
        root.setCenter(split);
    }

    /** "Run as experiment…": the selection written as an experiment file, opened in the run launcher. */
    private static Button runAsExperiment(CompareViewModel vm) {
        Button b = new Button("Run as experiment\u2026");
        b.setId("compareRunAsExperiment");
        b.getStyleClass().add(Styles.FLAT);
        b.disableProperty().bind(vm.runningProperty());
        b.setOnAction(e -> vm.onSaveAsExperiment());
        return b;
    }

    /** The view, to put in a tab or a window. */
    public Node node() {
        return root;
    }

    private Node bar() {
        TextField prompt = new TextField();
        prompt.setId("comparePrompt");
        prompt.setPromptText("prompt");
        prompt.setPrefColumnCount(12);
        prompt.textProperty().bindBidirectional(vm.promptProperty());
        prompt.setOnAction(e -> vm.onLoadChoices());

        MenuButton versions = checkMenu("compareVersionChoice", "Versions", vm.versionChoices(), vm.versions());
        MenuButton models = checkMenu("compareModelChoice", "Models", vm.modelChoices(), vm.models());

        ComboBox<String> dataset = new ComboBox<>();
        dataset.setId("compareDataset");
        dataset.setPromptText("typed input");
        dataset.setTooltip(new Tooltip("The dataset whose rows are the grid's rows; empty: the typed inputs"));
        dataset.getItems().add("");
        vm.datasetChoices().addListener((ListChangeListener<String>) c -> {
            List<String> all = new ArrayList<>();
            all.add("");
            all.addAll(vm.datasetChoices());
            dataset.getItems().setAll(all);
        });
        dataset.valueProperty().bindBidirectional(vm.datasetProperty());

        ComboBox<String> splitBox = new ComboBox<>();
        splitBox.setId("compareSplit");
        splitBox.getItems().addAll("", "dev", "test");
        // The empty choice is every row whatever its split: said so, not a blank box.
        splitBox.setPromptText(ALL_SPLITS);
        splitBox.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String s) {
                return s == null || s.isEmpty() ? ALL_SPLITS : s;
            }

            @Override
            public String fromString(String s) {
                return s == null || s.equals(ALL_SPLITS) ? "" : s;
            }
        });
        splitBox.setTooltip(new Tooltip("The dataset rows of one split (the rows' \"split\" field), or all of them"));
        splitBox.valueProperty().bindBidirectional(vm.splitProperty());
        // No split chosen is the empty choice, shown by its name (a null value would show an empty box).
        if (splitBox.getValue() == null) splitBox.setValue("");

        TextField filter = new TextField();
        filter.setId("compareFilter");
        filter.setPromptText("filter rows");
        filter.setPrefColumnCount(10);
        filter.textProperty().bindBidirectional(vm.filterProperty());

        Spinner<Integer> limit = new Spinner<>(0, 100_000, vm.limitProperty().get(), 10);
        limit.setId("compareLimit");
        limit.setEditable(true);
        limit.setPrefWidth(90);
        limit.setTooltip(new Tooltip("The first rows kept (0: all)"));
        limit.valueProperty().addListener((o, a, b) -> vm.limitProperty().set(b == null ? 0 : b));
        vm.limitProperty().addListener((o, a, b) -> {
            if (!Objects.equals(limit.getValue(), b.intValue())) limit.getValueFactory().setValue(b.intValue());
        });

        Spinner<Integer> samples = new Spinner<>(1, 20, Math.max(1, vm.samplesProperty().get()));
        samples.setId("compareSamples");
        samples.setPrefWidth(70);
        samples.setTooltip(new Tooltip("Calls per cell; the cell shows how far they agree"));
        samples.valueProperty().addListener((o, a, b) -> vm.samplesProperty().set(b == null ? 1 : b));
        vm.samplesProperty().addListener((o, a, b) -> {
            if (!Objects.equals(samples.getValue(), b.intValue())) samples.getValueFactory().setValue(Math.max(1, b.intValue()));
        });

        Button run = new Button("Run");
        run.setId("compareRun");
        run.getStyleClass().add(Styles.ACCENT);
        run.disableProperty().bind(vm.runningProperty());
        run.setOnAction(e -> vm.onRun());
        Button cancel = new Button("Cancel");
        cancel.setId("compareCancel");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.onCancel());

        ComboBox<Integer> baseline = baselineBox();

        Button csv = new Button("Export CSV");
        csv.setId("compareExportCsv");
        csv.setOnAction(e -> vm.onExport(false));
        Button html = new Button("Export HTML");
        html.setId("compareExportHtml");
        html.setOnAction(e -> vm.onExport(true));
        for (Button b : List.of(csv, html)) {
            b.getStyleClass().add(Styles.FLAT);
            b.disableProperty().bind(vm.runningProperty().or(Bindings.isEmpty(vm.rows())));
        }

        Label message = new Label();
        message.setId("compareMessage");
        message.textProperty().bind(Bindings.concat(vm.messageProperty()));
        message.getStyleClass().add(Styles.TEXT_MUTED);
        Label error = new Label();
        error.setId("compareError");
        error.getStyleClass().add("compare-error");
        error.textProperty().bind(vm.errorProperty());

        // A label and its control wrap together, and no label or button is cut to an ellipsis (1,280 px wide and less).
        FlowPane row = new FlowPane(8, 6, labelled("Prompt", prompt), versions, models, labelled("Rows", dataset),
                splitBox, filter, labelled("limit", limit), labelled("n", samples), run, cancel, baseline, csv, html,
                runAsExperiment(vm));
        for (Node n : List.of(versions, models, run, cancel, csv, html)) ((Region) n).setMinWidth(Region.USE_PREF_SIZE);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        TextArea input = new TextArea();
        input.setId("compareInput");
        // on separate lines, as the user types it (a prompt text would lose its line breaks)
        String placeholder = "question: How long does delivery take?\n---\nquestion: Another input";
        input.setPrefRowCount(3);
        input.textProperty().bindBidirectional(vm.typedInputProperty());
        input.visibleProperty().bind(vm.datasetProperty().isNull().or(vm.datasetProperty().isEmpty()));
        input.managedProperty().bind(input.visibleProperty());

        // A recorded run (decision 0090) is shown, not chosen nor run: the choices and Run go, a line says which run.
        Label shown = new Label();
        shown.setId("compareShownRun");
        shown.getStyleClass().add(Styles.TEXT_BOLD);
        shown.textProperty().bind(vm.shownRunTitleProperty());
        shown.visibleProperty().bind(vm.shownRunProperty().isNotNull());
        shown.managedProperty().bind(shown.visibleProperty());
        row.getChildren().add(0, shown);
        javafx.beans.binding.BooleanBinding choosing = vm.shownRunProperty().isNull();
        for (Node n : List.copyOf(row.getChildren())) {
            if (n == shown || n == baseline || n == csv || n == html) continue;
            n.visibleProperty().bind(choosing);
            n.managedProperty().bind(choosing);
        }
        input.visibleProperty().unbind();
        input.visibleProperty().bind(choosing.and(vm.datasetProperty().isNull().or(vm.datasetProperty().isEmpty())));
        VBox box = new VBox(6, row, org.promptstudio.ui.common.Placeholder.over(input, placeholder),
                new HBox(12, message, error));
        box.getStyleClass().add("compare-bar");
        return box;
    }

    /**
     * The baseline: "each model's own" (each model's production or first version, the default) or one column pinned
     * for all; its items are {@link CompareViewModel#PER_MODEL} and the column indexes.
     */
    /** The baseline box's width in pixels, whatever its choices say. */
    static final double BASELINE_WIDTH = 240;

    private ComboBox<Integer> baselineBox() {
        ComboBox<Integer> baseline = new ComboBox<>();
        baseline.setId("compareBaseline");
        // A fixed width: a long column title ("Baseline: answer-fewshot@1 · extractive") ends in an ellipsis instead
        // of widening the box and reflowing the bar (and moving the grid) when the first run fills the choices.
        baseline.setMinWidth(BASELINE_WIDTH);
        baseline.setPrefWidth(BASELINE_WIDTH);
        baseline.setMaxWidth(BASELINE_WIDTH);
        baseline.setPromptText("baseline");
        baseline.setTooltip(new Tooltip("The column each cell is compared with: by default each model's production"
                + " (or first) version, or one column for all"));
        baseline.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Integer i) {
                return i == null ? "" : vm.baselineText(i);
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        });
        boolean[] showing = new boolean[1];
        Runnable show = () -> {
            showing[0] = true;
            List<Integer> items = new ArrayList<>();
            items.add(CompareViewModel.PER_MODEL);
            for (GridColumn c : vm.columns()) items.add(c.index());
            if (!baseline.getItems().equals(items)) baseline.getItems().setAll(items);
            int now = vm.baselineProperty().get();
            if (!Integer.valueOf(now).equals(baseline.getValue())) {
                baseline.setValue(now);
            } else {
                // same value, new grid: the button's text ("Baseline: default (production · echo)") names the
                // new grid's columns only when the value is set again
                baseline.setValue(null);
                baseline.setValue(now);
            }
            showing[0] = false;
        };
        baseline.valueProperty().addListener((o, was, now) -> {
            if (!showing[0] && now != null && now != vm.baselineProperty().get()) vm.onBaseline(now);
        });
        vm.baselineProperty().addListener((o, a, b) -> show.run());
        vm.columns().addListener((ListChangeListener<GridColumn>) c -> show.run());
        return baseline;
    }

    private static MenuButton checkMenu(String id, String title, javafx.collections.ObservableList<String> choices,
                                        javafx.collections.ObservableList<String> chosen) {
        MenuButton menu = new MenuButton(title);
        menu.setId(id);
        Runnable rebuild = () -> {
            menu.getItems().clear();
            for (String c : choices) {
                CheckMenuItem item = new CheckMenuItem(c);
                item.setId(id + "-" + c);
                item.setSelected(chosen.contains(c));
                item.selectedProperty().addListener((o, was, now) -> {
                    if (now && !chosen.contains(c)) chosen.add(c);
                    if (!now) chosen.remove(c);
                });
                menu.getItems().add(item);
            }
            menu.setText(title + (chosen.isEmpty() ? "" : ": " + String.join(", ", chosen)));
        };
        choices.addListener((ListChangeListener<String>) c -> rebuild.run());
        chosen.addListener((ListChangeListener<String>) c -> {
            menu.setText(title + (chosen.isEmpty() ? "" : ": " + String.join(", ", chosen)));
            for (var item : menu.getItems()) {
                if (item instanceof CheckMenuItem check) check.setSelected(chosen.contains(check.getText()));
            }
        });
        rebuild.run();
        return menu;
    }

    /** "all splits": the split box's empty choice. */
    static final String ALL_SPLITS = "all splits";

    private static HBox labelled(String text, Node control) {
        Label label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        HBox box = new HBox(4, label, control);
        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    /**
     * Has the grid's flow make the rows a scroll needs before the user scrolls (decision 0116, amendment): at the top
     * the flow holds the rows in view only, and the first wheel notches make one row more each (a row of new cells,
     * about 60 ms of the UI thread on a quiet machine: the wheel's one stall). Two frames after the grid's first rows,
     * and again one frame later, the flow is scrolled down (half a row, then a row and a half) and back within the
     * frame, so nothing moves on screen; the rows made stay in the flow's pile for the first notches.
     */
    private void prepareRows() {
        org.promptstudio.ui.common.Fx.afterFrames(2, () -> {
            scrollAndBack(ROW_HEIGHT / 2);
            org.promptstudio.ui.common.Fx.afterFrames(1, () -> scrollAndBack(ROW_HEIGHT * 1.5));
        });
    }

    private void scrollAndBack(double px) {
        if (!(grid.lookup(".virtual-flow") instanceof javafx.scene.control.skin.VirtualFlow<?> flow)
                || grid.getItems().isEmpty()) return;
        double moved = flow.scrollPixels(px);
        flow.scrollPixels(-moved);
    }

    /**
     * Rates the grid's focused cell without the mouse: "+" (or "=", the same key unshifted) Good, "-" Bad, as the
     * cell's Good / Bad tags do (decision 0116). A key on the input column, or with no cell focused, does nothing.
     */
    private void rateByKey(javafx.scene.input.KeyEvent e) {
        String c = e.getCharacter();
        boolean up = "+".equals(c) || "=".equals(c);
        if (!up && !"-".equals(c)) return;
        javafx.scene.control.TablePosition<GridRow, ?> at = grid.getFocusModel().getFocusedCell();
        if (at == null || at.getRow() < 0 || at.getRow() >= grid.getItems().size() || at.getTableColumn() == null
                || !(at.getTableColumn().getUserData() instanceof Integer column)) return;
        e.consume();
        vm.onRate(grid.getItems().get(at.getRow()).index(), column, up, null);
    }

    private void buildColumns() {
        List<TableColumn<GridRow, ?>> cols = new ArrayList<>();
        TableColumn<GridRow, String> input = new TableColumn<>("Input");
        input.setId("compareInputColumn");
        input.setPrefWidth(220);
        input.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(d.getValue().input()));
        input.setCellFactory(c -> new TableCell<>() {
            private final Label label = new Label();
            // One tooltip a cell, its text set per row: a Tooltip is a popup window, too heavy to make per row.
            private final Tooltip source = new Tooltip();

            {
                label.setWrapText(true);
                label.getStyleClass().add("compare-cell-text");
                label.setTooltip(source);
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                } else {
                    GridRow r = getTableRow() == null ? null : getTableRow().getItem();
                    label.setText(item);
                    source.setText(r == null ? "" : r.source());
                    setGraphic(label);
                }
            }
        });
        cols.add(input);
        for (GridColumn gc : vm.columns()) {
            TableColumn<GridRow, CompareViewModel.CellState> col = new TableColumn<>(gc.title() + (gc.baseline() ? "  (baseline)" : ""));
            col.setId("compareColumn-" + gc.index());
            col.setPrefWidth(280);
            col.setMinWidth(CompareCell.MIN_WIDTH);
            col.setSortable(false);
            int index = gc.index();
            col.setCellValueFactory(d -> d.getValue().cell(index));
            col.setCellFactory(c -> new CompareCell(vm, index));
            col.setUserData(index);
            cols.add(col);
        }
        grid.getColumns().setAll(cols);
    }

    private void showDetail(CompareViewModel.CellDetail d) {
        if (d == null) {
            split.getItems().remove(detail);
            return;
        }
        Label title = new Label(vm.columns().get(d.column()).title() + " \u2014 row " + (d.row() + 1));
        title.getStyleClass().add(Styles.TITLE_4);
        Label where = new Label(d.path() + " @ " + d.commit() + "\n" + d.source());
        where.setId("compareDetailWhere");
        where.setWrapText(true);
        where.getStyleClass().add(Styles.TEXT_MUTED);
        TextField comment = new TextField();
        comment.setId("compareComment");
        comment.setPromptText("comment (saved with the rating)");
        Button up = new Button("Good");
        up.setId("compareRateUp");
        up.setOnAction(e -> vm.onRate(d.row(), d.column(), true, comment.getText()));
        Button down = new Button("Bad");
        down.setId("compareRateDown");
        down.setOnAction(e -> vm.onRate(d.row(), d.column(), false, comment.getText()));
        Button close = new Button("Close");
        close.setId("compareDetailClose");
        close.setOnAction(e -> vm.onCloseDetail());
        VBox body = new VBox(6, title, where, comment, new HBox(6, up, down, close),
                section("Input", d.input(), "compareDetailInput"));
        for (CompareViewModel.SampleDetail s : d.samples()) {
            String tag = d.samples().size() > 1 ? " (sample " + (s.sample() + 1) + ")" : "";
            body.getChildren().add(section("Rendered prompt" + tag, s.renderedPrompt(), "compareDetailPrompt-" + s.sample()));
            body.getChildren().add(section("Response" + tag, s.error() != null ? s.error() : s.response(),
                    "compareDetailResponse-" + s.sample()));
            VBox sources = sources(s);
            if (s.error() == null) body.getChildren().add(markdown("Answer as markdown" + tag, s.markdown(),
                    "compareDetailMarkdown-" + s.sample(), s, sources));
            if (sources != null) body.getChildren().add(sources);
            if (s.call() != null) {
                var c = s.call();
                String record = "call " + c.id() + " \u00b7 run " + c.runId() + " \u00b7 " + c.status().id()
                        + (c.finishReason() == null ? "" : " (" + c.finishReason() + ")") + "\n"
                        + c.provider() + " / " + c.model() + (c.cached() ? " \u00b7 from the cache" : "") + "\n"
                        + "tokens " + c.tokensIn() + " in, " + c.tokensOut() + " out \u00b7 "
                        + (c.cost() == null ? "unpriced" : org.promptstudio.model.Usd.text(c.cost())) + " \u00b7 "
                        + c.latencyMs() + " ms\n" + "params " + (c.paramsJson() == null ? "{}" : c.paramsJson())
                        + "\nrecorded " + c.createdAt()
                        + (c.retrievalNote() == null ? "" : "\nnote " + c.retrievalNote())
                        + c.guard().stream().map(f -> "\nguard " + f.action().id() + " \u00b7 " + f.describe())
                        .collect(java.util.stream.Collectors.joining());
                body.getChildren().add(section("Call record" + tag, record, "compareDetailRecord-" + s.sample()));
            }
        }
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(body);
        scroll.setFitToWidth(true);
        detail.getChildren().setAll(scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        if (!split.getItems().contains(detail)) {
            split.getItems().add(detail);
            split.setDividerPositions(0.68);
        }
    }

    /** The answer drawn as markdown: each run a Text node styled by its look (compare.css, {@code .md-*}). */
    private static Node markdown(String title, List<org.promptstudio.ui.common.MarkdownText.Run> runs, String id,
                                 CompareViewModel.SampleDetail sample, VBox sources) {
        Label l = new Label(title);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        TextFlow flow = new TextFlow();
        flow.setId(id);
        flow.getStyleClass().add("compare-markdown");
        int[] citations = {0};
        for (org.promptstudio.ui.common.MarkdownText.Run r : runs) {
            // each number of a citation ([2], [1, 2], [2-4]) of a chunk the call was given is a node of its own:
            // hover shows the chunk, a click marks it in the Sources list
            int from = 0;
            for (CompareViewModel.Cited c : sources == null ? List.<CompareViewModel.Cited>of() : sample.cited(r.text())) {
                if (c.start() > from) flow.getChildren().add(run(r, r.text().substring(from, c.start())));
                Text cite = run(r, r.text().substring(c.start(), c.end()));
                cite.getStyleClass().add("md-citation");
                cite.setId("compareCitation-" + sample.sample() + "-" + (citations[0]++));
                StringBuilder tip = new StringBuilder();
                for (CompareViewModel.Source source : c.sources()) {
                    if (tip.length() > 0) tip.append("\n\n");
                    tip.append('[').append(source.n()).append("] ").append(source.where()).append('\n')
                            .append(source.text());
                }
                Tooltip.install(cite, new Tooltip(tip.toString()));
                int first = c.sources().get(0).n();
                cite.setOnMouseClicked(e -> markSource(sources, first));
                flow.getChildren().add(cite);
                from = c.end();
            }
            if (from < r.text().length()) flow.getChildren().add(run(r, r.text().substring(from)));
        }
        return new VBox(2, l, flow);
    }

    private static Text run(org.promptstudio.ui.common.MarkdownText.Run r, String text) {
        Text t = new Text(text);
        t.getStyleClass().add("md-text");
        for (org.promptstudio.ui.common.MarkdownText.Style st : r.styles()) {
            t.getStyleClass().add("md-" + st.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        return t;
    }

    /**
     * "Sources": the chunks the sample's call was given, each as {@code [n] source#position} over its text (id
     * {@code compareSource-SAMPLE-N}); null when it was given none.
     */
    private static VBox sources(CompareViewModel.SampleDetail s) {
        if (s.sources().isEmpty()) return null;
        Label title = new Label("Sources");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        VBox box = new VBox(4, title);
        box.setId("compareDetailSources-" + s.sample());
        for (CompareViewModel.Source source : s.sources()) {
            Label where = new Label("[" + source.n() + "] " + source.where());
            where.getStyleClass().add(Styles.TEXT_BOLD);
            Label text = new Label(source.text());
            text.setWrapText(true);
            VBox entry = new VBox(1, where, text);
            entry.setId("compareSource-" + s.sample() + "-" + source.n());
            entry.getStyleClass().add("compare-source");
            entry.setUserData(source.n());
            box.getChildren().add(entry);
        }
        return box;
    }

    /** Marks the Sources entry of chunk {@code n} (style class {@code compare-source-marked}), and only it. */
    private static void markSource(VBox sources, int n) {
        for (Node entry : sources.getChildren()) {
            entry.getStyleClass().remove("compare-source-marked");
            if (Objects.equals(entry.getUserData(), n)) entry.getStyleClass().add("compare-source-marked");
        }
    }

    private static Node section(String title, String text, String id) {
        Label l = new Label(title);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        TextArea area = new TextArea(text == null ? "" : text);
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(true);
        area.getStyleClass().add("compare-mono");
        int lines = (int) Math.min(14, Math.max(2, (text == null ? "" : text).lines().count() + 1));
        area.setPrefRowCount(lines);
        return new VBox(2, l, area);
    }
}
