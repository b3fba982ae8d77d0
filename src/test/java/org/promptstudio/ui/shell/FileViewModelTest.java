package org.promptstudio.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.TestWorkspace;
import org.promptstudio.ui.common.TaskRunner;

class FileViewModelTest {

    @TempDir
    Path root;

    FileViewModel vm;

    @BeforeEach
    void open() {
        TestWorkspace.create(root);
        vm = new FileViewModel(Studio.open(root).files(), TaskRunner.callingThread());
    }

    @Test
    void showsTheTextOfAFile() {
        vm.onShow(root.resolve("datasets/questions.jsonl"), "datasets/questions.jsonl");

        assertThat(vm.titleProperty().get()).isEqualTo("datasets/questions.jsonl");
        assertThat(vm.contentProperty().get().text()).isEqualTo("{\"question\": \"Where is my order?\"}\n");
        assertThat(vm.contentProperty().get().ranges()).isEmpty();
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    @Test
    void aPartialIsHighlightedLikeAPrompt() throws Exception {
        Files.writeString(root.resolve("prompts/_greeting.prompt"), "Hello {{name}}!");
        vm.onShow(root.resolve("prompts/_greeting.prompt"), "prompts/_greeting.prompt");

        assertThat(vm.contentProperty().get().textOf("hb-variable")).containsExactly("{{name}}");
    }

    @Test
    void aBinaryFileShowsWhyItIsNotShown() throws Exception {
        Files.write(root.resolve("docs/logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        vm.onShow(root.resolve("docs/faq.md"), "docs/faq.md");
        vm.onShow(root.resolve("docs/logo.png"), "docs/logo.png");

        assertThat(vm.errorProperty().get()).isEqualTo("docs/logo.png: not a text file (binary content)");
        assertThat(vm.contentProperty().get().text()).isEmpty();
    }
}
