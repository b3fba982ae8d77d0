package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.template.JsonValues;
import org.promptstudio.testsupport.Workspaces;

/**
 * {@code studio calls show ID} says whether the call's texts were redacted before they were stored, from the flag
 * stored with the call (privacy.redactBeforeStore at the time it was recorded), in text and JSON; never guessed from
 * what the text looks like.
 */
class CallsShowRedactedTest {

    @TempDir
    Path dir;

    @Test
    void showSaysWhetherTheStoredTextsWereRedacted() throws Exception {
        Workspaces.init(dir, "privacy", "  - id: echo\n    provider: echo\n");
        Files.writeString(dir.resolve("prompts/hello.prompt"), "Hello {{name}}\n");
        String yaml = Files.readString(dir.resolve("studio.yaml"));
        Files.writeString(dir.resolve("studio.yaml"), yaml + "privacy:\n  redactBeforeStore: true\n");
        compare("{\"name\": \"ada@example.org\"}");
        // the same workspace with the setting off: a text that merely looks redacted is not said to be
        Files.writeString(dir.resolve("studio.yaml"), yaml + "privacy:\n  redactBeforeStore: false\n");
        compare("{\"name\": \"[EMAIL_1]\"}");

        CliRun list = studio("-w", dir.toString(), "calls", "--format", "json");
        assertThat(list.exitCode()).as(list.err()).isZero();
        List<?> calls = JsonValues.parseArray(list.out(), "output");
        assertThat(calls).hasSize(2);
        long newer = ((Number) ((Map<?, ?>) calls.get(0)).get("id")).longValue();
        long older = ((Number) ((Map<?, ?>) calls.get(1)).get("id")).longValue();

        CliRun redacted = studio("-w", dir.toString(), "calls", "show", String.valueOf(older));
        assertThat(redacted.exitCode()).as(redacted.err()).isZero();
        assertThat(redacted.out()).contains("\nredacted  yes · personal data was redacted before it was stored"
                + " (privacy.redactBeforeStore)\n").contains("[EMAIL_1]").doesNotContain("ada@example.org");
        CliRun plain = studio("-w", dir.toString(), "calls", "show", String.valueOf(newer));
        assertThat(plain.out()).contains("\nredacted  no\n").contains("[EMAIL_1]");

        Map<String, Object> json = JsonValues.parseObject(studio("-w", dir.toString(), "calls", "show",
                String.valueOf(older), "--format", "json").out(), "output");
        assertThat(json.get("redacted")).isEqualTo(true);
        json = JsonValues.parseObject(studio("-w", dir.toString(), "calls", "show", String.valueOf(newer), "--format",
                "json").out(), "output");
        assertThat(json.get("redacted")).isEqualTo(false);
    }

    private void compare(String input) {
        CliRun run = studio("-w", dir.toString(), "compare", "hello", "--models", "echo", "--input", input);
        assertThat(run.exitCode()).as(run.err()).isZero();
    }
}
