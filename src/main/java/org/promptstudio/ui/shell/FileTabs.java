package org.promptstudio.ui.shell;

import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.editor.EditorView;
import org.promptstudio.ui.editor.EditorViewModel;

/**
 * The tabs of workspace files: a {@code .prompt} file (a prompt, a variant, a partial) opens in the template editor,
 * any other file (datasets, experiments, docs) as read-only text. The shell composes the features here; the editor
 * does not know the shell.
 */
public final class FileTabs implements TabFactory {

    private final Studio studio;
    private final TaskRunner runner;

    public FileTabs(Studio studio, TaskRunner runner) {
        this.studio = studio;
        this.runner = runner;
    }

    @Override
    public TabContent create(OpenDocument document) {
        if (document.name().endsWith(".prompt")) return editor(document);
        FileViewModel vm = new FileViewModel(studio.files(), runner);
        Node node = new FileView(vm).node();
        vm.onShow(document.file(), document.path());
        return new TabContent() {
            @Override
            public Node node() {
                return node;
            }

            @Override
            public void reload() {
                vm.onShow(document.file(), document.path());
            }

            @Override
            public boolean busy() {
                return vm.busyProperty().get();
            }
        };
    }

    private TabContent editor(OpenDocument document) {
        EditorViewModel vm = new EditorViewModel(studio, runner, document.path());
        EditorView view = new EditorView(vm);
        vm.onOpen();
        return new TabContent() {
            @Override
            public Node node() {
                return view.root();
            }

            @Override
            public void reload() {
                vm.onChangedOnDisk();
            }

            @Override
            public ObservableValue<String> title() {
                return vm.titleProperty();
            }

            @Override
            public boolean hasUnsavedChanges() {
                return vm.hasUnsavedChanges();
            }

            @Override
            public java.util.Optional<Runnable> askToClose() {
                return view.askToClose();
            }

            @Override
            public boolean busy() {
                return !vm.isSettled() && vm.loadErrorProperty().get().isEmpty();
            }
        };
    }
}
