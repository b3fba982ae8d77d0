package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code studio compare} of a template that cannot render (issue 12 trial): one line naming the file:line:col once,
 * a non-zero exit, and no run or call recorded, since no call could be prepared.
 */
class CompareUnrenderableTest {

    @TempDir
    Path tmp;
    String ws;

    @BeforeEach
    void workspace() throws IOException {
        Path dir = tmp.resolve("ws");
        ws = dir.toString();
        assertThat(studio("init", ws).exitCode()).isZero();
        Files.writeString(dir.resolve("studio.yaml"), "name: broken\nmodels:\n  - id: echo\n    provider: echo\n");
        Files.writeString(dir.resolve("prompts/broken.prompt"), """
                ---
                input:
                  schema:
                    question: string
                ---
                Answer this:
                {{> missing-partial}} {{question}}
                """);
    }

    @Test
    void aTemplateThatCannotRenderRecordsNothingAndNamesItsPlaceOnce() {
        CliRun compare = studio("-w", ws, "compare", "broken", "--models", "echo,extractive",
                "--input", "{\"question\": \"Why?\"}");
        CliRun columns = studio("-w", ws, "compare", "broken", "--models", "echo", "--columns",
                "--input", "{\"question\": \"Why?\"}");

        for (CliRun r : new CliRun[] {compare, columns}) {
            assertThat(r.exitCode()).as(r.out() + r.err()).isNotZero();
            assertThat(r.err().lines().toList()).hasSize(1);
            assertThat(r.err()).startsWith("error: prompts/broken.prompt:7:").contains("missing-partial")
                    .contains("nothing was sent or recorded");
            assertThat(r.err().split("prompts/broken.prompt:", -1)).hasSize(2);
            assertThat(r.out()).doesNotContain("Recorded as run");
        }
        assertThat(studio("-w", ws, "runs").out()).startsWith("No runs recorded yet");
        assertThat(studio("-w", ws, "calls").out()).startsWith("No calls recorded yet");
    }
}
