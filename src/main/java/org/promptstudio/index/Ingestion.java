package org.promptstudio.index;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.promptstudio.guard.InjectionCheck;
import org.promptstudio.guard.PiiRedactor;
import org.promptstudio.model.Chunk;
import org.promptstudio.model.ErrorText;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.Embeddings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests a workspace's document folders into a {@link ChunkStore}: read, redact, chunk, check for injection, embed,
 * store. Incremental by content hash: unchanged documents are left alone, changed ones replaced, deleted ones removed.
 *
 * <p>A pipeline, so that ingestion takes little longer than the embedding alone: one producer thread reads, redacts,
 * chunks and checks documents in path order and cuts their chunks into embedding batches across documents; a small
 * pool embeds the batches; the calling thread stores each document, in path order, as soon as its vectors are there.
 * What is stored never depends on which thread finished first. A file that cannot be read, or fails in any other way,
 * is skipped with a one-line reason and never stops the others.
 */
public final class Ingestion {

    private static final Logger LOG = LoggerFactory.getLogger(Ingestion.class);

    /** Chunks embedded together in one call of the model. */
    public static final int BATCH = 32;
    /**
     * The first commit of a run comes after this many chunks (so another studio soon sees the first documents, and a
     * crash keeps them); each later one after as many more and at least {@link #COMMIT_INTERVAL_MILLIS}, so each
     * commit's segment stays large enough that merging (which re-builds HNSW graphs) costs little on a large run.
     */
    static final int COMMIT_EVERY = 400;
    /** The least time between two commits of a run, in ms (about 1,000 chunks at MiniLM's rate on two cores). */
    static final long COMMIT_INTERVAL_MILLIS = 20_000;
    private static final int QUEUED_DOCUMENTS = 64;
    /** Threads that embed batches at once (each call of the model also runs on all cores). */
    static final int EMBEDDING_THREADS = 2;

    private final Path root;
    private final List<String> folders;
    private final DocumentReader reader;
    private final java.util.function.BiFunction<Path, Path, SourceDocument> read;
    private final Chunker chunker;
    private final PiiRedactor redactor;
    private final InjectionCheck injection = new InjectionCheck();
    private final Embeddings embeddings;
    private List<float[]> attackVectors;

    /**
     * @param root       the workspace folder; documents are named by their path from it
     * @param folders    workspace-relative folders to read ({@code docs}), in any order
     * @param reader     reads a file into a document
     * @param chunker    splits a document into chunks
     * @param redactor   replaces personal data before anything is embedded; null when the workspace does not redact
     * @param embeddings embeds chunk texts (MiniLM, unit-length vectors)
     */
    public Ingestion(Path root, List<String> folders, DocumentReader reader, Chunker chunker, PiiRedactor redactor,
                     Embeddings embeddings) {
        this(root, folders, reader, reader::read, chunker, redactor, embeddings);
    }

    /** As the public constructor, with files read by {@code read} (root, file); tests make it fail. */
    Ingestion(Path root, List<String> folders, DocumentReader reader,
              java.util.function.BiFunction<Path, Path, SourceDocument> read, Chunker chunker, PiiRedactor redactor,
              Embeddings embeddings) {
        this.read = read;
        this.root = root.toAbsolutePath().normalize();
        TreeSet<String> normal = new TreeSet<>();
        for (String f : folders) normal.add(normalFolder(f));
        this.folders = List.copyOf(normal);
        this.reader = reader;
        this.chunker = chunker;
        this.redactor = redactor;
        this.embeddings = embeddings;
    }

