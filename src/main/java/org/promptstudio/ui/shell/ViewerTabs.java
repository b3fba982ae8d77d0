package org.promptstudio.ui.shell;

import javafx.scene.Node;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.files.FileView;
import org.promptstudio.ui.files.FileViewModel;
import org.promptstudio.ui.prompt.PromptView;
import org.promptstudio.ui.prompt.PromptViewModel;

/**
 * The tabs until the template editor lands: a prompt opens in the read-only prompt view (source, metadata,
 * preview), any other file in the plain file view.
 */
public final class ViewerTabs implements TabFactory {

    private final Studio studio;
    private final TaskRunner runner;

    public ViewerTabs(Studio studio, TaskRunner runner) {
        this.studio = studio;
        this.runner = runner;
    }

    @Override
    public TabContent create(OpenDocument document) {
        if (document.isPrompt()) {
            PromptViewModel vm = new PromptViewModel(studio.prompts(), runner);
            Node node = new PromptView(vm).node();
            vm.onShow(document.prompt());
            return new TabContent() {
                @Override
                public Node node() {
                    return node;
                }

                @Override
                public void reload() {
                    vm.onShow(document.prompt());
                }
            };
        }
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
        };
    }
}
