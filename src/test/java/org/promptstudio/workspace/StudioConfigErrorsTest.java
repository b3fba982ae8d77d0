package org.promptstudio.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each kind of bad studio.yaml, written to a real file and opened as a workspace: one line naming
 * {@code studio.yaml:LINE:COLUMN} and a plain reason, never SnakeYAML's excerpts, its {@code 'reader'} or a Java name.
 * The wording is the project's own (issue 11); each place was counted by hand in the text (lines and columns from 1).
 */
class StudioConfigErrorsTest {

    @TempDir
    Path dir;

    private String refusal(String text) throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), text);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Workspace.open(dir));
        assertThat(thrown).isInstanceOf(WorkspaceException.class);
        String message = thrown.getMessage();
        assertThat(message).doesNotContain("\n", "reader", "org.", "java.", "Exception", "<");
        return message;
    }

    // Places: an unclosed bracket or quote is named where it opens; a key that is a list is named just after its '['
    // (Jackson reports the end of the event it refused), every other problem where the parser stopped.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            unclosed list           | name: [unclosed\\n                  | studio.yaml:1:7: a list opened with '[' is not closed
            unclosed list, 2nd line | name: x\\nmodels: [a, b\\n         | studio.yaml:2:9: a list opened with '[' is not closed
            unclosed mapping        | name: {a: 1\\n                      | studio.yaml:1:7: a mapping opened with '{' is not closed
            list ends the file      | name: [a,\\n                        | studio.yaml:2:1: the file ends inside a list '[' or a mapping '{' that is not closed
            indented too far        | name: x\\n  bad: 1\\n               | studio.yaml:2:6: unexpected ':' (put a value that holds ': ' in quotes, or check the indentation)
            list item misaligned    | models:\\n  - id: a\\n   provider: b\\n | studio.yaml:3:4: this line's indentation does not match the lines above
            list item for a key     | name: x\\n- a\\n                    | studio.yaml:2:1: unexpected '-' (check this line's indentation)
            tab indents             | name: x\\n\\tmodels: 1\\n           | studio.yaml:2:1: tab characters cannot indent (use spaces)
            duplicate key           | name: x\\nname: y\\n                | studio.yaml:2:1: duplicate key 'name' (first at line 1)
            duplicate nested key    | defaults:\\n  model: a\\n  model: b\\n | studio.yaml:3:3: duplicate key 'model' (first at line 2)
            duplicate in a list item | models:\\n  - {id: a, id: b}\\n     | studio.yaml:2:13: duplicate key 'id' (first at line 2)
            unterminated double     | name: "open\\n                     | studio.yaml:1:7: a text opened with '"' is not closed
            unterminated single     | name: 'open\\ndescription: y\\n     | studio.yaml:1:7: a text opened with "'" is not closed
            colon in a value        | name: x: y\\n                       | studio.yaml:1:8: unexpected ':' (put a value that holds ': ' in quotes, or check the indentation)
            reserved character      | name: @x\\n                         | studio.yaml:1:7: '@' cannot start a value (put the value in quotes)
            a list, not a map       | - a\\n- b\\n                        | studio.yaml:1:1: must be a mapping of settings (key: value)
            a key that is a list    | ? [a]\\n: b\\n                      | studio.yaml:1:4: a key must be plain text, not a list or a mapping
            """)
    void aSyntaxErrorIsOneLineWithItsPlace(String kind, String text, String expected) throws Exception {
        String yaml = text.replace("\\n", "\n").replace("\\t", "\t");
        assertThat(refusal(yaml)).as(kind).isEqualTo(expected);
        // The reader alone says the same as opening the workspace.
        assertThatThrownBy(() -> StudioConfigReader.parse(yaml)).hasMessage(expected);
    }

    @Test
    void theSyntaxErrorWinsOverTheKindOfAValue() throws Exception {
        // 'name' must be text, but the unclosed list is what the user has to fix.
        assertThat(refusal("name: [unclosed\ndescription: fine\n"))
                .isEqualTo("studio.yaml:1:7: a list opened with '[' is not closed");
        assertThat(refusal("models:\n  - id: a\n    provider: echo\n    maxConcurrency: {two\n"))
                .isEqualTo("studio.yaml:4:21: a mapping opened with '{' is not closed");
    }

    @Test
    void aBinaryFileIsNotTakenForYaml() throws Exception {
        // Valid UTF-8 with control characters: a NUL, as in most binary files (model.TextFile, git's rule) ...
        Files.write(dir.resolve("studio.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', 0, 1, 2, '\n'});
        assertThatThrownBy(() -> Workspace.open(dir)).isInstanceOf(WorkspaceException.class)
                .hasMessage("studio.yaml: not a text file (binary content)");
        // ... other control characters, named with their place ...
        Files.write(dir.resolve("studio.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', 1, 2, '\n'});
        assertThatThrownBy(() -> Workspace.open(dir)).isInstanceOf(WorkspaceException.class)
                .hasMessage("studio.yaml:1:7: not a text file: it holds the control character U+0001");
        // ... and bytes that are not UTF-8 at all (the start of a PNG file).
        Files.write(dir.resolve("studio.yaml"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        assertThatThrownBy(() -> Workspace.open(dir)).isInstanceOf(WorkspaceException.class)
                .hasMessage("studio.yaml:1:1: not UTF-8 text (byte 0x89 at offset 0); save the file as UTF-8");
    }

    @Test
    void anEmptyFileOrOneWithAByteOrderMarkReads() throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), "");
        assertThat(Workspace.open(dir).config().models()).isEmpty();
        Files.write(dir.resolve("studio.yaml"), ("\uFEFFname: bom\nmodels:\n  - id: a\n    provider: echo\n")
                .getBytes(StandardCharsets.UTF_8));
        Workspace ws = Workspace.open(dir);
        assertThat(ws.name()).isEqualTo("bom");
        assertThat(ws.config().models()).extracting(ModelConfig::id).containsExactly("a");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            base URL not a URL    | baseUrl: not a url                | studio.yaml:4:14: models[1].baseUrl 'not a url' is not an http(s) URL (e.g. http://localhost:8000/v1)
            base URL not http     | baseUrl: ftp://example.org/v1     | studio.yaml:4:14: models[1].baseUrl 'ftp://example.org/v1' is not an http(s) URL (e.g. http://localhost:8000/v1)
            base URL no host      | baseUrl: 'http:/v1'               | studio.yaml:4:14: models[1].baseUrl 'http:/v1' is not an http(s) URL (e.g. http://localhost:8000/v1)
            base URL relative     | baseUrl: /v1                      | studio.yaml:4:14: models[1].baseUrl '/v1' is not an http(s) URL (e.g. http://localhost:8000/v1)
            negative price        | pricing: {inputPerMillion: -1, outputPerMillion: 2}   | studio.yaml:4:32: models[1].pricing.inputPerMillion -1 must be a number of 0 or more (USD per million tokens)
            infinite price        | pricing: {inputPerMillion: 1, outputPerMillion: .inf}   | studio.yaml:4:53: models[1].pricing.outputPerMillion .inf must be a number of 0 or more (USD per million tokens)
            not-a-number price    | pricing: {inputPerMillion: .nan, outputPerMillion: 1}   | studio.yaml:4:32: models[1].pricing.inputPerMillion .nan must be a number of 0 or more (USD per million tokens)
            one price only        | pricing: {inputPerMillion: 1}     | studio.yaml:4:14: models[1].pricing needs inputPerMillion and outputPerMillion (USD per million tokens)
            concurrency 0         | maxConcurrency: 0                 | studio.yaml:4:21: models[1].maxConcurrency 0 must be at least 1
            negative rate         | requestsPerMinute: -5             | studio.yaml:4:24: models[1].requestsPerMinute -5 must be at least 1
            timeout 0             | timeoutSeconds: 0                 | studio.yaml:4:21: models[1].timeoutSeconds 0 must be at least 1
            empty model name      | model: ''                         | studio.yaml:4:12: models[1].model is empty (leave the key out for the default)
            bad params            | params: {temperature: hot}        | studio.yaml:4:13: models[1].params: config 'temperature' must be a number, found 'hot'
            """)
    void aBadFieldOfAModelIsNamedWithItsPlace(String kind, String field, String expected) throws Exception {
        String text = "models:\n  - {id: first, provider: echo}\n  - id: second\n    " + field
                + "\n    provider: openai\n";
        assertThat(refusal(text)).as(kind).isEqualTo(expected);
    }

    @Test
    void anUnknownProviderIsNamedWithTheKnownOnes() throws Exception {
        assertThat(refusal("models:\n  - id: a\n    provider: opnai\n")).isEqualTo("studio.yaml:3:15: models[0].provider"
                + " 'opnai' is not a known provider (known: anthropic, azure-openai, echo, extractive, gemini, ollama,"
                + " openai, openai-compatible, replay, vertex)");
        assertThat(refusal("models:\n  - id: a\n")).startsWith("studio.yaml:2:5: models[0] 'a' needs a 'provider' (known: ");
        assertThat(refusal("models:\n  - id: a b\n    provider: echo\n"))
                .isEqualTo("studio.yaml:2:9: models[0].id 'a b' may hold only letters, digits and . _ - : / (no spaces)");
        assertThat(refusal("models:\n  - {id: a, provider: echo}\n  - {id: a, provider: openai}\n"))
                .isEqualTo("studio.yaml:3:10: duplicate model id 'a' (first at line 2)");
    }

    @Test
    void aBadBaseUrlIsEchoedWithoutTheKeyItsQueryCarries() throws Exception {
        String key = "k" + "9".repeat(12) + "x"; // built at run time: no key-shaped literal in the file
        Path file = dir.resolve("studio.yaml");
        Files.writeString(file, "name: w\nmodels:\n  - {id: a, provider: openai, baseUrl: 'ftp://h/v1?api_key=" + key
                + "&b=1'}\n");

        // The same rule as the providers' redactor (model.Redaction): the value of a key-like parameter is hidden.
        assertThatThrownBy(() -> StudioConfigReader.read(file)).hasMessage("studio.yaml:3:40: models[0].baseUrl"
                + " 'ftp://h/v1?api_key=***&b=1' is not an http(s) URL (e.g. http://localhost:8000/v1)")
                .message().doesNotContain(key);
    }

    @Test
    void anOpenWorkspaceKeepsItsLastGoodSettingsAndAFixedFileIsReadAgain() throws Exception {
        Path file = dir.resolve("studio.yaml");
        Files.writeString(file, "name: good\nmodels:\n  - {id: a, provider: echo}\n");
        Workspace ws = Workspace.open(dir);
        Files.writeString(file, "name: good\nmodels:\n  - {id: a, provider: echo, baseUrl: not a url}\n");

        assertThat(ws.config().models()).extracting(ModelConfig::baseUrl).containsExactly((String) null);
        assertThatThrownBy(() -> StudioConfigReader.read(file)).hasMessage("studio.yaml:3:38: models[0].baseUrl"
                + " 'not a url' is not an http(s) URL (e.g. http://localhost:8000/v1)");

        Files.writeString(file, "name: good\nmodels:\n  - {id: a, provider: echo, baseUrl: 'http://127.0.0.1:9/v1'}\n");
        assertThat(ws.config().models()).extracting(ModelConfig::baseUrl).containsExactly("http://127.0.0.1:9/v1");
    }
}
