package org.promptstudio.ui.documents;

import atlantafx.base.theme.Styles;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.util.StringConverter;
import org.promptstudio.index.SearchMode;
import org.promptstudio.ui.common.ActivatableView;
import org.promptstudio.ui.common.AppIcon;
import org.promptstudio.ui.common.Debouncer;
import org.promptstudio.ui.common.Texts;
import org.promptstudio.ui.documents.DocumentsViewModel.ChunkRow;
import org.promptstudio.ui.documents.DocumentsViewModel.DocumentRow;
import org.promptstudio.ui.documents.DocumentsViewModel.FlagRow;
import org.promptstudio.ui.documents.DocumentsViewModel.HitRow;
import org.promptstudio.ui.documents.DocumentsViewModel.Segment;

/**
 * The documents view: the toolbar (Index, Rebuild, the ingestion's progress), the document list with each file's
 * status on the left and the last ingestion's report under it; the search box with its results on the right, and the
 * chunk viewer under them (the selected document's chunks, or a search hit's chunk among them). Typing in the search
 * box searches once the typing pauses; Enter searches at once.
 */
public final class DocumentsView extends ActivatableView<DocumentsViewModel, BorderPane> {

    /** How long the typing must pause before the search runs. */
    static final Duration TYPING_PAUSE = Duration.ofMillis(300);

    private final ListView<ChunkRow> chunkList = new ListView<>();

    public DocumentsView(DocumentsViewModel vm) {
        super(vm, new BorderPane());
        root.setId("documentsView");
        root.getStylesheets().add(Objects.requireNonNull(DocumentsView.class.getResource("documents.css"))
                .toExternalForm());
        root.setTop(toolbar());
        SplitPane split = new SplitPane(documentsPane(), searchAndChunks());
        split.setDividerPositions(0.54); // the list's paths get the room the search bar can spare
        root.setCenter(split);
    }

    // ---- toolbar --------------------------------------------------------------------------------------------

    private Node toolbar() {
        Label title = new Label("Documents", AppIcon.DOCS.icon());
        title.getStyleClass().add(Styles.TITLE_4);
        Button index = new Button("Index");
        index.setId("documentsIndex");
        index.getStyleClass().add(Styles.ACCENT);
        index.setTooltip(new Tooltip("Read the new and changed documents, drop the deleted ones"));
        index.disableProperty().bind(vm.indexingProperty());
        index.setOnAction(e -> vm.onIndex());
        Button rebuild = new Button("Rebuild");
        rebuild.setId("documentsRebuild");
        rebuild.setTooltip(new Tooltip("Drop the index and read every document again"));
        rebuild.disableProperty().bind(vm.indexingProperty());
        rebuild.setOnAction(e -> vm.onRebuild());
        ProgressBar bar = new ProgressBar();
        bar.setId("documentsProgress");
        bar.setPrefWidth(160);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.indexingProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        Label progress = Texts.bound("documentsProgressText", vm.progressTextProperty());
        progress.getStyleClass().add(Styles.TEXT_MUTED);
        Label summary = Texts.bound("documentsSummary", vm.summaryProperty());
        Label watch = new Label();
        watch.setId("documentsWatching");
        watch.textProperty().bind(Bindings.createStringBinding(() -> vm.watchNoteProperty().get().isEmpty()
                ? (vm.watchingProperty().get() ? "Watching the folders: changes are indexed as they come" : "")
                : vm.watchNoteProperty().get(), vm.watchingProperty(), vm.watchNoteProperty()));
        watch.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar1 = new HBox(10, title, index, rebuild, bar, progress, gap, summary);
        bar1.setAlignment(Pos.CENTER_LEFT);
        Label error = Texts.bound("documentsError", vm.errorProperty());
        error.getStyleClass().add(Styles.DANGER);
        error.managedProperty().bind(vm.errorProperty().isNotEmpty());
        VBox top = new VBox(4, bar1, watch, error);
        top.setPadding(new Insets(8, 12, 8, 12));
        return top;
    }

    // ---- the document list ----------------------------------------------------------------------------------

