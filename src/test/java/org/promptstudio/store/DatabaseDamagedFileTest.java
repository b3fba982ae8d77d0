package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.StudioException;

/** A database file cut short (a disk full, a copy stopped half-way) is named as damaged, with what to do. */
class DatabaseDamagedFileTest {

    @TempDir
    Path workspace;

    @Test
    void aTruncatedFileSaysItIsDamagedAndWhatToDoInOneLine() throws Exception {
        Path state = workspace.resolve(".studio");
        try (Database db = Database.open(state)) {
            for (int i = 0; i < 50; i++) {
                db.calls().insert(SampleCalls.call(null, "gpt-4o-mini", Instant.now()).build());
            }
        }
        Path file = state.resolve("db/studio.mv.db");
        // Cut inside the second of H2's two 4 KB header blocks: no chunk is left to recover. (Cut at half, H2 finds an
        // older complete set of chunks, since nothing compacts the file on close: it opens, without the later calls.)
        long size = 6000;
        assertThat(Files.size(file)).isGreaterThan(size);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        assertThatThrownBy(() -> Database.open(state).close())
                .isInstanceOf(StudioException.class)
                .satisfies(e -> {
                    String m = e.getMessage();
                    assertThat(m).doesNotContain("\n").doesNotContain("recovery tool").doesNotContain("Exception");
                    assertThat(m).startsWith(".studio/db/studio.mv.db: the database file is damaged");
                    assertThat(m).contains("move it aside").contains("starts a new one")
                            .contains("prompts").contains("git history");
                });
        // never removed by the studio: the user decides
        assertThat(file).isRegularFile();
        assertThat(Files.size(file)).isEqualTo(size);
    }
}
