package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.CallText;
import org.promptstudio.model.CallRecord;

/**
 * Calls recorded before V10 with finish reason {@code tool_calls} and no answer text list as
 * {@code no-answer: tool called, no result}, as such a call recorded today does; one that wrote text keeps its
 * {@code ok}, and a failed call is untouched (migration V10, decision 0120).
 */
class OldToolCallsMigrationTest {

    @TempDir
    Path tmp;

    @Test
    void oldToolCallsWithoutTextListAsNoAnswerInAListingThatReadsNoTexts() throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("old/studio") + ";WRITE_DELAY=0";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("9").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            insert(st, 1, "ok", "tool_calls", "''");            // called a tool, wrote nothing
            insert(st, 2, "ok", "tool_calls", "'  ' || CHR(10)"); // called a tool, wrote blanks only
            insert(st, 3, "ok", "tool_calls", "'Let me look that up.'"); // wrote text besides its tool call
            insert(st, 4, "error", "tool_calls", "NULL");       // failed: an error, not a non-answer
            insert(st, 5, "ok", "stop", "'Paris'");
        }

        try (Database db = Database.open(tmp.resolve(".studio"), url)) {
            List<CallRecord> listed = db.calls().list(CallQuery.latest(10));
            assertThat(listed).extracting(CallRecord::model, CallText::state).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("m1", "no-answer"),
                    org.assertj.core.groups.Tuple.tuple("m2", "no-answer"),
                    org.assertj.core.groups.Tuple.tuple("m3", "ok"),
                    org.assertj.core.groups.Tuple.tuple("m4", "error"),
                    org.assertj.core.groups.Tuple.tuple("m5", "ok"));
            CallRecord first = listed.stream().filter(c -> c.model().equals("m1")).findFirst().orElseThrow();
            assertThat(CallText.status(first, 60)).isEqualTo("no-answer: tool called, no result");
            // read with its texts, as 'studio calls show' does, it is the same
            assertThat(CallText.state(db.calls().find(first.id()).orElseThrow())).isEqualTo("no-answer");
        }
    }

    private static void insert(Statement st, int n, String status, String reason, String outputSql) throws Exception {
        st.executeUpdate("INSERT INTO calls (id, provider, model, status, finish_reason, error, created_at, sample_index)"
                + " VALUES (" + n + ", 'openai', 'm" + n + "', '" + status + "', '" + reason + "', "
                + (status.equals("error") ? "'HTTP 500'" : "NULL")
                + ", TIMESTAMP WITH TIME ZONE '2026-11-01 10:00:0" + n + "+00:00', 0)");
        st.executeUpdate("INSERT INTO call_texts (call_id, messages_json, output_text) VALUES (" + n + ", '[]', "
                + outputSql + ")");
    }
}
