package org.promptstudio.ui.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.promptstudio.app.Versions;
import org.promptstudio.model.ErrorText;
import org.promptstudio.model.StudioException;
import org.promptstudio.ui.common.Activatable;
import org.promptstudio.ui.common.TaskHandle;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.vcs.PromptVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two versions of one prompt side by side: the source of the prompt and of each partial that differs, and the
 * messages each side renders to, with the changed words inside changed lines marked. A version is named as
 * {@code studio diff} names it ({@link org.promptstudio.vcs.VersionSpec}): a number, a label, a commit id,
 * {@code latest} or {@code working}. The comparison is worked out off the UI thread through the task runner; a
 * failure is one line in {@link #errorProperty()}, a side that does not render says why in its own pane.
 */
public final class DiffViewModel implements Activatable {

    private static final Logger LOG = LoggerFactory.getLogger(DiffViewModel.class);

    private final Versions versions;
    private final TaskRunner runner;
    private final String path;

    private final ReadOnlyStringWrapper from = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper to = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper fromLabel = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper toLabel = new ReadOnlyStringWrapper("");
    private final ObservableList<SideBySide> sources = FXCollections.observableArrayList();
    private final ObservableList<SideBySide> sourcesView = FXCollections.unmodifiableObservableList(sources);
    private final ReadOnlyObjectWrapper<SideBySide> rendered = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper fromRenderError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper toRenderError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper inputNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
    private final javafx.beans.binding.StringBinding emptyText = javafx.beans.binding.Bindings.createStringBinding(
            () -> loading.get() ? LOADING
                    : !error.get().isEmpty() ? ""
                    : loaded.get() ? SAME
                    : CHOOSE, loading, loaded, error);
    private TaskHandle pending;
    /** Counts comparisons asked for: only the latest one's answer is shown. */
    private int generation;

    /**
     * A diff of {@code path} that shows nothing until {@link #onCompare} is called (the history view's lower pane).
     *
     * @param versions the versions use case ({@code studio.versions()})
     * @param runner   runs the comparison off the UI thread
     * @param path     the prompt by its id ({@code answer}), as the history view names it (a workspace-relative
     *                 path such as {@code prompts/answer.prompt} is taken too)
     */
    public DiffViewModel(Versions versions, TaskRunner runner, String path) {
        this(versions, runner, path, null, null);
    }

    /**
     * A diff of {@code path} between versions {@code from} (the older side, on the left) and {@code to} (the newer,
     * on the right), worked out when first activated: for a tab that opens a diff directly.
     */
    public DiffViewModel(Versions versions, TaskRunner runner, String path, String from, String to) {
        this.versions = versions;
        this.runner = runner;
        this.path = path;
        this.from.set(from == null ? "" : from);
        this.to.set(to == null ? "" : to);
        String name = fileName(path);
        title.set(from == null ? name : name + ": " + from + " → " + to);
    }

    /** Works out the diff given at construction, once; later activations keep what is shown. */
    @Override
    public void onActivate() {
        if (!loaded.get() && !loading.get() && !from.get().isEmpty()) onCompare(from.get(), to.get());
    }

    @Override
    public void onDeactivate() {
        // Nothing to detach: the diff shows versions, which do not change under it.
    }

    /** Compares version {@code older} (left) with {@code newer} (right); replaces what is shown. */
    public void onCompare(String older, String newer) {
        if (pending != null && !pending.isDone()) pending.cancel();
        from.set(older);
        to.set(newer);
        loading.set(true);
        error.set("");
        String name = fileName(path);
        title.set(name + ": " + older + " → " + newer);
        int mine = ++generation;
        pending = runner.run(() -> new Loaded(versions.compare(path, older, newer), describe(older), describe(newer)),
                loaded -> {
                    if (mine == generation) show(loaded);
                }, e -> {
                    if (mine == generation) fail(e);
                });
    }

    private record Loaded(Versions.Comparison comparison, String fromLabel, String toLabel) {
    }

    /** {@code version 3 · a1b2c3d · production}, or {@code working copy (unsaved)}. */
    private String describe(String spec) {
        if ("working".equalsIgnoreCase(spec) || "wc".equalsIgnoreCase(spec)) return "working copy (unsaved)";
        PromptVersion v = versions.resolve(path, spec);
        StringBuilder sb = new StringBuilder(v.numbered() ? "version " + v.number() : "commit").append(" · ")
                .append(v.shortId());
        if (!v.labels().isEmpty()) sb.append(" · ").append(String.join(", ", v.labels()));
        return sb.toString();
    }

    private void show(Loaded loaded) {
        Versions.Comparison c = loaded.comparison();
        fromLabel.set(loaded.fromLabel());
        toLabel.set(loaded.toLabel());
        List<SideBySide> files = new ArrayList<>();
        for (Versions.FileChange f : c.files()) files.add(SideBySide.of(f.path(), f.rows()));
        sources.setAll(files);
        if (c.fromRendered().rendered() && c.toRendered().rendered()) {
            rendered.set(SideBySide.of("rendered", c.renderedRows()));
        } else if (c.fromRendered().rendered() || c.toRendered().rendered()) {
            // The side that renders is still worth reading beside the other's error.
            boolean left = c.fromRendered().rendered();
            rendered.set(SideBySide.oneSide("rendered", (left ? c.fromRendered() : c.toRendered()).text(), left));
        } else {
            rendered.set(null);
        }
        fromRenderError.set(c.fromRendered().rendered() ? "" : c.fromRendered().error());
        toRenderError.set(c.toRendered().rendered() ? "" : c.toRendered().error());
        inputNote.set(c.input().isEmpty() ? "Rendered with no input"
                : "Rendered with " + c.input().entrySet().stream().map(DiffViewModel::shortEntry)
                        .collect(Collectors.joining(", ")));
        int changedFiles = c.diff().changed().size();
        summary.set(c.diff().identical() ? "The sources are the same"
                : changedFiles == 1 ? "1 file differs: " + c.diff().changed().get(0)
                : changedFiles + " files differ: " + String.join(", ", c.diff().changed()));
        loading.set(false);
        this.loaded.set(true);
    }

    private static String shortEntry(Map.Entry<String, Object> e) {
        String v = String.valueOf(e.getValue());
        return e.getKey() + "=" + (v.length() > 40 ? v.substring(0, 39) + "…" : v);
    }

    private void fail(Throwable e) {
        loading.set(false);
        if (e instanceof java.util.concurrent.CancellationException) return;
        if (!(e instanceof StudioException)) LOG.warn("cannot compare {} {} {}", path, from.get(), to.get(), e);
        sources.clear();
        rendered.set(null);
        fromRenderError.set("");
        toRenderError.set("");
        error.set("cannot compare " + from.get() + " with " + to.get() + ": " + ErrorText.reason(e));
        loaded.set(true);
    }

    /**
     * The file name of a prompt named by id or path, as the titles show it: {@code answer} and
     * {@code prompts/answer.prompt} are both {@code answer.prompt} (the name {@code Versions.path} gives the file).
     * Text only: the file is found by the app's calls on the runner, never here on the UI thread.
     */
    static String fileName(String prompt) {
        String name = prompt.substring(prompt.replace('\\', '/').lastIndexOf('/') + 1);
        return name.endsWith(".prompt") ? name : name + ".prompt";
    }

    /** What an empty pane says before anything was compared. */
    public static final String CHOOSE = "Select two versions, or a version and the working copy, to compare";
    /** What an empty pane says while the comparison is worked out. */
    public static final String LOADING = "Comparing…";
    /** What an empty pane says when the comparison found nothing to show there. */
    public static final String SAME = "No difference here: both sides are the same";

    /**
     * What a pane with no lines says: {@link #CHOOSE} before a comparison, {@link #LOADING} while one is worked out,
     * {@link #SAME} when it found nothing, empty when it failed (the error line says why).
     */
    public javafx.beans.binding.StringExpression emptyTextProperty() {
        return emptyText;
    }

    /** The prompt compared, as given to the constructor: its id ({@code answer}), or a path when one was given. */
    public String path() {
        return path;
    }

    /** The older side's spec, as given ({@code 2}, {@code production}, a commit id); empty before a comparison. */
    public ReadOnlyStringProperty fromProperty() {
        return from.getReadOnlyProperty();
    }

    /** The newer side's spec, as given ({@code working} for the file on disk). */
    public ReadOnlyStringProperty toProperty() {
        return to.getReadOnlyProperty();
    }

    /** A tab title: {@code answer.prompt: 2 → working}. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The left side named for the user: {@code version 2 · a1b2c3d · production}. */
    public ReadOnlyStringProperty fromLabelProperty() {
        return fromLabel.getReadOnlyProperty();
    }

    /** The right side named for the user. */
    public ReadOnlyStringProperty toLabelProperty() {
        return toLabel.getReadOnlyProperty();
    }

    /** The prompt's source, then each partial that differs, side by side; changes on the UI thread. */
    public ObservableList<SideBySide> sources() {
        return sourcesView;
    }

    /**
     * Both sides' rendered messages side by side; when one side does not render, the other alone (facing fillers);
     * null when neither renders (see the render errors).
     */
    public ReadOnlyObjectProperty<SideBySide> renderedProperty() {
        return rendered.getReadOnlyProperty();
    }

    /** Why the older side does not render (one line with file:line:column), or empty. */
    public ReadOnlyStringProperty fromRenderErrorProperty() {
        return fromRenderError.getReadOnlyProperty();
    }

    /** Why the newer side does not render, or empty. */
    public ReadOnlyStringProperty toRenderErrorProperty() {
        return toRenderError.getReadOnlyProperty();
    }

    /** The input both sides were rendered with, on one line. */
    public ReadOnlyStringProperty inputNoteProperty() {
        return inputNote.getReadOnlyProperty();
    }

    /** Which files differ, on one line. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why the comparison failed (one line, no class names), or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True while the comparison is being worked out. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** True once a comparison has finished (shown, or its error set): the screenshot command waits for it. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }
}
