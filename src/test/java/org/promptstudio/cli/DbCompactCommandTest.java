package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.testsupport.Workspaces;

/**
 * {@code studio db compact} on a real workspace (decision 0156): prints the file's size before and after (KB below
 * 1 MB), keeps what was recorded, and is refused with one line while a studio has the database open.
 */
class DbCompactCommandTest {

    @TempDir
    Path dir;

    @Test
    void compactsAndPrintsTheSizesAndIsRefusedWhileTheDatabaseIsOpen() throws Exception {
        Workspaces.init(dir, "compact", "  - id: echo\n    provider: echo\n");
        Files.writeString(dir.resolve("prompts/hello.prompt"), "Hello {{name}}\n");
        CliRun none = studio("-w", dir.toString(), "db", "compact");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err().strip()).isEqualTo("error: .studio/db/studio: no database yet, nothing to compact");

        CliRun made = studio("-w", dir.toString(), "compare", "hello", "--models", "echo", "--input",
                "{\"name\": \"Ada\"}");
        assertThat(made.exitCode()).as(made.err()).isZero();

        try (Studio open = Studio.open(dir)) {
            assertThat(open.calls().find(1)).isPresent(); // the database is open in this studio now
            CliRun refused = studio("-w", dir.toString(), "db", "compact");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err().strip()).isEqualTo("error: .studio/db/studio: the database is open in another"
                    + " studio (the window, or a command still running); close it, then compact");
        }

        CliRun compact = studio("-w", dir.toString(), "db", "compact");
        assertThat(compact.exitCode()).as(compact.err()).isZero();
        // a small file after: its size in KB, not "0.0 MB" (before, uncompacted since close does not compact, it
        // may hold a few MB)
        assertThat(compact.out()).matches(
                "compacted \\.studio/db/studio: ([1-9]\\d* KB|\\d+\\.\\d MB) before, [1-9]\\d* KB after\\n");
        try (Studio open = Studio.open(dir)) {
            assertThat(open.calls().find(1)).hasValueSatisfying(c -> assertThat(c.texts().output()).contains("Ada"));
        }
    }

    @Test
    void sizesBelowOneMegabyteAreInKilobytesAndAboveInMegabytes() {
        assertThat(DbCompactCommand.size(48 * 1024)).isEqualTo("48 KB");
        assertThat(DbCompactCommand.size(1024 * 1024 - 1)).isEqualTo("1023 KB");
        assertThat(DbCompactCommand.size(1024 * 1024)).isEqualTo("1.0 MB");
        assertThat(DbCompactCommand.size(5 * 1024 * 1024 + 300 * 1024)).isEqualTo("5.3 MB");
    }
}
