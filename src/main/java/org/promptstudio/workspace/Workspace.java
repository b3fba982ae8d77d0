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

    private Workspace(Path root) {
        this.root = root;
    }

    /** Opens an existing workspace; refuses, without touching it, a folder that is missing or not a workspace. */
    public static Workspace open(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new WorkspaceException(root + ": no such folder");
        }
        if (!Files.isRegularFile(root.resolve(CONFIG_FILE))) {
            throw new WorkspaceException(root + ": not a workspace (no " + CONFIG_FILE + "; create one with 'studio init')");
        }
        return new Workspace(root);
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
