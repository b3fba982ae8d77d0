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

    private static boolean hidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }
}
