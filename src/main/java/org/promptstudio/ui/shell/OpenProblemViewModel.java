package org.promptstudio.ui.shell;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.promptstudio.app.ConfigRepair;
import org.promptstudio.app.Studio;
import org.promptstudio.model.ErrorText;
import org.promptstudio.ui.common.TaskRunner;

/**
 * What the window shows when its workspace cannot be opened: the one line saying why and, when the cause is the
 * workspace's {@code studio.yaml}, the file's text to mend in place. "Save and open" writes the text (only when it
 * checks well; {@link ConfigRepair#save}) and opens the workspace again; "Try again" opens it again as it is (for a
 * file mended elsewhere, or a database another studio held); "Open another workspace…" asks for a folder. A
 * workspace that opens goes to {@code onOpened}, which puts its shell on the window.
 *
 * <p>Reads, writes and opens run on the {@link TaskRunner}; the text's problem is checked as it is typed (the
 * check is a parse of a small file, so it runs on the UI thread).
 */
public final class OpenProblemViewModel {

    private final ConfigRepair repair;
    private final TaskRunner runner;
    private final Function<Path, Studio> opener;
    private final Consumer<Studio> onOpened;

    private final ReadOnlyStringWrapper reason = new ReadOnlyStringWrapper(this, "reason", "");
    private final ReadOnlyBooleanWrapper configBroken = new ReadOnlyBooleanWrapper(this, "configBroken", false);
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyStringWrapper textProblem = new ReadOnlyStringWrapper(this, "textProblem", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper(this, "working", false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private final javafx.beans.property.ReadOnlyIntegerWrapper chooseRequests =
            new javafx.beans.property.ReadOnlyIntegerWrapper(this, "chooseRequests", 0);
    private String savedText = "";

    /**
     * @param workspace the folder that could not be opened
     * @param error     why it could not (its one line is shown; never a class name)
     * @param runner    where reads, writes and opens run
     * @param opener    opens a workspace folder (off the UI thread): {@code Studio::open}
     * @param onOpened  told the studio once the workspace (or another one) opened, on the UI thread
     */
    public OpenProblemViewModel(Path workspace, Throwable error, TaskRunner runner, Function<Path, Studio> opener,
                                Consumer<Studio> onOpened) {
        this.repair = ConfigRepair.of(workspace);
        this.runner = runner;
        this.opener = opener;
        this.onOpened = onOpened;
        reason.set(ErrorText.reason(error));
        text.addListener((obs, old, now) -> textProblem.set(configBroken.get()
                ? repair.problem(now == null ? "" : now).orElse("") : ""));
    }

    /** Reads studio.yaml and whether it is the cause. */
    public void onLoad() {
        working.set(true);
        runner.run(() -> new Loaded(repair.fileProblem(), repair.text()), l -> {
            working.set(false);
            configBroken.set(l.problem().isPresent() && l.text().isPresent());
            l.problem().ifPresent(reason::set); // the file's own line, with its place
            savedText = l.text().orElse("");
            text.set(savedText);
            textProblem.set(configBroken.get() ? repair.problem(savedText).orElse("") : "");
            loaded.set(true);
        }, e -> {
            working.set(false);
            loaded.set(true);
            status.set("Cannot read " + repair.file() + ": " + ErrorText.reason(e));
        });
    }

    private record Loaded(Optional<String> problem, Optional<String> text) {
    }

    /** Writes the text to studio.yaml (only when it checks well), then opens the workspace. */
    public void onSaveAndOpen() {
        if (working.get()) return;
        String mine = text.get() == null ? "" : text.get();
        Optional<String> problem = repair.problem(mine);
        if (problem.isPresent()) {
            status.set("Not saved: " + problem.get());
            return;
        }
        working.set(true);
        status.set("Saving " + repair.file().getFileName() + " …");
        runner.run(() -> {
            repair.save(mine);
            return opener.apply(repair.workspace());
        }, this::opened, e -> {
            savedText = repair.text().orElse(savedText);
            failed(e);
        });
    }

    /** Opens the workspace again as the files are now. */
    public void onTryAgain() {
        if (working.get()) return;
        working.set(true);
        status.set("Opening " + repair.workspace() + " …");
        runner.run(() -> opener.apply(repair.workspace()), this::opened, this::failed);
    }

    /** Asks the view for another folder ({@link #chooseRequestsProperty()} moves on). */
    public void onChooseOther() {
        chooseRequests.set(chooseRequests.get() + 1);
    }

    /** Opens {@code folder} instead (null: the user chose none). */
    public void onOpenOther(Path folder) {
        if (folder == null || working.get()) return;
        working.set(true);
        status.set("Opening " + folder + " …");
        runner.run(() -> opener.apply(folder), this::opened, this::failed);
    }

    private void opened(Studio studio) {
        working.set(false);
        status.set("");
        onOpened.accept(studio);
    }

    private void failed(Throwable e) {
        working.set(false);
        status.set("Still cannot open: " + ErrorText.reason(e));
    }

    /**
     * The place a problem line names: {@code studio.yaml:LINE:COL: reason} gives {@code [LINE, COL]} (1-based),
     * {@code studio.yaml:LINE: reason} gives {@code [LINE, 1]}.
     *
     * @return null when the line names no place
     */
    public static int[] place(String problem) {
        java.util.regex.Matcher m = PLACE.matcher(problem == null ? "" : problem);
        if (!m.lookingAt()) return null;
        return new int[] {Integer.parseInt(m.group(1)), m.group(2) == null ? 1 : Integer.parseInt(m.group(2))};
    }

    private static final java.util.regex.Pattern PLACE = java.util.regex.Pattern.compile(
            "[^:]+:([0-9]{1,9})(?::([0-9]{1,9}))?:");

    /** The workspace folder that could not be opened. */
    public Path workspace() {
        return repair.workspace();
    }

    /** The file shown for mending. */
    public Path file() {
        return repair.file();
    }

    /** Why the workspace could not be opened: one line, with the place in studio.yaml when that is the cause. */
    public ReadOnlyStringProperty reasonProperty() {
        return reason.getReadOnlyProperty();
    }

    /** Whether studio.yaml is the cause (then its text is shown for mending). */
    public ReadOnlyBooleanProperty configBrokenProperty() {
        return configBroken.getReadOnlyProperty();
    }

    /** studio.yaml's text as being mended; bound both ways to the text area. */
    public StringProperty textProperty() {
        return text;
    }

    /** What is wrong with the text as typed ({@code studio.yaml:LINE:COL: reason}); blank when it checks well. */
    public ReadOnlyStringProperty textProblemProperty() {
        return textProblem.getReadOnlyProperty();
    }

    /** What the last action did, or why not; blank when there is nothing to say. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Whether a read, save or open is under way (the buttons wait). */
    public ReadOnlyBooleanProperty workingProperty() {
        return working.getReadOnlyProperty();
    }

    /** Whether the file was read (or found unreadable). */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Whether the text differs from the file as last read. */
    public boolean edited() {
        return !savedText.equals(text.get() == null ? "" : text.get());
    }

    /** Moves on each time the user asks to open another folder. */
    public javafx.beans.property.ReadOnlyIntegerProperty chooseRequestsProperty() {
        return chooseRequests.getReadOnlyProperty();
    }
}
