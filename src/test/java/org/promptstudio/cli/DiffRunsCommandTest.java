package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code studio diff-runs}: a baseline given by prompt version is the newest run of the candidate's experiment with
 * that version, never a run of another experiment; two runs with no case in common are an error that says why.
 * (Issue 9: {@code studio diff-runs solve@production 4} paired run 4 with a run of a different experiment, printed
 * "Paired case(s): 0 ... not significant" and exited 0.)
 */
class DiffRunsCommandTest {

    @TempDir
    Path tmp;
    CliWorkspace ws;
    String v1;

    @BeforeEach
    void workspace() {
        ws = CliWorkspace.create(tmp);
        ws.write("studio.yaml", """
                name: diffs
                models:
                  - id: echo-b
                    provider: echo
                """);
        ws.save("solve", """
                ---
                config: { temperature: 0 }
                input:
                  schema:
                    question: string
                ---
                {{question}}
                """, "Solve");
        v1 = ws.head();
        ws.ok("label", "solve", "production", "--version", "1");
        ws.write("datasets/sums.jsonl", """
                {"id": "q1", "question": "What is 1 + 1? 2", "expected": "2"}
                {"id": "q2", "question": "What is 2 + 2? 5", "expected": "4"}
                {"id": "q3", "question": "What is 3 + 3? 6", "expected": "6"}
                """);
        ws.write("datasets/other.jsonl", """
                {"id": "o1", "question": "Name a colour.", "expected": "red"}
                """);
        ws.write("experiments/sums.yaml", """
                prompts: [solve]
                models: [echo]
                dataset: sums
                assertions:
                  - type: answer-equals
                """);
        ws.write("experiments/other.yaml", """
                prompts: [solve]
                models: [echo]
                dataset: other
                assertions:
                  - type: answer-equals
                """);
    }

    @Test
    void aBaselineGivenByVersionIsTheNewestRunOfTheSameExperiment() {
        ws.ok("run", "sums");                 // run 1: sums at v1 (production)
        ws.ok("run", "other");                // run 2: other at v1, the newest run of v1 overall
        ws.save("solve", ws.read("prompts/solve.prompt").replace("{{question}}", "Q: {{question}}"), "Ask");
        ws.ok("run", "sums");                 // run 3: sums at v2

        CliRun diff = ws.run("diff-runs", "solve@production", "3");

        assertThat(diff.err()).isEmpty();
        assertThat(diff.exitCode()).isZero();
        assertThat(diff.out()).contains("Baseline: run 1 (solve@production)").contains("Candidate: run 3")
                .contains("Paired case(s): 3\n");
        // the candidate by version too: the newest run of v1 in the baseline's experiment
        CliRun both = ws.run("diff-runs", "3", "solve@" + v1);
        assertThat(both.exitCode()).isZero();
        assertThat(both.out()).contains("Baseline: run 3").contains("Candidate: run 1").contains("Paired case(s): 3\n");
    }

    @Test
    void noRunOfTheExperimentWithThatVersionIsAnError() {
        ws.ok("run", "sums");                 // run 1: sums at v1
        ws.save("solve", ws.read("prompts/solve.prompt").replace("{{question}}", "Q: {{question}}"), "Ask");
        ws.ok("run", "other");                // run 2: other at v2; other never ran v1

        CliRun diff = ws.run("diff-runs", "solve@production", "2");

        assertThat(diff.exitCode()).isEqualTo(1);
        assertThat(diff.out()).isEmpty();
        assertThat(diff.err()).isEqualTo("error: no run of experiment 'other' other than run 2 has called "
                + "prompts/solve.prompt at production (" + v1 + "); run that experiment with solve@production first\n");
    }

    @Test
    void twoRunsOfDifferentExperimentsAreNotCompared() {
        ws.ok("run", "sums");
        ws.ok("run", "other");

        CliRun diff = ws.run("diff-runs", "1", "2");

        assertThat(diff.exitCode()).isEqualTo(1);
        assertThat(diff.out()).isEmpty();
        assertThat(diff.err()).isEqualTo("error: runs 1 and 2 have no case in common, so there is nothing to compare: "
                + "run 1 is experiment 'sums', run 2 is experiment 'other'\n");
    }

    @Test
    void runsOfOneExperimentWithNoCaseInCommonSayWhatDiffers() {
        ws.ok("run", "sums");                          // run 1: echo
        ws.ok("run", "sums", "--models", "echo-b");    // run 2: echo-b
        CliRun models = ws.run("diff-runs", "1", "2");
        assertThat(models.exitCode()).isEqualTo(1);
        assertThat(models.err()).isEqualTo("error: runs 1 and 2 have no case in common, so there is nothing to "
                + "compare: different models (run 1: echo; run 2: echo-b)\n");

        ws.write("datasets/sums.jsonl", ws.read("datasets/sums.jsonl").replace("\"id\": \"q", "\"id\": \"r"));
        ws.ok("run", "sums");                          // run 3: cases r1..r3
        CliRun cases = ws.run("diff-runs", "1", "3");
        assertThat(cases.exitCode()).isEqualTo(1);
        assertThat(cases.err()).isEqualTo("error: runs 1 and 3 have no case in common, so there is nothing to "
                + "compare: different cases (run 1: q1, q2, q3; run 3: r1, r2, r3)\n");
    }

    // Trial of issue 9: `studio diff-runs 2 2` compared a run with itself and said nothing.
    @Test
    void aRunComparedWithItselfIsAnError() {
        ws.ok("run", "sums");
        CliRun diff = ws.run("diff-runs", "1", "1");
        assertThat(diff.exitCode()).isEqualTo(1);
        assertThat(diff.err()).isEqualTo("error: both sides are run 1 (1 and 1): a run compared with itself has no change"
                + " to show; name two different runs\n");
    }
}