    /**
     * The hash the index keeps for a document: SHA-256 of its file hash and of the settings that shape its chunks
     * (the chunk budget and overlap, what is redacted), so changing a setting re-reads every document (decision 0131).
     */
    String indexedHash(String fileHash) {
        return DocumentReader.sha256((fileHash + "\n" + settings()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The settings that shape the index's chunks, as one line: the chunk budget and overlap, and what is redacted
     * (the patterns and allowed values as given, no document's values). A run that reads every document it should
     * records them in the index ({@link ChunkStore#builtWith()}), so a search can tell an index built otherwise.
     */
    public String settings() {
        return "chunking=" + chunker.settings().maxTokens() + "/" + chunker.settings().overlapTokens()
                + ";redact=" + (redactor == null ? "none" : redactor.settings());
    }

    /**
     * {@code folder} as the paths of its files start: {@code ./handbook/} and {@code handbook} are both
     * {@code handbook}, so {@link #covers} knows the files the watcher reports in it.
     */
    private static String normalFolder(String folder) {
        String f = Path.of(folder.replace('\\', '/')).normalize().toString().replace('\\', '/');
        while (f.endsWith("/") && f.length() > 1) f = f.substring(0, f.length() - 1);
        return f;
    }

    /** The folders read, workspace-relative, sorted. */
    public List<String> folders() {
        return folders;
    }

    /**
     * A file under the folders.
     *
     * @param path        workspace-relative path with {@code /} separators
     * @param file        the file
     * @param modified    its modification time
     * @param contentHash what the index compares to know whether the document must be read again: SHA-256 of its
     *                    bytes and of the settings that shape its chunks (chunking, redaction), lower-case hex; null
     *                    when it is skipped without reading
     * @param skipReason  why it is not read (not a document type the index reads, unreadable); null when it is read
     */
    public record SourceFile(String path, Path file, Instant modified, String contentHash, String skipReason) {
    }

    /**
     * Every non-hidden file under the folders, in path order, with its content hash (files the reader does not handle
     * are not hashed). A folder that does not exist has no files.
     */
    public List<SourceFile> files() {
        Map<String, SourceFile> found = new TreeMap<>();
        for (String folder : folders) {
            Path dir = root.resolve(folder).normalize();
            if (!dir.startsWith(root) || !Files.isDirectory(dir)) continue;
            try {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                        return !d.equals(dir) && hidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                        if (hidden(f)) return FileVisitResult.CONTINUE;
                        if (attrs.isRegularFile()) {
                            String rel = relative(f);
                            found.put(rel, sourceFile(rel, f, attrs.lastModifiedTime().toInstant()));
                        } else if (attrs.isSymbolicLink()) {
                            String rel = relative(f);
                            found.put(rel, linked(rel, f));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path f, IOException e) {
                        String rel = relative(f);
                        found.put(rel, new SourceFile(rel, f, Instant.EPOCH, null, "cannot be read ("
                                + ErrorText.reason(e) + ")"));
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new IndexException(folder + ": cannot list the folder (" + ErrorText.reason(e) + ")", e);
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * A symbolic link under the folders: read as the file it points at when that file lies inside the workspace;
     * otherwise skipped with the reason, so a link never brings a file from elsewhere into the index unseen.
     */
    private SourceFile linked(String rel, Path link) {
        try {
            Path target = link.toRealPath();
            if (!target.startsWith(root.toRealPath())) {
                return new SourceFile(rel, link, Instant.EPOCH, null, "a link to " + target + ", outside the workspace"
                        + " (the index reads only the workspace's own files; copy the file into the folder)");
            }
            if (Files.isDirectory(target)) {
                return new SourceFile(rel, link, Instant.EPOCH, null,
                        "a link to a folder (the index does not follow linked folders; add the folder to index.folders)");
            }
            return sourceFile(rel, link, Files.getLastModifiedTime(target).toInstant());
        } catch (IOException | RuntimeException e) {
            return new SourceFile(rel, link, Instant.EPOCH, null, "a link whose file cannot be reached ("
                    + ErrorText.reason(e) + ")");
        }
    }

    /**
     * One file as {@link #files()} would list it, by the same rules: a file outside the workspace, under a hidden
     * folder, a link to outside the workspace, a linked folder on the way, a dangling link, or a type the reader does
     * not read gets the reason the index lists. A file inside the workspace but outside the folders is judged as if
     * it were under them.
     *
     * @param file a file, absolute or relative to the workspace folder; it exists (without following a link)
     * @return the file with its workspace-relative path (the path as given when it is outside) and its skip reason,
     *         null when the index would read it
     */
    public SourceFile source(Path file) {
        Path abs = (file.isAbsolute() ? file : root.resolve(file)).toAbsolutePath().normalize();
        if (!abs.startsWith(root)) {
            try {
                // the workspace may have been named through a link (a temporary folder): compare the real folder
                Path realRoot = root.toRealPath();
                if (abs.startsWith(realRoot)) abs = root.resolve(realRoot.relativize(abs));
            } catch (IOException e) {
                // the workspace folder cannot be resolved: the path is judged as written
            }
        }
        if (!abs.startsWith(root)) {
            return new SourceFile(file.toString().replace('\\', '/'), abs, Instant.EPOCH, null, "outside the "
                    + "workspace (the index reads only the workspace's own files; copy the file into a document folder)");
        }
        String rel = relative(abs);
        Path at = root;
        Path steps = root.relativize(abs);
        for (int i = 0; i < steps.getNameCount(); i++) {
            at = at.resolve(steps.getName(i));
            boolean last = i == steps.getNameCount() - 1;
            if (hidden(at)) {
                return new SourceFile(rel, abs, Instant.EPOCH, null, (last ? "a hidden file" : "in the hidden folder "
                        + relative(at)) + " (the index leaves out names starting with '.')");
            }
            if (Files.isSymbolicLink(at)) {
                if (last) return linked(rel, at);
                SourceFile folder = linked(relative(at), at);
                String reason = folder.skipReason() != null ? folder.skipReason() : "a link";
                return new SourceFile(rel, abs, Instant.EPOCH, null, "in " + relative(at) + ", " + reason);
            }
        }
        try {
            return sourceFile(rel, abs, Files.getLastModifiedTime(abs).toInstant());
        } catch (IOException e) {
            return new SourceFile(rel, abs, Instant.EPOCH, null, "cannot be read (" + ErrorText.reason(e) + ")");
        }
    }

    /**
     * One document split as the index splits it, without its vectors (what {@code studio chunks} shows): read,
     * redacted, chunked and checked by the same code as {@link #run}, so the preview and the index never differ.
     *
     * @param file a file, absolute or relative to the workspace folder, that exists
     * @return the document's entry (path, redacted title, format), its chunks, their injection flags (the pattern
     *         checks and the known-attack similarity, so the chunks are embedded) and redactions, and the counts by type
     * @throws IndexException {@code path: reason} with the reason the index would list the file as skipped with, or
     *                        when the chunks cannot be embedded
     */
    public Split split(Path file) {
        SourceFile f = source(file);
        if (f.skipReason() != null) throw new IndexException(f.path() + ": " + f.skipReason());
        Prepared p = prepare(f);
        if (p.failure() != null) throw new IndexException(f.path() + ": " + p.failure());
        // the trial: the preview lacked the known-attack flag the index gives, which needs the chunks' vectors
        List<float[]> vectors = embeddings.embedAll(p.chunks().stream().map(ChunkFields::embeddedText).toList());
        List<float[]> attacks = attackVectors();
        List<List<InjectionCheck.Flag>> flags = new ArrayList<>();
        for (int i = 0; i < p.chunks().size(); i++) {
            flags.add(withKnownAttack(p.flags().get(i), p.chunks().get(i), vectors.get(i), attacks));
        }
        return new Split(p.entry(), p.chunks(), flags, p.redactions(), p.redactedByType());
    }

    /**
     * A document as {@link #split} makes it.
     *
     * @param entry          path, title (redacted), modification time, hash and format
     * @param chunks         the chunks in reading order
     * @param flags          per chunk, its injection flags (pattern checks, then the known-attack similarity)
     * @param redactions     per chunk, where placeholders stand in its text (type, placeholder, offsets; no values)
     * @param redactedByType values replaced in the document, by type (a value in the title and the body once)
     */
    public record Split(DocumentEntry entry, List<Chunk> chunks, List<List<InjectionCheck.Flag>> flags,
                        List<List<PiiRedactor.Finding>> redactions, Map<String, Integer> redactedByType) {
        public Split {
            chunks = List.copyOf(chunks);
            flags = flags.stream().map(List::copyOf).toList();
            redactions = redactions.stream().map(List::copyOf).toList();
            redactedByType = java.util.Collections.unmodifiableMap(new TreeMap<>(redactedByType));
        }
    }

    private SourceFile sourceFile(String rel, Path f, Instant modified) {
        if (!reader.handles(f)) {
            String name = f.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String type = dot <= 0 ? "a file without an extension" : "a " + name.substring(dot).toLowerCase(Locale.ROOT)
                    + " file";
            return new SourceFile(rel, f, modified, null, "not a document the index reads (" + type
                    + "; it reads .txt, .md, .html and .pdf)");
        }
        try {
            return new SourceFile(rel, f, modified, indexedHash(DocumentReader.sha256(Files.readAllBytes(f))), null);
        } catch (IOException | RuntimeException e) {
            return new SourceFile(rel, f, modified, null, "cannot be read (" + ErrorText.reason(e) + ")");
        }
    }

    /** Whether {@code path} (workspace-relative, {@code /} separators) lies in one of the folders. */
    public boolean covers(String path) {
        for (String folder : folders) {
            String f = folder.endsWith("/") ? folder : folder + "/";
            if (path.startsWith(f) || path.equals(folder) || folder.startsWith(path + "/")) return true;
        }
        return false;
    }

    /**
     * Brings {@code store} up to date with the folders and commits; after a bulk change it then merges the index into
     * one segment ({@link ChunkStore#mergeIfScattered}), which the report's time includes.
     *
     * @param rebuild  drop everything first and read every document again
     * @param progress told after each document read (on the calling thread); may be null
     * @return what was done; when the store is read-only, nothing is done and a note says so
     * @throws IndexException when the store cannot be written or the documents cannot be embedded (what was stored
     *                        before is committed)
     */
    public IndexReport run(ChunkStore store, boolean rebuild, Consumer<IndexProgress> progress) {
        return run(store, rebuild, progress, () -> false);
    }

    /**
     * As {@link #run(ChunkStore, boolean, Consumer)}, stopping soon after {@code stop} turns true (checked while
     * waiting for a document or its vectors, about every {@value #STOP_CHECK_MILLIS} ms). A stopped run does not
     * commit: the caller commits what was stored ({@link ChunkStore#commit()}) or drops it
     * ({@link ChunkStore#abandon()}); either way the documents not committed are read by a later run (their content
     * hash is not in the index).
     *
     * @param stop asked from the calling thread; true once the run should end (the studio is closing)
     * @throws IndexException also when stopped, with the message {@link #STOPPED}
     */
    public IndexReport run(ChunkStore store, boolean rebuild, Consumer<IndexProgress> progress,
                           java.util.function.BooleanSupplier stop) {
        long start = System.nanoTime();
        Consumer<IndexProgress> listener = progress == null ? p -> { } : progress;
        List<String> notes = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String folder : folders) {
            if (!Files.isDirectory(root.resolve(folder))) missing.add(folder);
        }
        if (store.readOnly()) {
            // the trial: a second `studio index` printed "0 added, 0 updated ..." and exited 0 beside this note
            throw new IndexException("another studio is updating this workspace's document index, so it was not "
                    + "updated; it can still be searched (run this again when the other one is done)");
        }
        int budget = chunker.settings().maxTokens();
        if (budget > ChunkingSettings.EMBEDDED_TOKENS) {
            notes.add("index.chunking.maxTokens is " + budget + ": MiniLM embeds about the first "
                    + ChunkingSettings.EMBEDDED_TOKENS + " tokens of a chunk, so vector search sees only the start of"
                    + " longer chunks (BM25 reads them whole)");
        }
        if (store.rebuilt()) {
            notes.add("the index was corrupt or written by another version, so it was rebuilt from the documents");
        }
        // after clear() the store may still list the documents until the next commit: a rebuild knows none
        Map<String, DocumentEntry> known = rebuild ? Map.of() : store.documents();
        if (rebuild) store.clear();
        Tally tally = new Tally();
        List<SourceFile> toRead = new ArrayList<>();
        java.util.Set<String> present = new java.util.HashSet<>();
        for (SourceFile f : files()) {
            present.add(f.path());
            DocumentEntry entry = known.get(f.path());
            if (f.skipReason() != null) {
                tally.skipped.add(new IndexReport.Skipped(f.path(), f.skipReason()));
                if (entry != null) remove(store, f.path(), tally);
            } else if (entry != null && entry.contentHash().equals(f.contentHash())) {
                tally.unchanged++;
            } else {
                toRead.add(f);
            }
        }
        // a folder that is gone (renamed, a disk not mounted) keeps its documents: removing it from index.folders,
        // or deleting its files one by one, takes them out
        Map<String, Integer> keptIn = new TreeMap<>();
        for (String path : known.keySet()) {
            if (present.contains(path)) continue;
            String gone = missing.stream().filter(f -> path.startsWith(f + "/")).findFirst().orElse(null);
            if (gone != null) keptIn.merge(gone, 1, Integer::sum);
            else remove(store, path, tally);
        }
        for (String folder : missing) {
            int kept = keptIn.getOrDefault(folder, 0);
            notes.add(folder + "/: no such folder; nothing read from it" + (kept == 0 ? ""
                    : "; its " + kept + (kept == 1 ? " document stays" : " documents stay")
                    + " in the index until the folder is back (take it out of index.folders to drop them)"));
        }
        if (!toRead.isEmpty()) ingest(store, toRead, known, tally, listener, stop);
        // every document is now as these settings make it (a stopped or failed run threw above, keeping the old mark)
        store.builtWith(settings());
        store.commit();
        // after a bulk ingestion, one segment: a vector search walks one HNSW graph per segment
        if (tally.added + tally.updated + tally.removed > 0) store.mergeIfScattered(stop, STOP_CHECK_MILLIS);
        tally.skipped.sort(java.util.Comparator.comparing(IndexReport.Skipped::path));
        tally.redactedIn.sort(java.util.Comparator.comparing(IndexReport.RedactedIn::path));
        return new IndexReport(tally.added, tally.updated, tally.removed, tally.unchanged, tally.skipped, tally.chunks,
                store.chunkCount(), tally.flagged, tally.redactions, tally.redactedIn, millis(start), notes);
    }

    private static void remove(ChunkStore store, String path, Tally tally) {
        store.removeDocument(path);
        tally.removed++;
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** What the run did so far; written by the calling thread only. */
    private static final class Tally {
        int added;
        int updated;
        int removed;
        int unchanged;
        int chunks;
        int flagged;
        final List<IndexReport.Skipped> skipped = new ArrayList<>();
        final Map<String, Integer> redactions = new TreeMap<>();
        final List<IndexReport.RedactedIn> redactedIn = new ArrayList<>();
    }

    /** Texts embedded together; the vectors arrive in {@link #vectors}. */
    private static final class Batch {
        final List<String> texts = new ArrayList<>();
        final CompletableFuture<List<float[]>> vectors = new CompletableFuture<>();
    }

    /** A document read, redacted, chunked and checked, waiting for its vectors; or a file that failed. */
    private record Prepared(SourceFile file, DocumentEntry entry, List<Chunk> chunks,
                            List<List<InjectionCheck.Flag>> flags, List<List<PiiRedactor.Finding>> redactions,
                            Map<String, Integer> redactedByType, Batch[] batchOf, int[] indexInBatch,
                            String failure) {
    }

    private static final Prepared END = new Prepared(null, null, null, null, null, null, null, null, null);

    /** The message of the exception that ends a run asked to stop. */
    public static final String STOPPED = "indexing was cancelled; the documents stored so far are kept";

    /** How often a waiting run asks whether it should stop, in milliseconds. */
    static final long STOP_CHECK_MILLIS = 50;

    /** Thrown inside a run that was asked to stop; it ends as an {@link IndexException} after the commit. */
    private static final class Stopped extends Exception {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private void ingest(ChunkStore store, List<SourceFile> toRead, Map<String, DocumentEntry> known, Tally tally,
                        Consumer<IndexProgress> progress, java.util.function.BooleanSupplier stop) {
        List<float[]> attacks = attackVectors();
        BlockingQueue<Prepared> queue = new ArrayBlockingQueue<>(QUEUED_DOCUMENTS);
        ExecutorService pool = embeddingPool();
        Thread producer = new Thread(() -> produce(toRead, queue, pool), "studio-index-reader");
        producer.setDaemon(true);
        producer.start();
        int done = 0;
        int embedded = 0;
        int sinceCommit = 0;
        long lastCommit = System.nanoTime();
        boolean committed = false;
        try {
            for (Prepared p = next(queue, stop); p != END; p = next(queue, stop)) {
                if (p.file() == null) throw new IndexException(p.failure());
                done++;
                if (p.failure() != null) {
                    tally.skipped.add(new IndexReport.Skipped(p.file().path(), p.failure()));
                    if (known.containsKey(p.file().path())) remove(store, p.file().path(), tally);
                } else {
                    List<IndexedChunk> chunks = indexed(p, attacks, stop);
                    store.replaceDocument(p.entry(), chunks);
                    if (known.containsKey(p.entry().path())) tally.updated++;
                    else tally.added++;
                    tally.chunks += chunks.size();
                    for (IndexedChunk c : chunks) if (c.flagged()) tally.flagged++;
                    p.redactedByType().forEach((type, n) -> tally.redactions.merge(type, n, Integer::sum));
                    if (!p.redactedByType().isEmpty()) tally.redactedIn.add(redactedIn(p));
                    embedded += chunks.size();
                    sinceCommit += chunks.size();
                    if (sinceCommit >= COMMIT_EVERY && (!committed
                            || System.nanoTime() - lastCommit >= COMMIT_INTERVAL_MILLIS * 1_000_000)) {
                        store.commit();
                        sinceCommit = 0;
                        lastCommit = System.nanoTime();
                        committed = true;
                    }
                }
                progress.accept(new IndexProgress(done, toRead.size(), embedded, p.file().path()));
            }
        } catch (Stopped e) {
            // no commit here: the caller commits what was stored, or drops it when the studio closes (a commit
            // flushes and syncs every document stored since the last one, seconds on a busy machine)
            throw new IndexException(STOPPED);
        } catch (InterruptedException e) {
            // commit first, then restore the interrupt: Lucene writes and syncs through file channels, which an
            // interrupted thread closes (the commit would fail, and the writer could be lost for the session)
            try {
                store.commit();
            } finally {
                Thread.currentThread().interrupt();
            }
            throw new IndexException("indexing was interrupted; the documents stored so far are kept", e);
        } catch (RuntimeException e) {
            store.commit();
            throw e;
        } finally {
            producer.interrupt();
            pool.shutdownNow();
        }
    }

    /** Where the values of {@code p} were redacted: counts by type and the chunks that hold their placeholders. */
    private static IndexReport.RedactedIn redactedIn(Prepared p) {
        Map<String, List<Integer>> chunks = new TreeMap<>();
        for (int i = 0; i < p.chunks().size(); i++) {
            for (PiiRedactor.Finding f : p.redactions().get(i)) {
                chunks.computeIfAbsent(f.type(), t -> new ArrayList<>()).add(p.chunks().get(i).position());
            }
        }
        return new IndexReport.RedactedIn(p.file().path(), p.redactedByType(), chunks);
    }

    /** The next document prepared, waiting for it; {@link Stopped} once {@code stop} says so. */
    private static Prepared next(BlockingQueue<Prepared> queue, java.util.function.BooleanSupplier stop)
            throws InterruptedException, Stopped {
        while (true) {
            if (stop.getAsBoolean()) throw new Stopped();
            Prepared p = queue.poll(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            if (p != null) return p;
        }
    }

    /** The vectors of {@code batch}, waiting for them; {@link Stopped} once {@code stop} says so. */
    private static List<float[]> vectors(Batch batch, java.util.function.BooleanSupplier stop)
            throws InterruptedException, ExecutionException, Stopped {
        while (true) {
            if (stop.getAsBoolean()) throw new Stopped();
            try {
                return batch.vectors.get(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // not yet: ask again
            }
        }
    }

    /** The chunks of {@code p} with their vectors and known-attack flags (waits for the vectors). */
    private List<IndexedChunk> indexed(Prepared p, List<float[]> attacks, java.util.function.BooleanSupplier stop)
            throws InterruptedException, Stopped {
        List<IndexedChunk> out = new ArrayList<>(p.chunks().size());
        for (int i = 0; i < p.chunks().size(); i++) {
            float[] vector;
            try {
                vector = vectors(p.batchOf()[i], stop).get(p.indexInBatch()[i]);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof StudioException s) throw new IndexException(p.file().path()
                        + ": cannot embed its chunks: " + ErrorText.reason(s), s);
                throw new IndexException(p.file().path() + ": cannot embed its chunks: " + ErrorText.reason(cause),
                        cause);
            }
            Chunk chunk = p.chunks().get(i);
            out.add(new IndexedChunk(chunk, vector, withKnownAttack(p.flags().get(i), chunk, vector, attacks),
                    p.redactions().get(i)));
        }
        return out;
    }

    /** {@code flags} and, when the chunk's vector is close to a known attack's, a known-attack flag after them. */
    private static List<InjectionCheck.Flag> withKnownAttack(List<InjectionCheck.Flag> flags, Chunk chunk, float[] vector,
                                                             List<float[]> attacks) {
        List<InjectionCheck.Flag> out = new ArrayList<>(flags);
        double best = 0;
        for (float[] attack : attacks) best = Math.max(best, dot(vector, attack));
        if (best >= InjectionCheck.KNOWN_ATTACK_SIMILARITY) {
            out.add(new InjectionCheck.Flag(InjectionCheck.Kind.KNOWN_ATTACK, String.format(Locale.ROOT,
                    "reads like a known prompt-injection attack (similarity %.2f)", best), excerpt(chunk.text())));
        }
        return out;
    }

    /** The cosine similarity of two unit-length vectors (0 when either is the zero vector of a blank text). */
    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length && i < b.length; i++) sum += (double) a[i] * b[i];
        return sum;
    }

    private static String excerpt(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() <= 80 ? t : t.substring(0, 80);
    }

    private synchronized List<float[]> attackVectors() {
        if (attackVectors == null) attackVectors = List.copyOf(embeddings.embedAll(InjectionCheck.knownAttacks()));
        return attackVectors;
    }

    private static ExecutorService embeddingPool() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(EMBEDDING_THREADS, EMBEDDING_THREADS, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "studio-index-embed-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Reads the documents in order and hands them to {@code queue}; cuts their chunks into batches and sends each
     * full batch to {@code pool}. Before it waits for room in the queue it sends the batch being filled, so the
     * storing thread never waits for a batch nobody will send.
     */
    private void produce(List<SourceFile> toRead, BlockingQueue<Prepared> queue, ExecutorService pool) {
        Batch current = new Batch();
        try {
            for (SourceFile f : toRead) {
                Prepared p = prepare(f);
                if (p.failure() == null) {
                    for (int i = 0; i < p.chunks().size(); i++) {
                        p.batchOf()[i] = current;
                        p.indexInBatch()[i] = current.texts.size();
                        current.texts.add(ChunkFields.embeddedText(p.chunks().get(i)));
                        if (current.texts.size() == BATCH) {
                            submit(current, pool);
                            current = new Batch();
                        }
                    }
                }
                if (!queue.offer(p)) {
                    if (!current.texts.isEmpty()) {
                        submit(current, pool);
                        current = new Batch();
                    }
                    queue.put(p);
                }
            }
            if (!current.texts.isEmpty()) submit(current, pool);
            queue.put(END);
        } catch (InterruptedException e) {
            // the storing thread gave up; nothing more to do
        } catch (RuntimeException | Error e) {
            // a defect in this loop itself: make the storing thread fail rather than wait forever
            LOG.error("the index reader stopped", e);
            current.vectors.completeExceptionally(e);
            queue.clear();
            queue.offer(failed(null, "indexing stopped: the document reader failed (" + ErrorText.reason(e) + ")"));
        }
    }

    private void submit(Batch batch, ExecutorService pool) {
        pool.execute(() -> {
            try {
                batch.vectors.complete(embeddings.embedAll(batch.texts));
            } catch (RuntimeException | Error e) {
                batch.vectors.completeExceptionally(e);
            }
        });
    }

    /** Reads, redacts, chunks and checks one file; any failure becomes a one-line reason. */
    private Prepared prepare(SourceFile f) {
        try {
            SourceDocument doc = read.apply(root, f.file());
            Map<String, String> typeOf = new LinkedHashMap<>();
            Map<String, Integer> byType = new TreeMap<>();
            if (redactor != null) doc = redacted(doc, typeOf, byType);
            List<Chunk> chunks = chunker.chunk(doc);
            List<List<InjectionCheck.Flag>> flags = new ArrayList<>(chunks.size());
            List<List<PiiRedactor.Finding>> redactions = new ArrayList<>(chunks.size());
            for (Chunk c : chunks) {
                flags.add(injection.check(c.text(), c.hidden()));
                redactions.add(findings(c.text(), typeOf));
            }
            DocumentEntry entry = new DocumentEntry(doc.path(), doc.title(), doc.modified(),
                    indexedHash(doc.contentHash()), doc.format());
            return new Prepared(f, entry, chunks, flags, redactions, byType, new Batch[chunks.size()],
                    new int[chunks.size()], null);
        } catch (StudioException e) {
            return failed(f, withoutPath(ErrorText.reason(e), f));
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("{}: could not be indexed", f.path(), e);
            return failed(f, "could not be read (" + ErrorText.reason(e) + ")");
        }
    }

    private static Prepared failed(SourceFile f, String reason) {
        return new Prepared(f, null, null, null, null, null, null, null, reason);
    }

    /** The reader's message names the file; the report puts the path beside it already. */
    private String withoutPath(String reason, SourceFile f) {
        for (String prefix : List.of(f.file().toString() + ": ", f.path() + ": ", f.file().getFileName() + ": ")) {
            if (reason.startsWith(prefix)) return reason.substring(prefix.length());
        }
        return reason;
    }

    /** {@code doc} with each block redacted, one numbering for the whole document; fills the placeholders' types. */
    private SourceDocument redacted(SourceDocument doc, Map<String, String> typeOf, Map<String, Integer> byType) {
        PiiRedactor.Numbering numbering = new PiiRedactor.Numbering();
        List<SourceDocument.Block> blocks = new ArrayList<>(doc.blocks().size());
        for (SourceDocument.Block b : doc.blocks()) {
            PiiRedactor.Redacted r = redactor.redact(b.text(), numbering);
            for (PiiRedactor.Finding finding : r.findings()) {
                typeOf.put(finding.placeholder(), finding.type());
                byType.merge(finding.type(), 1, Integer::sum);
            }
            blocks.add(new SourceDocument.Block(b.kind(), b.level(), r.text(), b.hidden()));
        }
        // the title is stored and searched with every chunk: redact it too, with the same numbering; a value the body
        // already had (a title taken from the first heading) is not counted twice
        String title = doc.title();
        if (title != null) {
            PiiRedactor.Redacted r = redactor.redact(title, numbering);
            for (PiiRedactor.Finding finding : r.findings()) {
                if (typeOf.put(finding.placeholder(), finding.type()) == null) {
                    byType.merge(finding.type(), 1, Integer::sum);
                }
            }
            title = r.text();
        }
        return new SourceDocument(doc.path(), title, doc.modified(), doc.contentHash(), doc.format(), blocks);
    }

    /** Where the placeholders of the document stand in a chunk's text. */
    private static List<PiiRedactor.Finding> findings(String text, Map<String, String> typeOf) {
        if (typeOf.isEmpty()) return List.of();
        List<PiiRedactor.Finding> out = new ArrayList<>();
        for (Map.Entry<String, String> e : typeOf.entrySet()) {
            for (int at = text.indexOf(e.getKey()); at >= 0; at = text.indexOf(e.getKey(), at + 1)) {
                out.add(new PiiRedactor.Finding(e.getValue(), e.getKey(), at, at + e.getKey().length()));
            }
        }
        out.sort(java.util.Comparator.comparingInt(PiiRedactor.Finding::start));
        return out;
    }

    private String relative(Path f) {
        return root.relativize(f.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    private static boolean hidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }
}
