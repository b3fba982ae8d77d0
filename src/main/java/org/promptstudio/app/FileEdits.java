package org.promptstudio.app;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.model.StudioException;

/**
 * The read-edit-write of a settings file (studio.yaml, the user's settings.yaml) done one at a time per file, and
 * refused when the file changed on disk meanwhile. Two saves at once in this process (a model and a registry, on two
 * runner threads) take turns: the second reads the first's result, so neither edit is lost. An edit made outside
 * (another editor, the command line) between the read and the write is caught by comparing the file's text with
 * the text the edit was based on just before the atomic write: the write is then refused and the file left as the
 * other writer made it. (A change in the instant between that comparison and the atomic move is not caught: no
 * portable file lock covers editors that do not take it.)
 */
final class FileEdits {

    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private FileEdits() {
    }

    /**
     * Runs {@code edit} (which reads, edits and writes {@code file}) while no other edit of the same file in this
     * process runs. The lock is keyed by the file's real path (links and {@code ..} resolved; its folder's real path
     * when the file does not exist yet), so two names of one file share it.
     *
     * @return what {@code edit} returns
     */
    static <T> T locked(Path file, Supplier<T> edit) {
        ReentrantLock lock = LOCKS.computeIfAbsent(key(file), k -> new ReentrantLock());
        lock.lock();
        try {
            return edit.get();
        } finally {
            lock.unlock();
        }
    }

    /** Whether an edit of {@code file} waits for the lock now (for tests that make two saves meet). */
    static boolean someoneWaits(Path file) {
        ReentrantLock lock = LOCKS.get(key(file));
        return lock != null && lock.hasQueuedThreads();
    }

    /**
     * Refuses the write when {@code file}'s text is no longer {@code basedOn} (null: the file did not exist).
     *
     * @param displayName how the message names the file ({@code studio.yaml})
     * @throws StudioException {@code studio.yaml changed on disk since it was read; nothing was written}
     */
    static void checkUnchanged(Path file, String displayName, String basedOn) {
        String now;
        try {
            now = Files.readString(file);
        } catch (NoSuchFileException e) {
            now = null;
        } catch (CharacterCodingException e) {
            now = "\0not UTF-8";
        } catch (IOException e) {
            throw new StudioException(displayName + ": cannot read: " + AtomicFile.reason(e) + "; nothing was written",
                    e);
        }
        if (!java.util.Objects.equals(now, basedOn)) {
            throw new StudioException(displayName + " changed on disk since it was read; nothing was written");
        }
    }

    private static Path key(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            Path dir = abs.getParent();
            try {
                return dir == null ? abs : dir.toRealPath().resolve(abs.getFileName());
            } catch (IOException x) {
                return abs;
            }
        }
    }
}
