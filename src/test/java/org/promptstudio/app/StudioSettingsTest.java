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
    void theAnnotatorIsReadFromTheSettingsFileApartFromTheAuthor() throws Exception {
        Path file = dir.resolve("settings.yaml");
        Files.writeString(file, "author:\n  name: Grace Hopper\n  email: grace@example.org\nannotator: ' Ada '\n");
        assertThat(StudioSettings.annotator(file)).contains("Ada");
        assertThat(StudioSettings.annotator(dir.resolve("none.yaml"))).isEmpty();
        Files.writeString(file, "author:\n  name: Grace Hopper\n  email: grace@example.org\n");
        assertThat(StudioSettings.annotator(file)).isEmpty();
        Files.writeString(file, "annotator: [Ada]\n");
        assertThatThrownBy(() -> StudioSettings.annotator(file))
                .hasMessage(file + ": annotator needs a name (annotator: Your Name)");
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

    @Test
    void aSettingsFileOnlyAtThePlaceOfEarlierReleasesIsStillRead() throws Exception {
        // Before decision 0066 the file was read from user.home/.config/prompt-studio, whatever XDG_CONFIG_HOME said.
        Path home = dir.resolve("home");
        Path xdg = dir.resolve("xdg");
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user.home", home.toString());
        org.promptstudio.model.UserFolders folders = org.promptstudio.model.UserFolders.of(
                java.util.Map.of("XDG_CONFIG_HOME", xdg.toString()), properties);
        Path old = home.resolve(".config/prompt-studio/settings.yaml");
        Files.createDirectories(old.getParent());
        Files.writeString(old, "author: {name: Ada Lovelace, email: ada@example.org}\n");

        assertThat(StudioSettings.readFile(folders, properties)).isEqualTo(old);
        assertThat(StudioSettings.author(StudioSettings.readFile(folders, properties)).map(Author::name))
                .contains("Ada Lovelace");

        // Once the file exists at the new place, it alone is read.
        Path now = xdg.resolve("prompt-studio/settings.yaml");
        StudioSettings.storeAuthor(now, "Grace Hopper", "grace@example.org");
        assertThat(StudioSettings.readFile(folders, properties)).isEqualTo(now);
        assertThat(StudioSettings.author(StudioSettings.readFile(folders, properties)).map(Author::name))
                .contains("Grace Hopper");

        // The tests' own folder (studio.config.dir) never falls back.
        properties.setProperty(StudioSettings.CONFIG_DIR_PROPERTY, dir.resolve("moved").toString());
        assertThat(StudioSettings.readFile(org.promptstudio.model.UserFolders.of(java.util.Map.of(), properties),
                properties)).isEqualTo(dir.resolve("moved/settings.yaml"));
    }
}
