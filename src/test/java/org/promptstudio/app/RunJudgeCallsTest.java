package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.ModelUsage;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.store.CallQuery;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.promptstudio.testsupport.Workspaces;

/**
 * A run judged by {@code studio eval} or by the runs view records each judge call as the playground does (decision
 * 0113, 0121): a call of the judge model with prompt {@code judge:judge-rubric}, its tokens and its cost, listed by
 * {@code studio calls} and counted in the model's spend. The judge is a local server speaking OpenAI's format.
 */
class RunJudgeCallsTest {

    @TempDir
    Path dir;
    OpenAiChatServer judge;
    Studio studio;
    long run;

    @BeforeEach
    void open() throws Exception {
        judge = OpenAiChatServer.start(r -> r.whole("{\\\"score\\\": 5, \\\"reason\\\": \\\"cites it\\\"}", 20, 8));
        // $1 per million tokens in and $2 out: each judge call's 20 + 8 tokens cost 20 * 1e-6 + 8 * 2e-6 = $0.000036
        Workspaces.init(dir, "judged", "  - id: echo\n    provider: echo\n"
                + Workspaces.openAiModel("judge", "gpt-judge", judge.url())
                + "    pricing: { inputPerMillion: 1, outputPerMillion: 2 }\n");
        Files.writeString(dir.resolve("prompts/ask.prompt"), "Q: {{question}}\n");
        Files.writeString(dir.resolve("datasets/qs.jsonl"), """
                {"id": "dial", "question": "Can I return a Dial?"}
                {"id": "valve", "question": "How do valves pair?"}
                """);
        Files.writeString(dir.resolve("experiments/asks.yaml"), """
                prompts: [ask]
                models: [echo]
                dataset: qs
                concurrency: 1
                assertions:
                  - {type: llm-rubric, value: "answers the question", judge: judge}
                """);
        studio = Studio.open(dir);
        run = studio.runs().plan(new Runs.Request("asks", null, null, null, CachePolicy.OFF))
                .start((s, call) -> { }).outcome().runId();
    }

    @AfterEach
    void close() {
        studio.close();
        judge.close();
    }

    private List<CallRecord> judgeCalls() {
        return studio.callRepository().list(CallQuery.latest(100)).stream()
                .filter(c -> "judge:judge-rubric".equals(c.promptPath())).toList();
    }

    @Test
    void studioEvalRecordsItsJudgeCallsWithTokensAndCost() {
        int before = judgeCalls().size(); // the run is judged at its end (Runs.Outcome#scored): those are recorded too
        assertThat(before).as("the judging at the run's end").isEqualTo(judge.requests().size());
        judge.requests().clear();

        Scoreboards.of(studio).evaluateAndStore(run, null); // what `studio eval RUN` does

        assertThat(judge.requests()).hasSize(2);
        List<CallRecord> recorded = judgeCalls();
        assertThat(recorded).hasSize(before + 2);
        assertThat(recorded).allSatisfy(c -> {
            assertThat(c.model()).isEqualTo("judge");
            assertThat(c.tokensIn()).isEqualTo(20);
            assertThat(c.tokensOut()).isEqualTo(8);
            assertThat(c.cost()).isEqualByComparingTo("0.000036");
        });
        // the judged run's own calls are untouched: its grid, figures and resume read only what it planned
        assertThat(studio.callRepository().inRunWithAnswers(run)).extracting(CallRecord::model)
                .containsOnly("echo").hasSize(2);
        ModelUsage spent = studio.callRepository().usageByModel().stream().filter(u -> u.model().equals("judge"))
                .findFirst().orElseThrow();
        assertThat(spent.calls()).isEqualTo(before + 2);
        assertThat(spent.cost()).isEqualByComparingTo(new BigDecimal("0.000036").multiply(BigDecimal.valueOf(before + 2)));

        // `studio calls` lists them with their cost
        StringWriter out = new StringWriter();
        int code = org.promptstudio.cli.StudioCommand.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "-w", dir.toString(), "calls");
        assertThat(code).isZero();
        assertThat(out.toString().lines().filter(l -> l.contains("judge:judge-rubric") && l.contains("/judge ")
                && l.contains("$0.000036"))).as(out.toString()).hasSize(before + 2);
    }

    @Test
    void theRunsViewJudgingARunWithNoStoredResultsRecordsItsJudgeCalls() {
        // no stored results (a run recorded before runs were judged at their end): the view judges it now
        StudioParts.database(studio).evalResults().replaceRun(run, List.of());
        int before = judgeCalls().size();

        Scoreboards.Shown shown = Scoreboards.of(studio).show(run); // what ui.runs does on selecting the run

        assertThat(shown.judgedNow()).isTrue();
        assertThat(judgeCalls()).hasSize(before + 2)
                .allSatisfy(c -> assertThat(c.cost()).isEqualByComparingTo("0.000036"));
        // shown again: read from the stored results, no judge asked, nothing recorded
        assertThat(Scoreboards.of(studio).show(run).judgedNow()).isFalse();
        assertThat(judgeCalls()).hasSize(before + 2);
    }
}
