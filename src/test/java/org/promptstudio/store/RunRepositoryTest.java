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
}
