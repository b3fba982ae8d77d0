package org.promptstudio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How {@link Main} finds the command among the words: the global {@code -w DIR} may come first. */
class MainTest {

    @Test
    void theCommandIsTheFirstWordThatIsNoOptionNorTheWorkspacesValue() {
        assertThat(Main.commandAt(new String[] {"screenshot", "editor"}, "screenshot")).isZero();
        assertThat(Main.commandAt(new String[] {"-w", "/tmp/ws", "screenshot", "editor"}, "screenshot")).isEqualTo(2);
        assertThat(Main.commandAt(new String[] {"--workspace", "screenshot", "screenshot"}, "screenshot")).isEqualTo(2);
        assertThat(Main.commandAt(new String[] {"--workspace=/tmp/ws", "screenshot"}, "screenshot")).isEqualTo(1);
        assertThat(Main.commandAt(new String[] {"render", "screenshot"}, "screenshot")).isEqualTo(-1);
        assertThat(Main.commandAt(new String[] {"-w"}, "screenshot")).isEqualTo(-1);
        assertThat(Main.commandAt(new String[0], "screenshot")).isEqualTo(-1);
    }
}
