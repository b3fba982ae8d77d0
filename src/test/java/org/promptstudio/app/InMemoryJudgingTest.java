package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.ReportProblem;
import org.promptstudio.eval.ReportSection;
import org.promptstudio.model.CallRecord;

/**
 * {@code studio test} judges and reports a run from its calls kept in memory as they were recorded (decision 0156):
 * on a real workspace (git, H2 file) with the echo model at a price, the results and answers of every experiment are
 * those judged from the run read back from the database, for plain calls, a cost check, votes of self-consistency,
 * and with the calls redacted before they are stored.
 */
class InMemoryJudgingTest {

    static final String EMAIL = "ada.lovelace@example.org";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theResultsAndAnswersAreThoseOfTheRunReadBack(boolean redact) throws Exception {
        Studio.init(dir, "judging");
        Files.writeString(dir.resolve("studio.yaml"), "name: judging\nmodels:\n  - id: echo\n    provider: echo\n"
                + "    pricing: { inputPerMillion: 0.1234567, outputPerMillion: 0.7654321 }\n"
                + "privacy:\n  redactBeforeStore: " + redact + "\n");
        Files.writeString(dir.resolve("prompts/reply.prompt"), """
                ---
                input:
                  schema:
                    question: string
                ---
                Answer the customer: {{question}} Answer: 42
                """);
        Files.writeString(dir.resolve("datasets/mail.jsonl"), "{\"id\": \"a\", \"question\": \"Write to " + EMAIL
                + " please.\", \"expected\": \"42\"}\n{\"id\": \"b\", \"question\": \"Nothing personal.\","
                + " \"expected\": \"41\"}\n{\"id\": \"c\", \"question\": \"Three?\", \"expected\": \"42\"}\n");
        Files.writeString(dir.resolve("experiments/plain.yaml"), """
                test: true
                prompts: [reply]
                models: [echo]
                dataset: mail
                samples: 2
                concurrency: 4
                assertions:
                  - {type: contains, value: "customer"}
                  - {type: cost-max, value: 0.01}
                  - {type: contains, value: "lovelace"}
                """);
        Files.writeString(dir.resolve("experiments/votes.yaml"), """
                test: true
                prompts: [reply]
                models: [echo]
                dataset: mail
                strategy: { type: self-consistency, votes: 3, answerPattern: 'Answer:\\s*(-?[0-9]+)' }
                concurrency: 4
                """);
        try (Studio studio = Studio.open(dir)) {
            PromptTests.Outcome outcome = studio.promptTests().prepare(new PromptTests.Request(null, null, null, null,
                    false)).run(new PromptTests.Listener() {
                        @Override
                        public void judged(ReportSection section) {
                        }

                        @Override
                        public void unjudged(ReportProblem problem) {
                            throw new AssertionError(problem.line());
                        }
                    });

            assertThat(outcome.problems()).isEmpty();
            assertThat(outcome.sections()).extracting(ReportSection::experiment).containsExactly("plain", "votes");
            for (ReportSection section : outcome.sections()) {
                List<CaseResult> readBack = studio.evaluation().evaluateRun(section.runId());
                assertThat(section.results()).isEqualTo(readBack).isNotEmpty();
                Map<Long, String> answers = new HashMap<>();
                for (CallRecord c : studio.callRepository().inRunWithAnswers(section.runId())) {
                    String text = c.texts() == null ? null : c.texts().output();
                    if (text == null && c.error() != null) text = "(error) " + c.error();
                    if (text != null) answers.put(c.id(), text);
                }
                assertThat(section.answers()).isEqualTo(answers);
                assertThat(String.join("\n", section.answers().values()).contains(EMAIL)).isEqualTo(!redact);
            }
            // the cost check's reason quotes the cost at the stored scale, the same either way
            assertThat(outcome.sections().get(0).results()).allSatisfy(r -> assertThat(r.assertions())
                    .anySatisfy(a -> assertThat(a.reason()).startsWith("$0.0000")));
        }
    }
}
