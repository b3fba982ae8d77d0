package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

/**
 * Closing the database does no compaction, and {@link Database#compact} does it when asked (decision 0156): on a real
 * H2 file grown by calls recorded one by one, the file shrinks and every call reads back as it was; while a studio of
 * this process or of another holds the file, compacting is refused with one line and nothing changes.
 */
class DatabaseCompactTest {

    @TempDir
    Path workspace;

    private Path state() {
        return workspace.resolve(".studio");
    }

    private Path file() {
        return state().resolve(Database.RELATIVE_PATH + ".mv.db");
    }

    @Test
    void theWorkspaceFileKeepsEveryCommitInTheFile() {
        try (Database db = Database.open(state())) {
            // no compaction on close: a purge compacts the file itself at the last close (decision 0156)
            assertThat(setting(db, "MAX_COMPACT_TIME")).isEqualTo("0");
            assertThat(setting(db, "WRITE_DELAY")).isEqualTo("0"); // every commit is in the file
        }
    }

    private static String setting(Database db, String name) {
        return db.read("setting", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    @Test
    void compactingShrinksTheFileAndKeepsEveryCall() throws Exception {
        List<CallRecord> recorded = new ArrayList<>();
        try (Database db = Database.open(state())) {
            long run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "burst", null, null)).id();
            for (int i = 0; i < 400; i++) {
                CallRecord c = SampleCalls.call(run, "m" + (i % 3), Instant.parse("2026-11-20T09:00:00Z")
                        .plusSeconds(i)).caseId("case-" + i).texts(new CallTexts("[]", ("answer " + i + " ")
                        .repeat(100), null, null)).build();
                recorded.add(c.withId(db.calls().insert(c)));
            }
        }
        long closed = Files.size(file());

        Database.Compaction done = Database.compact(state());

        assertThat(done.name()).isEqualTo(".studio/" + Database.RELATIVE_PATH);
        assertThat(done.beforeBytes()).isEqualTo(closed);
        assertThat(done.afterBytes()).isEqualTo(Files.size(file())).isLessThan(done.beforeBytes());
        try (Database db = Database.open(state())) {
            assertThat(db.calls().count()).isEqualTo(400);
            for (CallRecord c : List.of(recorded.get(0), recorded.get(199), recorded.get(399))) {
                assertThat(db.calls().find(c.id())).contains(c);
            }
        }
    }

    @Test
    void refusedWhileAStudioOfThisProcessHoldsTheFile() throws Exception {
        try (Database db = Database.open(state())) {
            long id = db.calls().insert(SampleCalls.call(null, "m", Instant.now()).build());
            long size = Files.size(file());

            assertThatThrownBy(() -> Database.compact(state())).isInstanceOf(StoreException.class)
                    .hasMessage(".studio/db/studio: the database is open in another studio (the window, or a command"
                            + " still running); close it, then compact");

            assertThat(db.calls().find(id)).isPresent();
            assertThat(db.calls().insert(SampleCalls.call(null, "m", Instant.now()).build())).isGreaterThan(id);
            assertThat(Files.size(file())).isGreaterThanOrEqualTo(size);
        }
    }

    @Test
    void refusedWhileAnotherProcessHoldsTheFile() throws Exception {
        try (ChildJvm other = ChildJvm.start(StoreChild.class, workspace.resolve("child.err"), "serve",
                state().toString())) {
            other.expect("ready ", 120);

            assertThatThrownBy(() -> Database.compact(state())).isInstanceOf(StoreException.class)
                    .hasMessageContaining("the database is open in another studio").hasMessageNotContaining("\n");

            other.send("count");
            assertThat(other.expect("count ", 120)).isEqualTo("1");
            other.send("quit");
            other.expect("closed", 120);
            assertThat(other.waitFor(120)).isZero();
        }
        Database.Compaction done = Database.compact(state());
        assertThat(done.afterBytes()).isPositive();
        try (Database db = Database.open(state())) {
            assertThat(db.calls().count()).isEqualTo(1);
        }
    }

    @Test
    void nothingToCompactBeforeTheFirstCall() {
        assertThatThrownBy(() -> Database.compact(state())).isInstanceOf(StoreException.class)
                .hasMessage(".studio/db/studio: no database yet, nothing to compact");
    }
}
