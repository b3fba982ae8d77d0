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
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;

/**
 * {@code studio run}, {@code run --dry-run} and {@code studio test} name every bad dataset row, every case that cannot
 * be rendered and every input the prompts miss, and refuse a run with nothing to run (issue 9, section 5).
 */
class RunInputsCommandTest {

    @TempDir
    Path tmp;
    Path ws;

    private static final String SOLVE = """
            ---
            config: { temperature: 0 }
            input:
              schema:
                question: string
            ---
            {{question}}
            """;

    private static final String FEWSHOT = """
            ---
            config: { temperature: 0 }
            input:
              schema:
                question: string
                examples?(array):
                  question: string
                  answer: string
            ---
            {{#each examples}}Q: {{question}} A: {{answer}}
            {{/each}}Q: {{question}}
            """;

    @BeforeEach
    void workspace() throws IOException {
        ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        Files.writeString(ws.resolve("studio.yaml"), "name: inputs\nmodels:\n  - id: echo\n    provider: echo\n");
        Files.writeString(ws.resolve("prompts/solve.prompt"), SOLVE);
        Files.writeString(ws.resolve("prompts/solve.fewshot.prompt"), FEWSHOT);
        // line 3: bad JSON; line 5: a split that does not exist; line 7: the input field misspelt (renders nowhere)
        Files.writeString(ws.resolve("datasets/sums.jsonl"), """
                {"question": "What is 1 + 1?", "expected": "2"}
                {"question": "What is 2 + 2?", "expected": "4"}
                {"question": "What is 3 + 3?, "expected": "6"}
                {"question": "What is 4 + 4?", "expected": "8"}
                {"question": "What is 5 + 5?", "expected": "10", "split": "holdout"}
                {"question": "What is 6 + 6?", "expected": "12"}
                {"questoin": "What is 7 + 7?", "expected": "14"}
                """);
        Files.writeString(ws.resolve("datasets/worked.jsonl"), """
                {"question": "What is 10 + 10?", "answer": "20"}
                {"question": "What is 20 + 20?", "answer": "40"}
                """);
        Files.writeString(ws.resolve("experiments/sums.yaml"), """
                prompts: [solve]
                models: [echo]
                dataset: sums
                strategy: { type: chain-of-thought }
                assertions:
                  - { type: contains, value: "What is" }
                """);
    }

    private static final String BAD_JSON = "  datasets/sums.jsonl:3:32: a ',' is missing between two keys";
    private static final String BAD_SPLIT = "  datasets/sums.jsonl:5: 'split' must be \"dev\" or \"test\", not \"holdout\"";
    private static final String UNRENDERABLE = "  solve x sums:7 (datasets/sums.jsonl:7): input does not match the input"
            + " schema: missing required field 'question'";

    @Test
    void aRunNamesEachBadRowAndEachCaseItCannotRenderAndRunsTheRest() {
        CliRun run = studio("-w", ws.toString(), "run", "sums");
        List<String> err = run.err().lines().toList();
        assertThat(err.get(0)).isEqualTo("sums: 2 dataset row(s) cannot be read and are left out (all of them: studio datasets check):");
        assertThat(err.get(1)).startsWith(BAD_JSON);
        assertThat(err.subList(2, err.size())).containsExactly(BAD_SPLIT,
                "sums: 1 prompt x case pair(s) (1 call(s)) cannot be rendered, so they are not sent to a model:",
                UNRENDERABLE);
        assertThat(run.exitCode()).isZero();
        // 5 readable rows; the one that cannot be rendered is recorded as failed, with its reason, and never sent
        assertThat(run.out()).contains("sums: 1 prompt version(s) x 5 case(s) x 1 model(s) x 1 sample(s) = 5 calls")
                .contains("Run 1 finished: 4 call(s) made, 0 failed; 1 not sent (could not be rendered, recorded as failed).");
        try (Studio s = Studio.open(ws)) {
            List<CallRecord> calls = StudioParts.calls(s).inRunWithAnswers(1);
            assertThat(calls).hasSize(5);
            CallRecord refused = calls.get(4);
            assertThat(refused.caseId()).isEqualTo("sums:7");
            assertThat(refused.status()).isEqualTo(CallStatus.ERROR);
            assertThat(refused.error()).contains("missing required field 'question'");
            assertThat(refused.texts().output()).isNull();
        }
    }

