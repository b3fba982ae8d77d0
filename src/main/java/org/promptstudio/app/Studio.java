package org.promptstudio.app;

import java.nio.file.Path;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.prompty.PromptyImporter;
import org.promptstudio.workspace.Workspace;

/** One open workspace and the services that work on it. The window and the command line both go through here. */
public final class Studio {

    private final Workspace workspace;
    private final PromptLibrary prompts;
    private final PromptImport promptImport;

    private Studio(Workspace workspace) {
        this.workspace = workspace;
        this.prompts = new PromptLibrary(workspace.promptsDir());
        this.promptImport = new PromptImport(workspace, new PromptyImporter());
    }

    /** Opens the workspace at {@code dir}; a folder that is missing or not a workspace is refused, untouched. */
    public static Studio open(Path dir) {
        return new Studio(Workspace.open(dir));
    }

    /** Where the window puts sample workspaces: {@code ~/PromptStudio}, or the {@code studio.home} property. */
    public static Path sampleHome() {
        String home = System.getProperty("studio.home");
        return home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), "PromptStudio");
    }

    /** Copies the bundled sample {@code name} to {@code dir}, makes it a git repository and commits it. */
    public static Path initFromSample(String name, Path dir) {
        throw new org.promptstudio.model.StudioException("samples are not available yet");
    }

    public Workspace workspace() {
        return workspace;
    }

    public PromptLibrary prompts() {
        return prompts;
    }

    public PromptImport promptImport() {
        return promptImport;
    }
}
