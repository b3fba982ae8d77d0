package org.promptstudio.ui.runs;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableListBase;
import org.promptstudio.app.CallText;
import org.promptstudio.app.Studio;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.ErrorText;
import org.promptstudio.store.CallFilter;
import org.promptstudio.store.CallRepository;
import org.promptstudio.ui.common.Activatable;
import org.promptstudio.ui.common.TaskRunner;

/**
 * The recorded calls, newest first, with filters (prompt, version, model, run, failed only, with feedback only),
 * read from the database a page at a time: the table's list has one row per call, but a row's call is only read
 * when the table asks for that row (the rows it shows), {@link #PAGE} calls per read, and at most {@link #KEPT_PAGES}
 * pages are kept. Opening a call shows its whole record as {@code studio calls show} prints it.
 */
public final class CallsViewModel implements Activatable {

    /** Calls per read. */
    public static final int PAGE = 100;
    /** Pages kept in memory; the least recently used goes first. */
    static final int KEPT_PAGES = 40;

    /** One row of the table: its position, and its call once read (null until then). */
    public static final class CallRow {
        private final long index;
        private final ObjectProperty<CallRecord> call = new SimpleObjectProperty<>();

        CallRow(long index) {
            this.index = index;
        }

        public long index() {
            return index;
        }

        public ReadOnlyObjectProperty<CallRecord> callProperty() {
            return call;
        }

        public CallRecord call() {
            return call.get();
        }
    }

