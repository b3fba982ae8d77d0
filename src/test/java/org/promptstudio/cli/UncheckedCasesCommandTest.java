package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.eval.AssertionResult;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.Verdict;

/**
 * Issue 9, section 1 (decision 0020): a case nothing could fail is unchecked, shown apart by {@code studio eval} and
 * {@code studio test} and never in a pass rate; {@code --max-unchecked}; a prompt's declared JSON output checks every
 * answer. The built-in echo model answers with the last user message it was sent, so its answers are known.
 */
class UncheckedCasesCommandTest {

    @TempDir
    Path tmp;
    CliWorkspace ws;

    @BeforeEach
    void workspace() {
        ws = CliWorkspace.create(tmp);
        ws.write("studio.yaml", """
                name: unchecked
                models:
                  - id: echo
                    provider: echo
                """);
        ws.save("greet", """
                ---
                input:
                  schema:
                    name: string
                ---
                Say hello to {{name}}.
                """, "Greet");
        // one case with an assertion of its own, three with none
        ws.write("datasets/names.jsonl", """
                {"id": "ann", "name": "Ann", "assert": [{"type": "contains", "value": "Ann"}]}
                {"id": "bob", "name": "Bob"}
                {"id": "cy", "name": "Cy"}
                {"id": "di", "name": "Di"}
                """);
        ws.write("experiments/greetings.yaml", """
                prompts: [greet]
                models: [echo]
                dataset: names
                """);
    }

    // Issue 9: "`studio eval 2` today prints "no assertions" and then "25 passed (100.0%)"".
    @Test
    void evalOfARunWithNoAssertionSaysUncheckedAndNoPassRate() {
        ws.write("datasets/names.jsonl", ws.read("datasets/names.jsonl").replaceAll(", \"assert\": \\[[^]]*]", ""));
        ws.ok("run", "greetings");
        CliRun eval = ws.ok("eval", "1");
        assertThat(eval.out()).contains("run 1: 4 case(s) judged, 0 assertion results stored")
                .contains("until then every case is unchecked, not passed")
                .containsPattern("prompts/greet.prompt@\\w{7} +echo +- +4 n/a \\(none checked\\)")
                .contains("4 cases, 0 passed, 0 failed, 4 unchecked (no weighted assertion): pass rate n/a (nothing checked)")
                .doesNotContain("100.0%").doesNotContain("4 passed");
    }

    @Test
    void evalShowsThePassRateOfTheCheckedCasesOnly() {
        ws.ok("run", "greetings");
        CliRun eval = ws.ok("eval", "1");
        assertThat(eval.out()).contains("unchecked: 3 of 4 case(s), not in the pass rate")
                .contains("4 cases, 1 passed, 0 failed, 3 unchecked (no weighted assertion): pass rate 100.0% of 1 checked");
    }

    @Test
    void testFailsWhenMoreCasesAreUncheckedThanAllowed() {
        CliRun strict = ws.run("test", "greetings", "--junit", "report.xml");
        assertThat(strict.err()).isEmpty();
        assertThat(strict.exitCode()).as("default --max-unchecked 0").isEqualTo(1);
        assertThat(strict.out()).containsPattern("prompts/greet.prompt@\\w{7} +echo +\\S+ +4 +100.0% \\[")
                .contains("    unchecked: 3 of 4 case(s), not in the pass rate")
                .containsPattern("  UNCHECKED prompts/greet.prompt@\\w{7} · echo: 3 case\\(s\\), no assertion")
                .contains("unchecked: 3 of 4 case(s) (75.0%), more than --max-unchecked 0.0% allows (greetings: 3)")
                .contains("FAILED: 4 case(s), 0 failed, 3 unchecked, pass rate 100.0% of 1 checked")
                .doesNotContain("  FAIL ");
        assertThat(ws.read("report.xml")).contains("skipped=\"3\"").contains("<skipped message=\"unchecked: no assertion");

        CliRun some = ws.run("test", "greetings", "--max-unchecked", "0.75", "--fail-under", "0.9");
        assertThat(some.exitCode()).as(some.out()).isZero();
        assertThat(some.out()).contains("PASSED: 4 case(s), 0 failed, 3 unchecked, pass rate 100.0% of 1 checked (bar 90.0%)");
        assertThat(ws.run("test", "greetings", "--max-unchecked", "0.7").exitCode()).isEqualTo(1);
        CliRun bad = ws.run("test", "greetings", "--max-unchecked", "1.5");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--max-unchecked must be between 0 and 1, found 1.5");
    }

    @Test
    void diffRunsPairsOnlyCasesCheckedInBothRunsAndSaysHowManyWereLeftOut() {
        ws.ok("run", "greetings");
        ws.ok("run", "greetings");
        CliRun diff = ws.ok("diff-runs", "1", "2");
        assertThat(diff.out()).contains("Paired case(s): 1\n")
                .contains("Left out of the pass rate: 3 shared case(s) unchecked in one run or both (neither pass nor fail)")
                .contains("Broke (pass -> fail): 0").contains("Fixed (fail -> pass): 0");
    }

