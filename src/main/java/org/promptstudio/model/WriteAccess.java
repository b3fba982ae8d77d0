package org.promptstudio.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process can write a file or folder, asked before a command writes so that it can say in one line
 * what it could not write. The answer comes from the operating system's own check ({@link Files#isWritable}, the
 * {@code access(2)} call), which knows read-only mounts, immutable files, permissions and ownership, and knows that
 * root may write where permissions say no.
 */
public final class WriteAccess {

    private WriteAccess() {
    }

    /**
     * Null when {@code target} (a file or folder, which need not exist yet) can be written or created; otherwise the
     * line to show: {@code cannot WHAT: no write access to FOLDER (read-only, or another user's)}, naming the nearest
     * existing file or folder that stops it.
     */
    public static String problem(Path target, String what) {
        Path p = target.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null || Files.isWritable(p)) return null;
        return "cannot " + what + ": no write access to " + p + " (read-only, or another user's)";
    }
}
