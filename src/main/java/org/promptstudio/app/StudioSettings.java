package org.promptstudio.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.promptstudio.format.YamlTextEdit;
import org.promptstudio.model.StudioException;
import org.promptstudio.vcs.Author;
import org.promptstudio.format.Yaml;

/**
 * The user's own studio settings, {@code settings.yaml} in the user's config folder
 * ({@link org.promptstudio.model.UserFolders#config()}: {@code $XDG_CONFIG_HOME/prompt-studio}, else
 * {@code $HOME/.config/prompt-studio}), outside any workspace: for now the author to commit as when git has no
 * identity ({@code author: {name: ..., email: ...}}) and the annotator's name for labels ({@code annotator: NAME}). The folder can be moved with the {@code studio.config.dir}
 * system property (the tests point it at a temporary folder).
 */
public final class StudioSettings {

    public static final String CONFIG_DIR_PROPERTY = org.promptstudio.model.UserFolders.CONFIG_DIR_PROPERTY;
    public static final String FILE_NAME = "settings.yaml";

    private static final com.fasterxml.jackson.databind.ObjectMapper YAML = Yaml.mapper();

    /** Runs after storeAuthor read the file, before it writes (tests change the file here). */
    static volatile Runnable afterRead = () -> { };

    private StudioSettings() {
    }

    /** Where the settings file is (it may not exist). */
    public static Path file() {
        return org.promptstudio.model.UserFolders.current().config().resolve(FILE_NAME);
    }

    /**
     * The author from the settings file ({@link #readFile()}); empty when there is no file or no author in it.
     *
     * @throws StudioException naming the file (and line:column) when it cannot be read or is not valid YAML
     */
    public static Optional<Author> author() {
        return author(readFile());
    }

    /**
     * The settings file to read: {@link #file()}, or, when that does not exist, the file where releases before
     * decision 0066 kept it ({@code user.home/.config/prompt-studio/settings.yaml}, which ignored
     * {@code XDG_CONFIG_HOME} and {@code $HOME}) if that one exists, so a user's author is not lost silently. Saving
     * always writes {@link #file()}, which is read from then on.
     *
     * @return the file to read (it may not exist)
     */
    public static Path readFile() {
        return readFile(org.promptstudio.model.UserFolders.current(), System.getProperties());
    }

    static Path readFile(org.promptstudio.model.UserFolders folders, java.util.Properties properties) {
        Path now = folders.config().resolve(FILE_NAME);
        if (Files.exists(now) || properties.getProperty(CONFIG_DIR_PROPERTY) != null) return now;
        Path old = Path.of(properties.getProperty("user.home", ".")).toAbsolutePath()
                .resolve(".config").resolve(org.promptstudio.model.UserFolders.APP_FOLDER).resolve(FILE_NAME);
        return Files.exists(old) ? old : now;
    }

    /**
     * Stores the author to commit as in the settings file ({@code author: {name, email}}), creating the file and its
     * folder when missing; the file's other settings and comments stay as written (only those two values change).
     *
     * @return the settings file
     * @throws StudioException naming the bad field ({@code email: 'ada' is not an email address}) or why the file
     *                         could not be written; it is then unchanged
     */
    public static Path storeAuthor(String name, String email) {
        return storeAuthor(file(), name, email);
    }

    static Path storeAuthor(Path file, String name, String email) {
        String n = name == null ? "" : name.strip();
        String e = email == null ? "" : email.strip();
        if (n.isEmpty()) throw new StudioException("name: the author needs a name");
        if (n.chars().anyMatch(Character::isISOControl) || n.contains("<") || n.contains(">")) {
            throw new StudioException("name: must be one line without < or >");
        }
        if (!EMAIL.matcher(e).matches()) throw new StudioException("email: '" + e + "' is not an email address");
        return FileEdits.locked(file, () -> storeAuthorLocked(file, n, e));
    }

    private static Path storeAuthorLocked(Path file, String n, String e) {
        String read;
        try {
            read = Files.exists(file) ? org.promptstudio.model.TextFile.read(file, file.toString()) : null;
        } catch (org.promptstudio.model.TextFile.NotText x) {
            throw new StudioException(x.getMessage() + "; nothing saved", x);
        } catch (IOException x) {
            throw new StudioException(file + ": cannot read: " + org.promptstudio.model.AtomicFile.reason(x), x);
        }
        afterRead.run();
        String text = read == null ? "" : read;
        Map<String, Object> author = new LinkedHashMap<>();
        author.put("name", n);
        author.put("email", e);
        String edited;
        try {
            edited = YamlTextEdit.setKeys(text, Map.of("author", author));
        } catch (YamlTextEdit.EditException x) {
            throw new StudioException(file + ": cannot be edited in place: " + x.getMessage() + "; nothing saved", x);
        }
        JsonNode back;
        try {
            back = YAML.readTree(edited).path("author");
        } catch (JsonProcessingException x) {
            back = null;
        }
        if (back == null || !n.equals(back.path("name").asText(null)) || !e.equals(back.path("email").asText(null))) {
            throw new StudioException(file + ": the author would not read back as written; nothing saved");
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
        } catch (IOException x) {
            throw new StudioException(file + ": cannot write: " + org.promptstudio.model.AtomicFile.reason(x), x);
        }
        FileEdits.checkUnchanged(file, file.toString(), read);
        org.promptstudio.model.AtomicFile.writeString(file, file.toString(), edited);
        return file;
    }

    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^@\\s<>]+@[^@\\s<>]+");

    /**
     * The annotator's name from the settings file ({@code annotator: NAME}), the name labels are given under when no
     * {@code --annotator} is named; empty when there is no file or no such key.
     *
     * @throws StudioException naming the file (and line:column) when it cannot be read, is not valid YAML or the
     *                         name is not a text
     */
    public static Optional<String> annotator() {
        return annotator(readFile());
    }

    static Optional<String> annotator(Path file) {
        JsonNode root = root(file);
        JsonNode annotator = root == null ? null : root.get("annotator");
        if (annotator == null || annotator.isNull()) return Optional.empty();
        if (!annotator.isTextual() || annotator.asText().isBlank()) {
            throw new StudioException(file + ": annotator needs a name (annotator: Your Name)");
        }
        return Optional.of(annotator.asText().strip());
    }

    /** The settings file's YAML tree, null when the file does not exist or is empty. */
    private static JsonNode root(Path file) {
        try {
            String text = org.promptstudio.model.TextFile.read(file, file.toString());
            Yaml.Problem problem = Yaml.syntaxProblem(text).orElse(null);
            if (problem != null) {
                throw new StudioException(file + (problem.line() == 0 ? "" : ":" + problem.line() + ":"
                        + problem.column()) + ": " + problem.reason());
            }
            return YAML.readTree(text);
        } catch (NoSuchFileException e) {
            return null;
        } catch (JsonProcessingException e) {
            Yaml.Problem p = Yaml.Problem.of(e);
            String where = p.line() == 0 ? "" : ":" + p.line() + ":" + p.column();
            throw new StudioException(file + where + ": " + p.reason(), e);
        } catch (IOException e) {
            throw new StudioException(file + ": cannot read: " + org.promptstudio.model.AtomicFile.reason(e), e);
        }
    }

    static Optional<Author> author(Path file) {
        JsonNode root = root(file);
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