    @Test
    void testWithNothingCheckedFailsWhateverTheBar() {
        ws.write("datasets/names.jsonl", ws.read("datasets/names.jsonl").replaceAll(", \"assert\": \\[[^]]*]", ""));
        CliRun run = ws.run("test", "greetings", "--max-unchecked", "1", "--fail-under", "0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED: 4 case(s), 0 failed, 4 unchecked, pass rate n/a (nothing checked)")
                .containsPattern("prompts/greet.prompt@\\w{7} +echo +\\S+ +4 +n/a \\(none checked\\)")
                .doesNotContain("100.0%");
    }

    /** The support-assistant sample's classify-ticket prompt declares {@code output.format: json} and a schema. */
    private CliWorkspace sample() {
        Path dir = tmp.resolve("support");
        assertThat(CliRun.studio("init", dir.toString(), "--from-sample", "support-assistant").exitCode()).isZero();
        CliWorkspace sample = new CliWorkspace(dir);
        sample.git("config", "user.name", "Ada Lovelace");
        sample.git("config", "user.email", "ada@example.org");
        return sample;
    }

    // Issue 9: the echo model "classified" every ticket and `studio test` said PASSED 100%.
    @Test
    void aPromptsDeclaredJsonOutputChecksEveryAnswer() {
        CliWorkspace sample = sample();
        sample.write("experiments/triage.yaml", """
                prompts: [classify-ticket]
                models: [echo]
                inputs:
                  - { ticket: "Subject: Charged twice\\nMy card shows two charges of €299 for order TH-204518." }
                """);
        CliRun echo = sample.run("test", "triage");
        assertThat(echo.exitCode()).isEqualTo(1);
        assertThat(echo.out()).containsPattern("  FAIL prompts/classify-ticket.prompt@\\w{7} input:1 · echo: json-schema: the"
                        + " prompt's output.schema: is not JSON: Unrecognized token 'Ticket'")
                .contains("FAILED: 1 case(s), 1 failed, pass rate 0.0%");

        // The user message is the ticket alone, so echo answers with the ticket's JSON: the failing path is named.
        sample.write("prompts/classify-ticket.prompt", sample.read("prompts/classify-ticket.prompt")
                .replace("Ticket:\n{{ticket}}", "{{ticket}}"));
        sample.write("experiments/triage.yaml", """
                prompts: [classify-ticket]
                models: [echo]
                inputs:
                  - { ticket: '{"category": "billing", "priority": "soon", "summary": "Charged twice", "needs_human": false}' }
                  - { ticket: '{"category": "billing", "priority": "high", "summary": "Charged twice", "needs_human": false}' }
                """);
        CliRun path = sample.run("test", "triage");
        assertThat(path.exitCode()).isEqualTo(1);
        assertThat(path.out()).containsPattern("  FAIL prompts/classify-ticket.prompt@\\w{7}\\+dirty input:1 · echo: json-schema:"
                        + " the prompt's output.schema: \\$.priority: .*\\[\"?low\"?, \"?normal\"?, \"?high\"?, \"?urgent\"?]"
                        + " \\(found \"soon\"\\)")
                .doesNotContain("input:2 · echo:")
                .contains("FAILED: 2 case(s), 1 failed, pass rate 50.0%");
    }

    @Test
    void aDeclaredJsonSchemaAssertionIsNotCheckedTwice() {
        CliWorkspace sample = sample();
        sample.write("experiments/triage.yaml", """
                prompts: [classify-ticket]
                models: [echo]
                inputs:
                  - { ticket: "Subject: Charged twice" }
                assertions:
                  - { type: json-schema }
                  - { type: contains, value: Charged }
                """);
        sample.ok("run", "triage");
        try (Studio studio = Studio.open(sample.dir())) {
            CaseResult r = studio.evaluation().evaluateRun(1).get(0);
            assertThat(r.assertions()).extracting(AssertionResult::type).containsExactly("json-schema", "contains");
            assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        }
        // With only a watched (weight 0) figure declared, the declared output still checks the answer.
        sample.write("experiments/triage.yaml", """
                prompts: [classify-ticket]
                models: [echo]
                inputs:
                  - { ticket: "Subject: Charged twice" }
                assertions:
                  - { type: contains, value: Charged, weight: 0 }
                """);
        try (Studio studio = Studio.open(sample.dir())) {
            CaseResult r = studio.evaluation().evaluateRun(1).get(0);
            assertThat(r.assertions()).extracting(AssertionResult::type).containsExactly("contains", "json-schema");
            assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(r.assertions().get(1).reason()).startsWith("the prompt's output.schema: is not JSON");
        }
        // Nothing declared, answers extracted and an expected answer: the answer rule still applies, and the output too.
        sample.write("datasets/one-ticket.jsonl", """
                {"id": "t1", "ticket": "Subject: Refund", "expected": "Refund"}
                """);
        sample.write("experiments/triage.yaml", """
                prompts: [classify-ticket]
                models: [echo]
                dataset: one-ticket
                strategy: { type: zero-shot, answerPattern: "Subject: (\\\\w+)" }
                """);
        sample.ok("run", "triage");
        try (Studio studio = Studio.open(sample.dir())) {
            CaseResult r = studio.evaluation().evaluateRun(2).get(0);
            assertThat(r.assertions()).extracting(AssertionResult::type).containsExactly("answer-equals", "json-schema");
            assertThat(r.assertions()).extracting(AssertionResult::pass).containsExactly(true, false);
        }
    }
}
