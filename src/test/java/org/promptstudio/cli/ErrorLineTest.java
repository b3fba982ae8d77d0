package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studioWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.LogFile;
import org.promptstudio.model.StudioException;

/**
 * Whatever escapes a command, the user sees one line without a Java class name or a stack trace, and exit 1; the
 * stack trace of an unexpected failure is in the log file the line names.
 */
class ErrorLineTest {

    @TempDir
    Path tmp;

    private CliRun failingWith(Supplier<RuntimeException> failure) {
        // `studio eval` opens the workspace through the given function first: the failure escapes from there.
        return studioWith(dir -> {
            throw failure.get();
        }, "-w", tmp.toString(), "eval", "1");
    }

    private static void assertOneCleanLine(CliRun run) {
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("error: ").doesNotContain("java.").doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void anIllegalArgumentKeepsItsMessageAndSaysWhereTheDetailsAre() throws IOException {
        CliRun run = failingWith(() -> new IllegalArgumentException("{{role}} needs a role name"));
        assertOneCleanLine(run);
        assertThat(run.err()).isEqualTo("error: studio eval failed: {{role}} needs a role name (a bug; details in "
                + LogFile.path() + ")\n");
        assertThat(Files.readString(LogFile.path())).contains("java.lang.IllegalArgumentException: {{role}} needs");
    }

    @Test
    void anIllegalStateIsOneLine() {
        CliRun run = failingWith(() -> new IllegalStateException("the recordings folder must be chosen first"));
        assertOneCleanLine(run);
        assertThat(run.err()).contains("studio eval failed: the recordings folder must be chosen first");
    }

    @Test
    void aNullPointerSaysWhatFailedNotTheJvmsWords() throws IOException {
        CliRun run = failingWith(() -> new NullPointerException("Cannot invoke \"String.length()\" because \"s\" is null"));
        assertOneCleanLine(run);
        assertThat(run.err()).isEqualTo("error: studio eval failed: an internal error (a bug; details in "
                + LogFile.path() + ")\n");
        assertThat(Files.readString(LogFile.path())).contains("java.lang.NullPointerException");
    }

    @Test
    void anUncheckedIoErrorNamesTheFileAndWhatIsWrong() {
        CliRun run = failingWith(() -> new UncheckedIOException(new NoSuchFileException("/nowhere/studio.yaml")));
        assertOneCleanLine(run);
        assertThat(run.err()).contains("studio eval failed: /nowhere/studio.yaml: no such file or folder");
    }

    @Test
    void aUserMessageInsideAWrapperIsShownAsItIs() {
        CliRun run = failingWith(() -> new RuntimeException(
                new StudioException("prompts/chat.prompt:31:61: {{role}} needs a role name")));
        assertOneCleanLine(run);
        assertThat(run.err()).isEqualTo("error: prompts/chat.prompt:31:61: {{role}} needs a role name\n");
    }

    @Test
    void aUserMessageBuiltFromAnExceptionLosesTheClassName() {
        // The message issue 8 quotes: a template error whose text was built from the cause's toString().
        CliRun run = failingWith(() -> new StudioException(
                "prompts/chat.prompt:31:61: java.lang.IllegalArgumentException: {{role}} needs a role name",
                new IllegalArgumentException("{{role}} needs a role name")));
        assertOneCleanLine(run);
        assertThat(run.err()).isEqualTo("error: prompts/chat.prompt:31:61: {{role}} needs a role name\n");
    }

    @Test
    void aMultiLineMessageBecomesOneLine() {
        CliRun run = failingWith(() -> new StudioException("studio.yaml:3:1: bad value\n  expected a list"));
        assertOneCleanLine(run);
        assertThat(run.err()).isEqualTo("error: studio.yaml:3:1: bad value expected a list\n");
    }
}
