package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.testsupport.Workspaces;

/**
 * Every command that reads a file the user names ({@code labels import}, {@code import prompty}, {@code --input @FILE})
 * refuses a missing, folder, unreadable, binary or non-UTF-8 file in one line that names the command, the file and
 * the reason, and changes nothing.
 */
class ImportFileErrorsTest {

    @TempDir
    Path dir;

    private Path ws;
    private Path files;

    @BeforeEach
    void workspaceAndBadFiles() throws Exception {
        ws = dir.resolve("ws");
        Workspaces.init(ws, "imports", "  - id: echo\n    provider: echo\n");
        Files.writeString(ws.resolve("prompts/hello.prompt"), "Hello {{name}}\n");
        files = Files.createDirectories(dir.resolve("files"));
        Files.createDirectories(files.resolve("folder.csv"));
        Files.write(files.resolve("binary.csv"), new byte[] {'i', 't', 0, 1, 2, 3, 'x'});
        Files.write(files.resolve("latin1.csv"), "item,annotator,label\n1,Ren\u00e9,good\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-w";
        all[1] = ws.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return studio(all);
    }

    /** The one line of a failed run, checked to be one line, exit 1 and nothing on standard output. */
    private static String failure(CliRun r) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).doesNotContain("Exception");
        return r.err().strip();
    }

    @Test
    void labelsImportSaysWhyItCannotReadTheFile() {
        Path missing = files.resolve("missing.csv");
        assertThat(failure(run("labels", "import", missing.toString())))
                .isEqualTo("error: labels import: cannot read " + missing + ": no such file");
        assertThat(failure(run("labels", "import", files.resolve("folder.csv").toString())))
                .isEqualTo("error: labels import: cannot read " + files.resolve("folder.csv")
                        + ": is a folder, not a file");
        assertThat(failure(run("labels", "import", files.resolve("binary.csv").toString())))
                .isEqualTo("error: labels import: cannot read " + files.resolve("binary.csv")
                        + ": not a text file (binary content)");
        assertThat(failure(run("labels", "import", files.resolve("latin1.csv").toString())))
                .startsWith("error: labels import: cannot read " + files.resolve("latin1.csv") + ":2:")
                .contains("not UTF-8 text");
    }

    @Test
    void importPromptyAndInputFilesSayTheSame() {
        Path missing = files.resolve("missing.prompty");
        assertThat(failure(run("import", "prompty", missing.toString())))
                .isEqualTo("error: import prompty: cannot read " + missing + ": no such file");
        assertThat(failure(run("import", "prompty", files.resolve("folder.csv").toString())))
                .endsWith(": is a folder, not a file");
        assertThat(failure(run("import", "prompty", files.resolve("binary.csv").toString())))
                .isEqualTo("error: import prompty: cannot read " + files.resolve("binary.csv")
                        + ": not a text file (binary content)");
        assertThat(ws.resolve("prompts/binary-csv.prompt")).doesNotExist();
        assertThat(failure(run("render", "hello", "--input", "@" + missing)))
                .isEqualTo("error: --input: cannot read " + missing + ": no such file");
        assertThat(failure(run("render", "hello", "--input", "@" + files.resolve("folder.csv"))))
                .isEqualTo("error: --input: cannot read " + files.resolve("folder.csv") + ": is a folder, not a file");
    }

    @Test
    void anUnreadableFileIsPermissionDenied() throws Exception {
        Path locked = Files.writeString(files.resolve("locked.csv"), "item,annotator,label\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(locked), "the superuser reads any file");
        assertThat(failure(run("labels", "import", locked.toString())))
                .isEqualTo("error: labels import: cannot read " + locked + ": permission denied");
    }
}
