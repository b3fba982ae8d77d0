package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.OptionalInt;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening an up-to-date database compares its recorded schema version with the newest migration and leaves Flyway
 * out; one a version behind is still migrated by Flyway (decision 0155).
 */
class SchemaVersionTest {

    @TempDir
    Path tmp;

    @Test
    void theNewestVersionIsTheHighestMigrationInTheSources() throws Exception {
        List<String> names;
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            names = files.map(p -> p.getFileName().toString()).toList();
        }
        int highest = names.stream().mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max()
                .orElseThrow();

        assertThat(SchemaVersion.newest()).isEqualTo(highest);
        assertThat(SchemaVersion.highest(List.of("V1__a.sql", "V12__b.sql", "V3__c.sql"))).isEqualTo(12);
        assertThat(SchemaVersion.highest(List.of("V1__a.sql", "V2_1__b.sql"))).isEqualTo(-1);
    }

    @Test
    void anUpToDateFileOpensWithoutFlyway() {
        Path state = tmp.resolve(".studio");
        try (Database created = Database.open(state)) {
            assertThat(created.flywayStarted()).isTrue(); // a new file: Flyway makes the schema
        }

        try (Database opened = Database.open(state)) {
            assertThat(opened.flywayStarted()).isFalse();
            assertThat(opened.calls().list(CallQuery.latest(5))).isEmpty(); // and it is usable
        }
    }

    @Test
    void aFileOneVersionBehindIsStillMigrated() throws Exception {
        int newest = SchemaVersion.newest();
        String url = "jdbc:h2:file:" + tmp.resolve("old/studio") + ";WRITE_DELAY=0";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration")
                .target(String.valueOf(newest - 1)).load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            assertThat(SchemaVersion.applied(c)).isEqualTo(OptionalInt.of(newest - 1));
        }

        try (Database db = Database.open(tmp.resolve(".studio"), url)) {
            assertThat(db.flywayStarted()).isTrue();
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            assertThat(SchemaVersion.applied(c)).isEqualTo(OptionalInt.of(newest));
        }
    }

    @Test
    void aFailedMigrationInTheHistoryIsLeftToFlyway() throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("failed/studio") + ";WRITE_DELAY=0";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            assertThat(SchemaVersion.applied(c)).isEqualTo(OptionalInt.of(SchemaVersion.newest()));
            c.createStatement().executeUpdate("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE"
                    + " WHERE \"version\" = '" + SchemaVersion.newest() + "'");
            assertThat(SchemaVersion.applied(c)).isEmpty();
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:none")) {
            assertThat(SchemaVersion.applied(c)).isEmpty(); // no history: a new database
        }
    }
}
