package org.promptstudio.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.promptstudio.workspace.AtomicWrite;
import org.promptstudio.workspace.Workspace;
import org.promptstudio.workspace.WorkspaceException;

/**
 * The plain files of a workspace's folders (datasets, experiments, docs), listed and read as text for display.
 * It only reads: what a file means is the business of the service that owns its kind.
 */
public final class WorkspaceFiles {

    /** Larger files are not shown as text; a window would choke on them and nobody reads them that way. */
    public static final long MAX_TEXT_BYTES = 2L * 1024 * 1024;

    /**
     * One file under a listed folder.
     *
     * @param file        the absolute path
     * @param inFolder    the path below the listed folder, with forward slashes ({@code guides/setup.md})
     * @param inWorkspace the path as the user sees it, from the workspace root ({@code docs/guides/setup.md})
     */
    public record Entry(Path file, String inFolder, String inWorkspace) {
    }

    private final Workspace workspace;

    public WorkspaceFiles(Workspace workspace) {
        this.workspace = workspace;
    }

    /**
     * Every regular file below {@code folder}, nested folders included, sorted by path; hidden files and folders
     * (a name starting with a dot) are left out. A missing folder has no files.
     */
    public List<Entry> list(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) return List.of();
        List<Entry> out = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return !d.equals(dir) && hidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !hidden(f)) {
                        out.add(new Entry(f, dir.relativize(f).toString().replace('\\', '/'), workspace.relative(f)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    // An unreadable entry is left out rather than hiding the whole folder.
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new WorkspaceException(workspace.relative(dir) + ": cannot list files: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Entry::inFolder));
        return out;
    }

    /**
     * The text of a file inside the workspace. Bytes that are not UTF-8 show as replacement characters; a binary
     * file, a file too large to show, or a path outside the workspace is refused with a message naming it.
     */
    public String readText(Path file) {
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(workspace.root())) {
            throw new WorkspaceException(f + ": not inside the workspace " + workspace.root());
        }
        String name = workspace.relative(f);
        byte[] bytes;
        try {
            long size = Files.size(f);
            if (size > MAX_TEXT_BYTES) {
                throw new WorkspaceException(name + ": too large to show (" + size / 1024 + " KB; the limit is "
                        + MAX_TEXT_BYTES / 1024 + " KB)");
            }
            bytes = Files.readAllBytes(f);
        } catch (IOException e) {
            throw new WorkspaceException(name + ": cannot read: " + e.getMessage(), e);
        }
        for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
            if (bytes[i] == 0) throw new WorkspaceException(name + ": not a text file (binary content)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new WorkspaceException(name + ": not readable as text", e);
        }
    }

    /** A name the window accepts for a new or renamed file: letters, digits, '.', '_', '-'; not starting with '.'. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[\\w][\\w.-]*");

    /**
     * Creates {@code folder/name + extension} with {@code text} (a folder of the workspace: prompts, datasets,
     * experiments); {@code name} may already end with the extension.
     *
     * @return the new file
     * @throws WorkspaceException when the name is not a plain file name, the file exists, or it cannot be written
     *                            (one line naming the file)
     */
    public Path create(Path folder, String name, String extension, String text) {
        Path file = inside(folder).resolve(fileName(name, extension));
        if (Files.exists(file)) throw new WorkspaceException(workspace.relative(file) + ": already exists");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new WorkspaceException(workspace.relative(file.getParent()) + ": cannot create the folder: "
                    + org.promptstudio.model.AtomicFile.reason(e), e);
        }
        AtomicWrite.write(file, text, workspace.relative(file));
        return file;
    }

    /**
     * Copies {@code file} beside itself as {@code name-copy.ext} (then {@code name-copy-2.ext}, ...).
     *
     * @return the copy
     * @throws WorkspaceException when it cannot be read or written (one line naming the file)
     */
    public Path duplicate(Path file) {
        Path f = inside(file);
        String name = f.getFileName().toString();
        int dot = name.indexOf('.');
        String base = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot);
        Path copy = f.resolveSibling(base + "-copy" + ext);
        for (int n = 2; Files.exists(copy); n++) copy = f.resolveSibling(base + "-copy-" + n + ext);
        try {
            Files.copy(f, copy);
        } catch (IOException e) {
            throw new WorkspaceException(workspace.relative(f) + ": cannot copy to " + workspace.relative(copy) + ": "
                    + org.promptstudio.model.AtomicFile.reason(e), e);
        }
        return copy;
    }

    /**
     * Renames {@code file} in its folder to {@code newName}; the old extension is kept when {@code newName} has none
     * of it. This is a plain file move: git sees it at the next save (prompts with saved versions are renamed through
     * {@link Versions#move}, so their history follows).
     *
     * @return the renamed file
     * @throws WorkspaceException when the name is not a plain file name, the target exists or the move fails
     */
    public Path rename(Path file, String newName) {
        Path f = inside(file);
        String old = f.getFileName().toString();
        int dot = old.lastIndexOf('.');
        String ext = dot <= 0 ? "" : old.substring(dot);
        Path target = f.resolveSibling(fileName(newName, ext));
        if (target.equals(f)) throw new WorkspaceException(workspace.relative(f) + ": already has that name");
        if (Files.exists(target)) throw new WorkspaceException(workspace.relative(target) + ": already exists");
        if (!Files.exists(f)) throw new WorkspaceException(workspace.relative(f) + ": no such file");
        try {
            Files.move(f, target);
        } catch (IOException e) {
            throw new WorkspaceException(workspace.relative(f) + ": cannot rename to " + workspace.relative(target)
                    + ": " + org.promptstudio.model.AtomicFile.reason(e), e);
        }
        return target;
    }

    /**
     * Deletes {@code file} from the working folder (a saved version stays in git's history).
     *
     * @throws WorkspaceException when it is not a file of the workspace or cannot be deleted
     */
    public void delete(Path file) {
        Path f = inside(file);
        if (!Files.isRegularFile(f)) throw new WorkspaceException(workspace.relative(f) + ": no such file");
        try {
            Files.delete(f);
        } catch (IOException e) {
            throw new WorkspaceException(workspace.relative(f) + ": cannot delete: "
                    + org.promptstudio.model.AtomicFile.reason(e), e);
        }
    }

    /**
     * Watches the workspace for files created, changed or deleted (by the studio, another editor, git) and calls
     * {@code onChange}, on a watcher thread, with the changed paths from the root ({@code prompts/a.prompt}; a
     * folder stands for what is in it, {@code ""} for everything), once nothing changed for {@code quiet}.
     *
     * @return what to close to stop watching
     * @throws WorkspaceException when the system cannot watch the folder
     */
    public AutoCloseable watch(java.time.Duration quiet, java.util.function.Consumer<java.util.SortedSet<String>> onChange) {
        return org.promptstudio.workspace.FileWatcher.start(workspace.root(), quiet, onChange);
    }

    private Path inside(Path p) {
        Path f = p.toAbsolutePath().normalize();
        if (!f.startsWith(workspace.root()) || f.equals(workspace.root())) {
            throw new WorkspaceException(f + ": not inside the workspace " + workspace.root());
        }
        return f;
    }

    private static String fileName(String name, String extension) {
        String n = name == null ? "" : name.strip();
        if (!extension.isEmpty() && n.endsWith(extension)) n = n.substring(0, n.length() - extension.length());
        if (!NAME.matcher(n).matches()) {
            throw new WorkspaceException("'" + (name == null ? "" : name.strip())
                    + "' cannot be a file name: use letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return n + extension;
    }

    private static boolean hidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }
}
