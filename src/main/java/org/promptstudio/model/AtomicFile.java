package org.promptstudio.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every file the studio writes goes through here, so that a file is either its old content or its new one, never
 * half of it (docs/decisions/0027-every-file-written-whole.md): the content goes to a temporary file beside the
 * target (same folder, so the same file system), is forced to the disk, and then replaces the target in one move.
 * When anything fails (a full disk, no permission, a read-only file system) the temporary file is removed, the old
 * file is left as it was, and a {@link FileWriteException} says in one line which file could not be written and why,
 * in the user's words ({@code no space left on the device}, never a Java class name).
 *
 * <p>A replaced file keeps its POSIX permissions; a new one gets the process's defaults (its umask), unless the
 * caller gives attributes (the credentials file: owner-only).
 */
public final class AtomicFile {

    /** Writes the new content to the temporary file's stream; it must not close it. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Opens the temporary file's stream; only tests give another (a device that is full, a failing stream). */
    @FunctionalInterface
    public interface Opener {
        OutputStream open(Path tmp, FileAttribute<?>... attributes) throws IOException;
    }

    /** The failure of a write: its message names the file and says why; the old file is unchanged. */
    public static final class FileWriteException extends StudioException {
        private static final long serialVersionUID = 1L;
        private final String reason;
        private final boolean unchanged;

        /**
         * @param displayName the file as the user knows it
         * @param reason      why, in the user's words ({@link AtomicFile#reason(IOException)})
         * @param unchanged   whether an older version of the file exists and was left as it was
         */
        public FileWriteException(String displayName, String reason, boolean unchanged, Throwable cause) {
            super("cannot write " + displayName + ": " + reason + (unchanged ? " (the file is unchanged)" : ""), cause);
            this.reason = reason;
            this.unchanged = unchanged;
        }

        /** Why the file could not be written, in the user's words ({@code no space left on the device}). */
        public String reason() {
            return reason;
        }

        /** Whether an older version of the file exists and was left as it was. */
        public boolean unchanged() {
            return unchanged;
        }
    }

    private static final Opener DISK = AtomicFile::openNew;

    private AtomicFile() {
    }

    /**
     * Writes {@code text} as UTF-8 to {@code file}, creating its folder when needed.
     *
     * @param attributes attributes of the new file (e.g. owner-only permissions); none: the defaults, or the
     *                   replaced file's permissions
     * @param displayName how the message names the file ({@code prompts/x.prompt}, {@code report.xml})
     * @throws FileWriteException when the file cannot be written; the old file is then unchanged
     */
    public static void writeString(Path file, String displayName, String text, FileAttribute<?>... attributes) {
        write(file, displayName, out -> out.write(text.getBytes(StandardCharsets.UTF_8)), attributes);
    }

    /** As {@link #writeString}, with bytes. */
    public static void write(Path file, String displayName, byte[] bytes) {
        write(file, displayName, out -> out.write(bytes));
    }

    /**
     * Streams {@code content} into {@code file}: all of it or nothing.
     *
     * @param attributes attributes of a new file (e.g. owner-only permissions); none for the defaults
     * @throws FileWriteException when the file cannot be written (the old file is then unchanged), or when
     *                            {@code content} fails with an {@link IOException} (its reason is given)
     */
    public static void write(Path file, String displayName, Content content, FileAttribute<?>... attributes) {
        write(file, displayName, content, DISK, attributes);
    }

