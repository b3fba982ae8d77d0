package org.promptstudio.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.testsupport.ReadOnlyFolder;

/**
 * {@link AtomicFile}: a file is its old content or its new one, never half; a failure is one line naming the file and
 * the reason in the user's words. A full disk is the kernel's own: {@code /dev/full} answers every write with ENOSPC
 * ("No space left on device", Linux null(4) man page), no root needed.
 */
class AtomicFileTest {

    @TempDir
    Path tmp;

    @Test
    void writesTheWholeTextAndCreatesTheFolder() throws IOException {
        Path file = tmp.resolve("a/b/report.xml");
        AtomicFile.writeString(file, "report.xml", "<x/>\n");
        assertThat(Files.readString(file)).isEqualTo("<x/>\n");
        AtomicFile.writeString(file, "report.xml", "<y/>\n");
        assertThat(Files.readString(file)).isEqualTo("<y/>\n");
        assertThat(leftovers(file.getParent())).isEmpty();
    }

    @Test
    void aFullDiskLeavesTheOldFileByteForByteAndSaysSoInOneLine() throws IOException {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.isWritable(full), "no /dev/full here");
        Path file = tmp.resolve("report.xml");
        byte[] old = "the previous report\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        Files.write(file, old);
        // The temporary file is opened on /dev/full: the kernel refuses the bytes as a full disk does.
        AtomicFile.Opener fullDisk = (tmpFile, attrs) -> Files.newOutputStream(full, StandardOpenOption.WRITE);

