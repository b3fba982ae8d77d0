package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.eval.Verdict;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.FeedbackRecord;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunStatus;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.testsupport.GridWorkspace;

/** The compare grid's use case: rows x (version x model) x samples, streamed, judged, recorded; and ratings. */
class GridCompareTest {

    @TempDir
    Path dir;
    Studio studio;

    @BeforeEach
    void workspace() {
        // The echo model answers with the rendered prompt, so "Question:" passes in version 1 and fails in working.
        studio = GridWorkspace.open(dir, GridWorkspace.ECHO_AND_SLOW_ECHO, """
                {"id": "dial", "question": "Can I return a Dial?", "split": "dev", "assert": [{"type": "contains", "value": "Question:"}]}
                {"id": "valve", "question": "How do valves pair?", "split": "test", "assert": [{"type": "contains", "value": "Question:"}]}
                {"id": "ship", "question": "Do you ship to Oslo?", "split": "dev", "assert": [{"type": "contains", "value": "Question:"}]}
                {"id": "plain", "question": "Is there a Dial app?", "split": "dev"}
                """, GridWorkspace.QUESTION_THEN_Q);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    private StreamingCompare compare() {
        return studio.compare(studio.models(CachePolicy.fromFlags(true, false, false)));
    }

    @Test
    void gridHasARowPerDatasetRowAndAColumnPerVersionAndModelInTheOrderAsked() {
        StreamingCompare.Prepared grid = compare().prepareGrid(new StreamingCompare.GridRequest("ask",
                List.of("working", "1"), List.of("slow-echo", "echo"), "qs", "dev", "dial", null, null, 2));

        // split dev and "dial" in the input or id: rows dial and plain (the question names the Dial app)
        assertThat(grid.rows()).extracting(StreamingCompare.Row::caseId).containsExactly("dial", "plain");
        assertThat(grid.columns()).extracting(c -> c.version() + "/" + c.model())
                .containsExactly("working/slow-echo", "working/echo", "1/slow-echo", "1/echo");
        assertThat(grid.samples()).isEqualTo(2);
        assertThat(grid.cells()).hasSize(2 * 4 * 2);
        assertThat(grid.cells().subList(0, 4)).extracting(c -> c.row() + ":" + c.column() + ":" + c.sample())
                .containsExactly("0:0:0", "0:0:1", "0:1:0", "0:1:1");
        assertThat(grid.cells().get(8)).extracting(StreamingCompare.Cell::row).isEqualTo(1);
    }

    @Test
    void eachCellStreamsIsJudgedByItsCaseAndTheRunIsRecorded() {
        StreamingCompare compare = compare();
        StreamingCompare.Prepared grid = compare.prepareGrid(new StreamingCompare.GridRequest("ask",
                List.of("1", "working"), List.of("echo"), "qs", null, null, 3, null, 1));
        StreamingCompareTest.Recorder recorder = new StreamingCompareTest.Recorder();

        StreamingCompare.Result result = compare.run(grid, recorder, new Cancellation());

        assertThat(result.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(result.answers()).extracting(a -> a.cell().row() + "/" + a.cell().column())
                .containsExactly("0/0", "0/1", "1/0", "1/1", "2/0", "2/1");
        assertThat(result.answers()).allSatisfy(a ->
                assertThat(recorder.deltas.get(a.cell().index())).hasToString(a.text()));
        // version 1 says "Question:", the working copy "Q:"; each row's case asks for "Question:"
        assertThat(result.answers()).extracting(a -> a.check().verdict()).containsExactly(
                Verdict.PASS, Verdict.FAIL, Verdict.PASS, Verdict.FAIL, Verdict.PASS, Verdict.FAIL);
        assertThat(result.answers().get(1).check().assertions().get(0).reason()).contains("does not contain");
        assertThat(StudioParts.runs(studio).find(result.runId()).orElseThrow().kind()).isEqualTo(RunKind.PLAYGROUND);
        List<CallRecord> recorded = StudioParts.calls(studio).inRunWithAnswers(result.runId());
        assertThat(recorded).extracting(CallRecord::caseId)
                .containsExactly("dial", "dial", "valve", "valve", "ship", "ship");
        // the checks are the run's eval results, one a call and assertion, as the run's scoreboard reads them
        assertThat(StudioParts.database(studio).evalResults().inRun(result.runId()))
                .extracting(e -> e.callId() + ":" + e.type() + ":" + e.pass())
                .containsExactlyInAnyOrderElementsOf(result.answers().stream()
                        .map(a -> a.call().id() + ":contains:" + (a.check().verdict() == Verdict.PASS)).toList());
    }

    @Test
    void aVariantIsAColumnBesideTheVersions() throws Exception {
        // Dotprompt variants: prompts/ask.formal.prompt is the variant "formal" of ask
        java.nio.file.Files.writeString(dir.resolve("prompts/ask.formal.prompt"), "Dear customer: {{question}}\n");
        assertThat(StreamingCompare.variantChoices(studio, "ask")).containsExactly("variant:formal");

        StreamingCompare compare = compare();
        StreamingCompare.Prepared grid = compare.prepareGrid(new StreamingCompare.GridRequest("ask",
                List.of("working", "variant:formal"), List.of("echo"), "qs", null, "dial", 1, null, 1));
        StreamingCompare.Result result = compare.run(grid, null, new Cancellation());

        assertThat(grid.columns()).extracting(StreamingCompare.Column::version, StreamingCompare.Column::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("working", "prompts/ask.prompt"),
                        org.assertj.core.groups.Tuple.tuple("variant:formal", "prompts/ask.formal.prompt"));
        assertThat(result.answers()).satisfiesExactly(
                a -> assertThat(a.text()).startsWith("Q: Can I return a Dial?"),
                a -> assertThat(a.text()).startsWith("Dear customer: Can I return a Dial?"));
        assertThatThrownBy(() -> compare.prepareGrid(new StreamingCompare.GridRequest("ask",
                List.of("variant:nosuch"), List.of("echo"), "qs", null, null, 1, null, 1)))
                .isInstanceOf(StudioException.class).hasMessageContaining("nosuch");
    }

    @Test
    void aRowWithoutAssertionsIsUncheckedNotPassed() {
        StreamingCompare compare = compare();
        StreamingCompare.Prepared grid = compare.prepareGrid(new StreamingCompare.GridRequest("ask",
                List.of("1"), List.of("echo"), "qs", null, "app", null, null, 1));
        StreamingCompare.Result result = compare.run(grid, null, new Cancellation());
        assertThat(result.answers()).singleElement().satisfies(a ->
                assertThat(a.check().verdict()).isEqualTo(Verdict.UNCHECKED));
    }

    @Test
    void typedInputsMakeOneRowEach() {
        StreamingCompare compare = compare();
        StreamingCompare.Prepared grid = compare.prepareGrid(new StreamingCompare.GridRequest("ask",
                List.of(), List.of("echo"), null, null, null, null,
                List.of(Map.of("question", "One?"), Map.of("question", "Two?")), 1));
        StreamingCompare.Result result = compare.run(grid, null, new Cancellation());
        assertThat(grid.rows()).extracting(StreamingCompare.Row::source).containsExactly("typed input 1", "typed input 2");
        assertThat(result.answers()).extracting(StreamingCompare.Answer::text).containsExactly("Q: One?\n", "Q: Two?\n");
    }

    @Test
    void aFilterThatLeavesNoRowSaysSoInOneLine() {
        assertThatThrownBy(() -> compare().prepareGrid(new StreamingCompare.GridRequest("ask", List.of(),
                List.of("echo"), "qs", "test", "oslo", null, null, 1)))
                .isInstanceOf(StudioException.class)
                .hasMessage("no input left: dataset 'qs' has no row in split test containing 'oslo'");
    }

    @Test
    void aRatingIsWrittenAtOnceAndTheLatestCounts() {
        StreamingCompare compare = compare();
        StreamingCompare.Result result = compare.run(compare.prepareGrid(new StreamingCompare.GridRequest("ask",
                List.of(), List.of("echo"), "qs", null, null, 1, null, 1)), null, new Cancellation());
        long callId = result.answers().get(0).call().id();

        studio.feedback().rate(callId, Feedback.Rating.DOWN, "too curt");
        studio.feedback().rate(callId, Feedback.Rating.UP, "  fine after all ");

        List<FeedbackRecord> stored = StudioParts.database(studio).feedback().forCall(callId);
        assertThat(stored).extracting(FeedbackRecord::valueJson).containsExactly(
                "{\"rating\":\"down\",\"comment\":\"too curt\"}", "{\"rating\":\"up\",\"comment\":\"fine after all\"}");
        assertThat(stored).extracting(FeedbackRecord::kind).containsOnly("rating");
        assertThat(studio.feedback().latest(callId)).isEqualTo(new Feedback.Given(Feedback.Rating.UP, "fine after all"));
    }
}
