package org.promptstudio.cli;

import org.promptstudio.app.StudioParts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.eval.AssertionResult;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.Metrics;
import org.promptstudio.model.EvalRecord;

/**
 * {@code studio eval} on a real workspace run with the built-in echo model (which answers with the prompt it was
 * sent): assertions from the experiment, the dataset case and the prompt's front matter, combined per call.
 */
class EvalCommandTest {

    @TempDir
    Path tmp;
    Path ws;

    @BeforeEach
    void workspace() throws IOException {
        ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        Files.writeString(ws.resolve("studio.yaml"), """
                name: evals
                models:
                  - id: echo
                    provider: echo
                """);
        Files.writeString(ws.resolve("prompts/policy.prompt"), """
                ---
                input:
                  schema:
                    question: string
                metadata:
                  assertions:
                    - type: not-contains
                      value: sorry
                    - { type: length, max: 2000, weight: 0 }
                ---
                Policy question: {{question}}
                """);
        Files.writeString(ws.resolve("datasets/policy.jsonl"), """
                {"id": "refund", "question": "Refund within 30 days?", "expected": "Refund within 30 days", "assert": [{"type": "contains", "value": "30 days"}]}
                {"id": "ship", "question": "Do you ship to Norway?", "expected": "We ship to Norway", "assert": [{"type": "contains", "value": "Sweden"}]}
                """);
        assertThat(studio("-w", ws.toString(), "save", "policy", "-m", "Policy prompt").exitCode()).isZero();
        Files.writeString(ws.resolve("experiments/policy.yaml"), """
                prompts: [policy]
                models: [echo]
                dataset: policy
                assertions:
                  - type: contains-any
                    value: [Refund, ship]
                  - {type: rouge-l, threshold: 0.3, weight: 2}
                """);
        assertThat(studio("-w", ws.toString(), "run", "policy").exitCode()).isZero();
    }

    @Test
    void evaluateRunCombinesExperimentCaseAndPromptAssertions() {
        try (Studio studio = Studio.open(ws)) {
            List<CaseResult> results = studio.evaluation(new Metrics(texts -> texts.stream()
                    .map(t -> new float[] {1, 0}).toList()), null).evaluateRun(1);
            assertThat(results).hasSize(2);
            CaseResult refund = results.stream().filter(r -> r.caseId().equals("refund")).findFirst().orElseThrow();
            assertThat(refund.assertions()).extracting(AssertionResult::type)
                    .containsExactly("contains-any", "rouge-l", "contains", "not-contains", "length");
            assertThat(refund.pass()).isTrue();
            assertThat(refund.promptPath()).isEqualTo("prompts/policy.prompt");
            assertThat(refund.model()).isEqualTo("echo");
            CaseResult ship = results.stream().filter(r -> r.caseId().equals("ship")).findFirst().orElseThrow();
            assertThat(ship.pass()).isFalse();
            assertThat(ship.assertions().get(2)).isEqualTo(new AssertionResult("contains", false, 0,
                    "does not contain 'Sweden'"));
            assertThat(ship.score()).as("weighted: 1 + 2*rouge + 0 + 1 + 0, over 1 + 2 + 1 + 1 + 0").isLessThan(1);
        }
    }

