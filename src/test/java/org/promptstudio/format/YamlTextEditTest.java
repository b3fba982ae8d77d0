package org.promptstudio.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Targeted edits keep everything they do not change, in every shape a hand-written studio.yaml takes. */
class YamlTextEditTest {

    static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    @Test
    void aFlowStyleEntryIsEditedInsideItsBraces() {
        String text = "models:\n  - { id: a, provider: echo }   # first\n  - { id: b, provider: echo }\n";
        String edited = YamlTextEdit.upsertEntry(text, "models", "id", "a",
                fields("provider", "openai", "requestsPerMinute", 60));
        assertThat(edited).isEqualTo("models:\n  - { id: a, provider: openai, requestsPerMinute: 60 }   # first\n"
                + "  - { id: b, provider: echo }\n");
        assertThat(YamlTextEdit.upsertEntry(edited, "models", "id", "a", fields("requestsPerMinute", null)))
                .isEqualTo("models:\n  - { id: a, provider: openai }   # first\n  - { id: b, provider: echo }\n");
        assertThat(YamlTextEdit.removeEntry(text, "models", "id", "a"))
                .isEqualTo("models:\n  - { id: b, provider: echo }\n");
    }

    @Test
    void aKeyIsAddedAfterTheEntrysLastLineWithItsComment() {
        String text = "models:\n  - id: a\n    provider: echo  # offline\n\n# more later\nname: x\n";
        assertThat(YamlTextEdit.upsertEntry(text, "models", "id", "a", fields("maxConcurrency", 2)))
                .isEqualTo("models:\n  - id: a\n    provider: echo  # offline\n    maxConcurrency: 2\n\n"
                        + "# more later\nname: x\n");
    }

    @Test
    void emptyMissingAndFlowListsTakeANewEntry() {
        Map<String, Object> entry = fields("id", "a", "provider", "echo");
        assertThat(YamlTextEdit.upsertEntry("name: x", "models", "id", null, entry))
                .isEqualTo("name: x\nmodels:\n  - id: a\n    provider: echo\n");
        assertThat(YamlTextEdit.upsertEntry("models:   # none yet\nname: x\n", "models", "id", null, entry))
                .isEqualTo("models:   # none yet\n  - id: a\n    provider: echo\nname: x\n");
        assertThat(YamlTextEdit.upsertEntry("models: []\n", "models", "id", null, entry))
                .isEqualTo("models: [{ id: a, provider: echo }]\n");
        assertThat(YamlTextEdit.upsertEntry("", "models", "id", null, entry))
                .isEqualTo("models:\n  - id: a\n    provider: echo\n");
    }

    @Test
    void charactersOutsideTheBasicPlaneBeforeTheEntryDoNotShiftTheEdit() {
        // SnakeYAML counts positions in code points, Java strings in UTF-16 units: an emoji is one and two.
        String text = "name: \uD83D\uDE00 support # \uD83C\uDF21\uFE0F\nmodels:\n  - id: a\n    provider: echo\n";
        assertThat(YamlTextEdit.upsertEntry(text, "models", "id", "a", fields("provider", "openai")))
                .isEqualTo(text.replace("provider: echo", "provider: openai"));
    }

    @Test
    void windowsLineEndsStayWindowsLineEnds() {
        String text = "models:\r\n  - id: a\r\n    provider: echo\r\n";
        assertThat(YamlTextEdit.upsertEntry(text, "models", "id", "a", fields("maxConcurrency", 2)))
                .isEqualTo("models:\r\n  - id: a\r\n    provider: echo\r\n    maxConcurrency: 2\r\n");
        assertThat(YamlTextEdit.upsertEntry(text, "models", "id", null, fields("id", "b", "provider", "echo")))
                .isEqualTo(text + "  - id: b\r\n    provider: echo\r\n");
    }

    @Test
    void textThatWouldReadAsSomethingElseIsQuoted() {
        // YAML 1.2.2 section 10.3.2 (core schema): these plain scalars are not text.
        assertThat(YamlTextEdit.scalar("012345")).isEqualTo("\"012345\"");
        assertThat(YamlTextEdit.scalar("true")).isEqualTo("\"true\"");
        assertThat(YamlTextEdit.scalar("null")).isEqualTo("\"null\"");
        assertThat(YamlTextEdit.scalar("1e3")).isEqualTo("\"1e3\"");
        // YAML 1.1 readers take these for booleans: quoted so every tool reads text.
        assertThat(YamlTextEdit.scalar("NO")).isEqualTo("\"NO\"");
        assertThat(YamlTextEdit.scalar("a: b")).isEqualTo("\"a: b\"");
        assertThat(YamlTextEdit.scalar("# x")).isEqualTo("\"# x\"");
        assertThat(YamlTextEdit.scalar("say \"hi\"\n")).isEqualTo("\"say \\\"hi\\\"\\n\"");
        assertThat(YamlTextEdit.scalar("http://localhost:8000/v1")).isEqualTo("http://localhost:8000/v1");
        assertThat(YamlTextEdit.scalar("Ada Lovelace")).isEqualTo("Ada Lovelace");
        assertThat(YamlTextEdit.scalar(0.60)).isEqualTo("0.6");
        assertThat(YamlTextEdit.scalar(2.0)).isEqualTo("2");
    }

    @Test
    void aValueWrittenDifferentlyButEqualIsLeftAsWritten() {
        String text = "models:\n  - id: a\n    pricing: { inputPerMillion: 0.60, outputPerMillion: 1.50 }\n";
        assertThat(YamlTextEdit.upsertEntry(text, "models", "id", "a",
                fields("pricing", fields("inputPerMillion", 0.6, "outputPerMillion", 2.0))))
                .isEqualTo("models:\n  - id: a\n    pricing: { inputPerMillion: 0.60, outputPerMillion: 2 }\n");
    }

    @Test
    void notYamlOrNotAListIsRefusedInOneLine() {
        assertThatThrownBy(() -> YamlTextEdit.upsertEntry("models: [\n", "models", "id", null, fields("id", "a")))
                .isInstanceOf(YamlTextEdit.EditException.class).hasMessageStartingWith("not valid YAML: ");
        assertThatThrownBy(() -> YamlTextEdit.upsertEntry("models: 3\n", "models", "id", "a", fields("id", "a")))
                .hasMessage("'models' is not a list");
        assertThatThrownBy(() -> YamlTextEdit.removeEntry("models: []\n", "models", "id", "a"))
                .hasMessage("no entry with id 'a' under 'models'");
    }
}
