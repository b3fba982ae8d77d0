package org.promptstudio.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The column separator of a CSV file is found from its header and first rows, as Python's csv.Sniffer does
 * (Lib/csv.py, _guess_delimiter: the character whose count is the same in the header and in most rows), or the file
 * is refused with the reason when two characters fit equally.
 */
class CsvSeparatorTest {

    @TempDir
    Path dir;

    private Datasets datasets;

    @BeforeEach
    void workspace() throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), "name: t\n");
        Files.createDirectories(dir.resolve("datasets"));
        datasets = new Datasets(Workspace.open(dir));
    }

    private Dataset load(String text) throws Exception {
        Files.writeString(dir.resolve("datasets/x.csv"), text);
        return datasets.find("x").orElseThrow();
    }

    @Test
    void semicolonsAsASpreadsheetWritesThemWhereDecimalsUseCommas() throws Exception {
        // Issue 10 section 7: this loaded as one column named 'question;expected' with "no problems".
        Dataset d = load("question;expected\nWhat is 1,5 + 1,5?;3\nHello, who are you?;a bot\n");
        assertThat(d.problems()).isEmpty();
        assertThat(d.separator()).isEqualTo(';');
        assertThat(d.separatorName()).contains("semicolons");
        assertThat(d.cases()).extracting(TestCase::input).containsExactly(Map.of("question", "What is 1,5 + 1,5?"),
                Map.of("question", "Hello, who are you?"));
        assertThat(d.cases()).extracting(TestCase::expected).containsExactly(Map.of("expected", "3"),
                Map.of("expected", "a bot"));
    }

    @Test
    void tabsAndPipes() throws Exception {
        Dataset tabs = load("question\texpected\nq1, with comma\ta1\nq2\ta2\n");
        assertThat(tabs.separator()).isEqualTo('\t');
        assertThat(tabs.cases()).extracting(c -> c.input().get("question")).containsExactly("q1, with comma", "q2");
        Dataset pipes = load("question|expected\nq1; a|a1\nq2|a2\n");
        assertThat(pipes.separatorName()).contains("pipes (|)");
        assertThat(pipes.cases()).extracting(c -> c.input().get("question")).containsExactly("q1; a", "q2");
    }

    @Test
    void commasStayTheDefaultAndQuotedSeparatorsDoNotCount() throws Exception {
        Dataset d = load("question,expected\n\"a; b; c\",x\n\"d;e\",y\n");
        assertThat(d.problems()).isEmpty();
        assertThat(d.separator()).isEqualTo(',');
        assertThat(d.cases()).extracting(c -> c.input().get("question")).containsExactly("a; b; c", "d;e");
        Dataset single = load("question\nhow?\nwhy?\n");
        assertThat(single.separator()).isEqualTo(',');
        assertThat(single.cases()).hasSize(2);
    }

    @Test
    void oneBadRowDoesNotChangeTheSeparatorAndIsReported() throws Exception {
        StringBuilder text = new StringBuilder("question;expected\n");
        for (int i = 1; i <= 10; i++) text.append("q").append(i).append(";a").append(i).append('\n');
        text.append("only one column\n");
        Dataset d = load(text.toString());
        assertThat(d.separator()).isEqualTo(';');
        assertThat(d.cases()).hasSize(10);
        assertThat(d.problems()).extracting(Object::toString)
                .containsExactly("datasets/x.csv:12: has 1 columns, the header has 2");
    }

    @Test
    void twoSeparatorsThatFitEquallyAreRefusedWithTheReason() throws Exception {
        Dataset d = load("question;topic,expected\nq1;t1,a1\nq2;t2,a2\n");
        assertThat(d.cases()).isEmpty();
        assertThat(d.separator()).isNull();
        assertThat(d.problems()).extracting(Object::toString).containsExactly("datasets/x.csv:1: cannot tell whether the"
                + " columns are separated by commas or semicolons: each splits the header and the rows the same way;"
                + " put the fields that contain the other character in double quotes; not read");
    }
}
