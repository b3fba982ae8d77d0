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
 * the newest chunk whenever that chunk went into freed space inside the file, where recovery after a kill would not
 * find it otherwise (docs/decisions/0156).
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
    void afterEachWriteTheNewestChunkIsNamedByTheHeaderOrEndsTheFile() throws Exception {
        try (Database db = Database.open(state)) {
            org.h2.mvstore.MVStore store = StoreChild.store(db);
            Path data = state.resolve(Database.RELATIVE_PATH + ".mv.db");
            int inside = 0; // writes whose chunk went into freed space inside the file: the case H2 gets wrong
            for (int i = 0; i < 20_000 && inside < 20; i++) {
                String text = "y".repeat(100 + (i * 37) % 3000);
                db.calls().insert(CallRecord.builder().prompt("prompts/a.prompt", "abc1234").model("builtin", "echo")
                        .createdAt(Instant.now()).caseId("c" + i).texts(new CallTexts("[]", text, null, null))
                        .build());
                long fileBlocks = Files.size(data) / 4096;
                if (lastChunkEnd(store) >= fileBlocks) continue; // recovery finds it from the end of the file
                inside++;
                String header = new String(Files.readAllBytes(data), 0, 4096, StandardCharsets.ISO_8859_1);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(",version:([0-9a-f]+),").matcher(header);
                long headerVersion = m.find() ? Long.parseLong(m.group(1), 16) : -1; // none: no chunk named yet
                assertThat(headerVersion).as("write %d: the version the header names", i)
                        .isEqualTo(store.getFileStore().lastChunkVersion());
            }
            assertThat(inside).as("writes whose chunk went inside the file").isPositive();
        }
    }

    private static long lastChunkEnd(org.h2.mvstore.MVStore store) throws Exception {
        java.lang.reflect.Field f = org.h2.mvstore.FileStore.class.getDeclaredField("lastChunk");
        f.setAccessible(true);
        org.h2.mvstore.Chunk<?> last = (org.h2.mvstore.Chunk<?>) f.get(store.getFileStore());
        return last.block + last.len;
    }
}
