package org.promptstudio.ui.labelling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.promptstudio.model.ErrorText;
import org.promptstudio.model.LabelValue;
import org.promptstudio.ui.common.Activatable;
import org.promptstudio.ui.common.MarkdownText;
import org.promptstudio.ui.common.TaskRunner;

/**
 * The labelling window's state: the queues with their progress, the item shown, the label being made from the keys
 * pressed, and the labels stored. Keyboard first ({@link #onKey}): digits rate or choose categories, {@code a}/{@code b}/
 * {@code t} prefer, {@code e} writes a correction, Enter stores the label and goes on, {@code u} undoes the last label,
 * {@code j}/{@code k} move. Every label is written at once, one write at a time in the order made (so an undo follows
 * the label it undoes), through the task runner. The next {@link #PREFETCH} items are read ahead, their markdown
 * parsed off the UI thread, so going on never waits for the database (decision 0129).
 */
public final class LabellingViewModel implements Activatable {

    /** Items kept read ahead of the one shown; fewer than half of it starts the next read. */
    public static final int PREFETCH = 16;

    /** One choice the pane lists for the schema: the key, what it means, whether it is chosen now. */
    public record Option(String key, String text, boolean chosen) {
    }

    /** An item as shown: the item and each answer's markdown runs, parsed when it was read. */
    public record Shown(LabelSource.Item item, List<List<MarkdownText.Run>> markdown) {
    }

    private record Write(Callable<?> work, Consumer<Object> done, Consumer<Throwable> failed) {
    }

    /** A label this session submitted: its item, and the stored label's id once the write is done (null before). */
    private static final class Submitted {
        final long itemId;
        volatile Long labelId;

        Submitted(long itemId) {
            this.itemId = itemId;
        }
    }

    private final LabelSource source;
    private final TaskRunner runner;
    private final String initialQueue;
    private final ObservableList<LabelSource.Queue> queues = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<LabelSource.Queue> queue = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Shown> shown = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Option> options = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper annotator = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper position = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper mine = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper exportResult = new ReadOnlyStringWrapper("");
    private final ObservableList<String> figures = FXCollections.observableArrayList();
    private final ObservableList<String> calibration = FXCollections.observableArrayList();
    private final StringProperty judgeModel = new SimpleStringProperty("");
    private final StringProperty exportFormat = new SimpleStringProperty("csv");
    private final StringProperty reason = new SimpleStringProperty("");
    private final StringProperty comment = new SimpleStringProperty("");
    private final StringProperty correction = new SimpleStringProperty("");
    private final BooleanProperty editing = new SimpleBooleanProperty(false);
    private final ObservableList<String> schemaNames = FXCollections.observableArrayList();
    private final StringProperty newName = new SimpleStringProperty("");
    private final StringProperty newSchema = new SimpleStringProperty("");
    private final StringProperty newRun = new SimpleStringProperty("");
    private final StringProperty newPrompt = new SimpleStringProperty("");
    private final StringProperty newModel = new SimpleStringProperty("");
    private final StringProperty newSample = new SimpleStringProperty("");
    private final StringProperty newSeed = new SimpleStringProperty("");
    private final StringProperty newOverlap = new SimpleStringProperty("1");
    private final BooleanProperty newBlind = new SimpleBooleanProperty(false);
    private final BooleanProperty newNotLabelled = new SimpleBooleanProperty(false);
    private final BooleanProperty newFailedOnly = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper createResult = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper finished = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyIntegerWrapper pendingWrites = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyIntegerWrapper stored = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyLongWrapper itemsShown = new ReadOnlyLongWrapper(0);

    /** The items seen in this queue, in the order met; {@link #at} is the one shown. */
    private final List<Shown> visited = new ArrayList<>();
    private final Deque<Shown> ahead = new ArrayDeque<>();
    private final Set<Long> known = new HashSet<>();
    /** This session's submitted labels, newest first: what {@code u} undoes. */
    private final Deque<Submitted> submitted = new ArrayDeque<>();
    private final Deque<Write> writes = new ArrayDeque<>();
    private boolean writing;
    /** When the queues and figures were last read after a write (System.nanoTime), 0 for never. */
    private long lastRefresh;
    private static final long REFRESH_NANOS = 3_000_000_000L;
    /** Labels stored (less those undone) since the queues were last read: their progress does not count them yet. */
    private int sinceRead;
    private int at = -1;
    private int lastFetched = -1;
    private boolean fetching;
    private boolean exhausted;
    private long generation;
    private LabelDraft draft;

