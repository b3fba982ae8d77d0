package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.StudioException;
import org.promptstudio.store.CallQuery;
import org.promptstudio.store.PrivacyRepository;
import org.promptstudio.testsupport.PostgresServer;
import org.promptstudio.workspace.WorkspaceException;

/**
 * Team mode (decision 0146): a workspace whose studio.yaml names a real PostgreSQL server ({@link PostgresServer},
 * started here) records its runs there, reads them back, and purges and audits them, as on the local H2 file; with
 * {@code privacy.redactBeforeStore} the server never sees the planted values.
 */
class TeamModePostgresTest {

    private static PostgresServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (server != null) server.close();
    }

    private void workspace(String database, boolean redact) throws Exception {
        PrivacyRedactionTest.workspace(dir, redact);
        Files.writeString(dir.resolve("studio.yaml"), Files.readString(dir.resolve("studio.yaml"))
                + "database:\n  url: " + server.url(database) + "?user=" + PostgresServer.USER + "\n");
    }

    @Test
    void aWorkspaceOnPostgresRecordsReadsPurgesAndAuditsItsCalls() throws Exception {
        server.createDatabase("team");
        workspace("team", false);
        long runId;
        try (Studio studio = Studio.open(dir)) {
            runId = PrivacyRedactionTest.run(studio);
            List<CallRecord> calls = studio.calls().list(CallQuery.latest(10).inRun(runId));
            assertThat(calls).hasSize(2);
            CallRecord first = studio.calls().find(calls.get(0).id()).orElseThrow();
            assertThat(first.texts().output()).contains(PrivacyRedactionTest.EMAIL); // nothing redacts here
            assertThat(StudioParts.database(studio).name())
                    .isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/team");
            String audit = studio.privacy().audit(runId);
            assertThat(Files.readString(dir.resolve(audit))).contains("\"redacted\" : false");
        }
        // nothing of the calls is in the workspace folder: no local database was made
        assertThat(dir.resolve(".studio/db/studio.mv.db")).doesNotExist();

        // a table another part of the studio adds, referring to calls, is emptied by a purge too
        try (Connection c = DriverManager.getConnection(server.url("team"), PostgresServer.USER, "");
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE call_test_notes (call_id BIGINT NOT NULL REFERENCES calls (id), note TEXT)");
            st.execute("INSERT INTO call_test_notes (call_id, note) SELECT id, 'seen' FROM calls");
        }
        try (Studio studio = Studio.open(dir)) {
            // what an audit reads for guard findings: any table on the calls, with whatever columns it has
            assertThat(StudioParts.database(studio).privacy().rowsOfRunCalls("call_test_notes", runId))
                    .hasSize(2).allSatisfy(row -> assertThat(row).containsOnlyKeys("call_id", "note")
                            .containsEntry("note", "seen"));
            assertThat(StudioParts.database(studio).privacy().rowsOfRunCalls("no_such_table", runId)).isEmpty();
            PrivacyRepository.Deleted deleted = studio.privacy().purge(Instant.now().plusSeconds(60), null);
            assertThat(deleted.counts()).containsEntry("calls", 2L).containsEntry("call texts", 2L)
                    .containsEntry("test notes", 2L).containsEntry("runs left empty", 1L);
            assertThat(studio.calls().list(CallQuery.latest(10))).isEmpty();
            assertThat(studio.privacy().log()).singleElement()
                    .satisfies(e -> assertThat(e.action()).isEqualTo("purge"));
        }
    }

    @Test
    void aRedactingWorkspaceSendsNoPlantedValueToTheServer() throws Exception {
        server.createDatabase("redacted");
        workspace("redacted", true);
        try (Studio studio = Studio.open(dir)) {
            long runId = PrivacyRedactionTest.run(studio);
            for (CallRecord c : studio.calls().list(CallQuery.latest(10).inRun(runId))) {
                CallRecord whole = studio.calls().find(c.id()).orElseThrow();
                assertThat(whole.texts().messagesJson() + whole.texts().output())
                        .doesNotContain(PrivacyRedactionTest.EMAIL);
            }
        }
        try (Connection c = DriverManager.getConnection(server.url("redacted"), PostgresServer.USER, "");
             Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM call_texts WHERE messages_json LIKE '%example.org%'"
                     + " OR output_text LIKE '%example.org%'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void aPasswordInTheUrlIsRefusedNamingItsPlaceAndAMissingServerInOneLine() throws Exception {
        PrivacyRedactionTest.workspace(dir, false);
        try (Studio studio = Studio.open(dir, "jdbc:postgresql://127.0.0.1:1/team")) {
            assertThatThrownBy(() -> studio.calls().list(CallQuery.latest(1)))
                    .isInstanceOf(StudioException.class)
                    .hasMessageStartingWith("jdbc:postgresql://127.0.0.1:1/team: cannot open the database")
                    .hasMessageNotContaining("\n");
        }
        Files.writeString(dir.resolve("studio.yaml"), Files.readString(dir.resolve("studio.yaml"))
                + "database:\n  url: jdbc:postgresql://127.0.0.1/team?user=ada&password=s3cret\n");
        assertThatThrownBy(() -> Studio.open(dir))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageStartingWith("studio.yaml:8:8: database.url must not hold a password")
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("\n");
    }
}
