package org.promptstudio.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a JSONL line can fail to be JSON is told in terms of the user's file, with line and column, and says what
 * to write instead; no message names a setting or class of our JSON library. What JSON allows: RFC 8259 (sections
 * 2, 6 and 7: no comments, trailing commas, single quotes, NaN/Infinity, leading zeros or raw control characters).
 */
class DatasetMessagesTest {

    @TempDir
    Path dir;

    private Datasets datasets;

    @BeforeEach
    void workspace() throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), "name: t\n");
        Files.createDirectories(dir.resolve("datasets"));
        datasets = new Datasets(Workspace.open(dir));
    }

    private String problemOf(String line) throws Exception {
        Files.writeString(dir.resolve("datasets/x.jsonl"), "{\"q\": \"fine\"}\n{\"q\": \"fine\"}\n" + line + "\n");
        Dataset d = datasets.find("x").orElseThrow();
        assertThat(d.cases()).hasSize(2);
        assertThat(d.problems()).hasSize(1);
        String message = d.problems().get(0).toString();
        assertThat(message).doesNotContainIgnoringCase("feature").doesNotContain("Jackson", "`", "code ", "CTRL-CHAR",
                "token 'null'", "Source: ");
        return message;
    }

    @Test
    void nanAndInfinityAreNotJsonNumbers() throws Exception {
        // Issue 10 section 7: "line 3: NaN is not a JSON number", not "enable JsonReadFeature...".
        assertThat(problemOf("{\"q\": \"x\", \"score\": NaN}"))
                .isEqualTo("datasets/x.jsonl:3:21: NaN is not a JSON number; write null or a string (\"NaN\")");
        assertThat(problemOf("{\"score\": Infinity}"))
                .isEqualTo("datasets/x.jsonl:3:11: Infinity is not a JSON number; write null or a string (\"Infinity\")");
        assertThat(problemOf("{\"score\": -Infinity}"))
                .isEqualTo("datasets/x.jsonl:3:11: -Infinity is not a JSON number; write null or a string (\"-Infinity\")");
    }

    @Test
    void aNumberTooLargeForADoubleIsNamedNotReadAsInfinity() throws Exception {
        // A new-user trial: {"expected": 1e999} passed 'datasets check' and reached a test as 'Infinity'.
        assertThat(problemOf("{\"q\": \"x\", \"expected\": 1e999}")).isEqualTo(
                "datasets/x.jsonl:3:24: 1e999 is too large for a number (it would be read as infinity); write it as a"
                        + " string (\"1e999\")");
        assertThat(problemOf("{\"q\": [1, -2E+400]}")).startsWith("datasets/x.jsonl:3:11: -2E+400 is too large");
    }

    @Test
    void trailingCommaIsPointedAt() throws Exception {
        assertThat(problemOf("{\"q\": 1,}"))
                .isEqualTo("datasets/x.jsonl:3:8: a comma with nothing after it before '}'; remove that comma");
        assertThat(problemOf("{\"q\": [1, 2, ]}"))
                .isEqualTo("datasets/x.jsonl:3:12: a comma with nothing after it before ']'; remove that comma");
    }

    @Test
    void singleQuotesUnquotedKeysAndComments() throws Exception {
        assertThat(problemOf("{'q': 'x'}"))
                .isEqualTo("datasets/x.jsonl:3:2: single quotes; JSON writes keys and text in double quotes (\"...\")");
        assertThat(problemOf("{\"q\": 'x'}"))
                .isEqualTo("datasets/x.jsonl:3:7: single quotes; JSON writes keys and text in double quotes (\"...\")");
        assertThat(problemOf("{question: \"x\"}"))
                .isEqualTo("datasets/x.jsonl:3:2: the key question is not in double quotes; write \"question\"");
        assertThat(problemOf("{\"q\": \"x\"} // a note"))
                .isEqualTo("datasets/x.jsonl:3:12: a comment; JSON has no comments, remove it");
        assertThat(problemOf("# a note")).isEqualTo("datasets/x.jsonl:3:1: a comment; JSON has no comments, remove it");
    }

    @Test
    void numbersJsonDoesNotAllow() throws Exception {
        assertThat(problemOf("{\"postcode\": 012345}")).isEqualTo("datasets/x.jsonl:3:14: the number 012345 starts with"
                + " a zero, which JSON does not allow; write 12345, or \"012345\" in double quotes to keep the zero");
        assertThat(problemOf("{\"n\": +1}"))
                .isEqualTo("datasets/x.jsonl:3:7: a number with a '+' sign; JSON numbers have none, write it without the '+'");
        assertThat(problemOf("{\"n\": .5}"))
                .isEqualTo("datasets/x.jsonl:3:7: a number starting with '.'; write a 0 before the point (0.5)");
    }

    @Test
    void controlCharacterInAString() throws Exception {
        assertThat(problemOf("{\"q\": \"a\tb\"}")).isEqualTo("datasets/x.jsonl:3:9: a tab inside a string; write it as"
                + " \\t (JSON strings cannot hold control characters as they are)");
        assertThat(problemOf("{\"q\": \"a\u0001b\"}")).isEqualTo("datasets/x.jsonl:3:9: the control character U+0001"
                + " inside a string; write it as \\u0001 (JSON strings cannot hold control characters as they are)");
    }

    @Test
    void truncatedRows() throws Exception {
        assertThat(problemOf("{\"q\": \"x\"")).isEqualTo("datasets/x.jsonl:3:10: the line ends before the object is "
                + "closed: '}' is missing (JSON Lines: one whole object per line)");
        assertThat(problemOf("{\"q\": \"x")).isEqualTo("datasets/x.jsonl:3:9: the line ends inside a string: its "
                + "closing \" is missing");
        assertThat(problemOf("{\"q\": [1, 2")).isEqualTo("datasets/x.jsonl:3:12: the line ends before the list is "
                + "closed: ']' is missing");
    }

    @Test
    void wordsThatAreNotJson() throws Exception {
        assertThat(problemOf("{\"ok\": True}")).isEqualTo("datasets/x.jsonl:3:8: True is not JSON; write true in lower case");
        assertThat(problemOf("{\"q\": yes}"))
                .isEqualTo("datasets/x.jsonl:3:7: yes is not a JSON value; write text in double quotes (\"yes\")");
        assertThat(problemOf("{\"q\": \"a\\x\"}"))
                .isEqualTo("datasets/x.jsonl:3:9: \\x is not a JSON escape; write \\\\ for a backslash");
        assertThat(problemOf("{\"q\": 1 \"r\": 2}")).isEqualTo("datasets/x.jsonl:3:9: a ',' is missing between two keys");
        assertThat(problemOf("{\"q\" 1}")).isEqualTo("datasets/x.jsonl:3:6: a ':' is missing after the key");
        assertThat(problemOf("{\"q\": 1, \"q\": 2}")).isEqualTo("datasets/x.jsonl:3:13: the key \"q\" is given twice");
    }

    @Test
    void aByteOrderMarkOnlyAtTheStartOfTheFile() throws Exception {
        // At the very start it is taken away (many Windows editors write one); anywhere else it is named.
        Files.writeString(dir.resolve("datasets/x.jsonl"), "\uFEFF{\"q\": \"one\"}\n{\"q\": \"two\"}\n");
        assertThat(datasets.find("x").orElseThrow().problems()).isEmpty();
        assertThat(problemOf("\uFEFF{\"q\": \"x\"}")).isEqualTo("datasets/x.jsonl:3:1: a byte order mark (U+FEFF) here;"
                + " remove it (only the very start of a file may have one)");
    }

    @Test
    void bytesThatAreNotUtf8AreNamedWithTheirColumn() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("{\"q\": \"one\"}\n{\"q\": \"caf".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // é in Latin-1, not UTF-8
        bytes.write("\"}\n{\"q\": \"three\"}\n".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("datasets/x.jsonl"), bytes.toByteArray());
        Dataset d = datasets.find("x").orElseThrow();
        assertThat(d.cases()).extracting(TestCase::sourceLine).containsExactly(1, 3);
        assertThat(d.problems()).extracting(DatasetProblem::toString).containsExactly(
                "datasets/x.jsonl:2:11: not UTF-8 text (byte 0xE9); save the file as UTF-8");
    }
}
