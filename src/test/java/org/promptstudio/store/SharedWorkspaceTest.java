package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second studio on a workspace that another studio process has open (H2's automatic mixed mode). */
class SharedWorkspaceTest {

    @TempDir
    Path workspace;

    private Path state() {
        return workspace.resolve(".studio");
    }

    @Test
    void aSecondStudioSharesTheDatabaseWithTheFirstAndCarriesOnWhenTheFirstCloses() throws Exception {
        long first;
        try (ChildJvm other = ChildJvm.start(StoreChild.class, workspace.resolve("child.err"), "serve",
                state().toString())) {
            first = Long.parseLong(other.expect("ready ", 120));

            try (Database db = Database.open(state())) {
                assertThat(db.calls().find(first)).as("the call the other studio recorded").isPresent();
                long mine = db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
                other.send("count");
                assertThat(other.expect("count ", 120)).as("the other studio sees this one's call").isEqualTo("2");

                other.send("quit");
                other.expect("closed", 120);
                assertThat(other.waitFor(120)).isZero();

                long after = db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
                assertThat(db.calls().count()).isEqualTo(3);
                assertThat(db.calls().find(mine)).isPresent();
                assertThat(db.calls().find(after)).isPresent();
            }
        }
        try (Database db = Database.open(state())) {
            assertThat(db.calls().count()).isEqualTo(3);
        }
    }

    @Test
    void aSecondStudioCarriesOnWhenTheFirstIsKilled() throws Exception {
        try (ChildJvm other = ChildJvm.start(StoreChild.class, workspace.resolve("child.err"), "serve",
                state().toString())) {
            other.expect("ready ", 120);
            try (Database db = Database.open(state())) {
                assertThat(db.calls().count()).isEqualTo(1);
                other.kill();

                long mine = db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
                assertThat(db.calls().find(mine)).isPresent();
                assertThat(db.calls().count()).isEqualTo(2);
            }
        }
    }
}