    /** As {@link #write(Path, String, Content, FileAttribute[])}, opening the temporary file with {@code opener}. */
    public static void write(Path file, String displayName, Content content, Opener opener,
                             FileAttribute<?>... attributes) {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            target = throughLinks(target);
            Path dir = target.getParent();
            Files.createDirectories(dir);
            tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            FileAttribute<?>[] created = attributes.length == 0 ? permissionsOf(target) : attributes;
            try (OutputStream out = opener.open(tmp, created)) {
                content.writeTo(out);
                out.flush();
                if (out instanceof Forced f) f.force();
            }
            if (attributes.length == 0) keepPermissions(target, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            forceFolder(dir);
        } catch (IOException e) {
            throw new FileWriteException(displayName, reason(e), Files.exists(target), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // left behind only when its folder refuses changes; it never has the target's name
                }
            }
        }
    }

    /**
     * Why a file operation failed, in the user's words: {@code no space left on the device}, {@code permission
     * denied}, {@code read-only file system}, {@code no such folder}; otherwise the system's own words without Java
     * class names.
     */
    public static String reason(IOException e) {
        String m = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        String low = m == null ? "" : m.toLowerCase(Locale.ROOT);
        if (low.contains("no space left")) return "no space left on the device";
        if (low.contains("quota")) return "the disk quota is used up";
        if (low.contains("read-only file system")) return "read-only file system";
        if (e instanceof AccessDeniedException || low.contains("permission denied") || low.contains("access is denied")
                || low.contains("operation not permitted")) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException
                || low.contains("not a directory")) {
            // a folder on the way is a file (report.xml/x.xml where report.xml is a file)
            return e instanceof FileSystemException f && f.getFile() != null ? f.getFile() + " is a file, not a folder"
                    : "a folder on the way is a file";
        }
        if (e instanceof NoSuchFileException) return "no such folder";
        if (low.contains("file too large")) return "the file is too large for this file system";
        if (low.contains("input/output error")) return "the device failed to write (input/output error)";
        String words = ErrorText.withoutClassNames(m);
        return words.isBlank() ? "the file system refused it" : words;
    }

    /** A stream that can force what it wrote to the disk before the move. */
    private interface Forced {
        void force() throws IOException;
    }

    private static OutputStream openNew(Path tmp, FileAttribute<?>... attributes) throws IOException {
        FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attributes);
        OutputStream out = Channels.newOutputStream(channel);
        return new ForcedStream(out, channel);
    }

    /** The temporary file's stream: writes through to its channel, and forces it to the disk on request. */
    private static final class ForcedStream extends OutputStream implements Forced {
        private final OutputStream out;
        private final FileChannel channel;

        ForcedStream(OutputStream out, FileChannel channel) {
            this.out = new java.io.BufferedOutputStream(out, 64 * 1024);
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void force() throws IOException {
            out.flush();
            channel.force(true);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * The file a symbolic link leads to (through a chain of links), so that the file behind the link is replaced and
     * the link stays a link, as writing through it would do; {@code target} itself when it is no link.
     *
     * @throws IOException when a link cannot be read, or when links go round in a circle (more than 40, as Linux's
     *                     own limit for path resolution, ELOOP)
     */
    private static Path throughLinks(Path target) throws IOException {
        Path p = target;
        for (int i = 0; i < 40; i++) {
            if (!Files.isSymbolicLink(p)) return p;
            p = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
        }
        throw new FileSystemException(target.toString(), null, "too many levels of symbolic links");
    }

    /**
     * The replaced file's permissions as the attribute the temporary file is created with, so its new content is
     * never readable by more people than the old one was (the process's umask may narrow them further; they are set
     * exactly before the move); none when there is no old file or no POSIX permissions.
     */
    private static FileAttribute<?>[] permissionsOf(Path target) {
        try {
            if (!Files.exists(target)) return new FileAttribute<?>[0];
            PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            if (view == null) return new FileAttribute<?>[0];
            return new FileAttribute<?>[] {
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(view.readAttributes().permissions())};
        } catch (IOException | UnsupportedOperationException e) {
            return new FileAttribute<?>[0];
        }
    }

    /**
     * Forces the folder's entry for the moved file to the disk, so that after a power loss the file is the new one
     * (fsync of the directory, as rename(2)'s durability needs on Linux); a file system that cannot do it is left as
     * it is: the file is whole either way.
     */
    private static void forceFolder(Path dir) {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // the move is done; only its durability across a power loss is not forced
        }
    }

    /** A replaced file keeps its permissions (a script stays executable, a private file private). */
    private static void keepPermissions(Path target, Path tmp) {
        try {
            PosixFileAttributeView old = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            if (old == null || !Files.exists(target)) return;
            Files.setPosixFilePermissions(tmp, old.readAttributes().permissions());
        } catch (IOException | UnsupportedOperationException ignored) {
            // the defaults then apply: the content is still written whole
        }
    }
}
