package org.promptstudio.app;

import java.nio.file.Path;
import java.util.List;
import org.promptstudio.provider.ProviderFactory;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.workspace.Datasets;
import org.promptstudio.template.prompty.PromptyImporter;
import org.promptstudio.workspace.Workspace;

/** One open workspace and the services that work on it. The window and the command line both go through here. */
public final class Studio {

    private final Workspace workspace;
    private final PromptLibrary prompts;
    private final WorkspaceFiles files;
    private final Datasets datasets;
    private final PromptImport promptImport;
    private ModelCatalog models;

    private Studio(Workspace workspace) {
        this.workspace = workspace;
        this.prompts = new PromptLibrary(workspace.promptsDir());
        this.files = new WorkspaceFiles(workspace);
        this.datasets = new Datasets(workspace);
        this.promptImport = new PromptImport(workspace, new PromptyImporter());
    }

    /**
     * Opens the workspace at {@code dir}; a folder that is missing, not a workspace, not writable or with a broken
     * {@code studio.yaml} is refused, untouched.
     */
    public static Studio open(Path dir) {
        return new Studio(Workspace.open(dir));
    }

    /** Where the window puts sample workspaces: {@code ~/PromptStudio}, or the {@code studio.home} property. */
    public static Path sampleHome() {
        String home = System.getProperty("studio.home");
        return home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), "PromptStudio");
    }

    /** The names of the bundled samples {@link #initFromSample} accepts. */
    public static List<String> samples() {
        return SampleCatalog.bundled().names();
    }

    /**
     * Creates an empty workspace in {@code dir} (new, or an empty folder), makes it a git repository and commits
     * it. {@code name} may be null: the folder's name is used.
     */
    public static NewWorkspace init(Path dir, String name) {
        return new WorkspaceInitializer(SampleCatalog.bundled()).create(dir, name, null);
    }

    /** Copies the bundled sample {@code name} to {@code dir}, makes it a git repository and commits it. */
    public static NewWorkspace initFromSample(String name, Path dir) {
        return initFromSample(name, dir, null);
    }

    /** As {@link #initFromSample(String, Path)}, with the workspace named {@code workspaceName} unless it is null. */
    public static NewWorkspace initFromSample(String sample, Path dir, String workspaceName) {
        return new WorkspaceInitializer(SampleCatalog.bundled()).create(dir, workspaceName, sample);
    }

    public Workspace workspace() {
        return workspace;
    }

    public PromptLibrary prompts() {
        return prompts;
    }

    /** Plain files of the workspace folders (datasets, experiments, docs), for showing as they are. */
    public WorkspaceFiles files() {
        return files;
    }

    public Datasets datasets() {
        return datasets;
    }

    public PromptImport promptImport() {
        return promptImport;
    }

    /** The workspace's models, with keys from the environment and the user's credentials file. */
    public synchronized ModelCatalog models() {
        if (models == null) models = new ModelCatalog(workspace.config().models(), ProviderFactory.standard());
        return models;
    }
}
