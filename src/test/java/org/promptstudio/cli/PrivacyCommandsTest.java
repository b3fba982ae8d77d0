package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.testsupport.Workspaces;

/** {@code studio purge}, {@code studio forget} and {@code studio audit} on a real workspace. */
class PrivacyCommandsTest {

    @TempDir
    Path dir;

    @Test
    void purgeForgetAndAuditSayWhatTheyDidInLines() throws Exception {
        Workspaces.init(dir, "privacy", "  - id: echo\n    provider: echo\n");
        Files.writeString(dir.resolve("prompts/hello.prompt"), "Hello {{name}}\n");
        CliRun run = studio("-w", dir.toString(), "compare", "hello", "--models", "echo", "--input",
                "{\"name\": \"Ada\"}");
        assertThat(run.exitCode()).as(run.err()).isZero();

        CliRun audit = studio("-w", dir.toString(), "audit", "1");
        assertThat(audit.exitCode()).as(audit.err()).isZero();
        assertThat(audit.out().strip()).isEqualTo("exports/audit-run-1.json");
        assertThat(Files.readString(dir.resolve("exports/audit-run-1.json"))).contains("\"output\"")
                .contains("Hello Ada");

        CliRun forget = studio("-w", dir.toString(), "forget", "--annotator", "Nobody");
        assertThat(forget.exitCode()).as(forget.err()).isZero();
        assertThat(forget.out()).startsWith("nothing was recorded from Nobody; annotators: (none)")
                .contains("labels");
        // a name with nothing recorded lists the names there are, so a typo can be put right
        for (String who : List.of("bob", "alice")) {
            CliRun add = studio("-w", dir.toString(), "labels", "add", "--call", "1", "--schema", "thumbs",
                    "--value", "up", "--annotator", who);
            assertThat(add.exitCode()).as(add.err()).isZero();
        }
        CliRun typo1 = studio("-w", dir.toString(), "forget", "--annotator", "ALICE");
        assertThat(typo1.exitCode()).as(typo1.err()).isZero();
        assertThat(typo1.out()).startsWith("nothing was recorded from ALICE; annotators: alice, bob\n");
        CliRun help = studio("-w", dir.toString(), "forget", "--help");
        assertThat(help.out()).doesNotContain("labels show").contains("studio labels progress");

        CliRun nothing = studio("-w", dir.toString(), "purge", "--before", "2000-01-01");
        assertThat(nothing.out()).contains("calls").contains(" 0");
        CliRun future = studio("-w", dir.toString(), "purge", "--before", "2999-01-01T00:00:00Z",
                "--prompt", "hello");
        assertThat(future.exitCode()).isEqualTo(2);
        assertThat(future.err()).contains("--before 2999-01-01T00:00:00Z is in the future: it is ");
        // a typo: no such file and no call of it recorded
        CliRun typo = studio("-w", dir.toString(), "purge", "--before", "2000-01-01", "--prompt", "nope");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err().strip()).startsWith("usage error: --prompt: no such prompt 'nope'")
                .contains("known: ").contains("hello")
                .doesNotContain("\n");
        String now = java.time.Instant.now().toString();
        CliRun purge = studio("-w", dir.toString(), "purge", "--before", now, "--prompt", "hello");
        assertThat(purge.exitCode()).as(purge.err()).isZero();
        assertThat(purge.out()).startsWith("purged the calls before " + now + " of prompts/hello.prompt:")
                .containsPattern("calls +1\\n").containsPattern("runs left empty +1\\n").doesNotContain("kept");

        CliRun gone = studio("-w", dir.toString(), "audit", "1");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err().strip()).isEqualTo("error: run 1: no such run is recorded");
        CliRun bad = studio("-w", dir.toString(), "purge", "--before", "last tuesday");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--before 'last tuesday' is not a date");
    }
}
