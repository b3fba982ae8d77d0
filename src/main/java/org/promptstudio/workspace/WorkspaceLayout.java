package org.promptstudio.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files and folders every workspace has, and filling in those a folder lacks: {@code studio.yaml}, the
 * folders (an empty one gets a {@code .gitkeep}, since git keeps no empty folders), and a {@code .gitignore}
 * that keeps the local state in {@code .studio/} out of git.
 */
public final class WorkspaceLayout {

    public static final List<String> FOLDERS = List.of("prompts", "datasets", "experiments", "docs", "exports");
    public static final String GITIGNORE = ".gitignore";
    public static final String GITKEEP = ".gitkeep";
    public static final String IGNORED_STATE = ".studio/";

    private static final Pattern NAME_LINE = Pattern.compile("^name:.*$", Pattern.MULTILINE);

    private WorkspaceLayout() {
    }

    /** Adds to {@code root} (an existing folder) what it lacks; returns what it wrote, as workspace paths. */
    public static List<String> complete(Path root, String name) {
        List<String> written = new ArrayList<>();
        try {
            Path config = root.resolve(Workspace.CONFIG_FILE);
            if (!Files.exists(config)) {
                AtomicWrite.write(config, configText(name), Workspace.CONFIG_FILE);
                written.add(Workspace.CONFIG_FILE);
            }
            for (String folder : FOLDERS) {
                Path dir = Files.createDirectories(root.resolve(folder));
                if (isEmpty(dir)) {
                    Files.createFile(dir.resolve(GITKEEP));
                    written.add(folder + "/" + GITKEEP);
                }
            }
            if (ignoreStateDir(root.resolve(GITIGNORE))) written.add(GITIGNORE);
        } catch (IOException e) {
            throw new WorkspaceException(root + ": cannot write the workspace layout: " + e.getMessage(), e);
        }
        return written;
    }

    /** Sets the {@code name:} line of an existing {@code studio.yaml}, keeping the rest of the file as it is. */
    public static void rename(Path root, String name) {
        Path config = root.resolve(Workspace.CONFIG_FILE);
        try {
            String text = Files.readString(config);
            Matcher m = NAME_LINE.matcher(text);
            String line = "name: " + quote(name);
            text = m.find() ? text.substring(0, m.start()) + line + text.substring(m.end()) : line + "\n" + text;
            AtomicWrite.write(config, text, Workspace.CONFIG_FILE);
        } catch (IOException e) {
            throw new WorkspaceException(Workspace.CONFIG_FILE + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** A new workspace's {@code studio.yaml}: its name, and how to add a model, as comments. */
    static String configText(String name) {
        return """
                # Prompt Studio workspace settings.
                name: %s
                description: ""
                # The models prompts can run on. For example:
                #   - id: gpt-mini
                #     provider: openai
                #     model: gpt-4o-mini
                #     pricing: {inputPerMillion: 0.15, outputPerMillion: 0.60}
                #     maxConcurrency: 4
                # API keys never go in this file: they come from environment variables.
                models: []
                """.formatted(quote(name));
    }

    private static boolean ignoreStateDir(Path gitignore) throws IOException {
        if (!Files.exists(gitignore)) {
            AtomicWrite.write(gitignore, IGNORED_STATE + "\n", GITIGNORE);
            return true;
        }
        String text = Files.readString(gitignore);
        boolean listed = text.lines().map(String::strip)
                .anyMatch(l -> l.equals(".studio") || l.equals(".studio/") || l.equals("/.studio/")
                        || l.equals("/.studio"));
        if (listed) return false;
        String sep = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
        AtomicWrite.write(gitignore, text + sep + IGNORED_STATE + "\n", GITIGNORE);
        return true;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** A YAML double-quoted scalar; JSON's string syntax is a subset of it. */
    private static String quote(String s) {
        try {
            return new ObjectMapper().writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
