package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.StudioException;
import org.promptstudio.vcs.Author;

class StudioSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theTestsNeverReadTheRealSettings() {
        assertThat(StudioSettings.file().startsWith(Path.of(System.getProperty("user.home"), ".config"))).isFalse();
        assertThat(StudioSettings.file().getFileName()).hasToString("settings.yaml");
    }

    @Test
    void theAuthorIsReadFromTheSettingsFile() throws Exception {
        Path file = dir.resolve("settings.yaml");
        Files.writeString(file, "author:\n  name: Grace Hopper\n  email: grace@example.org\n");

        assertThat(StudioSettings.author(file)).contains(new Author("Grace Hopper", "grace@example.org"));
    }

    @Test
    void noFileOrNoAuthorMeansNoAuthor() throws Exception {
        assertThat(StudioSettings.author(dir.resolve("settings.yaml"))).isEmpty();
        Path file = dir.resolve("other.yaml");
        Files.writeString(file, "theme: dark\n");
        assertThat(StudioSettings.author(file)).isEmpty();
    }

    @Test
    void anIncompleteAuthorOrBrokenYamlIsReportedWithTheFile() throws Exception {
        Path half = dir.resolve("half.yaml");
        Files.writeString(half, "author:\n  name: Grace\n");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "author: [\n");

        assertThatThrownBy(() -> StudioSettings.author(half)).isInstanceOf(StudioException.class)
                .hasMessageStartingWith(half + ": author needs a name and an email");
        assertThatThrownBy(() -> StudioSettings.author(broken)).isInstanceOf(StudioException.class)
                .hasMessage(broken + ":2:1: the file ends inside a list '[' or a mapping '{' that is not closed");
        Files.writeString(broken, "author:\n\tname: Grace\n");
        assertThatThrownBy(() -> StudioSettings.author(broken))
                .hasMessage(broken + ":2:1: tab characters cannot indent (use spaces)");
        Files.writeString(broken, "author:\n  name: Grace\n  name: Ada\n");
        assertThatThrownBy(() -> StudioSettings.author(broken))
                .hasMessage(broken + ":3:3: duplicate key 'name' (first at line 2)");
    }

    @Test
    void yaml11BooleanWordsAreNamesAsWritten() throws Exception {
        // YAML 1.2 core schema (YAML 1.2.2 section 10.3.2): only true/false are booleans; YAML 1.1 read NO as false.
        Path file = dir.resolve("settings.yaml");
        Files.writeString(file, "author:\n  name: NO\n  email: on@example.org\n");

        assertThat(StudioSettings.author(file)).contains(new Author("NO", "on@example.org"));
    }
}