    @Test
    void evalStoresEveryResultAgainstItsCallAndPrintsThePassRate() {
        CliRun run = studio("-w", ws.toString(), "eval", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // The scoreboard 'studio test', 'diff-runs' and 'studio run' print: pass rate and mean scores with 95% CIs.
        assertThat(run.out()).contains("run 1: 2 case(s) judged, 10 assertion results stored")
                .containsPattern("prompts/policy.prompt@[0-9a-f]{7} +echo +\\S+ +2 +50\\.0% \\[")
                .containsPattern("(?m)^ +contains +50\\.0% \\[");
        try (Studio studio = Studio.open(ws)) {
            List<EvalRecord> stored = StudioParts.database(studio).evalResults().inRun(1);
            assertThat(stored).hasSize(10);
            assertThat(stored).filteredOn(r -> r.type().equals("rouge-l")).allSatisfy(r -> assertThat(r.weight()).isEqualTo(2.0));
        }
        assertThat(studio("-w", ws.toString(), "eval", "1").exitCode()).isZero();
        try (Studio studio = Studio.open(ws)) {
            assertThat(StudioParts.database(studio).evalResults().inRun(1)).as("evaluating again replaces").hasSize(10);
        }
    }

    @Test
    void aMisspelledAssertionTypeNamesWhereItWasDeclared() throws IOException {
        Files.writeString(ws.resolve("datasets/policy.jsonl"), """
                {"id": "refund", "question": "Refund within 30 days?", "assert": [{"type": "contians", "value": "30 days"}]}
                {"id": "ship", "question": "Do you ship to Norway?"}
                """);
        CliRun run = studio("-w", ws.toString(), "eval", "1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: datasets/policy.jsonl:1 (case refund): assertion 1: unknown assertion type 'contians'");
    }

    @Test
    void theJudgePromptComesFromTheWorkspaceWhenItHasOneElseFromTheJar() throws IOException {
        Files.writeString(ws.resolve("experiments/policy.yaml"), """
                prompts: [policy]
                models: [echo]
                dataset: policy
                assertions:
                  - {type: llm-rubric, value: "cites the policy", judge: echo}
                """);
        try (Studio studio = Studio.open(ws)) {
            // The echo "judge" answers with the last user message: the built-in prompt's, which holds no JSON.
            AssertionResult builtIn = studio.evaluation().evaluateRun(1).get(0).assertions().get(0);
            assertThat(builtIn.pass()).isFalse();
            assertThat(builtIn.reason()).startsWith("cannot evaluate: the judge's reply has no JSON object: Question:");
        }
        Files.writeString(ws.resolve("prompts/judge-rubric.prompt"), """
                ---
                input:
                  schema:
                    answer: string
                    rubric: string
                ---
                {"score": 4, "reason": "workspace judge"}
                """);
        try (Studio studio = Studio.open(ws)) {
            AssertionResult edited = studio.evaluation().evaluateRun(1).get(0).assertions().get(0);
            assertThat(edited).isEqualTo(new AssertionResult("llm-rubric", true, 0.75, "judge 0.75: workspace judge"));
        }
    }

    @Test
    void aSiblingAssertionsFileAddsToThePromptsOwn() throws IOException {
        Files.writeString(ws.resolve("prompts/policy.assertions.yaml"), """
                - type: starts-with
                  value: "Policy question:"
                """);
        try (Studio studio = Studio.open(ws)) {
            CaseResult first = studio.evaluation(new Metrics(texts -> texts.stream().map(t -> new float[] {1, 0}).toList()),
                    null).evaluateRun(1).get(0);
            assertThat(first.assertions()).extracting(AssertionResult::type).endsWith("not-contains", "length", "starts-with");
            assertThat(first.assertions().get(first.assertions().size() - 1).pass()).isTrue();
        }
    }

    @Test
    void aBrokenAssertionsFileIsOnePlainLineWithItsPlace() throws IOException {
        // issue 11: every YAML the studio reads says a syntax error as file:line:column and a plain reason
        Files.writeString(ws.resolve("prompts/policy.assertions.yaml"), "- type: starts-with\n  value: [Policy\n");
        CliRun run = studio("-w", ws.toString(), "eval", "1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: prompts/policy.assertions.yaml:2:10: a list opened with '[' is not closed"
                + System.lineSeparator());
    }

    @Test
    void anEmptyOrNonUtf8AssertionsFileIsOneLineNamingIt() throws IOException {
        // the whole kind: every text file the studio reads says empty / binary / not UTF-8 in its own words (TextFile)
        Files.writeString(ws.resolve("prompts/policy.assertions.yaml"), "");
        CliRun run = studio("-w", ws.toString(), "eval", "1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: prompts/policy.assertions.yaml: empty file" + System.lineSeparator());
        Files.writeString(ws.resolve("prompts/policy.assertions.yaml"), "# to do\n");
        assertThat(studio("-w", ws.toString(), "eval", "1").err())
                .isEqualTo("error: prompts/policy.assertions.yaml: empty file" + System.lineSeparator());
        // "- a" then 0xFE: offset 3, line 1, column 4
        Files.write(ws.resolve("prompts/policy.assertions.yaml"), new byte[] {'-', ' ', 'a', (byte) 0xFE});
        run = studio("-w", ws.toString(), "eval", "1");
        assertThat(run.err()).isEqualTo("error: prompts/policy.assertions.yaml:1:4: not UTF-8 text (byte 0xFE at "
                + "offset 3); save the file as UTF-8" + System.lineSeparator());
    }

    @Test
    void anUnknownRunIsAUserError() {
        CliRun run = studio("-w", ws.toString(), "eval", "42");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: no run 42 (see 'studio runs')" + System.lineSeparator());
    }
}