    /**
     * @param source       the workspace's labelling
     * @param runner       runs every read and write off the UI thread
     * @param initialQueue the queue to open first, or empty for the first one
     */
    public LabellingViewModel(LabelSource source, TaskRunner runner, String initialQueue) {
        this.source = source;
        this.runner = runner;
        this.initialQueue = initialQueue == null ? "" : initialQueue.strip();
        reason.addListener((obs, old, v) -> {
            if (draft != null) draft.reason(v);
        });
        comment.addListener((obs, old, v) -> {
            if (draft != null) draft.comment(v);
        });
        correction.addListener((obs, old, v) -> {
            if (draft != null && editing.get()) draft.correction(v);
        });
        // the done state shows the queue's true progress: read at once when nothing is left to write (else after the
        // last write, see afterWrite); only when labels were stored since the last read, so that a queue opened
        // finished (its figures just read) is not read again and again
        finished.addListener((obs, was, done) -> {
            if (done && sinceRead > 0 && writes.isEmpty() && !writing) {
                lastRefresh = System.nanoTime();
                refreshQueues();
                onRefreshFigures();
            }
        });
    }

    @Override
    public void onActivate() {
        if (!loaded.get()) {
            runner.run(() -> new Object[] {source.annotator(), source.queues(), source.schemaNames()}, r -> {
                annotator.set((String) r[0]);
                @SuppressWarnings("unchecked")
                List<String> names = (List<String>) r[2];
                schemaNames.setAll(names);
                if (newSchema.get().isEmpty() && !names.isEmpty()) newSchema.set(names.get(names.size() - 1));
                @SuppressWarnings("unchecked")
                List<LabelSource.Queue> qs = (List<LabelSource.Queue>) r[1];
                queues.setAll(qs);
                loaded.set(true);
                LabelSource.Queue first = qs.stream().filter(q -> q.name().equals(initialQueue)).findFirst()
                        .orElse(qs.isEmpty() ? null : qs.get(0));
                if (!initialQueue.isEmpty() && (first == null || !first.name().equals(initialQueue))) {
                    error.set("no labelling queue '" + initialQueue + "'");
                }
                if (qs.isEmpty()) status.set("No labelling queue yet: make one with studio labels queue create.");
                onSelectQueue(first);
            }, e -> {
                error.set("Cannot read the labelling queues: " + ErrorText.reason(e));
                loaded.set(true);
            });
        } else {
            refreshQueues();
        }
    }

    @Override
    public void onDeactivate() {
    }

    /** Shows {@code q}'s first item this annotator may still label, and its figures; null shows nothing. */
    public void onSelectQueue(LabelSource.Queue q) {
        if (q != null && queue.get() != null && queue.get().name().equals(q.name()) && !visited.isEmpty()) return;
        generation++;
        visited.clear();
        ahead.clear();
        known.clear();
        submitted.clear();
        sinceRead = 0;
        at = -1;
        lastFetched = -1;
        fetching = false;
        exhausted = false;
        finished.set(false);
        queue.set(q);
        show(null);
        figures.clear();
        calibration.clear();
        exportResult.set("");
        if (q == null) return;
        updateProgress();
        topUp();
        onRefreshFigures();
    }

