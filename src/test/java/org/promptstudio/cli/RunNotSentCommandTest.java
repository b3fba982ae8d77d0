package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run summary counts what was really sent (issue 12 trial: "3 call(s) made, 3 failed" when a missing key refused
 * every call before its request left). A model with no credential sends nothing: its calls are not sent, not made.
 */
class RunNotSentCommandTest {

    @TempDir
    Path tmp;

    @Test
    void callsRefusedBeforeSendingAreNotCountedAsMade() throws IOException {
        Path ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        // the address is never reached: the call is refused for the missing key before any request is built
        Files.writeString(ws.resolve("studio.yaml"), """
                name: keys
                models:
                  - id: no-key
                    provider: anthropic
                    model: claude-3-5-haiku-latest
                    baseUrl: http://127.0.0.1:1
                    options: { apiKeyEnv: PS_TEST_KEY_MISSING_H2 }
                """);
        Files.writeString(ws.resolve("prompts/solve.prompt"), "---\ninput:\n  schema:\n    question: string\n---\n"
                + "{{question}}\n");
        Files.writeString(ws.resolve("datasets/three.jsonl"), """
                {"question": "What is 1 + 1?"}
                {"question": "What is 2 + 2?"}
                {"question": "What is 3 + 3?"}
                """);
        Files.writeString(ws.resolve("experiments/three.yaml"), "prompts: [solve]\nmodels: [no-key]\ndataset: three\n");

        CliRun run = studio("-w", ws.toString(), "run", "three");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("Run 1 finished: 0 call(s) made, 0 failed; 3 not sent "
                + "(refused before sending, recorded as failed).");
        assertThat(run.err()).startsWith("error: no call of run 1 was sent (")
                .contains("PS_TEST_KEY_MISSING_H2 not set");
    }

    @Test
    void aResumedRunCountsOnlyTheCallsItMadeItself() throws IOException {
        Path ws = tmp.resolve("resumed");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        // no-key refuses before sending; down is sent to a port where nothing listens, so it fails after sending
        Files.writeString(ws.resolve("studio.yaml"), """
                name: keys
                models:
                  - id: no-key
                    provider: anthropic
                    model: claude-3-5-haiku-latest
                    baseUrl: http://127.0.0.1:1
                    options: { apiKeyEnv: PS_TEST_KEY_MISSING_H2 }
                  - id: down
                    provider: openai-compatible
                    model: m
                    baseUrl: http://127.0.0.1:1/v1
                """);
        Files.writeString(ws.resolve("prompts/solve.prompt"), "---\ninput:\n  schema:\n    question: string\n---\n"
                + "{{question}}\n");
        Files.writeString(ws.resolve("datasets/four.jsonl"), """
                {"question": "What is 1 + 1?"}
                {"question": "What is 2 + 2?"}
                {"question": "What is 3 + 3?"}
                {"question": "What is 4 + 4?"}
                """);
        // one call at a time, in plan order: the first (no-key, refused) is the only one before the budget stops it
        Files.writeString(ws.resolve("experiments/four.yaml"),
                "prompts: [solve]\nmodels: [no-key, down]\ndataset: four\nconcurrency: 1\n");
        CliRun first = studio("-w", ws.toString(), "run", "four", "--max-calls", "1");
        assertThat(first.out()).as(first.out() + first.err())
                .contains("Run 1 stopped by its budget: 0 call(s) made, 0 failed; 1 not sent");

        CliRun resumed = studio("-w", ws.toString(), "run", "--resume", "1");

        // this invocation: 3 refused (no-key) and 4 sent that failed (down); the first run's refusal is not counted
        assertThat(resumed.out()).as(resumed.out() + resumed.err()).contains("Run 1 finished: 4 call(s) made, 4 failed;"
                + " 3 not sent (refused before sending, recorded as failed) (resumed).");
        assertThat(resumed.err()).startsWith("error: every call this resume of run 1 made failed (");
        assertThat(resumed.out()).contains("s in this resume; the run's cost ");
    }

    @Test
    void theClauseNamesEachKindOfCallNotSent() {
        assertThat(RunCommand.notSentClause(0, 0)).isEmpty();
        assertThat(RunCommand.notSentClause(2, 2)).isEqualTo("; 2 not sent (could not be rendered, recorded as failed)");
        assertThat(RunCommand.notSentClause(3, 1))
                .isEqualTo("; 3 not sent (1 could not be rendered, 2 refused before sending, recorded as failed)");
    }
}
