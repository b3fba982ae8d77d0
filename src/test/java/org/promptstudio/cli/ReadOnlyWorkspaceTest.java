package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.testsupport.FolderSnapshot;
import org.promptstudio.testsupport.ReadOnlyFolder;

/**
 * A workspace nobody may write (a checkout on a read-only mount, another user's folder; issue 10, section 6;
 * docs/decisions/0043): the reading commands work, the writing ones say in one line what they could not write, and
 * nothing changes. The folder is made unwritable for real: {@code chmod -R a-w}, and for root, whom permissions do
 * not stop, {@code chattr -R +i} (the test checks that a file really cannot be created, else it is skipped).
 */
class ReadOnlyWorkspaceTest {

    @TempDir
    Path tmp;
    Path ws;

    @BeforeEach
    void workspace() throws IOException {
        ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        Files.writeString(ws.resolve("studio.yaml"), "name: ro\nmodels:\n  - id: echo\n    provider: echo\n");
        Files.writeString(ws.resolve("prompts/greet.prompt"), """
                ---
                input:
                  schema:
                    name: string
                ---
                Say hello to {{name}}.
                """);
        Files.writeString(ws.resolve("datasets/names.jsonl"), "{\"name\": \"Ada\"}\n{\"name\": \"Grace\"}\n");
        Files.writeString(ws.resolve("experiments/greet.yaml"), "prompts: [greet]\nmodels: [echo]\ndataset: names\n");
        assertThat(studio("-w", ws.toString(), "save", "greet", "-m", "Greet").exitCode()).isZero();
    }

    @Test
    void readingCommandsWorkInAReadOnlyWorkspaceWithRecordedRuns() throws Exception {
        assertThat(studio("-w", ws.toString(), "run", "greet").exitCode()).isZero();
        Map<String, String> before = FolderSnapshot.of(ws);
        try (ReadOnlyFolder readOnly = ReadOnlyFolder.makeTree(ws)) {
            assertReads("render", "greet", "--input", "{\"name\": \"Ada\"}");
            assertReads("datasets", "check");
            assertReads("datasets", "list");
            assertReads("history", "greet");
            assertReads("show", "greet@1");
            assertReads("diff", "greet", "1", "working");
            assertReads("models");
            assertThat(assertReads("runs")).contains("greet");
            assertThat(assertReads("calls")).contains("echo");
        }
        assertThat(FolderSnapshot.of(ws)).isEqualTo(before);
    }

    @Test
    void aReadOnlyCheckoutThatNeverRanStillListsItsEmptyHistory() throws Exception {
        Map<String, String> before = FolderSnapshot.of(ws);
        try (ReadOnlyFolder readOnly = ReadOnlyFolder.makeTree(ws)) {
            assertReads("calls");
            assertReads("runs");
            assertReads("render", "greet", "--input", "{\"name\": \"Ada\"}");
        }
        assertThat(FolderSnapshot.of(ws)).isEqualTo(before);
    }

    @Test
    void writingCommandsSayInOneLineWhatTheyCouldNotWrite() throws Exception {
        Files.writeString(ws.resolve("prompts/greet.prompt"), "Say hi to {{name}}.\n");
        Map<String, String> before = FolderSnapshot.of(ws);
        try (ReadOnlyFolder readOnly = ReadOnlyFolder.makeTree(ws)) {
            CliRun run = studio("-w", ws.toString(), "run", "greet");
            assertThat(run.exitCode()).isEqualTo(1);
            assertOneLine(run.err(), "no write access to " + ws);

            CliRun save = studio("-w", ws.toString(), "save", "greet", "-m", "Hi");
            assertThat(save.exitCode()).isEqualTo(1);
            assertOneLine(save.err(), "cannot save prompts/greet.prompt: no write access to " + ws.resolve(".git"));

            CliRun label = studio("-w", ws.toString(), "label", "greet", "production", "--version", "1");
            assertThat(label.exitCode()).isEqualTo(1);
            assertOneLine(label.err(), "no write access to " + ws.resolve(".git"));

            CliRun imported = studio("-w", ws.toString(), "import", "prompty",
                    Path.of("src/test/resources/prompty/v1-history-loop.prompty").toAbsolutePath().toString());
            assertThat(imported.exitCode()).isEqualTo(1);
            assertOneLine(imported.err(), "no write access to " + ws.resolve("prompts"));
        }
        assertThat(FolderSnapshot.of(ws)).isEqualTo(before);
    }

    private String assertReads(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-w";
        all[1] = ws.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        CliRun run = studio(all);
        assertThat(run.err()).as(String.join(" ", args)).doesNotContain("cannot write").doesNotContain("error:");
        assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
        return run.out();
    }

    private static void assertOneLine(String err, String naming) {
        assertThat(err.strip().lines()).as(err).hasSize(1);
        assertThat(err).startsWith("error: ").contains(naming).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
