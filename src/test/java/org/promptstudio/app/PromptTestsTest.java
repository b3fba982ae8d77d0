package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.eval.ReportProblem;
import org.promptstudio.eval.ReportSection;
import org.promptstudio.model.StudioException;

/**
 * The prompt-test use case and its pass rule on a real workspace with the echo model: of three cases one fails
 * (bob is expected to be 'Zed'), so the pass rate over checked cases is 2/3 (decision 0020).
 */
class PromptTestsTest {

    @TempDir
    Path dir;

    @BeforeEach
    void workspace() throws Exception {
        Studio.init(dir, "tests");
        Files.writeString(dir.resolve("prompts/greet.prompt"), """
                ---
                config: { temperature: 0 }
                input:
                  schema:
                    name: string
                ---
                Say hello to {{name}} politely.
                """);
        Files.writeString(dir.resolve("datasets/names.jsonl"), """
                {"id": "ann", "name": "Ann", "expected": "Ann"}
                {"id": "bob", "name": "Bob", "expected": "Zed"}
                {"id": "cy", "name": "Cy", "expected": "Cy"}
                """);
        Files.writeString(dir.resolve("experiments/smoke.yaml"), """
                test: true
                prompts: [greet]
                models: [echo]
                dataset: names
                strategy: { type: zero-shot, answerPattern: "to (\\\\w+)" }
                """);
    }

    private PromptTests.Outcome run(Studio studio, List<String> experiments, List<ReportSection> judged) {
        PromptTests.Suite suite = studio.promptTests().prepare(new PromptTests.Request(experiments, null, null, null,
                false));
        return suite.run(new PromptTests.Listener() {
            @Override
            public void judged(ReportSection section) {
                judged.add(section);
            }

            @Override
            public void unjudged(ReportProblem problem) {
                throw new AssertionError(problem.line());
            }
        });
    }

    @Test
    void theMarkedExperimentsRunAndThePassRuleCountsOnlyCheckedCases() {
        try (Studio studio = Studio.open(dir)) {
            List<ReportSection> judged = new ArrayList<>();
            PromptTests.Outcome outcome = run(studio, null, judged);

            assertThat(outcome.stopped()).isFalse();
            assertThat(judged).extracting(ReportSection::experiment).containsExactly("smoke");
            assertThat(outcome.sections()).isEqualTo(judged);

            PromptTests.Verdict strict = PromptTests.verdict(outcome.sections(), outcome.problems(),
                    new PromptTests.PassRule(null, 0));
            assertThat(strict.ok()).isFalse(); // without a bar one failing case fails
            assertThat(strict.total()).isEqualTo(3);
            assertThat(strict.failed()).isEqualTo(1);
            assertThat(strict.rate()).isEqualTo(2.0 / 3);
            assertThat(strict.summary()).isEqualTo("FAILED: 3 case(s), 1 failed, pass rate 66.7%");

            PromptTests.Verdict under = PromptTests.verdict(outcome.sections(), outcome.problems(),
                    new PromptTests.PassRule(0.7, 0));
            assertThat(under.ok()).isFalse();
            assertThat(under.underBar()).isTrue();
            assertThat(under.summary()).endsWith("(bar 70.0%, under it)");

            PromptTests.Verdict over = PromptTests.verdict(outcome.sections(), outcome.problems(),
                    new PromptTests.PassRule(0.6, 0));
            assertThat(over.ok()).isTrue();
            assertThat(over.summary()).isEqualTo("PASSED: 3 case(s), 1 failed, pass rate 66.7% (bar 60.0%)");
        }
    }

    @Test
    void anExperimentThatCannotRunIsAProblemAndNeverAPass() {
        try (Studio studio = Studio.open(dir)) {
            List<ReportSection> judged = new ArrayList<>();
            PromptTests.Outcome outcome = run(studio, List.of("smoke", "missing"), judged);

            assertThat(outcome.problems()).extracting(ReportProblem::experiment).containsExactly("missing");
            PromptTests.Verdict verdict = PromptTests.verdict(outcome.sections(), outcome.problems(),
                    new PromptTests.PassRule(0.0, 1));
            assertThat(verdict.ok()).isFalse();
        }
    }

    @Test
    void noMarkedExperimentIsRefusedWithWhatToDo() throws Exception {
        Files.writeString(dir.resolve("experiments/smoke.yaml"),
                Files.readString(dir.resolve("experiments/smoke.yaml")).replace("test: true\n", ""));
        try (Studio studio = Studio.open(dir)) {
            assertThatThrownBy(() -> studio.promptTests().prepare(new PromptTests.Request(null, null, null, null,
                    false))).isInstanceOf(StudioException.class).hasMessage(PromptTests.NONE_MARKED);
        }
    }
}
