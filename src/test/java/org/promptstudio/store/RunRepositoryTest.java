package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.RunStatus;

class RunRepositoryTest {

    @TempDir
    Path workspace;

    private Database db;

    @BeforeEach
    void open() {
        db = Database.open(workspace.resolve(".studio"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aStartedRunIsStoredRunningAndCanBeFinished() {
        RunRecord run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "cot-vs-zero-shot",
                "experiments/cot-vs-zero-shot.yaml", "{\"samples\":3}"));
        assertThat(db.runs().find(run.id())).contains(run);
        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);

        Instant end = Instant.parse("2026-11-20T10:00:00Z");
        db.runs().finish(run.id(), RunStatus.FINISHED, end);

        RunRecord finished = db.runs().find(run.id()).orElseThrow();
        assertThat(finished.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(finished.finishedAt()).isEqualTo(end);
        assertThat(finished.settingsJson()).isEqualTo("{\"samples\":3}");
    }

    @Test
    void finishingWithSettingsReplacesThemAndWithoutKeepsThem() {
        RunRecord run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "budget", "experiments/budget.yaml",
                "{\"samples\":3}"));
        Instant end = Instant.parse("2026-11-20T10:00:00Z");

        db.runs().finish(run.id(), RunStatus.BUDGET_REACHED, end, "{\"samples\":3,\"budgetStop\":\"$0.50\"}");

        RunRecord finished = db.runs().find(run.id()).orElseThrow();
        assertThat(finished.status()).isEqualTo(RunStatus.BUDGET_REACHED);
        assertThat(finished.finishedAt()).isEqualTo(end);
        assertThat(finished.settingsJson()).isEqualTo("{\"samples\":3,\"budgetStop\":\"$0.50\"}");

        db.runs().finish(run.id(), RunStatus.FINISHED, end.plusSeconds(1), null);
        assertThat(db.runs().find(run.id()).orElseThrow().settingsJson())
                .isEqualTo("{\"samples\":3,\"budgetStop\":\"$0.50\"}");
        assertThatThrownBy(() -> db.runs().finish(99, RunStatus.FAILED, end, "{}"))
                .isInstanceOf(StoreException.class)
                .hasMessage("cannot finish run 99: no such run");
    }

    @Test
    void finishingARunThatDoesNotExistSaysSo() {
        assertThatThrownBy(() -> db.runs().finish(99, RunStatus.FAILED, Instant.now()))
                .isInstanceOf(StoreException.class)
                .hasMessage("cannot finish run 99: no such run");
    }

    @Test
    void latestRunsComeNewestFirst() {
        Instant t = Instant.parse("2026-11-20T09:00:00Z");
        RunRecord a = db.runs().insert(new RunRecord(null, RunKind.PLAYGROUND, "a", null, t, null, RunStatus.RUNNING, null));
        RunRecord b = db.runs().insert(new RunRecord(null, RunKind.PLAYGROUND, "b", null, t.plusSeconds(5), null,
                RunStatus.RUNNING, null));

        assertThat(db.runs().latest(10)).containsExactly(b, a);
        assertThat(db.runs().latest(1)).containsExactly(b);
    }

    @Test
    void aStartedRunKnowsTheProcessThatStartedIt() {
        RunRecord run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "x", "experiments/x.yaml", null));

        // PID@HOST of this JVM, read back from the database
        assertThat(db.runs().find(run.id()).orElseThrow().owner())
                .isEqualTo(ProcessHandle.current().pid() + "@" + RunRecord.hostName());
    }

    @Test
    void figuresSumEachRunsCallsInTheDatabase() {
        Instant t = Instant.parse("2026-11-20T09:00:00Z");
        RunRecord a = db.runs().insert(new RunRecord(null, RunKind.EXPERIMENT, "a", null, t, null, RunStatus.FINISHED, null));
        RunRecord b = db.runs().insert(new RunRecord(null, RunKind.EXPERIMENT, "b", null, t.plusSeconds(5), null,
                RunStatus.RUNNING, null));
        RunRecord empty = db.runs().insert(new RunRecord(null, RunKind.PLAYGROUND, "c", null, t.plusSeconds(9), null,
                RunStatus.FINISHED, null));
        // run a: two paid answers ($0.000345 each), one answer from the cache (its cost is not spent again), a
        // failure, a cancelled call
        db.calls().insertBatch(java.util.List.of(
                SampleCalls.call(a.id(), "m", t).build(),
                SampleCalls.call(a.id(), "m", t.plusMillis(1)).build(),
                SampleCalls.call(a.id(), "m", t.plusMillis(2)).cached(true).build(),
                SampleCalls.call(a.id(), "m", t.plusMillis(3)).cost(null).error("HTTP 500").build(),
                SampleCalls.call(a.id(), "m", t.plusMillis(4)).cost(null)
                        .status(org.promptstudio.model.CallStatus.CANCELLED).build(),
                // run b: one answer with no price: its cost is not known
                SampleCalls.call(b.id(), "m", t.plusMillis(5)).cost(null).build(),
                SampleCalls.call(b.id(), "m", t.plusMillis(6)).build()));

        java.util.List<org.promptstudio.model.RunFigures> figures = db.runs().latestWithFigures(10);

        assertThat(figures).extracting(f -> f.run().id()).containsExactly(empty.id(), b.id(), a.id());
        org.promptstudio.model.RunFigures fa = figures.get(2);
        assertThat(fa.ok()).isEqualTo(3);
        assertThat(fa.failed()).isEqualTo(1);
        assertThat(fa.cancelled()).isEqualTo(1);
        assertThat(fa.cached()).isEqualTo(1);
        assertThat(fa.spent()).isEqualByComparingTo("0.00069");
        assertThat(fa.costKnown()).isTrue();
        assertThat(figures.get(1).costKnown()).isFalse();
        assertThat(figures.get(1).unpriced()).isEqualTo(1);
        assertThat(figures.get(0).ok()).isZero();
        assertThat(figures.get(0).spent()).isEqualByComparingTo("0");
        assertThat(db.runs().latestWithFigures(2)).extracting(f -> f.run().id()).containsExactly(empty.id(), b.id());
        assertThat(db.runs().figures(a.id())).contains(fa);
        assertThat(db.runs().figures(99)).isEmpty();
    }
}
