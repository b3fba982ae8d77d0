package org.promptstudio.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.model.StudioException;
import org.promptstudio.workspace.StudioConfigReader;
import org.promptstudio.workspace.Workspace;
import org.promptstudio.workspace.WorkspaceException;

/**
 * Mending a workspace that cannot be opened because its {@code studio.yaml} is broken, without opening it: read the
 * file's text, check an edited text the way opening checks it, and write it back. The window uses this when its
 * workspace will not open, so that someone who started the studio from a desktop icon can fix the file there
 * instead of reading one line on a terminal they never see.
 */
public final class ConfigRepair {

    private final Path workspace;

    private ConfigRepair(Path workspace) {
        this.workspace = workspace;
    }

    /** The repair of the workspace folder {@code workspace} (not checked here; see {@link #text()}). */
    public static ConfigRepair of(Path workspace) {
        return new ConfigRepair(workspace.toAbsolutePath().normalize());
    }

    /** The workspace folder. */
    public Path workspace() {
        return workspace;
    }

    /** The file mended: the workspace's {@code studio.yaml}. */
    public Path file() {
        return workspace.resolve(Workspace.CONFIG_FILE);
    }

    /**
     * The file's text as it is on disk now.
     *
     * @return empty when there is no such file or it cannot be read as UTF-8 text (then there is nothing to mend
     * here: {@link #fileProblem()} says what is wrong)
     */
    public Optional<String> text() {
        try {
            return Optional.of(Files.readString(file()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * What is wrong with the file on disk, as opening reads it: one line such as
     * {@code studio.yaml:3:7: a list opened with '[' is not closed}.
     *
     * @return empty when the file reads and checks well (the workspace fails to open for another reason)
     */
    public Optional<String> fileProblem() {
        try {
            StudioConfigReader.read(file());
            return Optional.empty();
        } catch (WorkspaceException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * What is wrong with {@code text} as a {@code studio.yaml}: the same checks as opening (syntax, conflict
     * markers, every field).
     *
     * @return the one line naming the place ({@code studio.yaml:LINE:COL: reason}); empty when it is good
     */
    public Optional<String> problem(String text) {
        try {
            StudioConfigReader.parse(text);
            return Optional.empty();
        } catch (WorkspaceException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Writes {@code text} as the workspace's {@code studio.yaml} when it checks well (atomically: the old file stays
     * whole until the new one is complete). It is not committed: the workspace, once open, shows the change as
     * uncommitted like any other edit made outside the studio.
     *
     * @throws StudioException with the one line of {@link #problem} when the text is not a good studio.yaml (nothing
     *                         is written), or saying why the file could not be written (the old one is kept)
     */
    public void save(String text) {
        Optional<String> problem = problem(text);
        if (problem.isPresent()) throw new StudioException(problem.get() + "; nothing saved");
        AtomicFile.writeString(file(), Workspace.CONFIG_FILE, text);
    }
}
