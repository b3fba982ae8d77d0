package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.RunStatus;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.testsupport.GridWorkspace;

/** The compare use case the CLI and the compare grid share: cells in the order asked, deltas and the end per cell. */
class StreamingCompareTest {

    @TempDir
    Path dir;
    Studio studio;

    @BeforeEach
    void workspace() {
        studio = GridWorkspace.open(dir, GridWorkspace.ECHO_AND_SLOW_ECHO, null, GridWorkspace.QUESTION_THEN_Q);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    /** Records what a listener sees, per cell. */
    static final class Recorder implements StreamingCompare.Listener {
        final Map<Integer, StringBuffer> deltas = new ConcurrentHashMap<>();
        final List<StreamingCompare.Answer> done = new CopyOnWriteArrayList<>();
        final List<String> deltaAfterDone = new CopyOnWriteArrayList<>();

        @Override
        public void onDelta(StreamingCompare.Cell cell, String text) {
            if (done.stream().anyMatch(a -> a.cell().equals(cell))) deltaAfterDone.add(text);
            deltas.computeIfAbsent(cell.index(), k -> new StringBuffer()).append(text);
        }

        @Override
        public void onDone(StreamingCompare.Answer answer) {
            done.add(answer);
        }
    }

    @Test
    void cellsFollowTheOrderAskedAndEachStreamsItsOwnAnswer() {
        StreamingCompare compare = studio.compare(studio.models(CachePolicy.fromFlags(true, false, false)));
        StreamingCompare.Prepared prepared = compare.prepare("ask", List.of("1", "working"),
                List.of("slow-echo", "echo"), Map.of("question", "Can I return a Dial?"));

        assertThat(prepared.cells()).extracting(c -> c.version() + "/" + c.model())
                .containsExactly("1/slow-echo", "1/echo", "working/slow-echo", "working/echo");

        Recorder recorder = new Recorder();
        StreamingCompare.Result result = compare.run(prepared, recorder, new Cancellation());

        assertThat(result.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(result.answers()).extracting(a -> a.cell().index()).containsExactly(0, 1, 2, 3);
        assertThat(result.answers()).extracting(StreamingCompare.Answer::text).containsExactly(
                "Question: Can I return a Dial?\n", "Question: Can I return a Dial?\n",
                "Q: Can I return a Dial?\n", "Q: Can I return a Dial?\n");
        assertThat(recorder.done).hasSize(4);
        assertThat(recorder.deltaAfterDone).isEmpty();
        for (StreamingCompare.Answer a : result.answers()) {
            assertThat(recorder.deltas.get(a.cell().index())).as("streamed in pieces, joined: the answer")
                    .hasToString(a.text());
            assertThat(a.finishReason()).isEqualTo("stop");
            assertThat(a.cutByTokenLimit()).isFalse();
        }
        assertThat(StudioParts.calls(studio).inRunWithAnswers(result.runId())).hasSize(4);
    }

    @Test
    void twoNamesForTheSameCommitMakeOneCall() {
        StreamingCompare compare = studio.compare(studio.models(CachePolicy.fromFlags(true, false, false)));
        StreamingCompare.Prepared prepared = compare.prepare("ask", List.of("1", "1"), List.of("echo"),
                Map.of("question", "Why?"));

        assertThat(prepared.cells()).extracting(StreamingCompare.Cell::version).containsExactly("1");
        StreamingCompare.Result result = compare.run(prepared, new Recorder(), new Cancellation());
        assertThat(StudioParts.calls(studio).inRunWithAnswers(result.runId())).hasSize(1);
    }

    @Test
    void aCancelledComparisonStillEndsEveryCell() {
        StreamingCompare compare = studio.compare(studio.models(CachePolicy.fromFlags(true, false, false)));
        StreamingCompare.Prepared prepared = compare.prepare("ask", null, List.of("echo", "slow-echo"),
                Map.of("question", "Why?"));
        Cancellation cancel = new Cancellation();
        cancel.cancel();
        Recorder recorder = new Recorder();

        StreamingCompare.Result result = compare.run(prepared, recorder, cancel);

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(recorder.done).extracting(a -> a.cell().index()).containsExactly(0, 1);
        assertThat(result.answers()).allSatisfy(a -> {
            assertThat(a.ok()).isFalse();
            assertThat(a.error()).isNotBlank();
        });
    }
}
