package org.promptstudio.workspace;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A workspace folder and its layout: {@code studio.yaml}, {@code prompts/}, {@code datasets/},
 * {@code experiments/}, {@code docs/}, {@code exports/} and the local state in {@code .studio/}.
 */
public final class Workspace {

    public static final String CONFIG_FILE = "studio.yaml";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Workspace.class);

    private final Path root;
    /** The settings last read well, and the modification time and size of studio.yaml they were read from. */
    private volatile Read read;
    /** The problem last logged for a studio.yaml that does not read well: said once, not on every use. */
    private String lastWarning;

    private record Read(StudioConfig config, String stamp) {
    }

    private Workspace(Path root, StudioConfig config, String stamp) {
        this.root = root;
        this.read = new Read(config, stamp);
    }

    /**
     * Opens an existing workspace and reads its {@code studio.yaml}; one that cannot be written opens for reading
     * (decision 0043). Refuses, creating and changing nothing, a
     * folder that is missing, is not a workspace, or whose {@code studio.yaml} is broken.
     */
    public static Workspace open(Path dir) {
        Path root = requireWorkspace(dir);
        String stamp = stamp(root.resolve(CONFIG_FILE));
        return new Workspace(root, StudioConfigReader.read(root.resolve(CONFIG_FILE)), stamp);
    }

    /**
     * The file's identity, modification time and size, read in one call, or "" when they cannot be read. A file
     * changed less than {@link #RACY_MS} ago gets a stamp no later reading equals (git's "racily clean" rule): an
     * edit of the same size within the file system's time resolution is not missed; it is read again next time.
     */
    private static String stamp(Path file) {
        try {
            java.nio.file.attribute.BasicFileAttributes a =
                    Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            long modified = a.lastModifiedTime().toMillis();
            if (System.currentTimeMillis() - modified < RACY_MS) return "racy:" + System.nanoTime();
            return a.fileKey() + ":" + modified + ":" + a.size();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** How recent a change to studio.yaml is read again on each use (ms): coarser than any file system's clock. */
    private static final long RACY_MS = 2_000;

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

    /**
     * The settings of {@code studio.yaml}: read again when the file changed since the last reading (the settings
     * view, another editor, a git switch), so a long-lived window sees what the command line sees. A file that no
     * longer reads well leaves the last good settings in use (a warning is logged naming the problem).
     */
    public StudioConfig config() {
        Read last = read;
        Path file = configFile();
        String now = stamp(file);
        if (now.equals(last.stamp()) || now.isEmpty()) return last.config();
        // (A racy stamp never equals: a file changed in the last 2 s is read again, then compared by its settings.)
        synchronized (this) {
            last = read;
            if (now.equals(last.stamp())) return last.config();
            try {
                read = new Read(StudioConfigReader.read(file), now);
            } catch (WorkspaceException e) {
                if (!e.getMessage().equals(lastWarning)) {
                    LOG.warn("{} (the settings read before stay in use)", e.getMessage());
                }
                lastWarning = e.getMessage();
                read = new Read(last.config(), now);
            }
            return read.config();
        }
    }

    /** The name from {@code studio.yaml}, else the folder's name. */
    public String name() {
        String name = config().name();
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
