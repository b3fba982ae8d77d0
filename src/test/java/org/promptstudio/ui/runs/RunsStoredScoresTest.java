package org.promptstudio.ui.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Runs;
import org.promptstudio.app.ScoreboardText;
import org.promptstudio.app.Scoreboards;
import org.promptstudio.app.Studio;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.promptstudio.testsupport.Workspaces;
import org.promptstudio.ui.common.TaskRunner;

/**
 * Selecting a run reads its stored results and calls no judge: a paid {@code llm-rubric} judge (a local server
 * speaking OpenAI's format, counting the requests) is asked only for a run that has none stored.
 */
class RunsStoredScoresTest {

    @TempDir
    Path dir;
    OpenAiChatServer judge;
    Studio studio;
    long run;

    @BeforeEach
    void open() throws Exception {
        // the judge's reply: score 5 of 5 (JudgeChecks: scores 1..5 map to 0..1, 4 is 0.75 as EvalCommandTest shows)
        judge = OpenAiChatServer.start(r -> r.whole("{\\\"score\\\": 5, \\\"reason\\\": \\\"cites it\\\"}", 20, 8));
        Workspaces.init(dir, "judged", "  - id: echo\n    provider: echo\n"
                + Workspaces.openAiModel("judge", "gpt-judge", judge.url()));
        Files.writeString(dir.resolve("prompts/ask.prompt"), "Q: {{question}}\n");
        Files.writeString(dir.resolve("datasets/qs.jsonl"), """
                {"id": "dial", "question": "Can I return a Dial?"}
                {"id": "valve", "question": "How do valves pair?"}
                {"id": "bridge", "question": "Is the bridge down?", "split": "test"}
                """);
        writeAsks("Q:");
        studio = Studio.open(dir);
        run = studio.runs().plan(new Runs.Request("asks", null, null, null, CachePolicy.OFF))
                .start((s, call) -> { }).outcome().runId();
        unjudge(run);
    }

    /**
     * A run is judged at its end now (Runs.Outcome#scored); these tests read a run whose results are not stored (as
     * one recorded before that, or a resumed one), so its stored results are taken away and the judge's log cleared.
     */
    private void unjudge(long runId) {
        org.promptstudio.app.StudioParts.database(studio).evalResults().replaceRun(runId, java.util.List.of());
        judge.requests().clear();
    }

    /** The experiment: the paid judge's rubric and a {@code contains} check for {@code text}. */
    private void writeAsks(String text) throws java.io.IOException {
        Files.writeString(dir.resolve("experiments/asks.yaml"), """
                prompts: [ask]
                models: [echo]
                dataset: qs
                concurrency: 1
                assertions:
                  - {type: llm-rubric, value: "answers the question", judge: judge}
                  - {type: contains, value: "%s"}
                """.formatted(text));
    }

    @AfterEach
    void close() {
        studio.close();
        judge.close();
    }

    @Test
    void aRunWithStoredResultsIsShownWithoutAskingTheJudge() {
        // no stored results yet (a run from the launcher stores none): judged once, and said so
        RunsViewModel first = new RunsViewModel(studio, TaskRunner.callingThread(), run);
        first.onActivate();
        assertThat(judge.requests()).as("one judge call per case").hasSize(3);
        assertThat(first.boardSourceProperty().get()).isEqualTo(RunsViewModel.SCORED_NOW);
        String judgedBoard = first.boardTextProperty().get();
        assertThat(first.board()).singleElement().satisfies(r -> assertThat(r.passRate()).startsWith("100.0%"));

        // selected again, in a new view: the stored results, no judge call, the same figures
        judge.requests().clear();
        RunsViewModel again = new RunsViewModel(studio, TaskRunner.callingThread(), run);
        again.onActivate();
        assertThat(judge.requests()).as("judge calls when the run has stored results").isEmpty();
        assertThat(again.boardSourceProperty().get()).isEqualTo(RunsViewModel.FROM_STORED);
        assertThat(again.boardTextProperty().get()).isEqualTo(judgedBoard);
        assertThat(again.grid()).extracting(RunsViewModel.CaseRow::caseLabel).containsExactly("dial", "valve", "bridge");
        assertThat(again.grid().get(0).cells().get(0)).startsWith("pass");
    }

    @Test
    void theStoredBoardHasTheFiguresStudioEvalPrintedWhenItStoredThem() {
        // `studio eval RUN` judges and stores (EvalCommand prints this board)
        Scoreboards.ScoredRun printed = Scoreboards.of(studio).evaluateAndStore(run, null);
        judge.requests().clear();

        Scoreboards.Shown shown = Scoreboards.of(studio).show(run);

        assertThat(judge.requests()).isEmpty();
        assertThat(shown.judgedNow()).isFalse();
        assertThat(ScoreboardText.board(shown.scored().board())).isEqualTo(ScoreboardText.board(printed.board()));
        // the test split is read from the dataset, as the judged board has it
        assertThat(shown.scored().board().rows()).extracting(r -> r.split())
                .containsExactlyElementsOf(printed.board().rows().stream().map(r -> r.split()).toList());
    }

