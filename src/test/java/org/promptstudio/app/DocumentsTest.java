package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.index.IndexException;
import org.promptstudio.index.IndexReport;
import org.promptstudio.index.IndexedChunk;
import org.promptstudio.index.SearchHit;
import org.promptstudio.index.SearchMode;

/**
 * The document index of a real workspace through {@link Studio#documents()}: a first ingestion with a binary and an
 * empty file, changes and deletions picked up incrementally, search, rebuild, the document list, and the watcher.
 */
class DocumentsTest {

    @TempDir
    Path tmp;
    Path ws;
    Studio studio;

    @BeforeEach
    void workspace() throws IOException {
        ws = tmp.resolve("ws");
        Studio.init(ws, "Test");
        write("docs/zeppelins.md", "# Zeppelins\n\nThe zeppelin hangar opens at dawn.\n\n## Tickets\n\n"
                + "Tickets for the airship tour cost twelve euros.\n");
        write("docs/wombats.txt", "Wombats dig burrows in the hills.\n");
        write("docs/policies/refunds.md", "# Refunds\n\nRefunds are paid within fourteen days.\n");
        write("docs/empty.txt", "");
        Files.write(ws.resolve("docs/logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 1, 2, 3});
        studio = Studio.open(ws);
    }

    @AfterEach
    void close() {
        studio.close();
    }

    private void write(String path, String text) throws IOException {
        Files.createDirectories(ws.resolve(path).getParent());
        Files.writeString(ws.resolve(path), text);
    }

    private static List<String> sources(List<SearchHit> hits) {
        return hits.stream().map(h -> h.chunk().chunk().source()).toList();
    }

    @Test
    void anIndexBuiltWithoutRedactionIsNotSearchedOnceStudioYamlRedactsUntilItIsIndexedAgain() throws Exception {
        write("docs/contacts.md", "# Contacts\n\nWrite to jane.doe@example.org about the zeppelin hangar.\n");
        studio.documents().index(false, null);
        assertThat(studio.documents().search("zeppelin hangar contacts", 5, SearchMode.BM25, null).toString())
                .contains("jane.doe@example.org");

        // the trial: redaction switched on afterwards, and search went on serving the unredacted chunk
        studio.close();
        Path yaml = ws.resolve("studio.yaml");
        Files.writeString(yaml, Files.readString(yaml) + "\nindex:\n  redact:\n    pii: true\n");
        studio = Studio.open(ws);
        assertThatThrownBy(() -> studio.documents().search("zeppelin hangar contacts", 5, SearchMode.BM25, null))
                .isInstanceOf(IndexException.class)
                .hasMessageContaining("built with other index: settings than studio.yaml has now")
                .hasMessageContaining("run `studio index`");

        studio.documents().index(false, null);
        String hits = studio.documents().search("zeppelin hangar contacts", 5, SearchMode.BM25, null).toString();
        assertThat(hits).contains("[EMAIL_1]").doesNotContain("jane.doe");
    }

    @Test
    void closingTheStudioCancelsARunningIngestionAtOnceAndKeepsWhatWasCommitted() throws Exception {
        int count = 120;
        for (int d = 0; d < count; d++) {
            StringBuilder text = new StringBuilder("# Airship log " + d + "\n\n");
            for (int s = 0; s < 8; s++) {
                text.append("## Leg ").append(s).append("\n\n");
                for (int w = 0; w < 12; w++) {
                    text.append("The airship number ").append(d).append(" crossed valley ").append(s * 100 + w)
                            .append(" at dawn with ").append(w + 3).append(" passengers and fair winds. ");
                }
                text.append("\n\n");
            }
            write(String.format("docs/log/%03d.md", d), text.toString());
        }
        Documents docs = studio.documents();
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread indexing = new Thread(() -> {
            try {
                outcome.set(docs.index(false, p -> {
                    // past the first commit (every 400 chunks): some documents are committed, most are not
                    if (p.chunksEmbedded() >= 400 && first.getCount() > 0) {
                        first.countDown();
                        try {
                            goOn.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        indexing.start();
        assertThat(first.await(300, TimeUnit.SECONDS)).isTrue();
        goOn.countDown(); // the ingestion goes on with the other documents while the studio closes

        studio.close();
        indexing.join(10_000);

        // the close did not wait for the other documents: they are left for the next ingestion (below)
        assertThat(outcome.get()).isInstanceOf(IndexException.class);
        assertThat(((IndexException) outcome.get()).getMessage()).contains("the documents stored so far are kept");
        studio = Studio.open(ws);
        List<Documents.DocumentStatus> listed = studio.documents().documents().stream()
                .filter(d -> d.path().startsWith("docs/log/")).toList();
        assertThat(listed).hasSize(count);
        assertThat(listed).noneMatch(d -> d.status() == Documents.Status.CHANGED);
        long indexed = listed.stream().filter(d -> d.status() == Documents.Status.INDEXED).count();
        long fresh = listed.stream().filter(d -> d.status() == Documents.Status.NEW).count();
        assertThat(indexed).as("committed before the close").isPositive();
        assertThat(fresh).as("left for the next ingestion").isPositive();
        assertThat(indexed + fresh).isEqualTo(count);
        assertThat(listed).filteredOn(d -> d.status() == Documents.Status.INDEXED)
                .allSatisfy(d -> assertThat(d.chunks()).isPositive());
    }

    @Test
    void anInterruptedCallerNeitherDropsDocumentsNorBreaksTheIndex() throws IOException {
        Documents docs = studio.documents();
        IndexReport first = docs.index(false, null);
        // FileWatcher.close() and a cancelled task interrupt the thread in index(): the interrupt must not reach
        // Lucene's file channels (they close, and the writer with them) nor make the files unreadable
        Thread.currentThread().interrupt();
        try {
            IndexReport again = docs.index(false, null);
            assertThat(again.removed()).isZero();
            assertThat(again.unchanged()).isEqualTo(first.added());
        } catch (org.promptstudio.index.IndexException e) {
            assertThat(e.getMessage()).contains("interrupted");
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        }
        assertThat(docs.documents()).filteredOn(d -> d.status() == Documents.Status.INDEXED).hasSize(first.added());
        write("docs/quokkas.txt", "Quokkas smile at the camera.\n");
        assertThat(docs.index(false, null).added()).isEqualTo(1);
        assertThat(sources(docs.search("quokkas", 5, SearchMode.BM25, null))).containsExactly("docs/quokkas.txt");
    }

    @Test
    void changedFilesAreReindexedAndDeletedOnesLeaveTheIndex() throws IOException {
        Documents docs = studio.documents();
        IndexReport first = docs.index(false, null);

        assertThat(first.skipped()).extracting(IndexReport.Skipped::path).contains("docs/logo.png");
        assertThat(first.skipped()).filteredOn(s -> s.path().equals("docs/logo.png"))
                .allSatisfy(s -> assertThat(s.reason()).isNotBlank());
        // the empty file is either indexed without chunks or skipped with a reason; it never stops the others
        int indexedFirst = first.added();
        assertThat(indexedFirst).isBetween(3, 4);
        assertThat(indexedFirst + first.skipped().size()).isEqualTo(5);
        assertThat(first.chunks()).isEqualTo(first.totalChunks()).isEqualTo(docs.chunkCount()).isPositive();
        assertThat(sources(docs.search("zeppelin", 5, SearchMode.BM25, null))).contains("docs/zeppelins.md");

        write("docs/wombats.txt", "Quokkas smile at the camera.\n");
        Files.delete(ws.resolve("docs/policies/refunds.md"));
        IndexReport second = docs.index(false, null);

        assertThat(second.added()).isZero();
        assertThat(second.updated()).isEqualTo(1);
        assertThat(second.removed()).isEqualTo(1);
        assertThat(second.unchanged()).isEqualTo(indexedFirst - 2);
        assertThat(docs.chunksOf("docs/policies/refunds.md")).isEmpty();
        assertThat(sources(docs.search("quokkas", 5, SearchMode.BM25, null))).containsExactly("docs/wombats.txt");
        // the old text's words are gone ("wombats" stays findable: it is the file's title, which BM25 indexes too)
        assertThat(sources(docs.search("burrows hills", 5, SearchMode.BM25, null))).doesNotContain("docs/wombats.txt");
        assertThat(docs.chunk("docs/wombats.txt#0")).get()
                .satisfies(c -> assertThat(c.chunk().text()).contains("Quokkas"));

        IndexReport third = docs.index(false, null);
        assertThat(third.changed()).isFalse();
        assertThat(third.unchanged()).isEqualTo(indexedFirst - 1);

        IndexReport rebuilt = docs.index(true, null);
        assertThat(rebuilt.added()).isEqualTo(indexedFirst - 1);
        assertThat(rebuilt.unchanged()).isZero();
        assertThat(rebuilt.totalChunks()).isEqualTo(second.totalChunks());
    }

    @Test
    void vectorAndHybridSearchFindADistinctiveWordAndThePathFilterHolds() {
        Documents docs = studio.documents();
        docs.index(false, null);
        for (SearchMode mode : SearchMode.values()) {
            List<SearchHit> hits = docs.search("zeppelin hangar", 3, mode, null);
            assertThat(hits).as(mode.name()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            assertThat(sources(hits)).as(mode.name()).contains("docs/zeppelins.md");
            assertThat(hits).extracting(SearchHit::rank).as(mode.name()).isSorted();
        }
        assertThat(sources(docs.search("refunds", 5, SearchMode.HYBRID, "docs/policies/")))
                .isNotEmpty().allSatisfy(s -> assertThat(s).startsWith("docs/policies/"));
    }

    @Test
    void searchBeforeAnyIndexSaysToRunStudioIndex() {
        assertThatThrownBy(() -> studio.documents().search("zeppelin", 5, SearchMode.BM25, null))
                .isInstanceOf(IndexException.class).hasMessageContaining("studio index");
    }

    @Test
    void theDocumentListShowsEachFilesState() throws IOException {
        Documents docs = studio.documents();
        assertThat(docs.documents()).filteredOn(d -> d.path().equals("docs/zeppelins.md"))
                .extracting(Documents.DocumentStatus::status).containsExactly(Documents.Status.NEW);
        docs.index(false, null);
        write("docs/wombats.txt", "Changed.\n");
        write("docs/new.md", "# New\n\nA new page.\n");
        Files.delete(ws.resolve("docs/policies/refunds.md"));

        List<Documents.DocumentStatus> list = docs.documents();
        assertThat(list).extracting(Documents.DocumentStatus::path).isSorted();
        assertThat(status(list, "docs/zeppelins.md").status()).isEqualTo(Documents.Status.INDEXED);
        assertThat(status(list, "docs/zeppelins.md").chunks()).isEqualTo(docs.chunksOf("docs/zeppelins.md").size())
                .isPositive();
        assertThat(status(list, "docs/wombats.txt").status()).isEqualTo(Documents.Status.CHANGED);
        assertThat(status(list, "docs/new.md").status()).isEqualTo(Documents.Status.NEW);
        assertThat(status(list, "docs/policies/refunds.md").status()).isEqualTo(Documents.Status.REMOVED);
        assertThat(status(list, "docs/logo.png").status()).isEqualTo(Documents.Status.SKIPPED);
        assertThat(status(list, "docs/logo.png").reason()).isNotBlank();
    }

    private static Documents.DocumentStatus status(List<Documents.DocumentStatus> list, String path) {
        return list.stream().filter(d -> d.path().equals(path)).findFirst().orElseThrow();
    }

    @Test
    void theWatcherIndexesANewFile() throws Exception {
        Documents docs = studio.documents();
        docs.index(false, null);
        CountDownLatch indexed = new CountDownLatch(1);
        AtomicReference<IndexReport> seen = new AtomicReference<>();
        try (AutoCloseable watching = docs.watch(Duration.ofMillis(100), report -> {
            if (report.added() > 0) {
                seen.set(report);
                indexed.countDown();
            }
        })) {
            write("docs/arrivals.md", "# Arrivals\n\nThe narwhal exhibit opens in spring.\n");
            assertThat(indexed.await(60, TimeUnit.SECONDS)).as("re-indexed after the new file").isTrue();
        }
        assertThat(seen.get().added()).isEqualTo(1);
        assertThat(docs.chunksOf("docs/arrivals.md")).extracting(IndexedChunk::chunk)
                .anySatisfy(c -> assertThat(c.text()).contains("narwhal"));
        assertThat(sources(docs.search("narwhal", 5, SearchMode.BM25, null))).contains("docs/arrivals.md");
    }

    @Test
    void theSampleDocumentsAreIndexed() {
        Path sample = tmp.resolve("sample");
        Studio.initFromSample("support-assistant", sample);
        try (Studio s = Studio.open(sample)) {
            org.promptstudio.provider.Embeddings.shared().load(); // time the ingestion, not the model's loading
            IndexReport report = s.documents().index(false, null);
            System.out.printf("support-assistant sample: %d documents, %d chunks, %d skipped, %d flagged, %d ms%n",
                    report.added(), report.totalChunks(), report.skipped().size(), report.flagged(), report.millis());
            assertThat(report.added()).isGreaterThanOrEqualTo(25);
            assertThat(report.skipped()).isEmpty();
            assertThat(report.totalChunks()).isGreaterThanOrEqualTo(report.added());
        }
    }
}
