package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code studio run --dry-run} names each call it cannot render, with its case and one-line reason, under the count
 * (the new-user trial of issue 12 saw "N call(s) cannot be rendered (named above)" with nothing named above: the
 * plan's check had passed the case, and only preparing the call found the fault).
 */
class DryRunUnrenderableTest {

    @TempDir
    Path tmp;

    @Test
    void eachCallThatCannotBeRenderedIsNamedWithItsCaseAndReason() throws IOException {
        Path ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        Files.writeString(ws.resolve("studio.yaml"), "name: dry\nmodels:\n  - id: echo\n    provider: echo\n");
        Files.writeString(ws.resolve("prompts/ask.prompt"), "Q: {{question}}\n");
        // line 2: a conversation that is not one (messages must be a list of {role, content})
        Files.writeString(ws.resolve("datasets/qs.jsonl"), """
                {"id": "fine", "question": "What is 1 + 1?"}
                {"id": "chat", "question": "And 2 + 2?", "messages": "hello"}
                """);
        Files.writeString(ws.resolve("experiments/qs.yaml"), "prompts: [ask]\nmodels: [echo]\ndataset: qs\n");

        CliRun run = studio("-w", ws.toString(), "run", "qs", "--dry-run");

        assertThat(run.exitCode()).isZero(); // the bad row is left out: every planned call can be prepared
        // the row's conversation is checked with the dataset (workspace.HistoryShape): named with its line, left out
        assertThat(run.err()).containsPattern("datasets/qs.jsonl:2: [^\\n]*messages");
        assertThat(run.out()).contains("= 1 calls").contains("Nothing was called (--dry-run).").doesNotContain("named above");
    }

    @Test
    void aTemplateThatCannotRenderIsNamedOnceWithItsPlaceAndTheDryRunExitsOne() throws IOException {
        Path ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        Files.writeString(ws.resolve("studio.yaml"), "name: dry\nmodels:\n  - id: echo\n    provider: echo\n");
        Files.writeString(ws.resolve("prompts/ask.prompt"), "Q: {{question}}\n");
        // line 2, column 1: a block opened and never closed (the body starts on line 1: no front matter)
        Files.writeString(ws.resolve("prompts/broken.prompt"), "Q: {{question}}\n{{#if question}}\nmore\n");
        Files.writeString(ws.resolve("datasets/qs.jsonl"), """
                {"id": "one", "question": "What is 1 + 1?"}
                {"id": "two", "question": "And 2 + 2?"}
                {"id": "three", "question": "And 3 + 3?"}
                """);
        Files.writeString(ws.resolve("experiments/qs.yaml"), "prompts: [ask, broken]\nmodels: [echo]\ndataset: qs\n");

        CliRun run = studio("-w", ws.toString(), "run", "qs", "--dry-run");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(StudioCommand.USER_ERROR);
        String all = run.out() + run.err();
        // once, with its place, not once per case
        assertThat(all).containsPattern("prompts/broken\\.prompt:2:\\d+: [^\\n]*\\(the template cannot render for any"
                + " case\\)");
        assertThat(all.lines().filter(l -> l.contains("prompts/broken.prompt:2:")).count()).isEqualTo(1);
        assertThat(all).doesNotContain("broken x one").doesNotContain("broken x two");
        assertThat(run.out()).contains("3 call(s) cannot be rendered; they would fail (their template's error is named"
                + " above)").contains("Nothing was called (--dry-run).");
    }
}
