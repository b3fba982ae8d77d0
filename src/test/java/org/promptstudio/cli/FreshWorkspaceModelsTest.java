package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace fresh from {@code studio init} lists no model in studio.yaml, yet the built-in offline models are
 * there: run, render and compare work with {@code echo}, and {@code studio models} shows them marked built-in.
 * (Issue 9: "no model 'echo' in studio.yaml (known: )".)
 */
class FreshWorkspaceModelsTest {

    @TempDir
    Path tmp;

    @Test
    void aNewWorkspaceRunsRendersAndComparesWithEcho() throws Exception {
        Path ws = tmp.resolve("fresh");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        assertThat(Files.readString(ws.resolve("studio.yaml"))).contains("models: []");
        Files.writeString(ws.resolve("prompts/hello.prompt"), """
                ---
                input:
                  schema:
                    name: string
                ---
                Say hello to {{name}}.
                """);
        Files.writeString(ws.resolve("experiments/hello.yaml"), """
                prompts: [hello]
                models: [echo]
                inputs:
                  - { name: Ada }
                  - { name: Grace }
                """);

        CliRun models = studio("-w", ws.toString(), "models");
        assertThat(models.exitCode()).isZero();
        assertThat(models.out().lines().toList()).hasSize(3);
        assertThat(models.out()).containsPattern("(?m)^echo +echo +- +default +- +ready \\(built-in, offline\\)$")
                .containsPattern("(?m)^extractive +extractive +- +default +- +ready \\(built-in, offline\\)$");

        CliRun render = studio("-w", ws.toString(), "render", "hello", "--input", "{\"name\": \"Ada\"}");
        assertThat(render.err()).isEmpty();
        assertThat(render.exitCode()).isZero();
        assertThat(render.out()).contains("Say hello to Ada.");

        CliRun run = studio("-w", ws.toString(), "run", "hello");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Run 1 finished: 2 call(s) made, 0 failed.")
                .contains("cache: 0 of 2 answers from the cache");

        CliRun compare = studio("-w", ws.toString(), "compare", "hello", "--models", "echo,extractive",
                "--input", "{\"name\": \"Grace\"}");
        assertThat(compare.err()).isEmpty();
        assertThat(compare.exitCode()).isZero();
        assertThat(compare.out()).contains("Say hello to Grace.").contains("Recorded as run 2");

        CliRun unknown = studio("-w", ws.toString(), "run", "hello", "--models", "gpt");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("error: no model 'gpt' in studio.yaml or built in (known: echo, extractive)\n");
    }
}
