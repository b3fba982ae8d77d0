package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;

/**
 * A studio killed with SIGKILL while it records calls: every call it reported as recorded is there afterwards,
 * and the database opens cleanly (docs/decisions/0004-database.md).
 */
class DurabilityTest {

    @TempDir
    Path workspace;

    @Test
    void everyCallReportedAsRecordedSurvivesAKillAndTheDatabaseOpensCleanly() throws Exception {
        Path state = workspace.resolve(".studio");
        Set<Long> reported = new LinkedHashSet<>();
        int[] killAfter = {120, 333, 501};
        for (int round = 0; round < killAfter.length; round++) {
            try (ChildJvm writer = ChildJvm.start(StoreChild.class, workspace.resolve("writer" + round + ".err"),
                    "write", state.toString())) {
                for (int n = 0; n < killAfter[round]; n++) {
                    reported.add(Long.parseLong(writer.expect("id ", 120)));
                }
                writer.kill();
                for (String line : writer.rest()) {
                    if (line.startsWith("id ")) reported.add(Long.parseLong(line.substring(3)));
                }
            }

            try (Database db = Database.open(state)) {
                List<Long> missing = new ArrayList<>();
                for (long id : reported) {
                    CallRecord call = db.calls().find(id).orElse(null);
                    if (call == null || call.texts() == null) missing.add(id);
                }
                assertThat(missing).as("calls reported as recorded before kill %d", round + 1).isEmpty();
                assertThat(db.calls().count()).isGreaterThanOrEqualTo(reported.size());
            }
        }
        assertThat(reported).hasSizeGreaterThanOrEqualTo(954);
    }
}
