package org.promptstudio.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandPaletteViewModelTest {

    final List<String> ran = new ArrayList<>();
    final CommandPaletteViewModel palette = new CommandPaletteViewModel(List.of(
            new ShellAction("newPrompt", "File", "New prompt…", "Shortcut+N", () -> ran.add("newPrompt")),
            new ShellAction("rename", "Edit", "Rename…", "F2", () -> ran.add("rename")),
            new ShellAction("darkTheme", "View", "Dark theme", "", () -> ran.add("darkTheme"))));

    @Test
    void opensWithEveryActionInMenuOrderAndTheirShortcuts() {
        palette.onOpen();
        assertThat(palette.openProperty().get()).isTrue();
        assertThat(palette.shown()).extracting(ShellAction::title, ShellAction::shortcutText).containsExactly(
                org.assertj.core.groups.Tuple.tuple("New prompt…", "Ctrl+N"),
                org.assertj.core.groups.Tuple.tuple("Rename…", "F2"),
                org.assertj.core.groups.Tuple.tuple("Dark theme", ""));
    }

    @Test
    void eachWordOfTheQueryMustMatchInAnyOrderAndCase() {
        palette.onOpen();
        palette.onQuery("THEME dark");
        assertThat(palette.shown()).extracting(ShellAction::id).containsExactly("darkTheme");
        palette.onQuery("edit");
        assertThat(palette.shown()).extracting(ShellAction::id).containsExactly("rename");
        palette.onQuery("nothing like it");
        assertThat(palette.shown()).isEmpty();
        palette.onOpen();
        assertThat(palette.queryProperty().get()).isEmpty();
        assertThat(palette.shown()).hasSize(3);
    }

    @Test
    void runningAnActionClosesThePaletteFirst() {
        palette.onOpen();
        palette.onRun(palette.shown().get(1));
        assertThat(ran).containsExactly("rename");
        assertThat(palette.openProperty().get()).isFalse();
        palette.onRun(null);
        assertThat(ran).containsExactly("rename");
    }
}