        assertThatThrownBy(() -> AtomicFile.write(file, "target/report.xml",
                out -> out.write(new byte[16 * 1024]), fullDisk))
                .isInstanceOf(AtomicFile.FileWriteException.class)
                .hasMessage("cannot write target/report.xml: no space left on the device (the file is unchanged)")
                .satisfies(e -> assertThat(((AtomicFile.FileWriteException) e).reason())
                        .isEqualTo("no space left on the device"));
        assertThat(Files.readAllBytes(file)).isEqualTo(old);
        assertThat(leftovers(tmp)).isEmpty();
    }

    @Test
    void aStreamThatFailsHalfWayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("export.jsonl");
        Files.writeString(file, "old\n");
        AtomicFile.Content half = out -> {
            out.write(new byte[16 * 1024]); // 16 KB went out, as in the truncated report
            out.flush();
            throw new IOException("No space left on device");
        };

        assertThatThrownBy(() -> AtomicFile.write(file, "exports/export.jsonl", half))
                .hasMessage("cannot write exports/export.jsonl: no space left on the device (the file is unchanged)");
        assertThat(Files.readString(file)).isEqualTo("old\n");
        assertThat(leftovers(tmp)).isEmpty();
    }

    @Test
    void aNewFileThatCannotBeWrittenIsNotLeftHalfWritten() {
        Path file = tmp.resolve("new.txt");
        assertThatThrownBy(() -> AtomicFile.write(file, "new.txt", out -> {
            out.write(1);
            throw new IOException("Disk quota exceeded");
        })).hasMessage("cannot write new.txt: the disk quota is used up");
        assertThat(file).doesNotExist();
    }

    @Test
    void anUnwritableFolderIsPermissionDeniedAndTheOldFileStays() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("ro"));
        Path file = dir.resolve("settings.yaml");
        Files.writeString(file, "name: x\n");
        try (ReadOnlyFolder ro = ReadOnlyFolder.make(dir)) {
            assertThatThrownBy(() -> AtomicFile.writeString(file, "settings.yaml", "name: y\n"))
                    .hasMessage("cannot write settings.yaml: permission denied (the file is unchanged)");
        }
        assertThat(Files.readString(file)).isEqualTo("name: x\n");
    }

    @Test
    void aReplacedFileKeepsItsPermissionsAndANewOneCanBeOwnerOnly() throws IOException {
        Path script = tmp.resolve("run.sh");
        Files.writeString(script, "echo 1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        AtomicFile.writeString(script, "run.sh", "echo 2\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-x---");

        Path secret = tmp.resolve("credentials");
        AtomicFile.writeString(secret, "credentials", "K=v\n",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
    }

    @Test
    void reasonsAreTheUsersWordsNeverAClassName() {
        // The reasons the JDK gives on Linux (strerror texts) for the failures a user can meet.
        assertThat(AtomicFile.reason(new IOException("No space left on device"))).isEqualTo("no space left on the device");
        assertThat(AtomicFile.reason(new FileSystemException("/x", null, "No space left on device")))
                .isEqualTo("no space left on the device");
        assertThat(AtomicFile.reason(new FileSystemException("/x", null, "Read-only file system")))
                .isEqualTo("read-only file system");
        assertThat(AtomicFile.reason(new AccessDeniedException("/x"))).isEqualTo("permission denied");
        assertThat(AtomicFile.reason(new NoSuchFileException("/x"))).isEqualTo("no such folder");
        assertThat(AtomicFile.reason(new IOException("java.io.IOException: Input/output error")))
                .isEqualTo("the device failed to write (input/output error)");
        assertThat(AtomicFile.reason(new IOException("java.lang.IllegalStateException: stream closed")))
                .isEqualTo("stream closed");
    }

    @Test
    void aFailingContentThatIsNotAnIoErrorStillLeavesNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("x.txt");
        Files.writeString(file, "old");
        OutputStream[] seen = new OutputStream[1];
        assertThatThrownBy(() -> AtomicFile.write(file, "x.txt", out -> {
            seen[0] = out;
            out.write(2);
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(seen[0]).isNotNull();
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(leftovers(tmp)).isEmpty();
    }

    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void aSymbolicLinkStaysALinkAndTheFileBehindItGetsTheNewContent() throws IOException {
        Path shared = Files.createDirectories(tmp.resolve("shared")).resolve("tone.prompt");
        Files.writeString(shared, "old\n");
        Path link = Files.createDirectories(tmp.resolve("ws")).resolve("tone.prompt");
        Files.createSymbolicLink(link, Path.of("../shared/tone.prompt"));

        AtomicFile.writeString(link, "tone.prompt", "new\n");

        assertThat(Files.isSymbolicLink(link)).as("the link is kept, as writing through it keeps it").isTrue();
        assertThat(Files.readString(shared)).isEqualTo("new\n");
        assertThat(leftovers(shared.getParent())).isEmpty();
    }

    @Test
    void theTemporaryFileOfAPrivateFileIsPrivateFromItsFirstByte() throws IOException {
        Path file = tmp.resolve("studio.yaml");
        Files.writeString(file, "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        java.util.List<String> seen = new java.util.ArrayList<>();
        AtomicFile.Opener recording = (tmpFile, attrs) -> {
            OutputStream out = Files.newOutputStream(tmpFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(tmpFile, PosixFilePermissions.fromString("rwxrwxrwx"));
            // what the real opener gives the new file: the old file's permissions, before any content
            for (var a : attrs) {
                @SuppressWarnings("unchecked")
                var perms = (java.util.Set<java.nio.file.attribute.PosixFilePermission>) a.value();
                seen.add(a.name() + " " + PosixFilePermissions.toString(perms)); // a set: its own order is not fixed
            }
            return out;
        };

        AtomicFile.write(file, "studio.yaml", out -> out.write("new\n".getBytes(StandardCharsets.UTF_8)), recording);

        assertThat(seen).containsExactly("posix:permissions rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("new\n");
    }

    @Test
    void aFolderOnTheWayThatIsAFileIsSaidSo() throws IOException {
        // A new-user trial: --junit r.xml/x.xml, where r.xml is a file, said "the file system refused it".
        Path file = Files.writeString(tmp.resolve("r.xml"), "<old/>");
        assertThatThrownBy(() -> AtomicFile.writeString(file.resolve("x.xml"), "r.xml/x.xml", "<x/>"))
                .hasMessage("cannot write r.xml/x.xml: " + file + " is a file, not a folder");
        assertThat(Files.readString(file)).isEqualTo("<old/>");
    }
}
