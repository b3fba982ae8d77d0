package org.promptstudio.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    Path dir;

    private Datasets datasets;

    @BeforeEach
    void workspace() throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), "name: t\n");
        Files.createDirectories(dir.resolve("datasets"));
        datasets = new Datasets(Workspace.open(dir));
    }

    @Test
    void jsonlFieldsAreSortedIntoIdInputExpectedAndSplit() throws Exception {
        write("support.jsonl", """
                {"question": "Ship to Norway?", "expected": "Yes.", "expected_category": "shipping", "split": "dev"}

                {"id": "q7", "question": "Refund?", "customer": {"name": "Ann", "orders": [1, 2]}, "split": "test"}
                {"question": "No split here", "count": 3, "flag": true, "nothing": null}
                """);

        Dataset d = datasets.find("support").orElseThrow();

        assertThat(d.problems()).isEmpty();
        assertThat(d.cases()).hasSize(3);
        TestCase first = d.cases().get(0);
        assertThat(first.id()).isEqualTo("support:1");
        assertThat(first.sourceLine()).isEqualTo(1);
        assertThat(first.input()).isEqualTo(Map.of("question", "Ship to Norway?"));
        assertThat(first.expected()).containsExactly(Map.entry("expected", "Yes."),
                Map.entry("expected_category", "shipping"));
        assertThat(first.split()).isEqualTo("dev");
        TestCase second = d.cases().get(1);
        assertThat(second.id()).isEqualTo("q7");
        assertThat(second.sourceLine()).isEqualTo(3);
        assertThat(second.input()).containsOnlyKeys("question", "customer");
        assertThat(second.input().get("customer")).isEqualTo(Map.of("name", "Ann", "orders", List.of(1, 2)));
        assertThat(second.expected()).isEmpty();
        TestCase third = d.cases().get(2);
        assertThat(third.split()).isNull();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("question", "No split here");
        input.put("count", 3);
        input.put("flag", true);
        input.put("nothing", null);
        assertThat(third.input()).containsExactlyEntriesOf(input);
        assertThat(d.count(TestCase.DEV)).isEqualTo(1);
        assertThat(d.count(TestCase.TEST)).isEqualTo(1);
        assertThat(d.count(null)).isEqualTo(1);
    }

    @Test
    void eachBadJsonlLineIsReportedWithItsNumberAndTheOthersLoad() throws Exception {
        write("x.jsonl", """
                {"id": 1, "q": "good"}
                {"q": "missing brace"
                ["an", "array"]
                {"q": "a", "q": "twice"}
                {"q": "one"} {"q": "two"}
                {"q": "wrong split", "split": "train"}
                {"id": 1, "q": "same id"}
                {"id": {"x": 1}, "q": "odd id"}
                {'q': 'single quotes'}
                {"id": 2, "q": "also good", "split": "test"}
                """);

        Dataset d = datasets.find("x").orElseThrow();

        assertThat(d.cases()).extracting(TestCase::id).containsExactly("1", "2");
        assertThat(d.cases()).extracting(TestCase::sourceLine).containsExactly(1, 10);
        assertThat(d.problems()).extracting(DatasetProblem::toString).containsExactly(
                "datasets/x.jsonl:2:22: the line ends before the object is closed: '}' is missing (JSON Lines: one whole"
                        + " object per line)",
                "datasets/x.jsonl:3: expected a JSON object ({...}) on the line, found an array",
                "datasets/x.jsonl:4:15: the key \"q\" is given twice",
                "datasets/x.jsonl:5:14: more than one JSON value on the line (put one object per line)",
                "datasets/x.jsonl:6: 'split' must be \"dev\" or \"test\", not \"train\"",
                "datasets/x.jsonl:7: duplicate id '1' (first on line 1)",
                "datasets/x.jsonl:8: 'id' must be text or a number, not {x=1}",
                "datasets/x.jsonl:9:2: single quotes; JSON writes keys and text in double quotes (\"...\")");
    }

    @Test
    void aLineThatIsNotUtf8IsReportedAndTheOthersLoad() throws Exception {
        byte[] bad = "{\"q\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        write("x.jsonl", concat(line("{\"q\": \"one\"}"), bad, line("{\"q\": \"three\"}")));

        Dataset d = datasets.find("x").orElseThrow();

        assertThat(d.cases()).extracting(TestCase::sourceLine).containsExactly(1, 3);
        assertThat(d.problems()).extracting(DatasetProblem::toString)
                .containsExactly("datasets/x.jsonl:2:11: not UTF-8 text (byte 0xE9); save the file as UTF-8");
    }

    @Test
    void aBinaryFileIsReportedOnceAndNotRead() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        write("picture.jsonl", png);

        Dataset d = datasets.find("picture").orElseThrow();

        assertThat(d.cases()).isEmpty();
        assertThat(d.problems()).extracting(DatasetProblem::toString)
                .containsExactly("datasets/picture.jsonl:3: binary data, not a text file; not read");
    }

    @Test
    void csvRowsLoadWithQuotedCommasQuotesAndLineBreaks() throws Exception {
        write("faq.csv", "\uFEFFid,question,expected,split\r\n"
                + "a1,\"Where, exactly?\",\"Here, \"\"there\"\"\",dev\r\n"
                + "a2,\"Two\r\nline question\",\"ok\",\r\n"
                + "\r\n"
                + ",Third,\"\",test\r\n");

        Dataset d = datasets.find("faq").orElseThrow();

        assertThat(d.problems()).isEmpty();
        assertThat(d.cases()).extracting(TestCase::id).containsExactly("a1", "a2", "faq:6");
        assertThat(d.cases()).extracting(TestCase::sourceLine).containsExactly(2, 3, 6);
        assertThat(d.cases().get(0).input()).isEqualTo(Map.of("question", "Where, exactly?"));
        assertThat(d.cases().get(0).expected()).isEqualTo(Map.of("expected", "Here, \"there\""));
        assertThat(d.cases().get(1).input()).isEqualTo(Map.of("question", "Two\nline question"));
        assertThat(d.cases().get(1).split()).isNull();
        assertThat(d.cases().get(2).expected()).isEqualTo(Map.of("expected", ""));
        assertThat(d.cases().get(2).split()).isEqualTo("test");
    }

    @Test
    void badCsvRowsAreReportedAtTheLineTheyStartAndTheOthersLoad() throws Exception {
        write("x.csv", """
                question,expected_category
                fine,a
                too,many,cells
                "bad"quote,b
                "multi
                line",c
                short
                "unclosed,d
                """);

        Dataset d = datasets.find("x").orElseThrow();

        assertThat(d.cases()).extracting(TestCase::sourceLine).containsExactly(2, 5);
        assertThat(d.problems()).extracting(DatasetProblem::toString).containsExactly(
                "datasets/x.csv:3: has 3 columns, the header has 2",
                "datasets/x.csv:4:6: text after a closing quote ('q'); a quote inside a quoted field is written twice"
                        + " (\"\")",
                "datasets/x.csv:7: has 1 columns, the header has 2",
                "datasets/x.csv:8: a quoted field is never closed: its closing \" is missing, so the rest of the file is"
                        + " part of it");
    }

    @Test
    void aCsvHeaderThatNamesAColumnTwiceIsReportedAndTheFileNotRead() throws Exception {
        write("x.csv", "question,question\na,b\n");

        Dataset d = datasets.find("x").orElseThrow();

        assertThat(d.cases()).isEmpty();
        assertThat(d.problems()).extracting(DatasetProblem::toString)
                .containsExactly("datasets/x.csv:1: the header names column 'question' twice; the file is not read");
    }

    @Test
    void emptyFilesAreDatasetsWithNoCases() throws Exception {
        write("empty.jsonl", "");
        write("empty-too.csv", "");

        assertThat(datasets.loadAll()).allSatisfy(d -> {
            assertThat(d.cases()).isEmpty();
            assertThat(d.problems()).isEmpty();
        });
    }

    @Test
    void listsOnlyJsonlAndCsvFilesByName() throws Exception {
        write("b.csv", "q\nx\n");
        write("a.jsonl", "{\"q\": 1}\n");
        write("notes.md", "# about the data\n");
        write(".gitkeep", "");

        assertThat(datasets.loadAll()).extracting(Dataset::name).containsExactly("a", "b");
        assertThat(datasets.find("notes")).isEmpty();
        assertThat(datasets.find("a").orElseThrow().path()).isEqualTo(dir.resolve("datasets/a.jsonl"));
    }

    @Test
    void twoFilesWithTheSameNameAreReported() throws Exception {
        write("x.csv", "q\nfrom csv\n");
        write("x.jsonl", "{\"q\": \"from jsonl\"}\n");

        List<Dataset> all = datasets.loadAll();

        assertThat(all).hasSize(2);
        assertThat(all.get(0).cases()).hasSize(1);
        assertThat(all.get(1).cases()).isEmpty();
        assertThat(all.get(1).problems()).extracting(DatasetProblem::toString).containsExactly(
                "datasets/x.jsonl: another dataset is named 'x' (datasets/x.csv); rename one; not read");
    }

    @Test
    void aWorkspaceWithoutADatasetsFolderHasNoDatasets() throws Exception {
        Files.delete(dir.resolve("datasets"));

        assertThat(datasets.loadAll()).isEmpty();
    }

    @Test
    void assertIsAReservedFieldHoldingTheCasesAssertions() throws Exception {
        write("t.jsonl", """
                {"question": "Refund?", "expected": "30 days", "assert": [{"type": "contains", "value": "30 days"}, {"type": "similar", "threshold": 0.8}]}
                {"question": "Bad", "assert": {"type": "contains"}}
                {"question": "No type", "assert": [{"value": "x"}]}
                """);
        write("c.csv", "question,assert\nRefund?,\"[{\"\"type\"\": \"\"is-json\"\"}]\"\n");

        Dataset d = datasets.find("t").orElseThrow();

        TestCase first = d.cases().get(0);
        assertThat(first.input()).containsOnlyKeys("question");
        assertThat(first.assertions()).containsExactly(Map.of("type", "contains", "value", "30 days"),
                Map.of("type", "similar", "threshold", 0.8));
        assertThat(d.problems()).extracting(DatasetProblem::toString).containsExactly(
                "datasets/t.jsonl:2: 'assert' must be a list of assertions, like [{\"type\": \"contains\", \"value\": \"x\"}]",
                "datasets/t.jsonl:3: 'assert' item 1 must be an object with a \"type\"");
        TestCase csv = datasets.find("c").orElseThrow().cases().get(0);
        assertThat(csv.assertions()).containsExactly(Map.of("type", "is-json"));
        assertThat(csv.input()).containsOnlyKeys("question");
    }

    private void write(String name, String text) throws Exception {
        write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private void write(String name, byte[] bytes) throws Exception {
        Files.write(dir.resolve("datasets").resolve(name), bytes);
    }

    private static byte[] line(String s) {
        return (s + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
