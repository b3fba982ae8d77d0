package org.promptstudio.ui.editor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.promptstudio.app.Studio;
import org.promptstudio.model.ErrorText;
import org.promptstudio.model.StudioException;
import org.promptstudio.ui.common.HighlightedText;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.editor.Preview.InputField;
import org.promptstudio.ui.editor.Preview.MessageBlock;
import org.promptstudio.ui.editor.Preview.ModelCost;
import org.promptstudio.ui.editor.Preview.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file open in the editor: its text as typed, whether that differs from what is saved, the colours, problems
 * and preview of the latest text, the preview's inputs, saving (a commit) and the recovery copy that keeps unsaved
 * text through a crash.
 *
 * <p>The view reports every change with {@link #onEdited(String)} (cheap: marks the file dirty) and, once typing
 * pauses, {@link #onSettled()}, which works out colours and preview in the background; after a longer pause
 * {@link #onKeepRecovery()} keeps the recovery copy.
 * Only the answer to the latest request is shown; an older one that arrives late is dropped.
 */
public final class EditorViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(EditorViewModel.class);

    /** The mark the title carries while there are unsaved changes. */
    public static final String DIRTY_MARK = " \u25CF";

    /** Text the view should put into the code area (on open, restore, discard); {@code serial} tells loads apart. */
    public record Document(String text, long serial) {
    }

    /**
     * The colours and problem markers of one text; the view applies them only while the area still holds
     * {@code text}.
     */
    public record Analysis(String text, HighlightedText highlighting, List<Marker> markers) {
        public static final Analysis EMPTY = new Analysis("", HighlightedText.EMPTY, List.of());

        public Analysis {
            markers = List.copyOf(markers);
        }
    }

    /** A problem of this file placed in its text: {@code [start, end)} is underlined, the message its tooltip. */
    public record Marker(int start, int end, Problem problem) {
    }

    private record Loaded(String text, Optional<String> recovery, List<String> partials, List<String> datasets) {
    }

    private record Computed(String text, HighlightedText highlighting, Preview preview) {
    }

    private final EditorBackend backend;
    private final TaskRunner runner;
    private final String path;
    private final String name;

    private final ReadOnlyStringWrapper title;
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<Document> document = new ReadOnlyObjectWrapper<>(new Document("", 0));
    private final ReadOnlyObjectWrapper<Analysis> analysis = new ReadOnlyObjectWrapper<>(Analysis.EMPTY);
    private final ObservableList<MessageBlock> messages = FXCollections.observableArrayList();
    private final ObservableList<MessageBlock> messagesView = FXCollections.unmodifiableObservableList(messages);
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final ObservableList<Problem> problemsView = FXCollections.unmodifiableObservableList(problems);
    private final ObservableList<ModelCost> costs = FXCollections.observableArrayList();
    private final ObservableList<ModelCost> costsView = FXCollections.unmodifiableObservableList(costs);
    private final ObservableList<InputField> fields = FXCollections.observableArrayList();
    private final ObservableList<InputField> fieldsView = FXCollections.unmodifiableObservableList(fields);
    private final ObservableMap<String, Object> inputs = FXCollections.observableMap(new LinkedHashMap<>());
    // One read-only view each, kept: an unmodifiable wrapper listens weakly, so a new one per call could be collected.
    private final ObservableMap<String, Object> inputsView = FXCollections.unmodifiableObservableMap(inputs);
    private final ObservableList<String> datasets = FXCollections.observableArrayList();
    private final ObservableList<String> datasetsView = FXCollections.unmodifiableObservableList(datasets);
    private final ObservableList<DatasetRow> rows = FXCollections.observableArrayList();
    private final ObservableList<DatasetRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper recoveryOffer = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper saveStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper saveError = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper loadError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper diskNotice = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper uncommitted = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper(false);
    private long committedRequest;

    /** The text as typed, the text last saved (or loaded), and the partials known for completion. */
    private String text = "";
    private String savedText = "";
    private String recoveredText;
    private List<String> partials = List.of();
    private Map<String, String> variables = Map.of();
    private long documentSerial;
    private long analysisRequest;
    private long analysisDone;
    private long diskRequest;
    private long rowsRequest;

    /** Edits counted on the FX thread; the recovery copy's writes and deletes are ordered by them under a lock. */
    private long edits;
    private final Object recoveryLock = new Object();
    private long recoveryWritten; // guarded by recoveryLock
    private long recoverySettled; // guarded by recoveryLock: edits up to here are saved or discarded

    /**
     * An editor for {@code path} (from the workspace root: {@code prompts/answer.prompt}); nothing is read until
     * {@link #onOpen()}.
     */
    public EditorViewModel(EditorBackend backend, TaskRunner runner, String path) {
        this.backend = backend;
        this.runner = runner;
        this.path = path;
        this.name = path.substring(path.lastIndexOf('/') + 1);
        this.title = new ReadOnlyStringWrapper(name);
        dirty.addListener((obs, was, is) -> updateTitle());
        diskNotice.addListener((obs, was, is) -> updateTitle());
        uncommitted.addListener((obs, was, is) -> updateTitle());
        canSave.bind(dirty.or(uncommitted));
    }

    /** An editor for {@code path} in {@code studio}'s workspace. */
    public EditorViewModel(Studio studio, TaskRunner runner, String path) {
        this(new StudioEditorBackend(studio), runner, path);
    }

    /** The file name, the unsaved mark, and "(changed on disk)" while the file changed under unsaved text. */
    private void updateTitle() {
        title.set(name + (dirty.get() ? DIRTY_MARK : uncommitted.get() ? NOT_COMMITTED : "")
                + (diskNotice.get().isEmpty() ? "" : CHANGED_ON_DISK));
    }

    /** What the title carries while the text is as on disk but the file on disk differs from its last commit. */
    public static final String NOT_COMMITTED = " (not committed)";

    /**
     * Asks in the background whether the file on disk differs from its last commit ({@link #uncommittedProperty()});
     * only the answer to the latest question counts. Run on open, after a change on disk and after a save.
     */
    private void checkCommitted() {
        long id = ++committedRequest;
        runner.run(() -> backend.uncommitted(path), is -> {
            if (id == committedRequest) uncommitted.set(is);
        }, error -> LOG.debug("cannot tell whether {} is committed", path, error));
    }

    /** What the title carries while the file changed on disk under unsaved changes. */
    public static final String CHANGED_ON_DISK = " (changed on disk)";

    /**
     * The file changed on disk (another editor, git, a restore). Without unsaved changes the editor shows the new
     * text; with them it keeps the text as typed and says so ({@link #diskNoticeProperty()}, the title): saving then
     * commits the typed text over the change, {@link #onDiscard()} shows the file as it is now. A change that is the
     * editor's own save, or that leaves the file as the editor has it, changes nothing. A file that is gone keeps the
     * text (the shell says the file was deleted).
     */
    public void onChangedOnDisk() {
        if (!loaded.get()) return;
        long id = ++diskRequest;
        if (!saving.get()) checkCommitted();
        runner.run(() -> backend.load(path), disk -> {
            if (id != diskRequest || saving.get() || disk.equals(savedText)) return;
            savedText = disk;
            if (text.equals(disk)) {
                dirty.set(false);
                diskNotice.set("");
            } else if (dirty.get()) {
                diskNotice.set(path + " changed on disk. Your text is kept: saving commits it over that change; "
                        + "Discard shows the file as it is now.");
            } else {
                show(disk);
                analyse();
            }
        }, error -> LOG.debug("{} cannot be read after a change on disk", path, error));
    }

    /**
     * Whether the text shown is read and its colours and preview are worked out (no analysis is pending): what a
     * screenshot waits for.
     */
    public boolean isSettled() {
        return loaded.get() && analysisDone == analysisRequest;
    }

    /** Non-empty while the file changed on disk under unsaved changes: what happened and what the user can do. */
    public ReadOnlyStringProperty diskNoticeProperty() {
        return diskNotice.getReadOnlyProperty();
    }

    /** Reads the file (and any recovery copy a crash left) in the background, then shows and previews it. */
    public void onOpen() {
        runner.run(() -> new Loaded(backend.load(path), backend.recovery(path), backend.partialNames(),
                        backend.datasets()),
                l -> {
                    savedText = l.text();
                    partials = l.partials();
                    datasets.setAll(l.datasets());
                    loadError.set("");
                    show(l.text());
                    loaded.set(true);
                    if (l.recovery().isPresent() && !l.recovery().get().equals(l.text())) {
                        recoveredText = l.recovery().get();
                        recoveryOffer.set(name + " has unsaved changes from a session that did not close: "
                                + "restore them?");
                    }
                    analyse();
                    checkCommitted();
                },
                error -> {
                    if (!(error instanceof StudioException)) LOG.warn("cannot open {}", path, error);
                    String reason = ErrorText.reason(error);
                    loadError.set(reason.startsWith(path) ? reason : path + ": " + reason);
                });
    }

    private void show(String newText) {
        text = newText;
        document.set(new Document(newText, ++documentSerial));
        dirty.set(!text.equals(savedText));
    }

    /** The text in the area changed (every key press): marks unsaved changes at once. */
    public void onEdited(String newText) {
        if (newText.equals(text)) return;
        text = newText;
        edits++;
        dirty.set(loaded.get() && !text.equals(savedText));
    }

    /** Typing paused: works out colours, problems and preview of the text in the background. */
    public void onSettled() {
        analyse();
    }

    /**
     * Typing paused for longer: keeps the text as the recovery copy while it has unsaved changes, or deletes the
     * copy once the text is back to what is saved. Not while a recovery offer waits for an answer.
     */
    public void onKeepRecovery() {
        if (!loaded.get() || !recoveryOffer.get().isEmpty()) return;
        long at = edits;
        String copy = text;
        boolean keep = dirty.get();
        runner.run(() -> {
            synchronized (recoveryLock) {
                if (at <= recoverySettled || at < recoveryWritten) return null;
                recoveryWritten = at;
                if (keep) backend.writeRecovery(path, copy);
                else backend.deleteRecovery(path);
            }
            return null;
        }, ok -> { }, error -> LOG.warn("cannot keep the recovery copy of {}", path, error));
    }

    private void analyse() {
        long id = ++analysisRequest;
        String t = text;
        Map<String, Object> in = new LinkedHashMap<>(inputs);
        runner.run(() -> new Computed(t, TemplateHighlighter.highlight(t), backend.preview(path, t, in)),
                c -> {
                    if (id == analysisRequest) apply(c);
                    analysisDone = Math.max(analysisDone, id);
                },
                error -> {
                    analysisDone = Math.max(analysisDone, id);
                    if (id != analysisRequest) return;
                    LOG.warn("cannot preview {}", path, error);
                    problems.setAll(new Problem(Problem.Severity.ERROR, path, 0, 0, ErrorText.reason(error)));
                });
    }

    private void apply(Computed c) {
        Preview p = c.preview();
        setIfChanged(messages, p.messages());
        setIfChanged(problems, p.problems());
        setIfChanged(costs, p.costs());
        setIfChanged(fields, p.fields());
        Map<String, String> vars = new LinkedHashMap<>();
        for (InputField f : p.fields()) {
            vars.put(f.name(), (f.type().isEmpty() ? "" : f.type()) + (f.description().isEmpty() ? ""
                    : (f.type().isEmpty() ? "" : ", ") + f.description()));
        }
        variables = vars;
        analysis.set(new Analysis(c.text(), c.highlighting(), markers(c.text(), p.problems())));
    }

    private static <T> void setIfChanged(ObservableList<T> list, List<T> values) {
        if (!list.equals(values)) list.setAll(values);
    }

    /** The problems of this file that have a line, placed in {@code text}. */
    private List<Marker> markers(String text, List<Problem> all) {
        List<Marker> out = new ArrayList<>();
        for (Problem p : all) {
            if (p.line() <= 0 || !path.equals(p.source())) continue;
            int[] range = place(text, p.line(), Math.max(1, p.column()));
            if (range != null) out.add(new Marker(range[0], range[1], p));
        }
        return out;
    }

    /**
     * The range to underline for a problem at 1-based {@code line}:{@code column}: the tag that starts there (to its
     * {@code }}}, on that line), else the word, else one character; null when the text has no such line.
     */
    static int[] place(String text, int line, int column) {
        int at = 0;
        for (int l = 1; l < line; l++) {
            int nl = text.indexOf('\n', at);
            if (nl < 0) return null;
            at = nl + 1;
        }
        int lineEnd = text.indexOf('\n', at);
        if (lineEnd < 0) lineEnd = text.length();
        int start = Math.min(at + column - 1, lineEnd);
        int end;
        if (text.startsWith("{{", start)) {
            int close = text.indexOf("}}", start);
            end = close >= 0 && close < lineEnd ? close + 2 : lineEnd;
        } else {
            end = start;
            while (end < lineEnd && !Character.isWhitespace(text.charAt(end)) && "{}(),\"'".indexOf(text.charAt(end)) < 0) end++;
        }
        if (end == start) {
            if (start < text.length() && text.charAt(start) != '\n') end = start + 1;
            else if (start > at) start--; // at the end of a line: mark its last character
            else end = Math.min(text.length(), start + 1);
        }
        if (end <= start) end = Math.min(text.length(), start + 1);
        return new int[] {start, Math.max(start, end)};
    }

    /** What may be typed at {@code caret} in the current text (see {@link Completions#at}). */
    public Completions.Result completions(int caret) {
        return Completions.at(text, caret, variables, partials);
    }

    /** Sets the preview input {@code field} ({@code ""} or null: use the example value) and previews again. */
    public void onInput(String field, Object value) {
        if (value == null || "".equals(value)) inputs.remove(field);
        else inputs.put(field, value);
        analyse();
    }

    /** Lists the cases of dataset {@code dataset} for the row picker; null clears the picker. */
    public void onDatasetChosen(String dataset) {
        long id = ++rowsRequest;
        if (dataset == null) {
            rows.clear();
            return;
        }
        runner.run(() -> backend.rows(dataset),
                r -> {
                    if (id == rowsRequest) rows.setAll(r);
                },
                error -> {
                    if (id != rowsRequest) return;
                    rows.clear();
                    problems.add(new Problem(Problem.Severity.WARNING, "datasets/" + dataset, 0, 0,
                            ErrorText.reason(error)));
                });
    }

    /** Takes the preview's inputs from a dataset case: its values replace what the form held. */
    public void onRowChosen(DatasetRow row) {
        if (row == null) return;
        inputs.clear();
        inputs.putAll(row.input());
        analyse();
    }

    /**
     * Commits the text as typed with {@code message}: written to the file, then committed. A refusal (a key in
     * the text, a template that does not compile) is shown in {@link #saveErrorProperty()}, the file on disk and
     * the text as typed both kept.
     */
    public void onSave(String message) {
        if (message == null || message.isBlank()) {
            saveError.set("Write a message saying what changed.");
            return;
        }
        if (saving.get()) return;
        saving.set(true);
        saveError.set("");
        String t = text;
        long at = edits;
        runner.run(() -> {
                    String said = backend.save(path, t, message.strip());
                    synchronized (recoveryLock) {
                        recoverySettled = Math.max(recoverySettled, at);
                        backend.deleteRecovery(path);
                    }
                    return said;
                },
                said -> {
                    saving.set(false);
                    savedText = t;
                    dirty.set(!text.equals(savedText));
                    saveStatus.set(said);
                    diskNotice.set("");
                    clearOffer();
                    checkCommitted();
                },
                error -> {
                    saving.set(false);
                    if (!(error instanceof StudioException)) LOG.warn("cannot save {}", path, error);
                    String reason = ErrorText.reason(error);
                    saveError.set(reason.startsWith("refused") || reason.startsWith(path) ? reason
                            : path + ": " + reason);
                });
    }

    /** Puts the recovered text into the editor (unsaved, until saved or discarded). */
    public void onRestoreRecovery() {
        if (recoveredText == null) return;
        String t = recoveredText;
        clearOffer();
        show(t);
        edits++;
        analyse();
    }

    /** Declines the recovery copy: it is deleted, the saved text stays. */
    public void onDropRecovery() {
        clearOffer();
        deleteRecovery();
    }

    /** Throws away the unsaved changes: the editor shows the saved text again and the recovery copy goes. */
    public void onDiscard() {
        clearOffer();
        diskNotice.set("");
        show(savedText);
        deleteRecovery();
        analyse();
    }

    private void clearOffer() {
        recoveredText = null;
        recoveryOffer.set("");
    }

    private void deleteRecovery() {
        long at = edits;
        runner.run(() -> {
            synchronized (recoveryLock) {
                recoverySettled = Math.max(recoverySettled, at);
                backend.deleteRecovery(path);
            }
            return null;
        }, ok -> { }, error -> LOG.warn("cannot delete the recovery copy of {}", path, error));
    }

    /** Whether closing now would lose typed text: the shell asks first (see {@code EditorView#confirmClose}). */
    public boolean hasUnsavedChanges() {
        return dirty.get();
    }

    /** The file, from the workspace root ({@code prompts/answer.prompt}). */
    public String path() {
        return path;
    }

    /** The text as typed. */
    public String text() {
        return text;
    }

    /** The file name, with {@link #DIRTY_MARK} after it while there are unsaved changes: for a tab. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** True while the text differs from what is saved. */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    /**
     * True while the file on disk (or a partial it uses) differs from its last commit, or was never committed, as
     * History's "working · Unsaved changes" row says: the text as typed may equal the disk and still need a save.
     */
    public ReadOnlyBooleanProperty uncommittedProperty() {
        return uncommitted.getReadOnlyProperty();
    }

    /** True while saving would commit something: the text differs from the disk, or the disk from the last commit. */
    public ReadOnlyBooleanProperty canSaveProperty() {
        return canSave.getReadOnlyProperty();
    }

    /** True once the file was read. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Text for the view to put into its area. */
    public ReadOnlyObjectProperty<Document> documentProperty() {
        return document.getReadOnlyProperty();
    }

    /** Colours and problem markers of the latest text worked out. */
    public ReadOnlyObjectProperty<Analysis> analysisProperty() {
        return analysis.getReadOnlyProperty();
    }

    /** The rendered messages of the latest text, by role; empty while it does not render. */
    public ObservableList<MessageBlock> messages() {
        return messagesView;
    }

    /** Errors and warnings of the latest text, as found. */
    public ObservableList<Problem> problems() {
        return problemsView;
    }

    /** Tokens and input cost per model of the latest rendered messages. */
    public ObservableList<ModelCost> costs() {
        return costsView;
    }

    /** The input fields the front matter declares. */
    public ObservableList<InputField> fields() {
        return fieldsView;
    }

    /** The preview's inputs the user gave (by the form or a dataset row), by field name. */
    public ObservableMap<String, Object> inputs() {
        return inputsView;
    }

    public ObservableList<String> datasets() {
        return datasetsView;
    }

    /** The cases of the dataset chosen for the row picker. */
    public ObservableList<DatasetRow> rows() {
        return rowsView;
    }

    /** Non-empty while a recovery copy from a crashed session is offered. */
    public ReadOnlyStringProperty recoveryOfferProperty() {
        return recoveryOffer.getReadOnlyProperty();
    }

    /** What the last save did ({@code saved version 3 (a1b2c3d)}). */
    public ReadOnlyStringProperty saveStatusProperty() {
        return saveStatus.getReadOnlyProperty();
    }

    /** Why the last save was refused (the secret scan's finding with the key masked, a compile error); else empty. */
    public ReadOnlyStringProperty saveErrorProperty() {
        return saveError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    /** Why the file could not be opened; else empty. */
    public ReadOnlyStringProperty loadErrorProperty() {
        return loadError.getReadOnlyProperty();
    }
}
