package org.promptstudio.cli;

import org.promptstudio.app.StudioParts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.ReportSection;
import org.promptstudio.eval.SampleAnswer;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

/**
 * A tied vote goes to the answer of the earliest sample in the plan, whatever order the calls finished and were
 * stored in (decision 0018, 0022): the samples here are stored last sample first, with no plan position, so the
 * database gives them back in finishing order.
 */
class VoteOrderTest {

    @TempDir
    Path tmp;
    Path ws;
    long runId;

    @BeforeEach
    void runStoredInReverse() throws IOException {
        ws = tmp.resolve("ws");
        assertThat(studio("init", ws.toString()).exitCode()).isZero();
        Files.writeString(ws.resolve("prompts/solve.prompt"), "---\ninput:\n  schema:\n    question: string\n---\n{{question}}\n");
        Files.writeString(ws.resolve("datasets/problems.jsonl"), "{\"id\": \"tie\", \"question\": \"Which?\", \"expected\": \"41\"}\n");
        Files.writeString(ws.resolve("experiments/votes.yaml"), """
                prompts: [solve]
                models: [echo]
                dataset: problems
                strategy: { type: self-consistency, votes: 5 }
                """);
        // Sample answers in plan order: 41, 42, 41, 42, and a failed call. Stored (finished) from the last to the first.
        String[] answers = {"41", "42", "41", "42", null};
        Instant t0 = Instant.parse("2026-11-29T10:00:00Z");
        try (Studio studio = Studio.open(ws)) {
            runId = StudioParts.runs(studio).insert(RunRecord.started(RunKind.EXPERIMENT, "votes", "experiments/votes.yaml", null)).id();
            for (int sample = 4; sample >= 0; sample--) {
                CallRecord.Builder b = CallRecord.builder().runId(runId).prompt("prompts/solve.prompt", "unsaved")
                        .model("echo", "echo").caseId("tie").sampleIndex(sample).latencyMs(10L + sample)
                        .tokens(7, 3).createdAt(t0.plusSeconds(4 - sample));
                if (answers[sample] == null) b.error("the model is down");
                else b.texts(new CallTexts("[]", "reasoning... Answer: " + answers[sample], null, answers[sample]));
                if (answers[sample] == null) b.texts(new CallTexts("[]", null, null, null));
                StudioParts.calls(studio).insert(b.build());
            }
        }
    }

    @Test
    void aTieGoesToTheEarliestSampleInThePlanNotTheFirstToFinish() {
        try (Studio studio = Studio.open(ws)) {
            assertThat(StudioParts.calls(studio).inRunWithAnswers(runId)).extracting(CallRecord::sampleIndex)
                    .as("stored in finishing order").containsExactly(4, 3, 2, 1, 0);
            List<CaseResult> results = studio.evaluation().evaluateRun(runId);
            assertThat(results).hasSize(1);
            CaseResult tie = results.get(0);
            assertThat(tie.samples()).extracting(SampleAnswer::sample).containsExactly(0, 1, 2, 3, 4);
            assertThat(tie.samples()).extracting(SampleAnswer::agreed).containsExactly(true, false, true, false, false);
            assertThat(ReportSection.vote(tie)).isEqualTo("vote '41': 2 of 4 answering sample(s) agree (50.0%)");
            assertThat(tie.pass()).as("expected 41: the implicit answer-equals judges the vote").isTrue();
            assertThat(tie.latencyMs()).as("the slowest sample").isEqualTo(14L);
            assertThat(tie.tokensIn()).isEqualTo(35);
            assertThat(ReportSection.caseName(tie)).isEqualTo("tie · echo");
        }
    }

    @Test
    void samplesOfOtherStrategiesAreJudgedOneByOne() throws IOException {
        // samples: N > 1 without self-consistency samples for variance: no vote, each sample is a case of its own.
        Files.writeString(ws.resolve("experiments/votes.yaml"), """
                prompts: [solve]
                models: [echo]
                dataset: problems
                samples: 5
                strategy: { type: chain-of-thought }
                """);
        try (Studio studio = Studio.open(ws)) {
            List<CaseResult> results = studio.evaluation().evaluateRun(runId);
            assertThat(results).hasSize(5).allSatisfy(r -> assertThat(r.voted()).isFalse());
            assertThat(results).extracting(ReportSection::caseName)
                    .containsExactly("tie · echo #4", "tie · echo #3", "tie · echo #2", "tie · echo #1", "tie · echo");
        }
    }
}
