package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.RunFigures;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.RunStatus;
import org.promptstudio.store.Database;

/** Where a recorded run stands, as {@code studio runs} shows it; the processes of the machine are given. */
class RunHistoryTest {

    static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

    @TempDir
    Path tmp;
    Database db;

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve(".studio"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Process 100 runs since before T; process 200 started after T (its number was reused); no other runs. */
    static final RunHistory.Processes MACHINE = new RunHistory.Processes() {
        @Override
        public String host() {
            return "lab";
        }

        @Override
        public Optional<Instant> started(long pid) {
            return Optional.ofNullable(Map.of(100L, T.minusSeconds(60), 200L, T.plusSeconds(60)).get(pid));
        }
    };

    private RunHistory.Entry stored(RunKind kind, RunStatus status, String owner) {
        RunRecord run = db.runs().insert(new RunRecord(null, kind, "sums", "experiments/sums.yaml", T, null, status,
                null, owner));
        return new RunHistory(db.runs(), MACHINE).find(run.id()).orElseThrow();
    }

    @Test
    void aRunningRunWhoseProcessIsGoneWasInterruptedAndCanBeResumed() {
        RunHistory.Entry gone = stored(RunKind.EXPERIMENT, RunStatus.RUNNING, "300@lab");
        assertThat(gone.stateText()).isEqualTo("interrupted (resume with studio run --resume " + gone.run().id() + ")");
        assertThat(stored(RunKind.EXPERIMENT, RunStatus.RUNNING, "200@lab").state())
                .as("the number now belongs to a process started after the run").isEqualTo("interrupted");
        assertThat(stored(RunKind.EXPERIMENT, RunStatus.RUNNING, "100@lab").stateText()).isEqualTo("running");
        assertThat(stored(RunKind.EXPERIMENT, RunStatus.RUNNING, "300@other-host").state())
                .as("another machine's process cannot be seen from here").isEqualTo("running");
        assertThat(stored(RunKind.EXPERIMENT, RunStatus.RUNNING, null).state()).isEqualTo("running");
    }

    @Test
    void finishedCancelledAndFailedRunsSaySo() {
        assertThat(stored(RunKind.EXPERIMENT, RunStatus.FINISHED, "300@lab").stateText())
                .as("finished without recording a call: not done").isEqualTo("no-answers (no call was recorded)");
        RunHistory.Entry cancelled = stored(RunKind.EXPERIMENT, RunStatus.CANCELLED, "300@lab");
        assertThat(cancelled.stateText())
                .isEqualTo("cancelled (resume with studio run --resume " + cancelled.run().id() + ")");
        assertThat(stored(RunKind.PLAYGROUND, RunStatus.CANCELLED, "300@lab").stateText())
                .as("a compare cannot be resumed").isEqualTo("cancelled");
        assertThat(stored(RunKind.EXPERIMENT, RunStatus.FAILED, null).stateText()).isEqualTo("failed");
    }

    @Test
    void theCacheLineCountsAnswers() {
        RunRecord run = new RunRecord(1L, RunKind.EXPERIMENT, "sums", null, T, null, RunStatus.FINISHED, null);
        assertThat(RunHistory.cacheLine(new RunFigures(run, 40, 2, 0, 12, BigDecimal.ONE, 0)))
                .isEqualTo("cache: 12 of 40 answers from the cache");
        assertThat(RunHistory.cacheLine(new RunFigures(run, 1, 0, 0, 0, null, 0)))
                .isEqualTo("cache: 0 of 1 answer from the cache");
    }

    /** A finished run whose recorded calls ended as {@code statuses} say. */
    private RunHistory.Entry finishedWith(org.promptstudio.model.CallStatus... statuses) {
        RunRecord run = db.runs().insert(new RunRecord(null, RunKind.EXPERIMENT, "sums", "experiments/sums.yaml", T,
                null, RunStatus.FINISHED, null, "300@lab"));
        for (org.promptstudio.model.CallStatus st : statuses) {
            org.promptstudio.model.CallRecord.Builder b = org.promptstudio.model.CallRecord.builder().runId(run.id())
                    .model("echo", "echo").createdAt(T).texts(new org.promptstudio.model.CallTexts("[]",
                            st == org.promptstudio.model.CallStatus.OK ? "4" : null, null, null));
            if (st == org.promptstudio.model.CallStatus.ERROR) b.error("HTTP 503: overloaded");
            if (st == org.promptstudio.model.CallStatus.CANCELLED) b.status(st);
            db.calls().insert(b.build());
        }
        return new RunHistory(db.runs(), MACHINE).find(run.id()).orElseThrow();
    }

    @Test
    void aRunThatEndedWithoutOneAnswerIsNotDone() {
        // issue 12: a run whose calls all failed, or were all cancelled, was listed as "done"
        assertThat(finishedWith(org.promptstudio.model.CallStatus.OK, org.promptstudio.model.CallStatus.ERROR)
                .stateText()).isEqualTo("done");
        RunHistory.Entry failed = finishedWith(org.promptstudio.model.CallStatus.ERROR,
                org.promptstudio.model.CallStatus.ERROR, org.promptstudio.model.CallStatus.CANCELLED);
        assertThat(failed.state()).isEqualTo("failed");
        assertThat(failed.stateText()).isEqualTo("failed (no answers: every call failed)");
        assertThat(finishedWith(org.promptstudio.model.CallStatus.CANCELLED).stateText())
                .as("nothing left to resume: every call is recorded").isEqualTo("cancelled (no answers: every call was cancelled)");
    }
}