    @Test
    void aDryRunNamesThemTooAndCallsNothing() {
        CliRun run = studio("-w", ws.toString(), "run", "sums", "--dry-run");
        // a planned call that cannot be prepared would fail: the dry run exits 1 (issue 12's trial: it exited 0)
        assertThat(run.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(run.err()).contains(BAD_JSON).contains(BAD_SPLIT + "\n").contains(UNRENDERABLE + "\n");
        // the estimate names the calls it could not render too (issue 12: it said "named above" and named nothing)
        assertThat(run.out()).contains("1 call(s) cannot be rendered; they would fail:\n" + UNRENDERABLE + "\n")
                .contains("Nothing was called (--dry-run).");
        try (Studio s = Studio.open(ws)) {
            assertThat(StudioParts.calls(s).count()).isZero();
        }
    }

    @Test
    void studioTestNamesThemBeforeItRuns() {
        CliRun run = studio("-w", ws.toString(), "test", "sums");
        assertThat(run.err()).contains(BAD_JSON).contains(BAD_SPLIT + "\n").contains(UNRENDERABLE + "\n");
        // the refused case is a failed case, not a silent pass
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void aRunWhereEveryRowIsBadIsAnErrorAndRecordsNothing() throws IOException {
        Files.writeString(ws.resolve("datasets/broken.jsonl"), "[1, 2]\n{\"question\": \"x\", \"split\": \"both\"}\n");
        Files.writeString(ws.resolve("experiments/broken.yaml"), "prompts: [solve]\nmodels: [echo]\ndataset: broken\n");
        for (List<String> args : List.of(List.of("run", "broken"), List.of("run", "broken", "--dry-run"),
                List.of("test", "broken"))) {
            String[] all = new String[args.size() + 2];
            all[0] = "-w";
            all[1] = ws.toString();
            for (int i = 0; i < args.size(); i++) all[i + 2] = args.get(i);
            CliRun run = studio(all);
            assertThat(run.exitCode()).as(args.toString()).isEqualTo(1);
            assertThat(run.err()).as(args.toString()).isEqualTo("""
                    broken: 2 dataset row(s) cannot be read and are left out (all of them: studio datasets check):
                      datasets/broken.jsonl:1: expected a JSON object ({...}) on the line, found an array
                      datasets/broken.jsonl:2: 'split' must be "dev" or "test", not "both"
                    error: experiments/broken.yaml: no case to run: every row is bad (2 bad row(s), named above)
                    """);
        }
        try (Studio s = Studio.open(ws)) {
            assertThat(StudioParts.calls(s).count()).isZero();
            assertThat(StudioParts.runs(s).latest(10)).isEmpty();
        }
    }

    @Test
    void aRunWhereNoCaseCanBeRenderedIsAnError() throws IOException {
        Files.writeString(ws.resolve("datasets/typos.jsonl"), "{\"q\": \"What is 1 + 1?\"}\n{\"q\": \"What is 2 + 2?\"}\n");
        Files.writeString(ws.resolve("experiments/typos.yaml"), "prompts: [solve]\nmodels: [echo]\ndataset: typos\n");
        CliRun run = studio("-w", ws.toString(), "run", "typos");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).endsWith("error: experiments/typos.yaml: no call can be rendered, so nothing is sent"
                + " (2 prompt x case pair(s), named above)\n")
                .contains("  solve x typos:1 (datasets/typos.jsonl:1): input does not match the input schema: missing"
                        + " required field 'question'\n");
        try (Studio s = Studio.open(ws)) {
            assertThat(StudioParts.calls(s).count()).isZero();
        }
    }

    @Test
    void aChainOfThoughtRunWithoutTheExamplesItsPromptDeclaresWarnsAndWithThemDoesNot() throws IOException {
        Files.writeString(ws.resolve("datasets/sums.jsonl"), """
                {"question": "What is 1 + 1?", "expected": "2"}
                {"question": "What is 2 + 2?", "expected": "4"}
                """);
        Files.writeString(ws.resolve("experiments/cot.yaml"), """
                prompts: [solve, solve.fewshot]
                models: [echo]
                dataset: sums
                strategy: { type: chain-of-thought }
                """);
        CliRun without = studio("-w", ws.toString(), "run", "cot", "--dry-run");
        assertThat(without.err()).isEqualTo("""
                cot: warning: input the prompts declare or use is missing in some cases (it renders as nothing):
                  solve.fewshot: 'examples' not given in 2 of 2 case(s) (datasets/sums.jsonl:1, :2)
                """);

        Files.writeString(ws.resolve("experiments/cot.yaml"), """
                prompts:
                  - solve
                  - { prompt: solve.fewshot, examples: { pool: worked, k: 2, selection: fixed } }
                models: [echo]
                dataset: sums
                strategy: { type: chain-of-thought }
                """);
        CliRun with = studio("-w", ws.toString(), "run", "cot");
        assertThat(with.err()).isEmpty();
        assertThat(with.exitCode()).isZero();
        try (Studio s = Studio.open(ws)) {
            List<CallRecord> calls = StudioParts.calls(s).inRunWithAnswers(1);
            // plan order: case, then prompt; only the few-shot prompt is given (and recorded with) the examples
            assertThat(calls).extracting(CallRecord::promptPath).containsExactly("prompts/solve.prompt",
                    "prompts/solve.fewshot.prompt", "prompts/solve.prompt", "prompts/solve.fewshot.prompt");
            CallRecord plain = StudioParts.calls(s).find(calls.get(0).id()).orElseThrow();
            CallRecord fewShot = StudioParts.calls(s).find(calls.get(1).id()).orElseThrow();
            assertThat(plain.texts().output()).isEqualTo("What is 1 + 1?");
            assertThat(plain.texts().examplesJson()).isNull();
            assertThat(fewShot.texts().examplesJson()).contains("What is 10 + 10?", "What is 20 + 20?");
            // echo answers with what it was sent: the worked examples come before the question
            assertThat(fewShot.texts().output()).contains("Q: What is 10 + 10? A: 20").contains("Q: What is 1 + 1?");
        }
    }

    @Test
    void aPoolInAChainOfThoughtStrategyGivesEveryPromptItsExamples() throws IOException {
        Files.writeString(ws.resolve("datasets/sums.jsonl"), "{\"question\": \"What is 1 + 1?\", \"expected\": \"2\"}\n");
        Files.writeString(ws.resolve("experiments/cot.yaml"), """
                prompts: [solve.fewshot]
                models: [echo]
                dataset: sums
                strategy: { type: chain-of-thought, pool: worked, k: 1, selection: fixed }
                """);
        CliRun run = studio("-w", ws.toString(), "run", "cot");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        try (Studio s = Studio.open(ws)) {
            CallRecord call = StudioParts.calls(s).find(StudioParts.calls(s).inRunWithAnswers(1).get(0).id()).orElseThrow();
            // k: 1, fixed: the first row of datasets/worked.jsonl only
            assertThat(call.texts().output()).isEqualTo("Q: What is 10 + 10? A: 20\nQ: What is 1 + 1?");
        }
    }
}
