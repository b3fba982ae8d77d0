package org.promptstudio.ui.shell;

import org.promptstudio.model.ErrorText;
import java.nio.file.Path;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.promptstudio.app.WorkspaceFiles;
import org.promptstudio.model.StudioException;
import org.promptstudio.ui.common.HighlightedText;
import org.promptstudio.ui.common.TaskRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A workspace file (dataset, experiment, document, partial) shown as read-only text. */
public final class FileViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(FileViewModel.class);

    private final WorkspaceFiles files;
    private final TaskRunner runner;

    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<HighlightedText> content = new ReadOnlyObjectWrapper<>(HighlightedText.EMPTY);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);

    private long request;

    public FileViewModel(WorkspaceFiles files, TaskRunner runner) {
        this.files = files;
        this.runner = runner;
    }

    /**
     * Reads {@code file} in the background and shows it; {@code title} is how the user knows it
     * ({@code docs/refunds.md}).
     */
    public void onShow(Path file, String title) {
        long id = ++request;
        this.title.set(title);
        busy.set(true);
        runner.run(() -> {
                    String text = files.readText(file);
                    return file.getFileName().toString().endsWith(".prompt")
                            ? HighlightedText.prompt(text) : HighlightedText.plain(text);
                },
                text -> {
                    if (id != request) return;
                    content.set(text);
                    error.set("");
                    busy.set(false);
                },
                failure -> {
                    if (id != request) return;
                    if (!(failure instanceof StudioException)) LOG.warn("cannot show {}", file, failure);
                    content.set(HighlightedText.EMPTY);
                    String reason = ErrorText.reason(failure);
                    error.set(failure instanceof StudioException ? reason : title + ": " + reason);
                    busy.set(false);
                });
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<HighlightedText> contentProperty() {
        return content.getReadOnlyProperty();
    }

    /** Empty when the file is shown; otherwise why it cannot be. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
