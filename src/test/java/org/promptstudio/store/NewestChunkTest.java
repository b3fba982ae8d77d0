package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;

/**
 * The H2 in use still has what {@link NewestChunk} reaches by reflection, and after each write the file's header names
 * a chunk recovery starts from: the newest, unless the newest is the file's last (docs/decisions/0156).
 */
class NewestChunkTest {

    @TempDir
    Path state;

    @Test
    void theH2InUseLetsTheStudioWriteTheStoreHeader() {
        assertThat(NewestChunk.available()).as("H2's FileStore.lastChunk and RandomAccessStore.writeStoreHeader")
                .isTrue();
    }

    @Test
    void afterEachWriteTheHeaderNamesTheNewestChunkOrItIsTheLastOfTheFile() throws Exception {
        try (Database db = Database.open(state)) {
            org.h2.mvstore.MVStore store = KillHarness.store(db);
            Path data = state.resolve(Database.RELATIVE_PATH + ".mv.db");
            for (int i = 0; i < 300; i++) {
                String text = "y".repeat(100 + (i * 37) % 3000);
                db.calls().insert(CallRecord.builder().prompt("prompts/a.prompt", "abc1234").model("builtin", "echo")
                        .createdAt(Instant.now()).caseId("c" + i).texts(new CallTexts("[]", text, null, null))
                        .build());
                long newest = store.getFileStore().lastChunkVersion();
                String header = new String(Files.readAllBytes(data), 0, 4096, StandardCharsets.ISO_8859_1);
                long headerVersion = Long.parseLong(header.replaceAll("(?s).*[,]version:([0-9a-f]+),.*", "$1"), 16);
                long fileBlocks = Files.size(data) / 4096;
                if (headerVersion != newest) {
                    assertThat(lastChunkEnd(store)).as("write %d: the header names version %d, the newest chunk"
                            + " (version %d) must then end the file", i, headerVersion, newest).isEqualTo(fileBlocks);
                }
            }
        }
    }

    private static long lastChunkEnd(org.h2.mvstore.MVStore store) throws Exception {
        java.lang.reflect.Field f = org.h2.mvstore.FileStore.class.getDeclaredField("lastChunk");
        f.setAccessible(true);
        org.h2.mvstore.Chunk<?> last = (org.h2.mvstore.Chunk<?>) f.get(store.getFileStore());
        return last.block + last.len;
    }
}