    /** The rows of one filter's calls: a fixed size, each page read the first time one of its rows is asked for. */
    final class PagedRows extends ObservableListBase<CallRow> {
        private final CallFilter filter;
        private final CallRepository.Snapshot snapshot;
        private final long total;
        private final long generation;
        /** The pages kept, as the table last asked for them; a page dropped before its read started is not read. */
        private final java.util.Set<Long> live = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final Map<Long, CallRow[]> pages = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, CallRow[]> eldest) {
                boolean drop = size() > KEPT_PAGES;
                if (drop) live.remove(eldest.getKey());
                return drop;
            }
        };

        PagedRows(CallFilter filter, CallRepository.Snapshot snapshot, long generation) {
            this.filter = filter;
            this.snapshot = snapshot;
            this.total = snapshot.total();
            this.generation = generation;
        }

        @Override
        public CallRow get(int index) {
            if (index < 0 || index >= total) throw new IndexOutOfBoundsException(index);
            long page = index / PAGE;
            CallRow[] rows = pages.get(page);
            if (rows == null) {
                long from = page * PAGE;
                int n = (int) Math.min(PAGE, total - from);
                CallRow[] made = new CallRow[n];
                for (int i = 0; i < n; i++) made[i] = new CallRow(from + i);
                pages.put(page, made);
                live.add(page);
                rows = made;
                read(page, from, made);
            }
            return rows[(int) (index - page * PAGE)];
        }

        private void read(long page, long from, CallRow[] rows) {
            pagesRead.set(pagesRead.get() + 1);
            // A scroll bar dragged over many pages asks for each; those already dropped again are skipped.
            runner.run(() -> live.contains(page) ? studio.calls().page(filter, snapshot, from, rows.length)
                    : List.<CallRecord>of(), calls -> {
                if (generation != CallsViewModel.this.generation) return;
                for (int i = 0; i < rows.length && i < calls.size(); i++) rows[i].call.set(calls.get(i));
            }, e -> error.set("Cannot read the calls: " + ErrorText.reason(e)));
        }

        @Override
        public int size() {
            return (int) Math.min(Integer.MAX_VALUE, total);
        }
    }

    private final Studio studio;
    private final TaskRunner runner;
    private final ZoneId zone = ZoneId.systemDefault();
    private final StringProperty prompt = new SimpleStringProperty("");
    private final StringProperty version = new SimpleStringProperty("");
    private final StringProperty model = new SimpleStringProperty("");
    private final StringProperty run = new SimpleStringProperty("");
    private final BooleanProperty failedOnly = new SimpleBooleanProperty(false);
    private final BooleanProperty withFeedback = new SimpleBooleanProperty(false);
    private final ObservableList<String> modelChoices = FXCollections.observableArrayList();
    private final ObservableList<String> promptChoices = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ObservableList<CallRow>> rows =
            new ReadOnlyObjectWrapper<>(FXCollections.observableArrayList());
    private final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper(0);
    private final ReadOnlyLongWrapper pagesRead = new ReadOnlyLongWrapper(0);
    private final ReadOnlyStringWrapper record = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
    private long generation;
    private long openGeneration;

    /**
     * @param studio the open workspace
     * @param runner runs the reads off the UI thread
     * @param runId  only the calls of this run at first (null: every call)
     */
    public CallsViewModel(Studio studio, TaskRunner runner, Long runId) {
        this.studio = studio;
        this.runner = runner;
        if (runId != null) run.set(String.valueOf(runId));
        failedOnly.addListener((obs, old, v) -> onApply());
        withFeedback.addListener((obs, old, v) -> onApply());
    }

    @Override
    public void onActivate() {
        if (!loaded.get()) {
            runner.run(() -> {
                List<String> prompts = new ArrayList<>();
                TreeSet<String> ids = new TreeSet<>();
                studio.calls().promptsByRun().values().forEach(s -> s.forEach(p -> ids.add(CallText.promptId(p))));
                prompts.addAll(ids);
                return List.of(studio.calls().models(), prompts);
            }, lists -> {
                modelChoices.setAll(lists.get(0));
                promptChoices.setAll(lists.get(1));
            }, e -> error.set("Cannot read the models of the calls: " + ErrorText.reason(e)));
            onApply();
        }
    }

    @Override
    public void onDeactivate() {
    }

    /**
     * Counts the calls the filters select and shows them from the newest, as they are now: calls recorded after this
     * (a run going on) show on the next apply, and meanwhile the rows do not shift; a filter that cannot be (a run that is no
     * number, a version that is no commit) is said in {@link #errorProperty()} and nothing is read.
     */
    public void onApply() {
        CallFilter filter;
        try {
            filter = filter();
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        long gen = ++generation;
        error.set("");
        record.set("");
        runner.run(() -> studio.calls().snapshot(filter), n -> {
            if (gen != generation) return;
            total.set(n.total());
            rows.set(new PagedRows(filter, n, gen));
            loaded.set(true);
        }, e -> {
            error.set("Cannot count the calls: " + ErrorText.reason(e));
            loaded.set(true);
        });
    }

    /** The filter the fields say. */
    CallFilter filter() {
        String r = run.get() == null ? "" : run.get().strip();
        if (!r.isEmpty() && !r.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("run: '" + r + "' is not a run id (a number, see the run list)");
        }
        String p = prompt.get() == null ? "" : prompt.get().strip();
        String v = version.get() == null ? "" : version.get().strip();
        if (!v.isEmpty() && !v.matches("[0-9a-fA-F]{4,64}")) {
            throw new IllegalArgumentException("version: '" + v + "' is not a commit (4 to 40 hex digits, as the"
                    + " PROMPT@VERSION column shows it)");
        }
        return new CallFilter(r.isEmpty() ? null : Long.parseLong(r), p.isEmpty() ? null : CallText.promptPath(p),
                v.isEmpty() ? null : v, model.get(), failedOnly.get(), withFeedback.get());
    }

    /** Shows the whole record of {@code row}'s call, as {@code studio calls show} prints it. */
    public void onOpen(CallRow row) {
        long gen = ++openGeneration;
        if (row == null || row.call() == null) {
            record.set("");
            return;
        }
        long id = row.call().id();
        runner.run(() -> studio.calls().record(id, zone).orElse("call " + id + ": no such call"), text -> {
            if (gen == openGeneration) record.set(text);
        }, e -> error.set("Cannot read call " + id + ": " + ErrorText.reason(e)));
    }

    /** The table's column titles, in order; {@link #cells} gives a call's values under them. */
    public static final List<String> COLUMNS = List.of("Id", "Time", "Run", "Prompt@version", "Model",
            "Tokens in/out", "Cost", "Latency", "Status", "Guard");

    /**
     * {@code call}'s values under {@link #COLUMNS}, as {@code studio calls} prints them (app.CallText); the guard column
     * names the checks that found something ({@code pii, blocklist}), read with the page.
     */
    public List<String> cells(CallRecord call) {
        return List.of(String.valueOf(call.id()), CallText.time(call.createdAt(), zone),
                call.runId() == null ? "-" : call.runId().toString(), CallText.version(call), CallText.model(call),
                CallText.tokens(call), CallText.cost(call, call.cost()), CallText.latency(call.latencyMs()),
                CallText.status(call, 48), CallText.guardChecks(call));
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    /** The version filter: the start of a commit ({@code 1a2b3c4}). */
    public StringProperty versionProperty() {
        return version;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty runProperty() {
        return run;
    }

    public BooleanProperty failedOnlyProperty() {
        return failedOnly;
    }

    public BooleanProperty withFeedbackProperty() {
        return withFeedback;
    }

    public ObservableList<String> modelChoices() {
        return modelChoices;
    }

    public ObservableList<String> promptChoices() {
        return promptChoices;
    }

    /** The table's rows: one per call the filters select; a row's call is read when the row is first asked for. */
    public ReadOnlyObjectProperty<ObservableList<CallRow>> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    /** How many calls the filters select. */
    public ReadOnlyLongProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    /** How many pages were read from the database since the view opened (a page read again counts again). */
    public ReadOnlyLongProperty pagesReadProperty() {
        return pagesRead.getReadOnlyProperty();
    }

    /** The opened call's whole record, or empty. */
    public ReadOnlyStringProperty recordProperty() {
        return record.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }
}
