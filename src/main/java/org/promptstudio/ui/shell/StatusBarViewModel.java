package org.promptstudio.ui.shell;

import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import org.promptstudio.app.ModelCatalog;
import org.promptstudio.app.Studio;
import org.promptstudio.model.ErrorText;
import org.promptstudio.ui.common.TaskHandle;
import org.promptstudio.ui.common.TaskRunner;

/**
 * The status bar: the workspace's current git branch, the models that are ready as far as can be checked without a
 * call (a key set, an Ollama server that answers: {@link org.promptstudio.provider.Readiness}; asked in the background
 * after the window shows, so providers load lazily), and the tasks now running, each with its progress and a cancel button.
 */
public final class StatusBarViewModel {

    private final Studio studio;
    private final TaskRunner runner;
    private final ReadOnlyStringWrapper branch = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper models = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper modelsDetail = new ReadOnlyStringWrapper("");

    /** The newest branch reading asked for; an older answer arriving late is dropped. */
    private long branchRequest;

    public StatusBarViewModel(Studio studio, TaskRunner runner) {
        this.studio = studio;
        this.runner = runner;
    }

    /** Reads the branch, then asks each model whether it is ready (Ollama's server is asked briefly). */
    public void onRefresh() {
        onBranchChanged();
        runner.run("Checking models", progress -> {
            progress.message("Asking the models whether they are ready");
            return studio.models().statuses();
        }, this::showModels, e -> {
            models.set("models: unknown");
            modelsDetail.set(ErrorText.reason(e));
        });
    }

    /** Reads the checked-out branch again (it changed on disk: a switch, a merge, a commit). */
    public void onBranchChanged() {
        long id = ++branchRequest;
        runner.run(() -> studio.branches().current(), name -> {
            if (id == branchRequest) branch.set(name);
        }, e -> {
            if (id == branchRequest) branch.set("no git branch");
        });
    }

    private void showModels(List<ModelCatalog.ModelStatus> statuses) {
        List<String> ready = statuses.stream().filter(s -> s.readiness().isReady()).map(s -> s.model().id()).toList();
        models.set(ready.isEmpty() ? "no model ready" : String.join(", ", ready));
        StringBuilder detail = new StringBuilder();
        for (ModelCatalog.ModelStatus s : statuses) {
            detail.append(s.model().id()).append(": ")
                    .append(s.readiness().reason()).append('\n');
        }
        modelsDetail.set(detail.toString().strip());
    }

    /** Asks {@code task} to stop. */
    public void onCancel(TaskHandle task) {
        task.cancel();
    }

    /** The branch checked out ({@code main}), or "no git branch". */
    public ReadOnlyStringProperty branchProperty() {
        return branch.getReadOnlyProperty();
    }

    /** The ids of the ready models, comma-separated; empty until asked. */
    public ReadOnlyStringProperty modelsProperty() {
        return models.getReadOnlyProperty();
    }

    /**
     * One line per model (the tooltip): what was checked when it can be called ("key set", "no key needed": its
     * server not asked; "server answers, model pulled"; "ready"), or why not.
     */
    public ReadOnlyStringProperty modelsDetailProperty() {
        return modelsDetail.getReadOnlyProperty();
    }

    /** The tasks running now, oldest first. */
    public ObservableList<TaskHandle> tasks() {
        return runner.running();
    }
}
