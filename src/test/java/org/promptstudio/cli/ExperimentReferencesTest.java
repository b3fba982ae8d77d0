package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment file naming a prompt or dataset that does not exist names the place in the file
 * ({@code experiments/FILE.yaml:LINE:COLUMN}), as the trial of issue 12 asked; lines and columns count from 1.
 */
class ExperimentReferencesTest {

    @TempDir
    Path tmp;

    private Path workspace() throws IOException {
        Path ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        Files.writeString(ws.resolve("studio.yaml"), "name: refs\nmodels:\n  - id: echo\n    provider: echo\n");
        Files.writeString(ws.resolve("prompts/ask.prompt"), "Q: {{question}}\n");
        Files.writeString(ws.resolve("prompts/tell.prompt"), "T: {{question}}\n");
        Files.writeString(ws.resolve("datasets/qs.jsonl"), "{\"id\": \"one\", \"question\": \"1 + 1?\"}\n");
        return ws;
    }

    @Test
    void anUnknownPromptIsNamedWithItsLineAndColumn() throws IOException {
        Path ws = workspace();
        // line 3, column 15: the 'askk' of "  - { prompt: askk, version: working }"
        Files.writeString(ws.resolve("experiments/typo.yaml"),
                "prompts:\n  - ask\n  - { prompt: askk, version: working }\nmodels: [echo]\ndataset: qs\n");

        CliRun run = studio("-w", ws.toString(), "run", "typo", "--dry-run");

        assertThat(run.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(run.err().strip()).isEqualTo("error: experiments/typo.yaml:3:15: no prompt 'askk' (prompts: ask, tell)");
    }

    @Test
    void anUnknownDatasetIsNamedWithItsLineAndColumn() throws IOException {
        Path ws = workspace();
        Files.writeString(ws.resolve("experiments/nodata.yaml"), "prompts: [ask]\nmodels: [echo]\ndataset: qz\n");

        CliRun run = studio("-w", ws.toString(), "run", "nodata", "--dry-run");

        assertThat(run.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(run.err().strip()).isEqualTo("error: experiments/nodata.yaml:3:10: no dataset 'qz' in datasets/ (known: qs)");
    }

    @Test
    void anUnknownModelOrVersionIsNamedWithItsLineAndColumn() throws IOException {
        Path ws = workspace();
        // line 2, column 16: the 'echoo' of "models: [echo, echoo]"
        Files.writeString(ws.resolve("experiments/nomodel.yaml"), "prompts: [ask]\nmodels: [echo, echoo]\ndataset: qs\n");
        CliRun run = studio("-w", ws.toString(), "run", "nomodel", "--dry-run");
        assertThat(run.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(run.err().strip()).startsWith("error: experiments/nomodel.yaml:2:16: no model 'echoo'");

        // given on the command line, the model is not the file's: no place in the file
        CliRun flag = studio("-w", ws.toString(), "run", "nomodel", "--models", "echoo", "--dry-run");
        assertThat(flag.err().strip()).startsWith("error: no model 'echoo'");

        // line 2, column 29: the 'zzz' of "  - { prompt: ask, version: zzz }"
        Files.writeString(ws.resolve("experiments/noversion.yaml"),
                "prompts:\n  - { prompt: ask, version: zzz }\nmodels: [echo]\ndataset: qs\n");
        CliRun version = studio("-w", ws.toString(), "run", "noversion", "--dry-run");
        assertThat(version.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(version.err().strip()).startsWith("error: experiments/noversion.yaml:2:29: prompts/ask.prompt: no label or commit 'zzz'");
    }
}
