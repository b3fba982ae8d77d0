package org.promptstudio.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.promptstudio.model.StudioException;
import org.promptstudio.vcs.GitRepository;
import org.promptstudio.workspace.Workspace;
import org.promptstudio.workspace.WorkspaceException;
import org.promptstudio.workspace.WorkspaceLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates new workspaces: an empty layout or a copy of a bundled sample, made a git repository with one commit.
 * Every refusal comes before anything is written; a failure half-way removes what was written.
 */
final class WorkspaceInitializer {

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceInitializer.class);

    private final SampleCatalog samples;

    WorkspaceInitializer(SampleCatalog samples) {
        this.samples = samples;
    }

    /**
     * Creates a workspace in {@code dir}. {@code name} may be null (the sample's name, else the folder's), and
     * {@code sample} too (an empty workspace).
     */
    NewWorkspace create(Path dir, String name, String sample) {
        if (name != null && (name.isBlank() || name.lines().count() > 1)) {
            throw new StudioException("the workspace name must be one line of text, and not empty");
        }
        if (sample != null) samples.checkKnown(sample);
        Path root = dir.toAbsolutePath().normalize();
        Path created = checkTarget(root);
        try {
            Files.createDirectories(root);
            if (sample != null) {
                samples.copy(sample, root);
                if (name != null && Files.exists(root.resolve(Workspace.CONFIG_FILE))) {
                    WorkspaceLayout.rename(root, name);
                }
            }
            WorkspaceLayout.complete(root, name != null ? name : root.getFileName().toString());
            Workspace workspace = Workspace.open(root);
            try (GitRepository git = GitRepository.init(root)) {
                String commit = git.commitAll("Create workspace " + workspace.name());
                LOG.info("created workspace {} in {} ({})", workspace.name(), root, commit);
                return new NewWorkspace(root, workspace.name(), commit);
            }
        } catch (IOException | RuntimeException e) {
            undo(root, created);
            if (e instanceof StudioException s) throw s;
            throw new WorkspaceException(root + ": cannot create the workspace: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a target that is a file, a workspace, a folder with files in it, or a place that cannot be written.
     * Returns the outermost folder that creating {@code root} will make, or null when {@code root} exists.
     */
    private static Path checkTarget(Path root) {
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(root)) throw new WorkspaceException(root + ": exists and is not a folder");
            if (Files.exists(root.resolve(Workspace.CONFIG_FILE))) {
                throw new WorkspaceException(root + ": already a workspace (it has " + Workspace.CONFIG_FILE + ")");
            }
            if (!isEmpty(root)) {
                throw new WorkspaceException(root + ": not empty; give a new or empty folder");
            }
            if (!Files.isWritable(root)) throw new WorkspaceException(root + ": cannot write to this folder");
            return null;
        }
        Path missing = root;
        Path parent = root.getParent();
        while (parent != null && !Files.exists(parent)) {
            missing = parent;
            parent = parent.getParent();
        }
        if (parent == null || !Files.isDirectory(parent)) {
            throw new WorkspaceException(root + ": cannot be created, " + parent + " is not a folder");
        }
        if (!Files.isWritable(parent)) {
            throw new WorkspaceException(root + ": cannot be created, " + parent + " cannot be written");
        }
        return missing;
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new WorkspaceException(dir + ": cannot read the folder: " + e.getMessage(), e);
        }
    }

    /** Removes what a failed creation wrote: the folders it made, or the contents of the empty folder it was given. */
    private static void undo(Path root, Path created) {
        Path top = created != null ? created : root;
        try (Stream<Path> walk = Files.walk(top)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                boolean givenFolder = created == null && p.equals(root);
                if (!givenFolder) Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not remove the half-created workspace {}", top, e);
        }
    }
}
