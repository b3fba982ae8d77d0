package org.promptstudio.ui.history;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.promptstudio.app.Branching;
import org.promptstudio.app.PromptPublishing;
import org.promptstudio.app.Studio;
import org.promptstudio.app.Versions;
import org.promptstudio.model.ErrorText;
import org.promptstudio.model.StudioException;
import org.promptstudio.registry.PublishedVersion;
import org.promptstudio.ui.common.Activatable;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.vcs.LabelChange;
import org.promptstudio.vcs.MergeOutcome;
import org.promptstudio.vcs.PromptLabel;
import org.promptstudio.vcs.PromptVersion;
import org.promptstudio.vcs.SaveResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One prompt's history: its versions newest first (a working-copy row on top when the files on disk differ from the
 * latest version) with date, author, message, labels and what the registries hold of each; two of them compared in
 * {@link #diff()}; restoring a version (after a confirmation); adding, moving and removing labels; and the
 * workspace's branches (create, switch, merge with its conflicts listed file by file). Every call to {@code app} goes
 * through the task runner; a failure is one line in {@link #errorProperty()}.
 *
 * <p>The shell listens to {@link #openFileRequestProperty()}: it names a workspace-relative file the user wants to
 * edit (a file in conflict), to be opened in the editor.
 */
public final class HistoryViewModel implements Activatable {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryViewModel.class);
    /** The spec of the working-copy row. */
    public static final String WORKING = "working";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /**
     * One row of the history.
     *
     * @param spec     how the app names it: the full commit id, or {@link #WORKING}
     * @param version  {@code 3}, or empty for the working copy or a version whose number a shallow clone cannot know
     * @param shortId  the short commit id, empty for the working copy
     * @param date     {@code 2026-11-29 14:03} in the author's offset, empty for the working copy
     * @param author   the author's name, empty for the working copy
     * @param message  the first line of the commit message, or {@code Unsaved changes}
     * @param labels   the labels pointing at it, sorted
     * @param registry what the registries hold of it: {@code team answer@2}, {@code not published}, or empty while
     *                 they are read
     */
    public record VersionRow(String spec, String version, String shortId, String date, String author, String message,
                             List<String> labels, String registry) {
        public VersionRow {
            labels = List.copyOf(labels);
        }

        /** Whether this is the files on disk, not a saved version. */
        public boolean working() {
            return WORKING.equals(spec);
        }

        /** How the user names it: {@code version 3}, {@code commit 1a2b3c4}, {@code the working copy}. */
        public String name() {
            if (working()) return "the working copy";
            return version.isEmpty() ? "commit " + shortId : "version " + version;
        }
    }

    private final Versions versions;
    private final Branching branching;
    private final PromptPublishing publishing;
    private final TaskRunner runner;
    private final String path;
    private final DiffViewModel diff;

    private final ObservableList<VersionRow> rows = FXCollections.observableArrayList();
    private final ObservableList<VersionRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<VersionRow> selected = FXCollections.observableArrayList();
    private final ObservableList<VersionRow> selectedView = FXCollections.unmodifiableObservableList(selected);
    private final ObservableList<String> labels = FXCollections.observableArrayList();
    private final ObservableList<String> labelsView = FXCollections.unmodifiableObservableList(labels);
    private final ObservableList<String> branches = FXCollections.observableArrayList();
    private final ObservableList<String> branchesView = FXCollections.unmodifiableObservableList(branches);
    private final ObservableList<String> conflicts = FXCollections.observableArrayList();
    private final ObservableList<String> conflictsView = FXCollections.unmodifiableObservableList(conflicts);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper branch = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper mergeInProgress = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper registryNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper confirmation = new ReadOnlyStringWrapper("");
    /** A read (the history, labels, branches) runs. */
    private final ReadOnlyBooleanWrapper reading = new ReadOnlyBooleanWrapper();
    /** How many writes (restore, label, branch, merge) run: the actions wait while any does. */
    private final javafx.beans.property.ReadOnlyIntegerWrapper writes = new javafx.beans.property.ReadOnlyIntegerWrapper();
    private final BooleanBinding writing = writes.greaterThan(0);
    private final BooleanBinding busy = reading.or(writing);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<String> openFileRequest = new ReadOnlyObjectWrapper<>();
    private final BooleanBinding canCompare;
    private final BooleanBinding canRestore;
    private final BooleanBinding canLabel;
    private Map<String, List<String>> published = Map.of();
    private String registryFallback = "";
    private VersionRow awaitingRestore;
    private int generation;
    /** The registry read that runs, cancelled when a newer one starts. */
    private org.promptstudio.ui.common.TaskHandle registryTask;
    /** The registries were read once: later reads of the history keep their last state. */
    private boolean registriesRead;

    /**
     * @param versions   {@code studio.versions()}
     * @param branching  {@code studio.branches()}
     * @param publishing {@code studio.publishing()}, for the registry column; null shows no registry state
     * @param runner     runs every app call off the UI thread
     * @param path       the prompt by its id ({@code answer}), as the shell names it (a workspace-relative path
     *                   such as {@code prompts/answer.prompt} is taken too); its file is found on the runner
     */
    public HistoryViewModel(Versions versions, Branching branching, PromptPublishing publishing, TaskRunner runner,
                            String path) {
        this.versions = versions;
        this.branching = branching;
        this.publishing = publishing;
        this.runner = runner;
        this.path = path;
        this.diff = new DiffViewModel(versions, runner, path);
        String name = DiffViewModel.fileName(path);
        title.set("History of " + name);
        canCompare = Bindings.size(selected).isEqualTo(2).and(writing.not());
        canRestore = Bindings.createBooleanBinding(() -> selected.size() == 1 && !selected.get(0).working()
                && !writing.get() && !rows.isEmpty() && !rows.get(rows.get(0).working() && rows.size() > 1 ? 1 : 0)
                .spec().equals(selected.get(0).spec()), selected, writing, rows);
        canLabel = Bindings.createBooleanBinding(() -> selected.size() == 1 && !selected.get(0).working()
                && !writing.get(), selected, writing);
    }

    /** As {@link #HistoryViewModel(Versions, Branching, PromptPublishing, TaskRunner, String)} from {@code studio}. */
    public HistoryViewModel(Studio studio, TaskRunner runner, String path) {
        this(studio.versions(), studio.branches(), studio.publishing(), runner, path);
    }

    /**
     * Reads the history again when shown (a save in the editor may have made a version meanwhile); the registries
     * (a git fetch each) only the first time: after that only {@link #onRefresh()} asks them again.
     */
    @Override
    public void onActivate() {
        reload(!registriesRead);
    }

    @Override
    public void onDeactivate() {
        // Nothing to detach: the history is read when shown.
    }

    // ---------------------------------------------------------------- reading

    private record Snapshot(List<PromptVersion> history, boolean unsaved, List<PromptLabel> labels, String branch,
                            List<String> branches, boolean merging, List<String> conflicts) {
    }

    /** Reads the versions, labels and branches again, then what the registries hold (the Refresh button). */
    public void onRefresh() {
        reload(true);
    }

    /**
     * Reads the versions, labels and branches; then the registries when {@code registriesToo}, else the rows keep
     * the registry state last read. Only the newest read's answer is shown ({@link #generation}).
     */
    private void reload(boolean registriesToo) {
        int mine = ++generation;
        reading.set(true);
        runner.run(() -> new Snapshot(versions.history(path), versions.hasUnsavedChanges(path), versions.labels(path),
                        branching.current(), branching.list(), branching.mergeInProgress(), branching.conflicts()),
                snapshot -> {
                    if (mine != generation) return;
                    reading.set(false);
                    // Taken while a write runs, it may predate it: the write reads everything again when it ends.
                    if (writes.get() > 0) return;
                    show(snapshot);
                    loaded.set(true);
                    if (registriesToo) readRegistries(mine);
                },
                e -> {
                    if (mine != generation) return;
                    reading.set(false);
                    if (writes.get() > 0) return;
                    loaded.set(true);
                    rows.clear();
                    selected.clear();
                    fail("Cannot read the history of " + path, e);
                });
    }

    private void show(Snapshot s) {
        List<String> keep = selected.stream().map(VersionRow::spec).toList();
        List<VersionRow> out = new ArrayList<>();
        if (s.unsaved()) {
            out.add(new VersionRow(WORKING, "", "", "", "", "Unsaved changes", List.of(), ""));
        }
        for (PromptVersion v : s.history()) {
            out.add(new VersionRow(v.commitId(), v.numbered() ? String.valueOf(v.number()) : "", v.shortId(),
                    DATE.format(v.time()), v.authorName(), v.subject(), v.labels(), registryText(v.commitId())));
        }
        rows.setAll(out);
        selected.setAll(out.stream().filter(r -> keep.contains(r.spec())).toList());
        labels.setAll(s.labels().stream().map(PromptLabel::name).sorted().toList());
        branch.set(s.branch());
        branches.setAll(s.branches());
        mergeInProgress.set(s.merging());
        conflicts.setAll(s.conflicts());
    }

    private void readRegistries(int mine) {
        if (publishing == null) {
            registryFallback = "";
            return;
        }
        if (registryTask != null) registryTask.cancel();
        registriesRead = true;
        registryTask = runner.run("Reading the registries", p -> publishing.publishedVersions(path), states -> {
            if (mine != generation) return;
            Map<String, List<String>> byCommit = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            for (PromptPublishing.RegistryState state : states) {
                if (state.problem() != null) problems.add(state.registry() + ": " + state.problem());
                for (PublishedVersion v : state.versions()) {
                    if (v.sourceCommit() == null) continue;
                    byCommit.computeIfAbsent(v.sourceCommit(), k -> new ArrayList<>()).add(state.registry() + " " + v.id());
                }
            }
            published = byCommit;
            registryFallback = states.isEmpty() || problems.size() < states.size() ? "not published" : "unknown";
            registryNote.set(states.isEmpty() ? "No registry is configured in studio.yaml: nothing is published"
                    : problems.isEmpty() ? "Registries: " + String.join(", ",
                            states.stream().map(PromptPublishing.RegistryState::registry).toList())
                    : "Cannot read " + String.join("; ", problems));
            List<String> keep = selected.stream().map(VersionRow::spec).toList();
            rows.setAll(rows.stream().map(r -> r.working() ? r : new VersionRow(r.spec(), r.version(), r.shortId(),
                    r.date(), r.author(), r.message(), r.labels(), registryText(r.spec()))).toList());
            selected.setAll(rows.stream().filter(r -> keep.contains(r.spec())).toList());
        }, e -> {
            if (mine != generation || e instanceof CancellationException) return;
            LOG.info("cannot read the registries", e);
            registryNote.set("Cannot read the registries: " + ErrorText.reason(e));
        });
    }

    private String registryText(String commitId) {
        List<String> where = published.get(commitId);
        return where == null ? registryFallback : String.join(", ", where);
    }

    // ---------------------------------------------------------------- selection and diff

    /**
     * The rows the user selected, by spec, in the order the table lists them; more than two keep the first two.
     * Clears the status line.
     */
    public void onSelect(List<String> specs) {
        List<VersionRow> chosen = rows.stream().filter(r -> specs.contains(r.spec())).limit(2).toList();
        if (!chosen.equals(selected)) selected.setAll(chosen);
        confirmation.set("");
        awaitingRestore = null;
    }

    /** Compares the two selected rows in {@link #diff()}: the lower (older) one on the left. */
    public void onCompare() {
        if (selected.size() != 2) {
            error.set("Select two versions to compare (or a version and the working copy)");
            return;
        }
        error.set("");
        VersionRow a = selected.get(0);
        VersionRow b = selected.get(1);
        VersionRow older = rows.indexOf(a) > rows.indexOf(b) ? a : b;
        VersionRow newer = older == a ? b : a;
        diff.onCompare(spec(older), spec(newer));
    }

    /** The spec to show the user and pass to app: the version number where known, else the commit id. */
    private static String spec(VersionRow r) {
        if (r.working()) return WORKING;
        return r.version().isEmpty() ? r.shortId() : r.version();
    }

    // ---------------------------------------------------------------- restore

    /** Asks to restore the selected version: sets {@link #confirmationProperty()}; nothing is written yet. */
    public void onRestoreRequested() {
        if (!canRestore.get()) {
            error.set(selected.size() == 1 && selected.get(0).working() ? "The working copy is not a saved version"
                    : "Select one saved version, older than the latest, to restore");
            return;
        }
        awaitingRestore = selected.get(0);
        boolean unsaved = !rows.isEmpty() && rows.get(0).working();
        confirmation.set("Restore " + awaitingRestore.name() + " of " + fileName() + " as a new version?"
                + (unsaved ? " Your unsaved changes must be saved or discarded first." : " History keeps every version."));
    }

    /** Cancels a restore that waits for its confirmation. */
    public void onRestoreCancelled() {
        awaitingRestore = null;
        confirmation.set("");
    }

    /** Restores the version the confirmation named, as a new commit; the history then shows the new version. */
    public void onRestoreConfirmed() {
        VersionRow row = awaitingRestore;
        awaitingRestore = null;
        confirmation.set("");
        if (row == null) return;
        String spec = row.spec();
        act("Restoring " + row.name(), () -> versions.restore(path, spec, null), (SaveResult r) -> {
            status.set(r.nothingCommitted() ? fileName() + " is already as " + row.name() + "; nothing to restore"
                    : "Restored " + row.name() + " as " + r.version().name() + " (" + r.commitShortId() + ")");
            selected.clear();
        }, "Cannot restore " + row.name());
    }

    // ---------------------------------------------------------------- labels

    /** Puts label {@code name} on the selected version, moving it there when it pointed elsewhere. */
    public void onAddLabel(String name) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty()) {
            error.set("Type a label name, e.g. production");
            return;
        }
        if (!canLabel.get()) {
            error.set("Select one saved version to label");
            return;
        }
        VersionRow row = selected.get(0);
        act("Labelling " + row.name(), () -> versions.label(path, label, row.spec()), (LabelChange c) ->
                status.set(c.moved() ? "Moved " + label + " from " + c.previous().name() + " to " + c.version().name()
                        : "Labelled " + c.version().name() + " " + label), "Cannot label " + row.name() + " " + label);
    }

    /** Removes label {@code name} from the prompt. */
    public void onRemoveLabel(String name) {
        if (name == null || name.isBlank()) {
            error.set("Choose a label to remove");
            return;
        }
        act("Removing label " + name, () -> versions.removeLabel(path, name), (PromptVersion v) ->
                status.set("Removed " + name + " from " + v.name()), "Cannot remove the label " + name);
    }

    // ---------------------------------------------------------------- branches

    /** Creates branch {@code name} at the current commit, without switching to it. */
    public void onCreateBranch(String name) {
        String b = name == null ? "" : name.strip();
        if (b.isEmpty()) {
            error.set("Type a name for the new branch");
            return;
        }
        act("Creating branch " + b, () -> branching.create(b), (String commit) ->
                status.set("Created branch " + b + " at " + commit), "Cannot create branch " + b);
    }

    /** Switches the workspace to branch {@code name}; refused as git refuses it (unsaved changes it would lose). */
    public void onSwitchBranch(String name) {
        if (name == null || name.isBlank() || name.equals(branch.get())) return;
        act("Switching to " + name, () -> branching.switchTo(name), (List<String> warnings) ->
                status.set("Switched to " + name + (warnings.isEmpty() ? "" : " (" + String.join("; ", warnings) + ")")),
                "Cannot switch to " + name);
    }

    /** Merges branch {@code name} into the current one; conflicts are listed in {@link #conflicts()}. */
    public void onMerge(String name) {
        if (name == null || name.isBlank()) {
            error.set("Choose the branch to merge into " + branch.get());
            return;
        }
        act("Merging " + name, () -> branching.merge(name), (MergeOutcome m) -> status.set(describe(m)),
                "Cannot merge " + name);
    }

    /** Commits the merge once every conflict is resolved (refused, naming them, while markers remain). */
    public void onContinueMerge() {
        act("Finishing the merge", branching::continueMerge, (MergeOutcome m) -> status.set(describe(m)),
                "Cannot finish the merge");
    }

    /** Gives up the merge in progress: the files go back to the last commit. */
    public void onAbortMerge() {
        act("Aborting the merge", () -> {
            branching.abortMerge();
            return Boolean.TRUE;
        }, ok -> status.set("Merge aborted: the files are as they were before it"), "Cannot abort the merge");
    }

    /** Asks the shell to open {@code file} (workspace-relative, e.g. a file in conflict) in the editor. */
    public void onOpenFile(String file) {
        if (file == null || file.isBlank()) return;
        openFileRequest.set(null); // so asking twice for one file is heard twice
        openFileRequest.set(file);
    }

    private static String describe(MergeOutcome m) {
        return switch (m.status()) {
            case UP_TO_DATE -> m.into() + " already has everything in " + m.from();
            case FAST_FORWARD -> "Fast-forwarded " + m.into() + " to " + m.from() + " (" + m.commitShortId() + ")";
            case MERGED -> "Merged " + (m.from().isEmpty() ? "" : m.from() + " ") + "into " + m.into()
                    + " (" + m.commitShortId() + ")";
            case CONFLICTS -> "Merging " + m.from() + " into " + m.into() + " stopped: " + m.conflicts().size()
                    + (m.conflicts().size() == 1 ? " file is" : " files are") + " in conflict. Open each, keep what you"
                    + " want, save it, then Continue merge";
        };
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * Runs a write through the runner; then reads everything again (but not the registries: a write here publishes
     * nothing) so the list shows what it did. The write counts in {@link #writes} (the actions wait while any runs)
     * and bumps {@link #generation}, so a read started before it cannot show its older answer afterwards.
     */
    private <T> void act(String title, java.util.concurrent.Callable<T> work, Consumer<T> done, String failure) {
        if (writes.get() > 0) {
            // One git write at a time: the buttons are disabled meanwhile; this catches a call that got through.
            error.set(failure + ": another change to the repository is still running; try again when it ends");
            return;
        }
        error.set("");
        status.set("");
        generation++;
        writes.set(writes.get() + 1);
        runner.run(title, p -> work.call(), (T result) -> {
            writes.set(writes.get() - 1);
            done.accept(result);
            reload(false);
        }, e -> {
            writes.set(writes.get() - 1);
            fail(failure, e);
            reload(false);
        });
    }

    private void fail(String what, Throwable e) {
        if (e instanceof CancellationException) return;
        if (!(e instanceof StudioException)) LOG.warn("{}", what, e);
        String reason = ErrorText.reason(e);
        if (reason.startsWith("cannot ")) {
            // The reason names the action itself ("cannot switch to 'main': ..."): said once.
            error.set("C" + reason.substring(1));
        } else {
            error.set(reason.isEmpty() ? what : what + ": " + reason);
        }
    }

    private String fileName() {
        return DiffViewModel.fileName(path);
    }

    // ---------------------------------------------------------------- properties

    /** The prompt as given to the constructor: its id ({@code answer}), or a path when one was given. */
    public String path() {
        return path;
    }

    /** The two-version comparison shown under the list. */
    public DiffViewModel diff() {
        return diff;
    }

    /** {@code History of answer.prompt}: a tab title. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The versions newest first, the working copy on top when the files on disk differ from the latest. */
    public ObservableList<VersionRow> rows() {
        return rowsView;
    }

    /** The selected rows (at most two), in the order of {@link #rows()}. */
    public ObservableList<VersionRow> selected() {
        return selectedView;
    }

    /** Every label of the prompt, sorted: what can be removed. */
    public ObservableList<String> labels() {
        return labelsView;
    }

    /** The local branches, sorted. */
    public ObservableList<String> branches() {
        return branchesView;
    }

    /** The files still in conflict while a merge waits, sorted; empty otherwise. */
    public ObservableList<String> conflicts() {
        return conflictsView;
    }

    /** The current branch. */
    public ReadOnlyStringProperty branchProperty() {
        return branch.getReadOnlyProperty();
    }

    /** Whether a merge waits for its conflicts to be resolved. */
    public ReadOnlyBooleanProperty mergeInProgressProperty() {
        return mergeInProgress.getReadOnlyProperty();
    }

    /** Which registries were read, that none is configured, or why one could not be read; one line. */
    public ReadOnlyStringProperty registryNoteProperty() {
        return registryNote.getReadOnlyProperty();
    }

    /** What the last action failed on, one line without class names; empty when it did not fail. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What the last action did, one line; empty before any. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The question a restore waits on ({@code Restore version 2 of answer.prompt as a new version?}), or empty. */
    public ReadOnlyStringProperty confirmationProperty() {
        return confirmation.getReadOnlyProperty();
    }

    /** True while an app call (a read or a write) runs. */
    public BooleanBinding busyProperty() {
        return busy;
    }

    /** True while a write (restore, label, branch, merge) runs: the actions are disabled meanwhile. */
    public BooleanBinding writingProperty() {
        return writing;
    }

    /** True once the history was read at least once (successfully or not): the screenshot command waits for it. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /**
     * A workspace-relative file the user asked to edit (a file in conflict), for the shell to open in the editor; it
     * passes through null before each request, so the same file asked twice changes it twice.
     */
    public ReadOnlyObjectProperty<String> openFileRequestProperty() {
        return openFileRequest.getReadOnlyProperty();
    }

    /** Two rows are selected and no write runs. */
    public BooleanBinding canCompareProperty() {
        return canCompare;
    }

    /** One saved version other than the latest is selected and no write runs. */
    public BooleanBinding canRestoreProperty() {
        return canRestore;
    }

    /** One saved version is selected and no write runs. */
    public BooleanBinding canLabelProperty() {
        return canLabel;
    }
}
