package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.promptstudio.cli.CliRun.studio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.experiment.ExperimentSpecReader;
import org.promptstudio.model.TextFile;
import org.promptstudio.workspace.Datasets;
import org.promptstudio.workspace.StudioConfigReader;
import org.promptstudio.workspace.ToolFiles;
import org.promptstudio.workspace.Workspace;

/**
 * Every file the studio reads as text (tools, experiments, datasets, assertions, settings) that is empty, binary or
 * not UTF-8 is one line naming the file, never a library's message or a Java class name. The byte offsets and
 * line:column below are counted by hand from the bytes written (0xFF is never valid in UTF-8: RFC 3629 section 1).
 */
class UnreadableFilesTest {

    @TempDir
    Path tmp;
    Path ws;

    /** "name: x\n" then "ab" then 0xFF: the bad byte is at offset 10, line 2, column 3. */
    static final byte[] NOT_UTF8 = bytes("name: x\nab", 0xFF, "c\n");
    static final byte[] BINARY = bytes("PK", 0x03, 0x04, 0x00, 0x00, 0xFF, "rest");

    private static byte[] bytes(Object... pieces) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object p : pieces) {
            if (p instanceof String s) out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            else out.write((Integer) p);
        }
        return out.toByteArray();
    }

    @BeforeEach
    void workspace() throws IOException {
        ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        Files.createDirectories(ws.resolve("tools"));
    }

    private static String messageOf(Runnable r) {
        Throwable t = catchThrowable(r::run);
        assertThat(t).as("refused").isNotNull();
        return t.getMessage();
    }

    @Test
    void textFileNamesTheBadByteItsOffsetLineAndColumn() {
        assertThat(messageOf(() -> TextFile.decode(NOT_UTF8, "tools/weather.yaml")))
                .isEqualTo("tools/weather.yaml:2:3: not UTF-8 text (byte 0xFF at offset 10); save the file as UTF-8");
        assertThat(messageOf(() -> TextFile.decode(BINARY, "a.yaml"))).isEqualTo("a.yaml: not a text file (binary content)");
        // a UTF-8 byte order mark is no part of the text; two-byte characters count as one column
        assertThat(TextFile.decode(bytes(0xEF, 0xBB, 0xBF, "k: v"), "a")).isEqualTo("k: v");
        assertThat(messageOf(() -> TextFile.decode(bytes("é", 0xC3), "b")))
                .isEqualTo("b:1:2: not UTF-8 text (byte 0xC3 at offset 2); save the file as UTF-8");
    }

    @Test
    void toolFilesThatAreEmptyBinaryOrNotUtf8AreOneLineNamingTheFile() throws IOException {
        ToolFiles tools = ToolFiles.of(ws);
        Files.writeString(ws.resolve("tools/weather.yaml"), "");
        assertThat(messageOf(() -> tools.find("weather"))).isEqualTo("tools/weather.yaml: empty file");
        Files.writeString(ws.resolve("tools/weather.yaml"), "  \n# nothing yet\n");
        assertThat(messageOf(() -> tools.find("weather"))).isEqualTo("tools/weather.yaml: empty file");
        Files.delete(ws.resolve("tools/weather.yaml"));
        Files.write(ws.resolve("tools/weather.json"), NOT_UTF8);
        assertThat(messageOf(() -> tools.find("weather")))
                .isEqualTo("tools/weather.json:2:3: not UTF-8 text (byte 0xFF at offset 10); save the file as UTF-8");
        Files.write(ws.resolve("tools/weather.json"), BINARY);
        assertThat(messageOf(() -> tools.find("weather"))).isEqualTo("tools/weather.json: not a text file (binary content)");
        Files.writeString(ws.resolve("tools/weather.json"), "");
        assertThat(messageOf(() -> tools.find("weather"))).isEqualTo("tools/weather.json: empty file");
    }

    @Test
    void experimentFilesThatAreEmptyBinaryOrNotUtf8AreOneLineNamingTheFile() throws IOException {
        Path file = ws.resolve("experiments/x.yaml");
        Files.write(file, BINARY);
        CliRun run = studio("-w", ws.toString(), "run", "x");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: experiments/x.yaml: not a text file (binary content)" + System.lineSeparator());

        Files.writeString(file, "");
        assertThat(messageOf(() -> new ExperimentSpecReader().read(file, "experiments/x.yaml")))
                .isEqualTo("experiments/x.yaml: empty file");
        Files.write(file, NOT_UTF8);
        assertThat(messageOf(() -> new ExperimentSpecReader().read(file, "experiments/x.yaml")))
                .isEqualTo("experiments/x.yaml:2:3: not UTF-8 text (byte 0xFF at offset 10); save the file as UTF-8");
    }

    @Test
    void datasetsThatAreBinaryOrNotUtf8AreNamedAndARowIsNotAddedToThem() throws IOException {
        Datasets datasets = new Datasets(Workspace.open(ws));
        byte[] rows = bytes("{\"q\": 1}\nab", 0xFF, "c\n"); // 0xFF at offset 11, line 2, column 3
        Files.write(ws.resolve("datasets/d.jsonl"), rows);
        assertThat(datasets.find("d").orElseThrow().problems()).extracting(Object::toString)
                .containsExactly("datasets/d.jsonl:2:3: not UTF-8 text (byte 0xFF); save the file as UTF-8");
        assertThat(messageOf(() -> datasets.appendRow("d", Map.of("q", "x"))))
                .isEqualTo("datasets/d.jsonl:2:3: not UTF-8 text (byte 0xFF at offset 11); save the file as UTF-8; "
                        + "the row is not added");
        assertThat(Files.readAllBytes(ws.resolve("datasets/d.jsonl"))).as("nothing written").isEqualTo(rows);
        Files.write(ws.resolve("datasets/b.jsonl"), BINARY);
        assertThat(datasets.find("b").orElseThrow().problems()).extracting(Object::toString)
                .containsExactly("datasets/b.jsonl:1: binary data, not a text file; not read");
    }

    @Test
    void aDatasetRowAddedToAFileWithAByteOrderMarkKeepsTheMarkAndEveryOtherByte() throws IOException {
        Datasets datasets = new Datasets(Workspace.open(ws));
        byte[] before = bytes(0xEF, 0xBB, 0xBF, "{\"q\": \"caf\u00e9\"}\r\n");
        Files.write(ws.resolve("datasets/m.jsonl"), before);
        assertThat(datasets.appendRow("m", Map.of("q", "x"))).isEqualTo("datasets/m.jsonl:2");
        byte[] after = Files.readAllBytes(ws.resolve("datasets/m.jsonl"));
        assertThat(after).startsWith(before);
        assertThat(new String(after, before.length, after.length - before.length, StandardCharsets.UTF_8))
                .isEqualTo("{\"q\":\"x\"}\n");
    }

    @Test
    void aUtf16DatasetOrPromptIsNamedAsUtf16() throws IOException {
        byte[] utf16 = bytes(0xFF, 0xFE);
        utf16 = java.util.Arrays.copyOf(utf16, 2 + "{\"q\": 1}\n".length() * 2);
        byte[] body = "{\"q\": 1}\n".getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(body, 0, utf16, 2, body.length);
        Files.write(ws.resolve("datasets/w.jsonl"), utf16);
        assertThat(new Datasets(Workspace.open(ws)).find("w").orElseThrow().problems()).extracting(Object::toString)
                .containsExactly("datasets/w.jsonl:1: UTF-16 text; save the file as UTF-8; not read");
        Files.write(ws.resolve("prompts/w.prompt"), utf16);
        assertThat(messageOf(() -> org.promptstudio.template.PromptLibrary.readText(ws.resolve("prompts/w.prompt"),
                "prompts/w.prompt"))).isEqualTo("prompts/w.prompt: UTF-16 text; save the file as UTF-8");
    }

    @Test
    void aPromptThatIsNotUtf8NamesTheByteAndItsPlace() throws IOException {
        Files.write(ws.resolve("prompts/x.prompt"), NOT_UTF8);
        assertThat(messageOf(() -> org.promptstudio.template.PromptLibrary.readText(ws.resolve("prompts/x.prompt"),
                "prompts/x.prompt")))
                .isEqualTo("prompts/x.prompt:2:3: not UTF-8 text (byte 0xFF at offset 10); save the file as UTF-8");
    }

    @Test
    void settingsThatAreBinaryOrNotUtf8AreOneLineNamingTheFile() throws IOException {
        Files.write(ws.resolve("studio.yaml"), NOT_UTF8);
        assertThat(messageOf(() -> StudioConfigReader.read(ws.resolve("studio.yaml"))))
                .isEqualTo("studio.yaml:2:3: not UTF-8 text (byte 0xFF at offset 10); save the file as UTF-8");
        Files.write(ws.resolve("studio.yaml"), BINARY);
        CliRun run = studio("-w", ws.toString(), "runs");
        assertThat(run.err()).startsWith("error: studio.yaml: not a text file (binary content)");
        assertThat(run.err().lines().count()).isEqualTo(1);
    }
}
