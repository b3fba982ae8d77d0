package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.LogFile;

/**
 * {@code studio chunks} and {@code studio index} on one workspace: a file the index skips is refused by the preview
 * with the reason the index lists, and both say what was redacted where without the values, which never reach the
 * log either.
 */
class ChunksAsIndexedTest {

    /** Planted values: none may appear in any output or log. */
    private static final List<String> VALUES = List.of("jane.planted@example.org", "+31 20 123 4567", "192.168.1.20",
            "4111 1111 1111 1111");

    @TempDir
    Path tmp;
    @TempDir
    Path elsewhere;
    CliWorkspace ws;

    @BeforeEach
    void workspace() throws IOException {
        ws = CliWorkspace.create(tmp);
        Path yaml = ws.dir().resolve("studio.yaml");
        Files.writeString(yaml, Files.readString(yaml) + "\nindex:\n  redact:\n    pii: true\n"
                + "    allow: [Help@Shop.example]\n");
        ws.write("docs/contact.md", """
                # Contact

                Write to help@shop.example or to jane.planted@example.org; call +31 20 123 4567.

                ## Servers

                Version 1.2.3.4 runs on 192.168.1.20. Card 4111 1111 1111 1111 on file; jane.planted@example.org again.
                """);
        ws.write("notes/inside.md", "# Inside\n\nA note kept outside the document folder.\n");
        Files.writeString(elsewhere.resolve("secret.md"), "# Secret\n\nNot the workspace's.\n");
        Files.createSymbolicLink(ws.dir().resolve("docs/outside-link.md"), elsewhere.resolve("secret.md"));
        Files.createSymbolicLink(ws.dir().resolve("docs/inside-link.md"), ws.dir().resolve("notes/inside.md"));
        Files.createSymbolicLink(ws.dir().resolve("docs/linked"), ws.dir().resolve("notes"));
        Files.createSymbolicLink(ws.dir().resolve("docs/dangling.md"), ws.dir().resolve("notes/gone.md"));
        Files.write(ws.dir().resolve("docs/logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 7});
        Files.write(ws.dir().resolve("docs/binary.md"), new byte[] {'#', ' ', 0, 0, 3, 4});
    }

    /** The index's skipped files, path to the line it prints ({@code docs/x: reason}). */
    private static Map<String, String> skipped(String indexOut) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean in = false;
        for (String line : indexOut.lines().toList()) {
            if (line.startsWith("Skipped ")) {
                in = true;
            } else if (in && line.startsWith("  ")) {
                String entry = line.substring(2);
                out.put(entry.substring(0, entry.indexOf(": ")), entry);
            } else {
                in = false;
            }
        }
        return out;
    }

    @Test
    void aFileTheIndexSkipsIsRefusedByChunksWithTheSameReason() {
        CliRun index = ws.ok("index");
        Map<String, String> skipped = skipped(index.out());
        assertThat(skipped).containsOnlyKeys("docs/binary.md", "docs/dangling.md", "docs/linked", "docs/logo.png",
                "docs/outside-link.md");

        for (Map.Entry<String, String> e : skipped.entrySet()) {
            CliRun run = ws.run("chunks", e.getKey());
            assertThat(run.exitCode()).as(e.getKey()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            // the trial: `chunks` previewed a link to a file outside the workspace that `index` had skipped
            assertThat(run.err()).isEqualTo("error: " + e.getValue() + System.lineSeparator());
        }
        assertThat(skipped.get("docs/outside-link.md")).contains("outside the workspace");
        assertThat(skipped.get("docs/linked")).contains("a link to a folder");

        CliRun throughFolder = ws.run("chunks", "docs/linked/inside.md");
        assertThat(throughFolder.exitCode()).isEqualTo(1);
        assertThat(throughFolder.err()).isEqualTo("error: docs/linked/inside.md: in docs/linked, a link to a folder "
                + "(the index does not follow linked folders; add the folder to index.folders)" + System.lineSeparator());
        for (String outside : List.of(elsewhere.resolve("secret.md").toString(), "../" + tmp.relativize(
                elsewhere.resolve("secret.md")).toString().replace('\\', '/'))) {
            CliRun run = ws.run("chunks", outside);
            assertThat(run.exitCode()).as(outside).isEqualTo(1);
            assertThat(run.err()).as(outside).endsWith(": outside the workspace (the index reads only the workspace's "
                    + "own files; copy the file into a document folder)" + System.lineSeparator());
        }
        // a link to a file inside the workspace is read by both
        assertThat(ws.ok("chunks", "docs/inside-link.md").out()).contains("A note kept outside the document folder.");
        assertThat(ws.ok("search", "note kept outside").out()).contains("docs/inside-link.md");
    }

    @Test
    void bothSayWhatWasRedactedWhereWithoutTheValuesAndTheLogHasNoneOfThem() throws IOException {
        CliRun index = ws.ok("index");
        assertThat(index.out()).contains("Redacted: CARD 1, EMAIL 2, IP 1, PHONE 1" + System.lineSeparator()
                + "  docs/contact.md: CARD 1 in chunk #1; EMAIL 2 in chunks #0, #1; IP 1 in chunk #1; PHONE 1 in chunk #0"
                + System.lineSeparator());

        CliRun chunks = ws.ok("chunks", "docs/contact.md");
        assertThat(chunks.out()).contains("Write to help@shop.example or to [EMAIL_1]; call [PHONE_1].",
                "Version 1.2.3.4 runs on [IP_1]. Card [CARD_1] on file; [EMAIL_1] again.");
        assertThat(chunks.out()).containsPattern("#0  Contact  \\d+ tokens  \\d+-\\d+\n  redacted: EMAIL 1, PHONE 1\n");
        assertThat(chunks.out()).containsPattern(
                "#1  Contact > Servers  \\d+ tokens  \\d+-\\d+\n  redacted: CARD 1, EMAIL 1, IP 1\n");
        assertThat(chunks.out().strip()).endsWith("; redacted CARD 1, EMAIL 2, IP 1, PHONE 1");
        CliRun json = ws.ok("chunks", "docs/contact.md", "--format", "json");
        List<?> jsonChunks = (List<?>) org.promptstudio.app.JsonText.parseObject(json.out(), "output").get("chunks");
        assertThat(((Map<?, ?>) jsonChunks.get(0)).get("redactions")).isEqualTo(Map.of("EMAIL", 1L, "PHONE", 1L));
        assertThat(((Map<?, ?>) jsonChunks.get(1)).get("redactions")).isEqualTo(Map.of("CARD", 1L, "EMAIL", 1L, "IP", 1L));

        for (CliRun run : List.of(index, chunks, json, ws.run("chunks", "docs/dangling.md"))) {
            for (String value : VALUES) {
                assertThat(run.out()).doesNotContain(value);
                assertThat(run.err()).doesNotContain(value);
            }
        }
        List<Path> logs = new java.util.ArrayList<>();
        if (Files.exists(LogFile.path())) logs.add(LogFile.path());
        try (Stream<Path> files = Files.walk(ws.dir().resolve(".studio"))) {
            files.filter(f -> f.getFileName().toString().matches(".*\\.(log|trace\\.db|txt)")).forEach(logs::add);
        }
        for (Path log : logs) {
            String text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String value : VALUES) assertThat(text).as(log.toString()).doesNotContain(value);
        }
    }
}
