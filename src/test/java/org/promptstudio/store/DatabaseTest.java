package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.StudioException;

class DatabaseTest {

    @TempDir
    Path workspace;

    private Path state() {
        return workspace.resolve(".studio");
    }

    @Test
    void firstOpenCreatesTheDatabaseUnderTheStudioFolder() {
        assertThat(state()).doesNotExist();
        try (Database db = Database.open(state())) {
            assertThat(db.calls().count()).isZero();
            assertThat(db.name()).isEqualTo(".studio/db/studio");
        }
        assertThat(state().resolve("db/studio.mv.db")).isRegularFile();
    }

    @Test
    void schemaHasTheTablesAndTheIndexesDashboardsNeed() throws SQLException {
        try (Database db = Database.open(state()); Connection c = db.connection(); Statement st = c.createStatement()) {
            List<String> tables = strings(st, "SELECT LOWER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY 1");
            assertThat(tables).contains("runs", "calls", "call_texts", "annotations", "feedback", "eval_results");
            List<String> indexes = strings(st, "SELECT LOWER(INDEX_NAME) FROM INFORMATION_SCHEMA.INDEXES"
                    + " WHERE TABLE_SCHEMA = 'PUBLIC'");
            assertThat(indexes).contains("calls_by_run", "calls_by_prompt", "calls_by_model", "calls_by_cache_key",
                    "annotations_by_call", "feedback_by_call", "eval_results_by_call", "eval_results_by_run");
            List<String> foreignKeys = strings(st, "SELECT LOWER(tc.TABLE_NAME) FROM"
                    + " INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc WHERE tc.CONSTRAINT_TYPE = 'FOREIGN KEY'");
            assertThat(foreignKeys).contains("calls", "call_texts", "annotations", "feedback");
        }
    }

    @Test
    void reopeningKeepsTheDataAndAppliesNoMigrationTwice() throws SQLException {
        try (Database db = Database.open(state())) {
            db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
        }
        try (Database db = Database.open(state()); Connection c = db.connection(); Statement st = c.createStatement()) {
            assertThat(db.calls().count()).isEqualTo(1);
            assertThat(strings(st, "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL"))
                    .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18");
        }
    }

    @Test
    void aUrlFromTheConfigurationIsUsedInsteadOfTheWorkspaceFile() {
        Path elsewhere = workspace.resolve("shared-db/studio");
        try (Database db = Database.open(state(), "jdbc:h2:file:" + elsewhere)) {
            db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
            assertThat(db.name()).startsWith("jdbc:h2:file:");
        }
        assertThat(workspace.resolve("shared-db/studio.mv.db")).isRegularFile();
        assertThat(state()).doesNotExist();
    }

    @Test
    void aUrlOfAnotherDatabaseOrWithAPasswordIsRefusedInOneLine() {
        assertThatThrownBy(() -> Database.open(state(), "jdbc:mysql://localhost/studio"))
                .isInstanceOf(StudioException.class)
                .hasMessage("database.url jdbc:mysql://localhost/studio: only jdbc:h2: and jdbc:postgresql:// URLs are"
                        + " supported");
        for (String url : List.of("jdbc:postgresql://db.example.org/studio?user=ada&password=s3cret",
                "jdbc:postgresql://ada:s3cret@db.example.org/studio", "jdbc:h2:file:/tmp/x;PASSWORD=s3cret")) {
            assertThatThrownBy(() -> Database.open(state(), url))
                    .isInstanceOf(StudioException.class)
                    .hasMessageStartingWith("database.url must not hold a password")
                    .hasMessageNotContaining("s3cret");
        }
        // a server that is not there: one line naming the URL without its parameters
        assertThatThrownBy(() -> Database.open(state(), "jdbc:postgresql://127.0.0.1:1/studio?user=ada", "ada", "pw"))
                .isInstanceOf(StudioException.class)
                .hasMessageStartingWith("jdbc:postgresql://127.0.0.1:1/studio: cannot open the database")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aDamagedFileIsReportedInOneLineNamingTheDatabase() throws Exception {
        Files.createDirectories(state().resolve("db"));
        byte[] junk = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(junk);
        Files.write(state().resolve("db/studio.mv.db"), junk);

        assertThatThrownBy(() -> Database.open(state()))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith(".studio/db/studio.mv.db: the database file is damaged")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("[9"));
    }

    @Test
    void aClosedDatabaseRefusesWorkWithAClearMessage() {
        Database db = Database.open(state());
        db.close();
        db.close();
        assertThatThrownBy(() -> db.calls().count())
                .isInstanceOf(StoreException.class)
                .hasMessage(".studio/db/studio: the database is closed");
    }

    @Test
    void twoDatabasesOnTheSameFilesInOneProcessShareTheirCalls() {
        try (Database first = Database.open(state())) {
            try (Database second = Database.open(state())) {
                long id = second.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
                assertThat(first.calls().find(id)).isPresent();
            }
            first.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
            assertThat(first.calls().count()).isEqualTo(2);
        }
    }

    @Test
    void everyCommitIsWrittenAtOnce() throws SQLException {
        try (Database db = Database.open(state()); Connection c = db.connection(); Statement st = c.createStatement()) {
            assertThat(strings(st, "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME = 'WRITE_DELAY'")).isNotEmpty().containsOnly("0");
        }
    }

    static List<String> strings(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1).toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
