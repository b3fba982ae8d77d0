package org.promptstudio.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.promptstudio.model.StudioException;
import org.promptstudio.vcs.Author;
import org.promptstudio.format.Yaml;

/**
 * The user's own studio settings, {@code ~/.config/prompt-studio/settings.yaml}, outside any workspace: for now the
 * author to commit as when git has no identity ({@code author: {name: ..., email: ...}}). The folder can be moved
 * with the {@code studio.config.dir} system property (the tests point it at a temporary folder).
 */
public final class StudioSettings {

    public static final String CONFIG_DIR_PROPERTY = "studio.config.dir";
    public static final String FILE_NAME = "settings.yaml";

    private static final com.fasterxml.jackson.databind.ObjectMapper YAML = Yaml.mapper();

    private StudioSettings() {
    }

    /** Where the settings file is (it may not exist). */
    public static Path file() {
        String dir = System.getProperty(CONFIG_DIR_PROPERTY);
        Path folder = dir != null && !dir.isBlank() ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".config", "prompt-studio");
        return folder.resolve(FILE_NAME);
    }

    /** The author from the settings file; empty when there is no file or no author in it. */
    public static Optional<Author> author() {
        return author(file());
    }

    static Optional<Author> author(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JsonProcessingException e) {
            Yaml.Problem p = Yaml.Problem.of(e);
            String where = p.line() == 0 ? "" : ":" + p.line() + ":" + p.column();
            throw new StudioException(file + where + ": not valid YAML: " + p.reason(), e);
        } catch (IOException e) {
            throw new StudioException(file + ": cannot read: " + e.getMessage(), e);
        }
        JsonNode author = root == null ? null : root.get("author");
        if (author == null || author.isNull()) return Optional.empty();
        String name = author.path("name").asText("").strip();
        String email = author.path("email").asText("").strip();
        if (!author.isObject() || name.isEmpty() || email.isEmpty()) {
            throw new StudioException(file + ": author needs a name and an email (author: {name: Your Name, email: you@example.org})");
        }
        return Optional.of(new Author(name, email));
    }
}
