package org.promptstudio.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.index.SearchMode;
import org.promptstudio.ui.common.Notifications;
import org.promptstudio.ui.TestWorkspace;
import org.promptstudio.ui.common.TaskRunner;

/**
 * While the window is open, the document index the user built follows the document folders (issue 14, item 1):
 * changes made while the studio was closed are ingested when it opens, later ones when the watcher reports them; a
 * change elsewhere, or a workspace never indexed, starts no ingestion.
 */
class ShellDocumentsIndexTest {

    @TempDir
    Path root;

    @TempDir
    Path config;

    Studio studio;
    final Notifications notifications = new Notifications();

    @BeforeEach
    void open() throws IOException {
        TestWorkspace.create(root);
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/zeppelins.md"), "# Zeppelins\n\nThe zeppelin hangar opens at dawn.\n");
        studio = Studio.open(root);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    private ShellViewModel shell() {
        ShellViewModel vm = new ShellViewModel(studio, TaskRunner.callingThread(), notifications,
                new ShellPreferences(config.resolve("window.properties")));
        vm.onLoad();
        return vm;
    }

    private List<String> notices() {
        return notifications.notices().stream().map(Notifications.Notice::message).toList();
    }

    @Test
    void aBuiltIndexCatchesUpAtOpeningAndFollowsChangedDocuments() throws IOException {
        studio.documents().index(false, null);
        // changed while the studio was "closed"
        Files.writeString(root.resolve("docs/wombats.txt"), "Wombats dig burrows in the hills.\n");
        ShellViewModel vm = shell();
        vm.keepDocumentsIndexed(null);
        assertThat(notices()).contains("Document index updated: 1 added, 0 updated, 0 removed");
        assertThat(studio.documents().search("burrows", 3, SearchMode.BM25, null)).isNotEmpty();

        List.copyOf(notifications.notices()).forEach(notifications::dismiss);
        Files.writeString(root.resolve("docs/zeppelins.md"), "# Zeppelins\n\nThe airship hangar closes at noon.\n");
        vm.onFilesChanged(List.of("docs/zeppelins.md"));
        assertThat(notices()).contains("Document index updated: 0 added, 1 updated, 0 removed");
        assertThat(studio.documents().search("noon", 3, SearchMode.BM25, null)).isNotEmpty();

        List.copyOf(notifications.notices()).forEach(notifications::dismiss);
        Files.writeString(root.resolve("docs/wombats.txt"), "Quokkas smile.\n");
        vm.onFilesChanged(List.of("prompts/answer.prompt"));
        assertThat(notices()).as("a change outside docs/ ingests nothing").isEmpty();
        assertThat(studio.documents().search("quokkas", 3, SearchMode.BM25, null)).isEmpty();
    }

    @Test
    void aWorkspaceNeverIndexedIsNotIndexedUnasked() throws IOException {
        ShellViewModel vm = shell();
        vm.keepDocumentsIndexed(null);
        Files.writeString(root.resolve("docs/wombats.txt"), "Wombats dig burrows in the hills.\n");
        vm.onFilesChanged(List.of("docs/wombats.txt"));
        assertThat(notices()).isEmpty();
        assertThat(studio.documents().built()).isFalse();
    }
}
