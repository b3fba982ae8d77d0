package org.promptstudio.cli;

import org.promptstudio.app.StudioParts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Which experiments {@code studio test} runs: with none named, those marked {@code test: true}, in name order; a
 * named one whether marked or not; none marked is an error saying how to mark one; a file that cannot be read
 * (it might be a prompt test) or an experiment that cannot run is an error in the console and the JUnit report.
 */
class PromptTestSelectionTest {

    @TempDir
    Path tmp;
    CliWorkspace ws;

    static final String EXPERIMENT = """
            %s
            prompts: [greet]
            models: [echo]
            dataset: names
            strategy: { type: zero-shot, answerPattern: "to (\\\\w+)" }
            """;

    @BeforeEach
    void workspace() {
        ws = CliWorkspace.create(tmp);
        ws.write("studio.yaml", "name: tests\nmodels:\n  - id: echo\n    provider: echo\n");
        ws.save("greet", """
                ---
                input:
                  schema:
                    name: string
                ---
                Say hello to {{name}}.
                """, "Greet");
        ws.write("datasets/names.jsonl", """
                {"id": "ann", "name": "Ann", "expected": "Ann"}
                {"id": "bob", "name": "Bob", "expected": "Bob"}
                """);
    }

    @Test
    void withNoNameOnlyTheMarkedExperimentsRunInNameOrder() throws Exception {
        ws.write("experiments/zeta.yaml", EXPERIMENT.formatted("test: true"));
        ws.write("experiments/alpha.yaml", EXPERIMENT.formatted("test: true"));
        ws.write("experiments/explore.yaml", EXPERIMENT.formatted("test: false"));
        ws.write("experiments/measure.yaml", EXPERIMENT.formatted("description: not a prompt test"));
        CliRun run = ws.run("test", "--junit", "report.xml");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("alpha (run 1):").contains("zeta (run 2):").doesNotContain("explore")
                .doesNotContain("measure").contains("PASSED: 4 case(s), 0 failed");
        assertThat(run.out().indexOf("alpha (run 1)")).isLessThan(run.out().indexOf("zeta (run 2)"));
        NodeList suites = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ws.dir().resolve("report.xml").toFile()).getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        assertThat(((Element) suites.item(0)).getAttribute("name")).startsWith("alpha / ");
        assertThat(((Element) suites.item(1)).getAttribute("name")).startsWith("zeta / ");
    }

    @Test
    void noMarkedExperimentIsAOneLineErrorSayingHowToMarkOne() {
        ws.write("experiments/explore.yaml", EXPERIMENT.formatted(""));
        CliRun run = ws.run("test", "--junit", "report.xml", "--fail-under", "0.9");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: no experiment in experiments/ is marked as a prompt test: add "
                + "'test: true' to the experiment files CI should run, or name them (studio test NAME)\n");
        assertThat(run.out()).isEmpty();
        CliRun empty = ws.run("test");
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err()).startsWith("error: no experiment in experiments/ is marked as a prompt test");
    }

    @Test
    void aNamedExperimentRunsWhetherMarkedOrNot() {
        ws.write("experiments/explore.yaml", EXPERIMENT.formatted(""));
        ws.write("experiments/ci.yaml", EXPERIMENT.formatted("test: true"));
        CliRun run = ws.run("test", "explore");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("explore (run 1):").doesNotContain("ci (run");
    }

    @Test
    void anExperimentFileThatCannotBeReadIsAnErrorAndTheOthersStillRun() throws Exception {
        ws.write("experiments/alpha.yaml", EXPERIMENT.formatted("test: true"));
        ws.write("experiments/broken.yaml", EXPERIMENT.formatted("test: yes"));
        ws.write("experiments/ghost.yaml", EXPERIMENT.formatted("test: true").replace("[echo]", "[gpt-9]"));
        CliRun run = ws.run("test", "--junit", "report.xml", "--html", "report.html");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("""
                error: experiments/broken.yaml:1: 'test' must be true or false, found 'yes'
                error: experiments/ghost.yaml:3:10: no model 'gpt-9' in studio.yaml or built in (known: echo, extractive)
                """);
        assertThat(run.out()).contains("alpha (run 1):").contains("FAILED: 2 case(s), 0 failed");
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ws.dir().resolve("report.xml").toFile()).getDocumentElement();
        assertThat(root.getAttribute("tests")).isEqualTo("4");
        assertThat(root.getAttribute("errors")).isEqualTo("2");
        assertThat(root.getAttribute("failures")).isEqualTo("0");
        NodeList errors = root.getElementsByTagName("error");
        assertThat(((Element) errors.item(0)).getAttribute("message"))
                .isEqualTo("experiments/broken.yaml:1: 'test' must be true or false, found 'yes'");
        assertThat(((Element) errors.item(0).getParentNode()).getAttribute("name")).isEqualTo("broken (could not run)");
        assertThat(((Element) errors.item(1)).getAttribute("message")).isEqualTo("experiments/ghost.yaml:3:10: no model 'gpt-9' in studio.yaml or built in (known: echo, extractive)");
        assertThat(ws.read("report.html")).contains("broken <small class=\"fail\">could not run</small>")
                .contains("no model &#39;gpt-9&#39; in studio.yaml");
    }

    @Test
    void theHelpSaysHowAnExperimentIsMarked() {
        CliRun help = ws.run("test", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out().replaceAll("\\s+", " "))
                .contains("With no EXPERIMENT, runs the experiments marked as prompt tests: 'test: true' in experiments/NAME.yaml.")
                .contains("studio test --recordings recordings --junit target/prompt-tests.xml --fail-under 0.9");
    }

    // Trial of issue 9: a misspelt assertion type stopped the whole test after the calls, with no report written.
    @Test
    void aMisspeltAssertionIsAnErrorBeforeAnyCallAndTheOthersStillRun() throws Exception {
        ws.write("experiments/alpha.yaml", EXPERIMENT.formatted("test: true"));
        ws.write("experiments/typo.yaml", EXPERIMENT.formatted("test: true\nassertions: [ { type: answer-numbr } ]"));
        CliRun run = ws.run("test", "--junit", "report.xml", "--html", "report.html");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: experiments/typo.yaml: assertion 1: unknown assertion"
                + " type 'answer-numbr'");
        assertThat(run.out()).contains("alpha (run 1):").doesNotContain("typo (run")
                .contains("1 experiment(s) could not run: typo").contains("FAILED: 2 case(s), 0 failed");
        org.w3c.dom.Document junit = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ws.dir().resolve("report.xml").toFile());
        assertThat(junit.getElementsByTagName("error").getLength()).isEqualTo(1);
        assertThat(junit.getElementsByTagName("testcase").getLength()).isEqualTo(3);
        String html = java.nio.file.Files.readString(ws.dir().resolve("report.html"));
        assertThat(html).contains("<p class=\"fail\"><strong>FAILED: 2 case(s), 0 failed, pass rate 100.0%</strong></p>")
                .contains("could not run");
        try (org.promptstudio.app.Studio s = org.promptstudio.app.Studio.open(ws.dir())) {
            assertThat(StudioParts.runs(s).latest(10)).as("nothing of typo ran").hasSize(1);
        }
    }
}
