package org.promptstudio.workspace;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A workspace folder and its layout: {@code studio.yaml}, {@code prompts/}, {@code datasets/},
 * {@code experiments/}, {@code docs/}, {@code exports/} and the local state in {@code .studio/}.
 */
public final class Workspace {

    public static final String CONFIG_FILE = "studio.yaml";

    private final Path root;
    private final StudioConfig config;

    private Workspace(Path root, StudioConfig config) {
        this.root = root;
        this.config = config;
    }

    /**
     * Opens an existing workspace and reads its {@code studio.yaml}; one that cannot be written opens for reading
     * (decision 0043). Refuses, creating and changing nothing, a
     * folder that is missing, is not a workspace, or whose {@code studio.yaml} is broken.
     */
    public static Workspace open(Path dir) {
        Path root = requireWorkspace(dir);
        return new Workspace(root, StudioConfigReader.read(root.resolve(CONFIG_FILE)));
    }

    /**
     * Checks, without reading it, that {@code dir} is a folder with a {@code studio.yaml}; returns its absolute,
     * normalised path.
     *
     * @throws WorkspaceException naming the folder when it is missing, not a folder, or not a workspace
     */
    public static Path requireWorkspace(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new WorkspaceException(root + (Files.exists(root) ? ": not a folder" : ": no such folder"));
        }
        if (!Files.isRegularFile(root.resolve(CONFIG_FILE))) {
            throw new WorkspaceException(
                    root + ": not a workspace (no " + CONFIG_FILE + "; create one with 'studio init')");
        }
        return root;
    }

    /** The settings read from {@code studio.yaml} when the workspace was opened. */
    public StudioConfig config() {
        return config;
    }

    /** The name from {@code studio.yaml}, else the folder's name. */
    public String name() {
        String name = config.name();
        if (name != null && !name.isBlank()) return name;
        return root.getFileName() != null ? root.getFileName().toString() : root.toString();
    }

    public Path root() {
        return root;
    }

    public Path configFile() {
        return root.resolve(CONFIG_FILE);
    }

    public Path promptsDir() {
        return root.resolve("prompts");
    }

    public Path datasetsDir() {
        return root.resolve("datasets");
    }

    public Path experimentsDir() {
        return root.resolve("experiments");
    }

    public Path docsDir() {
        return root.resolve("docs");
    }

    public Path exportsDir() {
        return root.resolve("exports");
    }

    /** Local state, never committed: database, index, cache. */
    public Path stateDir() {
        return root.resolve(".studio");
    }

    /** A path inside the workspace as the user sees it, with forward slashes ({@code prompts/answer.prompt}). */
    public String relative(Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}