    /**
     * A key pressed in the labelling pane (not in a text field): {@code 0}-{@code 9}, {@code a}, {@code b}, {@code t},
     * {@code e}, {@code u}, {@code j}, {@code k}, {@code ENTER}. Returns whether it meant something here.
     */
    public boolean onKey(String key) {
        switch (key) {
            case "ENTER" -> onSubmit();
            case "u" -> onUndo();
            case "j" -> onNext();
            case "k" -> onPrevious();
            case "e" -> onEdit();
            case "a" -> onPrefer("A");
            case "b" -> onPrefer("B");
            case "t" -> onPrefer("tie");
            default -> {
                if (key.length() == 1 && Character.isDigit(key.charAt(0))) {
                    onDigit(key.charAt(0) - '0');
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /** Digit {@code d}: a rating point, a category, thumbs (1 up, 2 down), the next answer of a ranking. */
    public void onDigit(int d) {
        if (!editable()) return;
        said(draft.digit(d));
    }

    /** {@code A}, {@code B} or {@code tie} as shown. */
    public void onPrefer(String shownChoice) {
        if (!editable()) return;
        said(draft.prefer(shownChoice));
    }

    /** Starts the correction from the (first) answer's text; the view puts the focus in its editor. */
    public void onEdit() {
        if (!editable()) return;
        if (!draft.type().equals("correction")) {
            error.set("e writes a correction: this queue's schema is " + draft.type());
            return;
        }
        if (!editing.get()) {
            String start = draft.correctionText() != null ? draft.correctionText()
                    : shown.get().item().answers().get(0).text();
            // the text first: the view puts the caret at its end when editing starts
            correction.set(start == null ? "" : start);
            editing.set(true);
            draft.correction(correction.get());
        }
        error.set("");
        refreshOptions();
    }

    /** Leaves the correction editor, keeping what was written. */
    public void onStopEditing() {
        editing.set(false);
    }

    /**
     * Stores the label made and shows the next item at once (the write goes on meanwhile); on an item already labelled
     * it just goes on; an incomplete label says what is missing.
     */
    public void onSubmit() {
        Shown s = shown.get();
        if (s == null) return;
        if (s.item().mine() != null) {
            onNext();
            return;
        }
        String missing = draft.missing();
        if (missing != null) {
            error.set(missing);
            return;
        }
        LabelSource.Item item = s.item();
        String value = draft.json(item.swapped(), item.answers().stream().map(LabelSource.Answer::callId).toList());
        String q = item.queue();
        String who = annotator.get();
        int overlap = queue.get().overlap();
        visited.set(at, new Shown(item.withMine(value), s.markdown()));
        Submitted mark = new Submitted(item.id());
        submitted.push(mark);
        sinceRead++;
        error.set("");
        // on first, then the write: a write done at once (or refused) finds the window where the annotator is
        editing.set(false);
        advance();
        write(() -> source.submit(item, who, value), r -> {
            OptionalLong id = (OptionalLong) r;
            if (id.isPresent()) {
                mark.labelId = id.getAsLong();
                stored.set(stored.get() + 1);
            } else {
                if (submitted.remove(mark)) sinceRead--;
                drop(item.id());
                error.set("Item " + (item.position() + 1) + " already has its labels from other annotators (overlap "
                        + overlap + "): yours was not stored; going on.");
            }
        }, e -> {
            if (submitted.remove(mark)) sinceRead--;
            replace(item.id(), null);
            error.set("Item " + (item.position() + 1) + " was not stored: " + ErrorText.reason(e)
                    + " (k goes back to it)");
        });
        if (q.equals(queue.get().name())) updateProgress();
    }

    /** Deletes this session's last label and shows its item again, to label anew. */
    public void onUndo() {
        if (submitted.isEmpty()) {
            error.set("Nothing to undo: no label stored in this queue since it was opened.");
            return;
        }
        Submitted mark = submitted.pop();
        long id = mark.itemId;
        sinceRead--;
        String who = annotator.get();
        // the label this session stored, by id; a submit that failed or was refused stored none: nothing to delete
        write(() -> mark.labelId != null && source.undo(mark.labelId, who), r -> {
            if ((Boolean) r) stored.set(stored.get() - 1);
        }, e -> error.set("The last label was not undone: " + ErrorText.reason(e)));
        int index = replace(id, null);
        error.set("");
        if (index >= 0) {
            at = index;
            finished.set(false);
            show(visited.get(at));
        }
        updateProgress();
    }

    /** {@code j}: the next item (one met already, else the next unlabelled one). */
    public void onNext() {
        if (shown.get() == null) return;
        error.set("");
        advance();
    }

    /** {@code k}: the item before, with this annotator's label if it has one. */
    public void onPrevious() {
        if (at <= 0 && shown.get() != null) return;
        error.set("");
        at = shown.get() == null ? visited.size() - 1 : at - 1;
        if (at < 0) return;
        finished.set(false);
        show(visited.get(at));
    }

    /** Reads the queue's agreement and calibration figures again. */
    public void onRefreshFigures() {
        LabelSource.Queue q = queue.get();
        if (q == null) return;
        long gen = generation;
        runner.run(() -> source.figures(q.name()), lines -> {
            if (gen == generation) figures.setAll(lines);
        }, e -> figures.setAll("Figures not available: " + ErrorText.reason(e)));
    }

    /** Exports the labels in {@link #exportFormatProperty()}'s format in one action; says what was written. */
    public void onExport() {
        String format = exportFormat.get() == null || exportFormat.get().isBlank() ? "csv" : exportFormat.get();
        exportResult.set("Exporting\u2026");
        runner.run("Export labels as " + format, p -> source.export(format), exportResult::set,
                e -> exportResult.set("Export failed: " + ErrorText.reason(e)));
    }

    /**
     * Calibrates the judge model named in {@link #judgeModelProperty()} against the people's labels of the queue's
     * schema (asks the judge: model calls); the figures go to {@link #calibration()}.
     */
    public void onCalibrate() {
        LabelSource.Queue q = queue.get();
        String judge = judgeModel.get() == null ? "" : judgeModel.get().strip();
        if (q == null) return;
        if (judge.isEmpty()) {
            calibration.setAll("Name the judge model first (a model id of studio.yaml).");
            return;
        }
        calibration.setAll("Asking " + judge + " about the labelled items\u2026");
        runner.runLong("Calibrate " + judge + " on " + q.schema().name(), p -> source.calibrate(judge,
                q.schema().name()), calibration::setAll, e -> calibration.setAll("Cannot calibrate: "
                + ErrorText.reason(e)));
    }

    /** Reads the queues' progress again (another annotator may have labelled meanwhile). */
    public void refreshQueues() {
        int counted = sinceRead;
        runner.run(source::queues, qs -> {
            sinceRead -= counted;
            queues.setAll(qs);
            LabelSource.Queue current = queue.get();
            if (current != null) {
                qs.stream().filter(x -> x.name().equals(current.name())).findFirst().ifPresent(queue::set);
            }
            updateProgress();
        }, e -> error.set("Cannot read the labelling queues: " + ErrorText.reason(e)));
    }

    /**
     * Makes a queue from the form (name, schema, run, prompt, model, failed only, not labelled yet, sample N with a
     * seed, overlap, blind) and opens it; a field that cannot be is said in {@link #createResultProperty()}.
     */
    public void onCreateQueue() {
        LabelSource.NewQueue spec;
        try {
            spec = newQueue();
        } catch (IllegalArgumentException e) {
            createResult.set(e.getMessage());
            return;
        }
        createResult.set("Making queue " + spec.name() + "\u2026");
        runner.run("Make labelling queue " + spec.name(), p -> {
            List<String> notes = source.createQueue(spec);
            return new Made(notes, source.queues());
        }, done -> {
            List<LabelSource.Queue> qs = done.queues();
            queues.setAll(qs);
            LabelSource.Queue made = qs.stream().filter(q -> q.name().equals(spec.name())).findFirst().orElse(null);
            StringBuilder said = new StringBuilder(made == null ? "" : "Made queue " + made.name() + ": "
                    + made.items() + " item" + (made.items() == 1 ? "" : "s"));
            for (String note : done.notes()) said.append('\n').append(note);
            createResult.set(said.toString());
            newName.set("");
            if (made != null) onSelectQueue(made);
        }, e -> createResult.set("Cannot make the queue: " + ErrorText.reason(e)));
    }

    /** A queue just made: the notes on it and the queues read afresh. */
    private record Made(List<String> notes, List<LabelSource.Queue> queues) {
    }

    /** The form as a queue to make; throws a one-line IllegalArgumentException naming the field that cannot be. */
    LabelSource.NewQueue newQueue() {
        String name = text(newName);
        if (name.isEmpty()) throw new IllegalArgumentException("name: a queue needs a name");
        String schema = text(newSchema);
        if (schema.isEmpty()) throw new IllegalArgumentException("schema: choose the label schema");
        String r = text(newRun);
        if (!r.isEmpty() && !r.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("run: '" + r + "' is not a run id (a number, see the run list)");
        }
        Integer sample = count("sample", text(newSample), 1);
        String seedText = text(newSeed);
        if (!seedText.isEmpty() && !seedText.matches("-?\\d{1,18}")) {
            throw new IllegalArgumentException("seed: '" + seedText + "' is not a whole number");
        }
        Integer overlap = count("overlap", text(newOverlap), 1);
        return new LabelSource.NewQueue(name, schema, r.isEmpty() ? null : Long.parseLong(r),
                text(newPrompt).isEmpty() ? null : text(newPrompt), text(newModel).isEmpty() ? null : text(newModel),
                newFailedOnly.get(), newNotLabelled.get(), sample, seedText.isEmpty() ? null : Long.parseLong(seedText),
                overlap == null ? 1 : overlap, newBlind.get());
    }

    private static String text(StringProperty p) {
        return p.get() == null ? "" : p.get().strip();
    }

    private static Integer count(String field, String value, int least) {
        if (value.isEmpty()) return null;
        if (!value.matches("\\d{1,9}") || Integer.parseInt(value) < least) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not a whole number of at least " + least);
        }
        return Integer.parseInt(value);
    }

    // ---- internals ------------------------------------------------------------------------------------------

    private boolean editable() {
        Shown s = shown.get();
        if (s == null) return false;
        if (s.item().mine() != null) {
            error.set("You labelled this item already: u undoes your last label, j goes on.");
            return false;
        }
        return true;
    }

    private void said(String problem) {
        error.set(problem == null ? "" : problem);
        refreshOptions();
    }

    private void advance() {
        if (at + 1 < visited.size()) {
            at++;
            show(visited.get(at));
        } else if (!ahead.isEmpty()) {
            Shown next = ahead.poll();
            visited.add(next);
            at = visited.size() - 1;
            show(next);
        } else {
            at = visited.size();
            show(null);
            finished.set(exhausted && !fetching);
        }
        topUp();
    }

    private void show(Shown s) {
        LabelSource.Queue q = queue.get();
        draft = s == null || q == null ? null : new LabelDraft(q.schema(), s.item().answers().size());
        editing.set(false);
        reason.set("");
        comment.set("");
        correction.set("");
        shown.set(s);
        if (s != null) itemsShown.set(itemsShown.get() + 1);
        mine.set(s == null || s.item().mine() == null ? "" : "Your label: " + shownValue(s.item()));
        position.set(s == null || q == null ? "" : "Item " + (s.item().position() + 1) + " of " + q.items());
        refreshOptions();
    }

    /**
     * Takes item {@code id} out of the items met (its label was refused: it has all it needs from others) and shows
     * the next one in its place when it was the one shown.
     */
    private void drop(long id) {
        for (int i = 0; i < visited.size(); i++) {
            if (visited.get(i).item().id() != id) continue;
            visited.remove(i);
            if (i < at) {
                at--;
            } else if (i == at) {
                at--;
                advance();
            }
            return;
        }
    }

    /**
     * The annotator's label of {@code item} as given on the answers shown (a blind pair's A/B as shown, a ranking as
     * answer numbers): the stored true order and call ids are not told.
     */
    static String shownValue(LabelSource.Item item) {
        List<Long> callIds = item.answers().stream().map(LabelSource.Answer::callId).toList();
        return LabelValue.parse(item.mine()).inShownOrder(item.swapped(), callIds).json();
    }

    /** Marks item {@code id}'s label as {@code value} where it was met; returns its index there, or -1. */
    private int replace(long id, String value) {
        for (int i = 0; i < visited.size(); i++) {
            Shown s = visited.get(i);
            if (s.item().id() == id) {
                visited.set(i, new Shown(s.item().withMine(value), s.markdown()));
                if (i == at) show(visited.get(i));
                return i;
            }
        }
        return -1;
    }

    /** Reads the next items when fewer than half of {@link #PREFETCH} are left ahead. */
    private void topUp() {
        LabelSource.Queue q = queue.get();
        if (q == null || fetching || exhausted || ahead.size() >= PREFETCH / 2) return;
        fetching = true;
        long gen = generation;
        int after = lastFetched;
        String who = annotator.get();
        runner.run(() -> source.upcoming(q.name(), who, after, PREFETCH).stream().map(LabellingViewModel::parse)
                .toList(), items -> {
            if (gen != generation) return;
            fetching = false;
            for (Shown s : items) {
                lastFetched = Math.max(lastFetched, s.item().position());
                if (known.add(s.item().id())) ahead.add(s);
            }
            if (items.size() < PREFETCH) exhausted = true;
            if (shown.get() == null && at >= visited.size() - 1) {
                if (!ahead.isEmpty()) {
                    advance();
                } else {
                    finished.set(exhausted);
                    status.set("");
                }
            } else {
                topUp();
            }
        }, e -> {
            if (gen != generation) return;
            fetching = false;
            error.set("Cannot read the next items: " + ErrorText.reason(e));
        });
    }

    private static Shown parse(LabelSource.Item item) {
        return new Shown(item, item.answers().stream().map(a -> MarkdownText.runs(a.text())).toList());
    }

    private void write(Callable<?> work, Consumer<Object> done, Consumer<Throwable> failed) {
        writes.add(new Write(work, done, failed));
        pendingWrites.set(pendingWrites.get() + 1);
        pump();
    }

    /** Starts the oldest write when none is running: labels reach the database in the order they were made. */
    private void pump() {
        if (writing || writes.isEmpty()) return;
        writing = true;
        Write w = writes.poll();
        runner.run(w.work(), r -> {
            writing = false;
            pendingWrites.set(pendingWrites.get() - 1);
            w.done().accept(r);
            afterWrite();
        }, e -> {
            writing = false;
            pendingWrites.set(pendingWrites.get() - 1);
            w.failed().accept(e);
            afterWrite();
        });
    }

    private void afterWrite() {
        updateStatus();
        // The queue list and the agreement are read again at most every REFRESH_NANOS while labels come fast: each
        // read costs the database (and the 2 cores a laptop may have) more than the label it follows.
        long now = System.nanoTime();
        if (writes.isEmpty() && (finished.get() || lastRefresh == 0 || now - lastRefresh > REFRESH_NANOS)) {
            lastRefresh = now;
            refreshQueues();
            onRefreshFigures();
        }
        pump();
    }

    private void updateStatus() {
        int pending = pendingWrites.get();
        status.set(stored.get() + " label" + (stored.get() == 1 ? "" : "s") + " stored this session"
                + (pending > 0 ? " \u00b7 storing " + pending + "\u2026" : ""));
    }

    private void updateProgress() {
        LabelSource.Queue q = queue.get();
        if (q == null) {
            progress.set("");
            return;
        }
        int yours = q.mine() + sinceRead;
        progress.set(String.format(java.util.Locale.ROOT, "Queue %s: %d of %d items complete, %d of %d labels"
                        + " \u00b7 %s: %d labelled", q.name(), q.complete(), q.items(), q.labels(), q.wanted(),
                annotator.get().isEmpty() ? "you" : annotator.get(), yours));
        updateStatus();
    }

    private void refreshOptions() {
        LabelSource.Queue q = queue.get();
        if (q == null || shown.get() == null || draft == null) {
            options.clear();
            return;
        }
        LabelSource.Schema s = q.schema();
        List<Option> list = new ArrayList<>();
        switch (s.type()) {
            case "rating" -> {
                int min = s.min() == null ? 1 : s.min();
                int max = s.max() == null ? 5 : s.max();
                for (int v = min; v <= max; v++) {
                    String desc = s.points().get(v);
                    list.add(new Option(v == 10 ? "0" : String.valueOf(v), v + (desc == null ? "" : "  " + desc),
                            Integer.valueOf(v).equals(draft.rating())));
                }
            }
            case "thumbs" -> {
                list.add(new Option("1", "\ud83d\udc4d up", "up".equals(draft.thumbs())));
                list.add(new Option("2", "\ud83d\udc4e down", "down".equals(draft.thumbs())));
            }
            case "category", "categories" -> {
                for (int i = 0; i < s.categories().size(); i++) {
                    String c = s.categories().get(i);
                    boolean on = s.type().equals("category") ? c.equals(draft.category()) : draft.categories().contains(c);
                    list.add(new Option(String.valueOf(i + 1), c, on));
                }
            }
            case "pairwise" -> {
                list.add(new Option("a", "A is better", "A".equals(draft.preference())));
                list.add(new Option("b", "B is better", "B".equals(draft.preference())));
                list.add(new Option("t", "tie", "tie".equals(draft.preference())));
            }
            case "ranking" -> {
                List<Integer> r = draft.ranking();
                for (int i = 0; i < shown.get().item().answers().size(); i++) {
                    int place = r.indexOf(i);
                    list.add(new Option(String.valueOf(i + 1), "answer " + (i + 1)
                            + (place < 0 ? "" : "  (#" + (place + 1) + ")"), place >= 0));
                }
            }
            case "correction" -> list.add(new Option("e", "write the correction", draft.correctionText() != null));
            default -> {
            }
        }
        options.setAll(list);
    }

    // ---- properties -----------------------------------------------------------------------------------------

    /** The queues with their progress, by name. */
    public ObservableList<LabelSource.Queue> queues() {
        return queues;
    }

    public ReadOnlyObjectProperty<LabelSource.Queue> queueProperty() {
        return queue.getReadOnlyProperty();
    }

    /** The item shown, or null (none left for this annotator, or still reading). */
    public ReadOnlyObjectProperty<Shown> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** The choices of the queue's schema with their descriptions, the chosen ones marked. */
    public ObservableList<Option> options() {
        return options;
    }

    public ReadOnlyStringProperty annotatorProperty() {
        return annotator.getReadOnlyProperty();
    }

    /** "Item 13 of 200". */
    public ReadOnlyStringProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    /** The queue's progress and this annotator's, in one line. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The shown item's label by this annotator, or empty when not labelled yet. */
    public ReadOnlyStringProperty mineProperty() {
        return mine.getReadOnlyProperty();
    }

    /** How many labels were stored this session and how many are being stored. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The last key's problem or a failed read or write, in one line; empty when none. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty exportResultProperty() {
        return exportResult.getReadOnlyProperty();
    }

    /** The queue's agreement and calibration figures, one per line. */
    public ObservableList<String> figures() {
        return figures;
    }

    /** The judge calibration's figures, one per line; empty until asked. */
    public ObservableList<String> calibration() {
        return calibration;
    }

    /** The judge model to calibrate (a model id of studio.yaml). */
    public StringProperty judgeModelProperty() {
        return judgeModel;
    }

    /** The export's format: {@code openai}, {@code vertex}, {@code dpo} or {@code csv}. */
    public StringProperty exportFormatProperty() {
        return exportFormat;
    }

    /** A pair's reason, typed. */
    public StringProperty reasonProperty() {
        return reason;
    }

    /** A comment with the label, typed. */
    public StringProperty commentProperty() {
        return comment;
    }

    /** The correction being written (starts from the answer). */
    public StringProperty correctionProperty() {
        return correction;
    }

    /** Whether the correction editor is open. */
    public BooleanProperty editingProperty() {
        return editing;
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** True once no item is left for this annotator in the queue. */
    public ReadOnlyBooleanProperty finishedProperty() {
        return finished.getReadOnlyProperty();
    }

    /** Labels and undos handed to the database and not confirmed yet. */
    public ReadOnlyIntegerProperty pendingWritesProperty() {
        return pendingWrites.getReadOnlyProperty();
    }

    /** Labels confirmed stored this session (less those undone). */
    public ReadOnlyIntegerProperty storedProperty() {
        return stored.getReadOnlyProperty();
    }

    /** How many times an item was put on show (for the benchmark). */
    public ReadOnlyLongProperty itemsShownProperty() {
        return itemsShown.getReadOnlyProperty();
    }

    /** The label schemas a new queue may use. */
    public ObservableList<String> schemaNames() {
        return schemaNames;
    }

    public StringProperty newNameProperty() {
        return newName;
    }

    public StringProperty newSchemaProperty() {
        return newSchema;
    }

    /** The new queue's run filter (a run id), or empty. */
    public StringProperty newRunProperty() {
        return newRun;
    }

    public StringProperty newPromptProperty() {
        return newPrompt;
    }

    public StringProperty newModelProperty() {
        return newModel;
    }

    /** A random sample of this many items, or empty for all. */
    public StringProperty newSampleProperty() {
        return newSample;
    }

    public StringProperty newSeedProperty() {
        return newSeed;
    }

    /** Labels wanted per item from different annotators. */
    public StringProperty newOverlapProperty() {
        return newOverlap;
    }

    public BooleanProperty newBlindProperty() {
        return newBlind;
    }

    public BooleanProperty newNotLabelledProperty() {
        return newNotLabelled;
    }

    public BooleanProperty newFailedOnlyProperty() {
        return newFailedOnly;
    }

    /** What making a queue did, or why it could not. */
    public ReadOnlyStringProperty createResultProperty() {
        return createResult.getReadOnlyProperty();
    }

    /** Items read ahead and not shown yet. */
    public int prefetched() {
        return ahead.size();
    }

    /** Whether reading or writing is under way (a screenshot waits for it to end). */
    public boolean busy() {
        return !loaded.get() || fetching || pendingWrites.get() > 0;
    }
}
