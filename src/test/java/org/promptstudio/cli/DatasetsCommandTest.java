package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.testsupport.FolderSnapshot;

class DatasetsCommandTest {

    @TempDir
    Path tmp;

    Path ws;

    @BeforeEach
    void workspace() throws Exception {
        ws = Studio.init(tmp.resolve("ws"), "t").root();
        write("support.jsonl", """
                {"question": "a", "expected": "x", "split": "dev"}
                {"question": "b", "expected": "y", "split": "test"}
                {"question": "c", "expected": "z", "split": "test"}
                """);
        write("faq.csv", "question,expected\nq1,a1\n\"q2\nstill q2\",a2\n");
    }

    @Test
    void checkSummarisesEachCleanDatasetAndExits0() {
        CliRun run = studio("-w", ws.toString(), "datasets", "check");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                faq: 2 cases (0 dev, 0 test), no problems; columns separated by commas
                support: 3 cases (1 dev, 2 test), no problems
                """);
    }

    @Test
    void checkPrintsEveryProblemOfEveryDatasetAndExits1() throws Exception {
        write("support.jsonl", """
                {"question": "a", "split": "dev"}
                {"question": "b", "split": "train"}
                not json
                """);
        write("faq.csv", "question,expected\nq1\n");
        write("more.jsonl", "{\"question\": \"fine\"}\n");

        CliRun run = studio("datasets", "check", "-w", ws.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        // stdout: the summary, one line per dataset; stderr: every problem, then the one error line
        assertThat(run.out()).isEqualTo("""
                faq: 0 cases (0 dev, 0 test), 1 problem; columns separated by commas
                more: 1 cases (0 dev, 0 test), no problems
                support: 1 cases (1 dev, 0 test), 2 problems
                """);
        assertThat(run.err()).isEqualTo("""
                datasets/faq.csv:2: has 1 columns, the header has 2
                datasets/support.jsonl:2: 'split' must be "dev" or "test", not "train"
                datasets/support.jsonl:3:1: not is not a JSON value; write text in double quotes ("not")
                error: 3 problems in 2 of 3 datasets
                """);
    }

    @Test
    void listPrintsCasesAndSplitsPerDataset() throws Exception {
        write("broken.jsonl", "{\"q\": 1}\n[]\n");

        CliRun run = studio("datasets", "list", "--workspace", ws.toString());

        // Issue 8: the problem line went inside the table and the exit code was 0. The table alone on stdout,
        // the problem on stderr, exit 1.
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("""
                DATASET  CASES    DEV   TEST  PROBLEMS
                broken       1      0      0         1
                faq          2      0      0         0
                support      3      1      2         0
                """);
        assertThat(run.err()).isEqualTo("error: 1 problem in 1 of 3 datasets (see: studio datasets check)\n");
    }

    @Test
    void listOfCleanDatasetsExits0WithNothingOnStderr() {
        CliRun run = studio("datasets", "list", "--workspace", ws.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("DATASET  CASES").contains("support      3      1      2         0");
    }

    @Test
    void helpSaysWhatTheExitCodesMean() {
        assertThat(studio("datasets", "list", "--help").out()).contains("Exit codes:")
                .contains("1   a dataset has a problem");
        assertThat(studio("datasets", "check", "--help").out()).contains("Exit codes:")
                .contains("0   every dataset loads without a problem");
    }

    @Test
    void aWorkspaceWithoutDatasetsSaysSo() throws Exception {
        Path empty = Studio.init(tmp.resolve("empty"), null).root();

        CliRun run = studio("-w", empty.toString(), "datasets", "check");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("no datasets (datasets/*.jsonl, datasets/*.csv)\n");
    }

    @Test
    void aBrokenStudioYamlStopsTheCommandWithItsPlaceAndChangesNothing() throws Exception {
        Files.writeString(ws.resolve("studio.yaml"), "name: t\nmodels:\n  - id: a\n    maxConcurrency: lots\n");
        Map<String, String> before = FolderSnapshot.of(ws);

        CliRun run = studio("-w", ws.toString(), "datasets", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: studio.yaml:4:21: 'maxConcurrency' must be an integer\n");
        assertThat(FolderSnapshot.of(ws)).isEqualTo(before);
    }

    @Test
    void aFolderThatIsNoWorkspaceIsRefused() {
        Path missing = tmp.resolve("missing");

        CliRun run = studio("-w", missing.toString(), "datasets", "check");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: " + missing + ": no such folder\n");
        assertThat(missing).doesNotExist();
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(ws.resolve("datasets").resolve(name), text);
    }

    @Test
    void checkSaysWhichSeparatorItUsedAndWarnsWhenNoPromptReadsTheColumns() throws Exception {
        // Issue 10 section 7: a semicolon CSV; and a header no prompt that uses the dataset reads.
        write("sums.csv", "question;expected\nWhat is 1,5 + 1,5?;3\n");
        write("fragen.csv", "frage;erwartet\nWas ist 2 + 2?;4\n");
        Files.writeString(ws.resolve("prompts/solve.prompt"), "---\ninput:\n  schema:\n    question: string\n---\n"
                + "Answer: {{question}}\n");
        Files.writeString(ws.resolve("experiments/fragen.yaml"), "prompts: [solve]\nmodels: [echo]\ndataset: fragen\n");

        CliRun run = studio("-w", ws.toString(), "datasets", "check");

        assertThat(run.out()).contains("sums: 1 cases (0 dev, 0 test), no problems; columns separated by semicolons\n")
                .contains("fragen: 1 cases (0 dev, 0 test), no problems; columns separated by semicolons\n");
        assertThat(run.err()).contains("warning: solve: no column of datasets/fragen.csv is an input of the prompt"
                + " (columns: frage, erwartet; the prompt's inputs: question)\n");
        assertThat(run.exitCode()).isZero(); // a warning, not a problem of the file
    }

    @Test
    void checkRefusesEveryMessagesFieldOfTheWrongShapeWithItsLine() throws Exception {
        // a new-user trial: these rows passed 'datasets check' and failed only at 'studio run'; Dotprompt's message
        // and part shapes: dotprompt js/src/types.ts (Message, Part), roles of spec/history.yaml
        write("chat.jsonl", """
                {"messages": [{"role": "user", "content": "fine"}, {"role": "assistant", "content": "ok"}]}
                {"messages": "just a string"}
                {"messages": [{"role": "wizard", "content": "x"}]}
                {"messages": [{"content": "x"}]}
                {"messages": [{"role": "user", "content": 42}]}
                {"messages": {"role": "user", "content": "x"}}
                {"messages": [{"role": "user", "content": [{"bogus": 1}]}]}
                """);

        CliRun run = studio("-w", ws.toString(), "datasets", "check");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("chat: 1 cases (0 dev, 0 test), 6 problems\n");
        assertThat(run.err()).contains("""
                datasets/chat.jsonl:2: messages must be a list of {role, content} messages (the conversation {{history}} places), not text
                datasets/chat.jsonl:3: messages[0].role must be one of system, user, model (or assistant), tool, not 'wizard'
                datasets/chat.jsonl:4: messages[0].role must be one of system, user, model (or assistant), tool, not missing
                datasets/chat.jsonl:5: messages[0].content must be text or a list of parts ({text: ...}), not a number
                datasets/chat.jsonl:6: messages must be a list of {role, content} messages (the conversation {{history}} places), not an object
                datasets/chat.jsonl:7: messages[0].content[0]: a part needs text (or media/toolRequest/toolResponse), found keys bogus
                """);
    }
}