    private Node documentsPane() {
        TableView<DocumentRow> table = new TableView<>(vm.documents());
        table.setId("documentsList");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // the workspace-relative path (two faq.md in two folders differ), cut at its start so the name stays; under
        // it the title, or why a skipped file is skipped
        TableColumn<DocumentRow, DocumentRow> doc = column("Document", 150, r -> r);
        doc.setCellFactory(c -> graphicCell(r -> {
            Label name = new Label(r.path());
            name.getStyleClass().add("doc-path");
            name.setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS);
            VBox box = new VBox(0, name);
            if (!r.detail().isEmpty()) {
                Label t = new Label(r.detail());
                t.getStyleClass().addAll("doc-detail", Styles.TEXT_SMALL, Styles.TEXT_MUTED);
                box.getChildren().add(t);
            }
            return box;
        }, r -> r.detail().isEmpty() ? r.path() : r.path() + "\n" + r.detail()));
        TableColumn<DocumentRow, DocumentRow> status = column("Status", 78, r -> r);
        status.setCellFactory(c -> graphicCell(r -> {
            Label l = new Label(r.status());
            l.getStyleClass().addAll("doc-status", "doc-status-" + r.status());
            return l;
        }, DocumentRow::reason));
        TableColumn<DocumentRow, String> chunks = column("Chunks", 74, r -> String.valueOf(r.chunks()));
        TableColumn<DocumentRow, String> flagged = column("Flags", 56, r -> r.flagged() == 0 ? "" : String.valueOf(
                r.flagged()));
        flagged.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : v);
                getStyleClass().remove("doc-flagged");
                if (!empty && v != null && !v.isEmpty()) getStyleClass().add("doc-flagged");
            }
        });
        TableColumn<DocumentRow, String> redactions = column("PII", 44, r -> r.redactions() == 0 ? ""
                : String.valueOf(r.redactions()));
        redactions.setCellFactory(c -> tipCell(r -> r.redactions() == 0 ? "" : r.redactions()
                + (r.redactions() == 1 ? " value" : " values") + " redacted"));
        TableColumn<DocumentRow, DocumentRow> modified = column("Modified", 92, r -> r);
        modified.setCellFactory(c -> graphicCell(r -> new Label(r.modified()), DocumentRow::modifiedAt));
        doc.setMinWidth(110);
        table.getColumns().setAll(List.of(doc, status, chunks, flagged, redactions, modified));
        Label empty = Texts.emptyState("documentsEmpty", vm.emptyStateProperty());
        table.setPlaceholder(Texts.emptyState("documentsNone", "Reading the document folders\u2026"));
        vm.loadedProperty().addListener((obs, was, now) -> {
            if (now) table.setPlaceholder(Texts.emptyState("documentsNone", vm.emptyStateProperty()));
        });
        empty.visibleProperty().bind(vm.emptyStateProperty().isNotEmpty()
                .and(Bindings.isNotEmpty(vm.documents())));
        empty.managedProperty().bind(empty.visibleProperty());
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, r) -> {
            if (r != null) vm.onSelectDocument(r.path());
        });

        VBox reportLines = new VBox(2);
        reportLines.setId("documentsReport");
        vm.report().addListener((ListChangeListener<String>) c -> reportLines.getChildren().setAll(
                vm.report().stream().map(line -> {
                    Label l = new Label(line);
                    l.setWrapText(true);
                    if (line.startsWith("  ")) l.getStyleClass().add(Styles.TEXT_MUTED);
                    return (Node) l;
                }).toList()));
        TitledPane report = new TitledPane("Last ingestion", reportLines);
        report.setId("documentsReportPane");
        report.visibleProperty().bind(Bindings.isNotEmpty(vm.report()));
        report.managedProperty().bind(report.visibleProperty());
        VBox box = new VBox(6, empty, table, report);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(0, 6, 8, 12));
        return box;
    }

    /** A cell showing {@code graphic} of its row, with {@code tip} of it as tooltip (none when blank). */
    private static TableCell<DocumentRow, DocumentRow> graphicCell(Function<DocumentRow, Node> graphic,
                                                                   Function<DocumentRow, String> tip) {
        return new TableCell<>() {
            @Override
            protected void updateItem(DocumentRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(null);
                setGraphic(empty || r == null ? null : graphic.apply(r));
                String t = empty || r == null ? "" : tip.apply(r);
                setTooltip(t.isBlank() ? null : new Tooltip(t));
            }
        };
    }

    /** A text cell with {@code tip} of its row as tooltip (none when blank). */
    private static TableCell<DocumentRow, String> tipCell(Function<DocumentRow, String> tip) {
        return new TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : v);
                DocumentRow r = empty || getTableRow() == null ? null : getTableRow().getItem();
                String t = r == null ? "" : tip.apply(r);
                setTooltip(t.isBlank() ? null : new Tooltip(t));
            }
        };
    }

    private static <T> TableColumn<DocumentRow, T> column(String name, double width, Function<DocumentRow, T> value) {
        TableColumn<DocumentRow, T> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setMinWidth(width); // the headers and times whole; the document's name is cut first
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        return c;
    }

    // ---- search and chunks ----------------------------------------------------------------------------------

    private Node searchAndChunks() {
        TextField query = new TextField();
        query.setId("documentsQuery");
        Texts.hint(query, "Search the documents (Enter searches at once)");
        query.textProperty().bindBidirectional(vm.queryProperty());
        query.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                vm.onSearch();
                e.consume();
            }
        });
        HBox.setHgrow(query, Priority.ALWAYS);
        // typing searches once it pauses (ReactFX successionEnds); the view holds the subscription for its life
        // (only while the view is in a showing window: a pause that ends after it closed searches nothing)
        Debouncer.values(vm.queryProperty(), TYPING_PAUSE, q -> {
            if (root.getScene() != null && root.getScene().getWindow() != null
                    && root.getScene().getWindow().isShowing()) {
                vm.onSearch();
            }
        });
        ComboBox<SearchMode> mode = new ComboBox<>(FXCollections.observableArrayList(SearchMode.HYBRID,
                SearchMode.BM25, SearchMode.VECTOR));
        mode.setId("documentsMode");
        mode.setConverter(new StringConverter<>() {
            @Override
            public String toString(SearchMode m) {
                return m == null ? "" : m.name().toLowerCase(Locale.ROOT);
            }

            @Override
            public SearchMode fromString(String s) {
                return SearchMode.valueOf(s.toUpperCase(Locale.ROOT));
            }
        });
        mode.valueProperty().bindBidirectional(vm.modeProperty());
        ComboBox<Integer> k = new ComboBox<>(FXCollections.observableArrayList(DocumentsViewModel.K_CHOICES));
        k.setId("documentsK");
        k.setValue(vm.kProperty().get());
        k.valueProperty().addListener((obs, old, v) -> {
            if (v != null) vm.kProperty().set(v);
        });
        k.setTooltip(new Tooltip("How many results"));
        CheckBox flagged = new CheckBox("Include flagged");
        flagged.setId("documentsIncludeFlagged");
        flagged.setTooltip(new Tooltip("Also return chunks with injection flags"));
        flagged.selectedProperty().bindBidirectional(vm.includeFlaggedProperty());
        mode.valueProperty().addListener((obs, old, v) -> vm.onSearch());
        vm.kProperty().addListener((obs, old, v) -> vm.onSearch());
        flagged.selectedProperty().addListener((obs, old, v) -> vm.onSearch());
        for (Region r : List.<Region>of(mode, k, flagged)) r.setMinWidth(Region.USE_PREF_SIZE);
        query.setMinWidth(120);
        HBox searchBar = new HBox(6, new Label("", AppIcon.SEARCH.icon()), query, mode, new Label("k"), k, flagged);
        searchBar.setAlignment(Pos.CENTER_LEFT);
        Label status = Texts.bound("documentsSearchStatus", vm.searchStatusProperty());
        status.getStyleClass().add(Styles.TEXT_MUTED);

        ListView<HitRow> results = new ListView<>(vm.hits());
        results.setId("documentsResults");
        results.setPlaceholder(Texts.emptyState("documentsResultsEmpty",
                "Search by words (bm25), by meaning (vector) or both (hybrid)."));
        results.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(HitRow h, boolean empty) {
                super.updateItem(h, empty);
                setText(null);
                setGraphic(empty || h == null ? null : hitCell(h, results));
            }
        });
        results.getSelectionModel().selectedItemProperty().addListener((obs, old, h) -> {
            if (h != null) vm.onSelectHit(h);
        });
        VBox search = new VBox(6, searchBar, status, results);
        VBox.setVgrow(results, Priority.ALWAYS);
        search.setPadding(new Insets(0, 12, 6, 6));

        Label chunkTitle = Texts.bound("documentsChunkTitle", vm.chunkTitleProperty());
        chunkTitle.getStyleClass().add(Styles.TEXT_BOLD);
        chunkList.setItems(vm.chunks());
        chunkList.setId("documentsChunks");
        chunkList.setPlaceholder(Texts.emptyState("documentsChunksEmpty",
                "Select a document or a search result to see its chunks."));
        chunkList.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ChunkRow c, boolean empty) {
                super.updateItem(c, empty);
                setText(null);
                getStyleClass().removeAll("chunk-focused");
                if (empty || c == null) {
                    setGraphic(null);
                    return;
                }
                if (c.position() == vm.focusedChunkProperty().get()) getStyleClass().add("chunk-focused");
                setGraphic(chunkCell(c, chunkList));
            }
        });
        vm.chunks().addListener((ListChangeListener<ChunkRow>) c -> bringFocusedChunkIntoView());
        vm.focusedChunkProperty().addListener((obs, old, p) -> bringFocusedChunkIntoView());
        VBox chunks = new VBox(6, chunkTitle, chunkList);
        VBox.setVgrow(chunkList, Priority.ALWAYS);
        chunks.setPadding(new Insets(6, 12, 8, 6));

        SplitPane split = new SplitPane(search, chunks);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        return split;
    }

    private void bringFocusedChunkIntoView() {
        int focus = vm.focusedChunkProperty().get();
        chunkList.refresh();
        if (focus < 0) {
            chunkList.getSelectionModel().clearSelection();
            return;
        }
        for (int i = 0; i < vm.chunks().size(); i++) {
            if (vm.chunks().get(i).position() == focus) {
                chunkList.getSelectionModel().select(i);
                chunkList.scrollTo(i);
                return;
            }
        }
    }

    private static Node hitCell(HitRow h, ListView<?> list) {
        Label rank = new Label(String.valueOf(h.rank()));
        rank.getStyleClass().add("hit-rank");
        Label where = new Label(h.id());
        where.getStyleClass().add(Styles.TEXT_BOLD);
        where.setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS); // the name and position stay
        where.setTooltip(new Tooltip(h.id()));
        Label score = new Label("score " + h.score());
        score.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        rank.setMinWidth(Region.USE_PREF_SIZE);
        score.setMinWidth(Region.USE_PREF_SIZE);
        HBox head = new HBox(8, rank, where, score);
        head.setAlignment(Pos.BASELINE_LEFT);
        if (h.flagged()) {
            Label flag = new Label("flagged", AppIcon.ERROR.icon());
            flag.getStyleClass().addAll("flag-badge");
            head.getChildren().add(flag);
        }
        VBox box = new VBox(2, head);
        if (!h.headings().isEmpty()) {
            Label headings = new Label(h.headings());
            headings.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            box.getChildren().add(headings);
        }
        TextFlow snippet = flow(h.snippet());
        snippet.getStyleClass().add("hit-snippet");
        box.getChildren().add(snippet);
        fitWidth(box, list);
        return box;
    }

    private static Node chunkCell(ChunkRow c, ListView<?> list) {
        Label position = new Label("#" + c.position());
        position.getStyleClass().add(Styles.TEXT_BOLD);
        position.setMinWidth(Region.USE_PREF_SIZE); // the heading path beside it wraps, the number is never cut
        Label about = new Label((c.headings().isEmpty() ? "" : c.headings() + " \u00b7 ") + c.tokens() + " tokens"
                + (c.hidden() ? " \u00b7 hidden text" : "")
                + (c.redacted().isEmpty() ? "" : " \u00b7 redacted " + String.join(", ", c.redacted())));
        about.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        about.setWrapText(true);
        HBox head = new HBox(8, position, about);
        head.setAlignment(Pos.BASELINE_LEFT);
        VBox box = new VBox(4, head);
        if (!c.flags().isEmpty()) {
            VBox flags = new VBox(2);
            flags.getStyleClass().add("chunk-flags");
            Label title = new Label(c.excluded() ? "Injection flag \u2014 excluded from retrieval"
                    : "Injection flag \u2014 still retrieved (the workspace does not exclude flagged chunks)",
                    AppIcon.ERROR.icon());
            title.getStyleClass().addAll(Styles.TEXT_BOLD, "flag-title");
            flags.getChildren().add(title);
            for (FlagRow f : c.flags()) {
                Label line = new Label(f.kind() + ": " + f.reason() + (f.excerpt().isBlank() ? ""
                        : " \u2014 \u201c" + f.excerpt() + "\u201d"));
                line.setWrapText(true);
                flags.getChildren().add(line);
            }
            box.getChildren().add(flags);
        }
        TextFlow text = flow(c.text());
        text.getStyleClass().add("chunk-text");
        box.getChildren().add(text);
        box.setPadding(new Insets(0, 0, 6, 0));
        fitWidth(box, list);
        return box;
    }

    /** A list cell's content as wide as the list (less its scroll bar), so its text wraps. */
    private static void fitWidth(Region box, ListView<?> list) {
        box.prefWidthProperty().bind(list.widthProperty().subtract(36));
        box.setMaxWidth(Region.USE_PREF_SIZE);
    }

    /** {@code segments} as styled text: matched words and redaction placeholders highlighted. */
    static TextFlow flow(List<Segment> segments) {
        TextFlow flow = new TextFlow();
        for (Segment s : segments) {
            Text t = new Text(s.text());
            t.getStyleClass().addAll("doc-text", "doc-" + s.mark().name().toLowerCase(Locale.ROOT));
            flow.getChildren().add(t);
        }
        return flow;
    }

}
