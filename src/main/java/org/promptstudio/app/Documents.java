package org.promptstudio.app;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.promptstudio.index.ChunkStore;
import org.promptstudio.index.DocumentEntry;
import org.promptstudio.index.IndexException;
import org.promptstudio.index.IndexProgress;
import org.promptstudio.index.IndexReport;
import org.promptstudio.index.IndexedChunk;
import org.promptstudio.index.Ingestion;
import org.promptstudio.index.SearchHit;
import org.promptstudio.index.SearchMode;
import org.promptstudio.index.SearchRequest;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.Embeddings;
import org.promptstudio.workspace.IndexConfig;
import org.promptstudio.workspace.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspace's document index (issue 14): ingesting the document folders, searching them, listing them with their
 * state, showing their chunks, and re-indexing while files change. The index lives in {@code .studio/index/}; it is
 * opened on first use and closed with the studio.
 */
public final class Documents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Documents.class);
    /** How long the folders must be quiet before a change is ingested. */
    static final Duration QUIET = Duration.ofMillis(200);

    private final Workspace workspace;
    private final WorkspaceFiles files;
    private final Ingestion ingestion;
    private final boolean excludeFlagged;
    private final Object indexing = new Object();
    /** Embeds search queries beside the BM25 search (daemon threads, one a search at once, gone when idle). */
    private final java.util.concurrent.ExecutorService queryEmbedding =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "studio-query-embedding");
                t.setDaemon(true);
                return t;
            });
    private final List<AutoCloseable> watchers = new CopyOnWriteArrayList<>();
    private ChunkStore store;
    private boolean closed;
    /** Set first thing by {@link #close()}: a running ingestion stops at once (what it stored is kept). */
    private volatile boolean closing;
    /** An ingestion stopped by {@link #close()} left documents stored but not committed. */
    private volatile boolean droppedByClose;
    /** Why files were skipped by the last ingestion of this studio, by path (the document list shows it). */
    private volatile Map<String, String> lastSkipped = Map.of();

    Documents(Workspace workspace, WorkspaceFiles files) {
        this.workspace = workspace;
        this.files = files;
        IndexConfig config = workspace.config().index();
        this.ingestion = ChunkPreview.ingestion(workspace);
        this.excludeFlagged = config.injection().exclude();
    }

    /** Where the index is kept: {@code .studio/index/} of the workspace. */
    public Path indexDir() {
        return workspace.stateDir().resolve("index");
    }

    /**
     * Whether an index has been built here: its folder exists and holds a document. The window keeps such an index up
     * to date while it is open; it never builds a first index unasked.
     */
    public boolean built() {
        if (!java.nio.file.Files.isDirectory(indexDir())) return false;
        return !store().documents().isEmpty();
    }

    /**
     * Whether a change at {@code path} (workspace-relative, {@code /} separated, as the file watcher reports it;
     * {@code ""} for "anything may have changed") can change the index.
     */
    public boolean covers(String path) {
        return path.isEmpty() || ingestion.covers(path);
    }

    /** The workspace-relative folders that are ingested ({@code docs}), sorted. */
    public List<String> folders() {
        return ingestion.folders();
    }

    private synchronized ChunkStore store() {
        if (closed) throw new IndexException(workspace.root() + ": the studio is closed");
        if (store == null) store = ChunkStore.open(indexDir());
        return store;
    }

    /**
     * Brings the index up to date with the document folders: new and changed documents are read, redacted, chunked,
     * checked, embedded and stored; deleted ones removed; unchanged ones left alone. One ingestion at a time.
     *
     * <p>The work runs on a thread of its own that no interrupt reaches: Lucene writes through file channels, which
     * an interrupted thread closes for good (the write lock with them), and an interrupted thread cannot read the
     * files either. An interrupt of the calling thread (a cancelled task, a watcher being closed) stops the ingestion
     * soon (within a document, while it waits for the embeddings), keeps what was stored, and is kept for the
     * caller. Closing the studio stops it the same way; the documents not stored are read by the next ingestion
     * (their content hash is not in the index).
     *
     * @param rebuild  drop the index first and read every document again
     * @param progress told after each document (on the ingestion's thread); may be null
     * @return what was done (counts, files skipped with reasons, chunks, flags, redactions by type, milliseconds)
     * @throws IndexException when the index cannot be written or the documents cannot be embedded, or the caller was
     *                        interrupted before the ingestion ended
     */
    public IndexReport index(boolean rebuild, Consumer<IndexProgress> progress) {
        synchronized (indexing) {
            ChunkStore target = store();
            java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
            Consumer<IndexProgress> told = p -> {
                if (progress != null) progress.accept(p);
                if (cancelled.get()) {
                    throw new IndexException("indexing was interrupted; the documents stored so far are kept");
                }
            };
            java.util.concurrent.FutureTask<IndexReport> run =
                    new java.util.concurrent.FutureTask<>(() -> {
                        try {
                            return ingestion.run(target, rebuild, told, () -> cancelled.get() || closing);
                        } catch (IndexException e) {
                            // stopped: keep what was stored, unless the studio closes (close() drops it at once)
                            if (Ingestion.STOPPED.equals(e.getMessage())) {
                                if (closing) droppedByClose = true;
                                else target.commit();
                            }
                            throw e;
                        }
                    });
            Thread worker = new Thread(run, "studio-index");
            worker.setDaemon(true);
            worker.start();
            IndexReport report = null;
            boolean interrupted = false;
            try {
                while (report == null) {
                    try {
                        report = run.get();
                    } catch (InterruptedException e) {
                        interrupted = true; // the ingestion stops at its next document; wait for its commit
                        cancelled.set(true);
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof RuntimeException r) throw r;
                        if (e.getCause() instanceof Error err) throw err;
                        throw new IndexException("indexing failed: " + org.promptstudio.model.ErrorText.reason(e), e);
                    }
                }
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
            Map<String, String> skipped = new TreeMap<>();
            report.skipped().forEach(s -> skipped.put(s.path(), s.reason()));
            lastSkipped = Map.copyOf(skipped);
            saveSkipped(skipped);
            return report;
        }
    }

    /**
     * The best chunks for {@code query}, flagged chunks included or not as studio.yaml says
     * ({@code index.injection.exclude}, true by default).
     *
     * @see #search(String, int, SearchMode, String, boolean)
     */
    public List<SearchHit> search(String query, int k, SearchMode mode, String pathPrefix) {
        return search(query, k, mode, pathPrefix, !excludeFlagged);
    }

    /** Whether searches leave out chunks with injection flags unless asked (studio.yaml index.injection.exclude). */
    public boolean excludesFlagged() {
        return excludeFlagged;
    }

    /**
     * The best {@code k} chunks for {@code query}, best first (ties in chunk-id order).
     *
     * @param query          the user's words; embedded with MiniLM for vector and hybrid search
     * @param k              how many hits, at least 1
     * @param mode           BM25, vector or hybrid (null: hybrid)
     * @param pathPrefix     only documents whose path starts with it ({@code docs/policies/}); null or blank for all
     * @param includeFlagged whether chunks with injection flags may be returned
     * @throws IndexException when nothing is indexed yet (the message says to run {@code studio index}), or k < 1
     */
    public List<SearchHit> search(String query, int k, SearchMode mode, String pathPrefix, boolean includeFlagged) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty()) throw new IndexException("search: the query is empty");
        SearchRequest request = new SearchRequest(q, k, mode,
                pathPrefix == null || pathPrefix.isBlank() ? null : pathPrefix.strip(), includeFlagged);
        ChunkStore s = store();
        String nothing = whyNothingIsIndexed();
        if (nothing != null) throw new IndexException(nothing);
        if (!ingestion.settings().equals(s.builtWith())) {
            // the trial: redaction switched on after indexing, and search kept serving the unredacted chunks
            throw new IndexException("the document index was built with other index: settings than studio.yaml has"
                    + " now (chunking or redaction), so it is not searched: run `studio index` to bring it up to date");
        }
        // the query is embedded while the BM25 half of a hybrid search runs
        java.util.concurrent.Future<float[]> vector = request.mode() == SearchMode.BM25
                ? java.util.concurrent.CompletableFuture.completedFuture(null)
                : java.util.concurrent.CompletableFuture.supplyAsync(() -> Embeddings.shared().embed(q), queryEmbedding);
        return s.searchWhileEmbedding(request, vector);
    }

    /** The state of a document in the list. */
    public enum Status {
        /** indexed and unchanged since */
        INDEXED,
        /** indexed, but the file changed since */
        CHANGED,
        /** a file not indexed yet */
        NEW,
        /** indexed, but the file is gone */
        REMOVED,
        /** a file the index does not read, or could not read */
        SKIPPED
    }

    /**
     * A document as the list shows it.
     *
     * @param path       workspace-relative path with {@code /} separators
     * @param title      its title when indexed, else the file name
     * @param modified   the file's modification time (when indexed, for a removed file)
     * @param chunks     chunks indexed for it
     * @param flagged    of those, chunks with an injection flag
     * @param redactions distinct values redacted in it (counts only)
     * @param status     indexed, changed, new, removed or skipped
     * @param reason     why it was skipped; empty otherwise
     */
    public record DocumentStatus(String path, String title, Instant modified, int chunks, int flagged,
                                 int redactions, Status status, String reason) {
    }

    /** Every file under the folders and every indexed document, in path order, with its state. */
    public List<DocumentStatus> documents() {
        Map<String, DocumentEntry> indexed = store().documents();
        Map<String, DocumentStatus> out = new TreeMap<>();
        Map<String, String> skippedBefore = lastSkipped.isEmpty() ? loadSkipped() : lastSkipped;
        for (Ingestion.SourceFile f : ingestion.files()) {
            DocumentEntry entry = indexed.get(f.path());
            String name = f.file().getFileName().toString();
            if (f.skipReason() != null) {
                out.put(f.path(), new DocumentStatus(f.path(), name, f.modified(), 0, 0, 0, Status.SKIPPED,
                        f.skipReason()));
            } else if (entry != null) {
                Status st = entry.contentHash().equals(f.contentHash()) ? Status.INDEXED : Status.CHANGED;
                out.put(f.path(), withChunks(f.path(), entry.title(), f.modified(), st));
            } else if (skippedBefore.containsKey(f.path())) {
                out.put(f.path(), new DocumentStatus(f.path(), name, f.modified(), 0, 0, 0, Status.SKIPPED,
                        skippedBefore.get(f.path())));
            } else {
                out.put(f.path(), new DocumentStatus(f.path(), name, f.modified(), 0, 0, 0, Status.NEW, ""));
            }
        }
        for (DocumentEntry e : indexed.values()) {
            if (!out.containsKey(e.path())) out.put(e.path(), withChunks(e.path(), e.title(), e.modified(), Status.REMOVED));
        }
        return List.copyOf(out.values());
    }

    /**
     * Where the files the last ingestion skipped are kept with their reasons (one {@code path<TAB>modified
     * ms<TAB>reason} line each), so a later studio lists them as skipped, not new, while they are unchanged.
     */
    private Path skippedFile() {
        return workspace.stateDir().resolve("index-skipped.tsv");
    }

    private void saveSkipped(Map<String, String> skipped) {
        StringBuilder out = new StringBuilder();
        skipped.forEach((path, reason) -> {
            try {
                long modified = java.nio.file.Files.getLastModifiedTime(workspace.root().resolve(path)).toMillis();
                out.append(path).append('\t').append(modified).append('\t')
                        .append(reason.replace('\t', ' ').replace('\n', ' ')).append('\n');
            } catch (java.io.IOException | RuntimeException e) {
                // gone since: nothing to remember
            }
        });
        try {
            org.promptstudio.model.AtomicFile.writeString(skippedFile(), ".studio/index-skipped.tsv", out.toString());
        } catch (RuntimeException e) {
            LOG.debug("could not keep the skipped files of {}", workspace.root(), e);
        }
    }

    /** The skipped files of an earlier ingestion that have not changed since, with their reasons. */
    private Map<String, String> loadSkipped() {
        Path file = skippedFile();
        if (!java.nio.file.Files.isRegularFile(file)) return Map.of();
        Map<String, String> out = new TreeMap<>();
        try {
            for (String line : java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8)) {
                String[] parts = line.split("\t", 3);
                if (parts.length < 3) continue;
                Path path = workspace.root().resolve(parts[0]);
                if (java.nio.file.Files.isRegularFile(path)
                        && java.nio.file.Files.getLastModifiedTime(path).toMillis() == Long.parseLong(parts[1])) {
                    out.put(parts[0], parts[2]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("could not read the skipped files of {}", workspace.root(), e);
            return Map.of();
        }
        return out;
    }

    private DocumentStatus withChunks(String path, String title, Instant modified, Status status) {
        List<IndexedChunk> chunks = store().chunksOf(path);
        int flagged = (int) chunks.stream().filter(IndexedChunk::flagged).count();
        int redacted = (int) chunks.stream().flatMap(c -> c.redactions().stream()).map(r -> r.placeholder())
                .distinct().count();
        return new DocumentStatus(path, title, modified, chunks.size(), flagged, redacted, status, "");
    }

    /** The chunks indexed for {@code path} (workspace-relative), in position order; empty when it is not indexed. */
    public List<IndexedChunk> chunksOf(String path) {
        return store().chunksOf(path);
    }

    /** The chunk with id {@code source#position} ({@code docs/refunds.md#3}), if it is indexed. */
    public Optional<IndexedChunk> chunk(String id) {
        return store().chunk(id);
    }

    /**
     * Why a search would find nothing, when the index holds no document: never built, or emptied because it was
     * damaged or written by another version (the message says to run {@code studio index}); null when it holds some.
     *
     * @throws IndexException when the index cannot be opened
     */
    public String whyNothingIsIndexed() {
        ChunkStore s = store();
        if (s.hasDocuments()) return null;
        String folders = String.join("/, ", folders()) + "/";
        if (s.rebuilt()) {
            return "the document index was damaged or written by another version and has been emptied: run"
                    + " `studio index` to rebuild it from " + folders;
        }
        return "no documents are indexed yet: run `studio index` (it reads " + folders + ")";
    }

    /**
     * Whether BM25 has a word of {@code query} to look for: false when it has only stop words and punctuation
     * ("the of and"), so a BM25 search finds nothing and a hybrid one has the vector hits alone.
     */
    public boolean hasSearchWords(String query) {
        return !store().words(query).isEmpty();
    }

    /** How many chunks are indexed. */
    public int chunkCount() {
        return store().chunkCount();
    }

    /**
     * Re-indexes whenever files under the document folders are created, changed or deleted (by anyone), once they
     * have been quiet for a moment; {@code onIndexed} gets each report, on the watcher's thread. A failed ingestion
     * is logged and the watcher goes on.
     *
     * @return what to close to stop watching (closing the studio stops it too)
     * @throws org.promptstudio.workspace.WorkspaceException when the system cannot watch the workspace
     */
    public AutoCloseable watch(Consumer<IndexReport> onIndexed) {
        return watch(QUIET, onIndexed);
    }

    AutoCloseable watch(Duration quiet, Consumer<IndexReport> onIndexed) {
        store();
        AutoCloseable watcher = files.watch(quiet, batch -> {
            if (batch.stream().noneMatch(p -> p.isEmpty() || ingestion.covers(p))) return;
            IndexReport report;
            try {
                report = index(false, null);
            } catch (StudioException e) {
                LOG.warn("re-indexing the documents of {} failed: {}", workspace.root(), e.getMessage());
                return;
            }
            onIndexed.accept(report);
        });
        watchers.add(watcher);
        return () -> {
            watchers.remove(watcher);
            watcher.close();
        };
    }

    /**
     * The studio is closing: a running ingestion stops at once (it asks every 50 ms while it
     * waits), and what it stored since its last commit is dropped by {@link #close()}; a later ingestion in this
     * studio stops before it starts.
     */
    void stopForClose() {
        closing = true;
    }

    /**
     * Stops the watchers and closes the index; a running ingestion is cancelled first (what it committed stays) and
     * this returns once it stopped, well under a second after the call. Idempotent.
     */
    @Override
    public void close() {
        closing = true;
        queryEmbedding.shutdown();
        for (AutoCloseable w : new ArrayList<>(watchers)) {
            try {
                w.close();
            } catch (Exception e) {
                LOG.debug("closing a document watcher", e);
            }
        }
        watchers.clear();
        synchronized (indexing) {
            synchronized (this) {
                closed = true;
                if (store != null) {
                    // an ingestion stopped by this close left what it stored since its last commit: dropped, not
                    // flushed (the next ingestion reads those documents again by their content hash)
                    if (droppedByClose) store.abandon();
                    else store.close();
                    store = null;
                }
            }
        }
    }
}