    @Test
    void aRunWithACaseWithoutChecksIsReadBackUncheckedAndNotJudgedAgain() throws Exception {
        // one case judged by the paid judge, one with no assertion at all
        Files.writeString(dir.resolve("datasets/mixed.jsonl"), """
                {"id": "dial", "question": "Can I return a Dial?", "assert": [{"type": "llm-rubric", "value": "answers", "judge": "judge"}]}
                {"id": "valve", "question": "How do valves pair?"}
                """);
        Files.writeString(dir.resolve("experiments/mixed.yaml"), """
                prompts: [ask]
                models: [echo]
                dataset: mixed
                concurrency: 1
                """);
        long mixed = studio.runs().plan(new Runs.Request("mixed", null, null, null, CachePolicy.OFF))
                .start((s, call) -> { }).outcome().runId();
        unjudge(mixed);
        RunsViewModel first = new RunsViewModel(studio, TaskRunner.callingThread(), mixed);
        first.onActivate();
        assertThat(judge.requests()).as("the judged case only").hasSize(1);
        assertThat(first.boardSourceProperty().get()).isEqualTo(RunsViewModel.SCORED_NOW);

        judge.requests().clear();
        RunsViewModel again = new RunsViewModel(studio, TaskRunner.callingThread(), mixed);
        again.onActivate();
        assertThat(judge.requests()).as("judge calls when every call has a stored result").isEmpty();
        assertThat(again.boardSourceProperty().get()).isEqualTo(RunsViewModel.FROM_STORED);
        assertThat(again.boardTextProperty().get()).isEqualTo(first.boardTextProperty().get());
        Scoreboards.Shown shown = Scoreboards.of(studio).show(mixed);
        assertThat(shown.judgedNow()).isFalse();
        // a case with no check is unchecked, not a pass (decision 0020)
        assertThat(shown.scored().results()).extracting(r -> r.caseId() + ":" + r.verdict())
                .containsExactly("dial:PASS", "valve:UNCHECKED");
    }

    @Test
    void aSelfConsistencyRunIsReadFromItsStoredVotesWithoutAskingTheJudgeAgain() throws Exception {
        // three samples per case, each echoing its question, so each vote is the case's number, 3 of 3 agreeing
        Files.writeString(dir.resolve("datasets/nums.jsonl"), """
                {"id": "seven", "question": "The answer is 7"}
                {"id": "nine", "question": "The answer is 9", "split": "test"}
                """);
        Files.writeString(dir.resolve("experiments/votes.yaml"), """
                prompts: [ask]
                models: [echo]
                dataset: nums
                strategy: { type: self-consistency, votes: 3 }
                concurrency: 1
                assertions:
                  - {type: llm-rubric, value: "answers the question", judge: judge}
                """);
        long votes = studio.runs().plan(new Runs.Request("votes", null, null, null, CachePolicy.OFF))
                .start((s, call) -> { }).outcome().runId();
        // a run stores its results at its end; without them the first selection judges the votes now
        unjudge(votes);
        judge.requests().clear();
        RunsViewModel first = new RunsViewModel(studio, TaskRunner.callingThread(), votes);
        first.onActivate();
        assertThat(judge.requests()).as("one judge call per voted case").hasSize(2);
        assertThat(first.boardSourceProperty().get()).isEqualTo(RunsViewModel.SCORED_NOW);
        Scoreboards.Shown judged = Scoreboards.of(studio).show(votes);
        judge.requests().clear();

        RunsViewModel again = new RunsViewModel(studio, TaskRunner.callingThread(), votes);
        again.onActivate();
        Scoreboards.Shown shown = Scoreboards.of(studio).show(votes);

        assertThat(judge.requests()).as("judge calls once the votes' results are stored").isEmpty();
        assertThat(again.boardSourceProperty().get()).isEqualTo(RunsViewModel.FROM_STORED);
        assertThat(again.boardTextProperty().get()).isEqualTo(first.boardTextProperty().get());
        assertThat(shown.judgedNow()).isFalse();
        assertThat(shown.scored().results()).extracting(r -> r.caseId() + ":" + r.verdict() + ":" + r.agreement()
                        + ":" + r.samples().size() + ":" + r.split())
                .containsExactly("seven:PASS:1.0:3:null", "nine:PASS:1.0:3:test");
        assertThat(ScoreboardText.board(shown.scored().board())).isEqualTo(ScoreboardText.board(judged.scored().board()));
    }

    @Test
    void theStoredBoardIsJudgedByThePassScoreItWasStoredWith() throws Exception {
        // the judge says 5 of 5 (1.0), "zzz" is not in the echoed prompt (0.0): mean 0.5, which --pass-score 0.5
        // passes and "every assertion must pass" fails
        writeAsks("zzz");
        Scoreboards.ScoredRun printed = Scoreboards.of(studio).evaluateAndStore(run, 0.5);
        assertThat(printed.results()).allSatisfy(r -> assertThat(r.pass()).isTrue());
        judge.requests().clear();

        Scoreboards.Shown shown = Scoreboards.of(studio).show(run);

        assertThat(judge.requests()).isEmpty();
        assertThat(shown.judgedNow()).isFalse();
        assertThat(shown.scored().results()).extracting(r -> r.pass() + ":" + r.score())
                .containsExactlyElementsOf(printed.results().stream().map(r -> r.pass() + ":" + r.score()).toList());
        assertThat(ScoreboardText.board(shown.scored().board())).isEqualTo(ScoreboardText.board(printed.board()));

        // judged again without a pass score: the stored rule changes with it
        Scoreboards.of(studio).evaluateAndStore(run, null);
        assertThat(Scoreboards.of(studio).show(run).scored().results()).allSatisfy(r -> assertThat(r.pass()).isFalse());
    }
}
