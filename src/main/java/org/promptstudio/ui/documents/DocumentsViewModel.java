package org.promptstudio.ui.documents;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.promptstudio.app.Documents;
import org.promptstudio.app.Studio;
import org.promptstudio.index.IndexProgress;
import org.promptstudio.index.IndexReport;
import org.promptstudio.index.IndexedChunk;
import org.promptstudio.index.SearchHit;
import org.promptstudio.index.SearchMode;
import org.promptstudio.model.ErrorText;
import org.promptstudio.ui.common.Activatable;
import org.promptstudio.ui.common.Fx;
import org.promptstudio.ui.common.TaskRunner;

/**
 * The documents view's state (issue 14): the workspace's documents with their index status, an ingestion with its
 * progress and report, the search box with its results, and the chunks of the document (or search hit) selected,
 * with their redaction placeholders and injection flags. While the view is shown it watches the document folders
 * ({@link Documents#watch}), so what changes on disk is ingested and the list read again; hidden, it stops.
 * Everything goes to {@code app.Documents} through the task runner.
 */
public final class DocumentsViewModel implements Activatable {

    /** The result counts the k choice offers. */
    public static final List<Integer> K_CHOICES = List.of(3, 5, 10, 20);

    /** How a piece of shown text is marked. */
    public enum Mark {
        /** plain text */
        PLAIN,
        /** a word the search matched (between {@code <<} and {@code >>} in the snippet) */
        MATCH,
        /** a redaction placeholder such as {@code [EMAIL_1]} */
        REDACTION
    }

    /** A run of shown text and its mark. */
    public record Segment(String text, Mark mark) {
    }

    /**
     * A document as the list shows it.
     *
     * @param path       workspace-relative path
     * @param title      its title (the file name when not indexed)
     * @param status     {@code indexed}, {@code changed}, {@code new}, {@code removed} or {@code skipped}
     * @param reason     why it was skipped; empty otherwise
     * @param chunks     chunks indexed
     * @param flagged    chunks with an injection flag
     * @param redactions values redacted
     * @param modified   the file's modification time as the list shows it, local: the time ({@code 22:41}) when it
     *                   is today, else the day ({@code 2026-11-30}); empty when unknown
     * @param modifiedAt the same in full, {@code 2026-11-30 22:41} (the cell's tooltip); empty when unknown
     */
    public record DocumentRow(String path, String title, String status, String reason, int chunks, int flagged,
                              int redactions, String modified, String modifiedAt) {

        /**
         * The line under the path: why a skipped file is skipped, else the document's title; empty when the title is
         * only the file name again.
         */
        public String detail() {
            if (!reason.isEmpty()) return reason;
            String name = path.substring(path.lastIndexOf('/') + 1);
            int dot = name.lastIndexOf('.');
            boolean onlyTheName = title.equalsIgnoreCase(name) || dot > 0 && title.equalsIgnoreCase(name.substring(0, dot));
            return onlyTheName ? "" : title;
        }
    }

    /**
     * One search result.
     *
     * @param rank     from 1
     * @param score    the score, 4 decimals
     * @param source   the document's path
     * @param position the chunk's position in it, from 0
     * @param headings the heading path, joined with {@code  › }; empty when none
     * @param snippet  the snippet, its matched words marked (the markers themselves never shown)
     * @param flagged  whether the chunk carries an injection flag
     */
    public record HitRow(int rank, String score, String source, int position, String headings,
                         List<Segment> snippet, boolean flagged) {

        /** {@code source#position}. */
        public String id() {
            return source + "#" + position;
        }
    }

    /** An injection flag as shown: its kind in words, the reason, the words that raised it. */
    public record FlagRow(String kind, String reason, String excerpt) {
    }

    /**
     * A chunk as the chunk viewer shows it.
     *
     * @param position  its place in the document, from 0
     * @param headings  the heading path, joined with {@code  › }; empty when none
     * @param tokens    its length in tokens
     * @param text      its text, redaction placeholders marked
     * @param flags     its injection flags, empty when none
     * @param excluded  whether searches leave it out (flagged, and the workspace excludes flagged chunks)
     * @param hidden    whether its text was hidden from a reader of the page
     * @param redacted  the placeholders in it, in order of first appearance
     */
    public record ChunkRow(int position, String headings, int tokens, List<Segment> text, List<FlagRow> flags,
                           boolean excluded, boolean hidden, List<String> redacted) {
    }

    /**
     * What the view does by itself once it has read its list ({@code studio screenshot documents}): index the
     * documents, search for {@code query} and show the first result's chunk among its document's.
     */
    public record Start(String query) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\[[A-Z][A-Z0-9_]*_\\d+\\]");

    private final Studio studio;
    private final TaskRunner runner;
    private final ZoneId zone;
    private final java.time.Clock clock;
    private final ObservableList<DocumentRow> documents = FXCollections.observableArrayList();
    private final ObservableList<DocumentRow> documentsView = FXCollections.unmodifiableObservableList(documents);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper emptyState = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper indexing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ObservableList<String> report = FXCollections.observableArrayList();
    private final ObservableList<String> reportView = FXCollections.unmodifiableObservableList(report);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper watching = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper watchNote = new ReadOnlyStringWrapper("");
    private final StringProperty query = new SimpleStringProperty("");
    private final ObjectProperty<SearchMode> mode = new SimpleObjectProperty<>(SearchMode.HYBRID);
    private final IntegerProperty k = new SimpleIntegerProperty(5);
    private final BooleanProperty includeFlagged = new SimpleBooleanProperty(false);
    private final ObservableList<HitRow> hits = FXCollections.observableArrayList();
    private final ObservableList<HitRow> hitsView = FXCollections.unmodifiableObservableList(hits);
    private final ReadOnlyStringWrapper searchStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper searching = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper shownDocument = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper chunkTitle = new ReadOnlyStringWrapper("");
    private final ObservableList<ChunkRow> chunks = FXCollections.observableArrayList();
    private final ObservableList<ChunkRow> chunksView = FXCollections.unmodifiableObservableList(chunks);
    private final ReadOnlyIntegerWrapper focusedChunk = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyBooleanWrapper readingChunks = new ReadOnlyBooleanWrapper(false);

    private boolean active;
    private Start start;
    private AutoCloseable watcher;
    private long watchGeneration;
    private long listGeneration;
    private long searchGeneration;
    private long chunkGeneration;
    private long indexGeneration;
    /** The folders ingested, as the empty state names them ({@code docs/}). */
    private String folders = "docs/";

    /**
     * @param studio the open workspace (its {@link Studio#documents()})
     * @param runner runs the index, the search and the reads off the UI thread
     */
    public DocumentsViewModel(Studio studio, TaskRunner runner) {
        this(studio, runner, java.time.Clock.systemDefaultZone());
    }

    /** As {@link #DocumentsViewModel(Studio, TaskRunner)}, {@code clock} saying what "today" is and in which zone. */
    DocumentsViewModel(Studio studio, TaskRunner runner, java.time.Clock clock) {
        this.studio = studio;
        this.runner = runner;
        this.clock = clock;
        this.zone = clock.getZone();
    }

    /** Runs {@code start} once the list was read the first time (at once when it was). */
    public void onStartWhenReady(Start start) {
        this.start = start;
        if (loaded.get()) begin();
    }

    private void begin() {
        Start s = start;
        start = null;
        if (s == null) return;
        query.set(s.query());
        searchThenShowFirst = true;
        index(false);
    }

    /** After the start's ingestion: the search it asks for, then the first hit's chunk. */
    private boolean searchThenShowFirst;

    // ---- lifecycle ------------------------------------------------------------------------------------------

    /** Shown: reads the list again and starts watching the document folders. */
    @Override
    public void onActivate() {
        active = true;
        onRefresh();
        startWatching();
    }

    /** Hidden: stops watching the folders (an ingestion already running goes on to its end). */
    @Override
    public void onDeactivate() {
        active = false;
        stopWatching();
    }

    private void startWatching() {
        if (watcher != null) return;
        long generation = ++watchGeneration;
        runner.run(() -> studio.documents().watch(r -> Fx.run(() -> onIndexedByWatcher(r))), w -> {
            if (!active || generation != watchGeneration) {
                close(w); // hidden again before the watcher was up
                return;
            }
            watcher = w;
            watching.set(true);
        }, e -> error.set("Cannot watch the document folders: " + ErrorText.reason(e)));
    }

    private void stopWatching() {
        watchGeneration++;
        AutoCloseable w = watcher;
        watcher = null;
        watching.set(false);
        if (w != null) runner.run(() -> {
            close(w);
            return null;
        }, r -> { }, e -> { });
    }

    private static void close(AutoCloseable w) {
        try {
            w.close();
        } catch (Exception e) {
            // a watcher that cannot stop is gone with the studio; nothing the user can do
        }
    }

    private void onIndexedByWatcher(IndexReport r) {
        if (!active) return;
        if (r.changed() || !r.skipped().isEmpty()) {
            watchNote.set("Indexed automatically at " + CLOCK.format(java.time.LocalTime.now(clock)) + ": "
                    + counts(r));
        }
        onRefresh();
        if (!shownDocument.get().isEmpty()) showChunks(shownDocument.get(), focusedChunk.get());
    }

    // ---- the list -------------------------------------------------------------------------------------------

    /** Reads the document list with its status again. */
    public void onRefresh() {
        long generation = ++listGeneration;
        runner.run(() -> {
            Documents d = studio.documents();
            return new Listing(d.documents(), d.folders(), d.excludesFlagged());
        }, listing -> {
            if (generation != listGeneration) return;
            showList(listing);
            loaded.set(true);
            if (start != null) begin();
        }, e -> {
            if (generation != listGeneration) return;
            error.set("Cannot list the documents: " + ErrorText.reason(e));
            loaded.set(true);
        });
    }

    private record Listing(List<Documents.DocumentStatus> documents, List<String> folders, boolean excludes) {
    }

    private void showList(Listing listing) {
        folders = listing.folders().isEmpty() ? "docs/" : String.join("/, ", listing.folders()) + "/";
        List<DocumentRow> rows = new ArrayList<>();
        int indexed = 0;
        int changed = 0;
        int fresh = 0;
        int skipped = 0;
        int removed = 0;
        int chunkCount = 0;
        int flaggedCount = 0;
        java.time.LocalDate today = java.time.LocalDate.now(clock);
        for (Documents.DocumentStatus d : listing.documents()) {
            java.time.ZonedDateTime at = d.modified() == null ? null : d.modified().atZone(zone);
            rows.add(new DocumentRow(d.path(), d.title(), d.status().name().toLowerCase(Locale.ROOT), d.reason(),
                    d.chunks(), d.flagged(), d.redactions(), at == null ? ""
                    : (at.toLocalDate().equals(today) ? HOUR : DAY).format(at), at == null ? "" : TIME.format(at)));
            chunkCount += d.chunks();
            flaggedCount += d.flagged();
            switch (d.status()) {
                case INDEXED -> indexed++;
                case CHANGED -> changed++;
                case NEW -> fresh++;
                case SKIPPED -> skipped++;
                case REMOVED -> removed++;
            }
        }
        documents.setAll(rows);
        int readable = rows.size() - skipped;
        summary.set(rows.isEmpty() ? "" : rows.size() + (rows.size() == 1 ? " document: " : " documents: ")
                + String.join(", ", nonZero(new String[] {"indexed", "changed", "new", "removed", "skipped"},
                new int[] {indexed, changed, fresh, removed, skipped})) + " \u00b7 " + chunkCount
                + (chunkCount == 1 ? " chunk" : " chunks") + (flaggedCount == 0 ? "" : " \u00b7 " + flaggedCount
                + " flagged" + (listing.excludes() ? ", left out of search" : ", still searched")));
        if (rows.isEmpty()) {
            emptyState.set("No documents in " + folders + " yet \u2014 put text, markdown, HTML or PDF files there;"
                    + " they are indexed as they arrive.");
        } else if (indexed + changed + removed == 0) {
            emptyState.set(readable == 0 ? "Nothing here can be indexed: every file was skipped (see the reasons)."
                    : "No index yet \u2014 Index the " + readable + (readable == 1 ? " document" : " documents")
                    + " in " + folders);
        } else {
            emptyState.set("");
        }
    }

    private static List<String> nonZero(String[] names, int[] counts) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (counts[i] > 0) out.add(counts[i] + " " + names[i]);
        }
        return out;
    }

    // ---- indexing -------------------------------------------------------------------------------------------

    /** Brings the index up to date with the folders (new and changed documents read, deleted ones removed). */
    public void onIndex() {
        index(false);
    }

    /** Drops the index and reads every document again. */
    public void onRebuild() {
        index(true);
    }

    private void index(boolean rebuild) {
        if (indexing.get()) return;
        long generation = ++indexGeneration;
        indexing.set(true);
        error.set("");
        progress.set(-1);
        progressText.set(rebuild ? "Rebuilding the index\u2026" : "Indexing\u2026");
        runner.runLong(rebuild ? "Rebuilding the document index" : "Indexing documents", handle -> {
            Documents d = studio.documents();
            IndexReport done = d.index(rebuild, p -> {
                handle.update(p.documentsDone(), p.documentsTotal());
                String line = progressLine(p);
                handle.message(line);
                Fx.run(() -> {
                    if (generation != indexGeneration || !indexing.get()) return;
                    progress.set(p.documentsTotal() <= 0 ? -1 : (double) p.documentsDone() / p.documentsTotal());
                    progressText.set(line);
                });
            });
            int flaggedInIndex = 0;
            int redactedInIndex = 0;
            for (Documents.DocumentStatus s : d.documents()) {
                flaggedInIndex += s.flagged();
                redactedInIndex += s.redactions();
            }
            return new Indexed(done, d.excludesFlagged(), flaggedInIndex, redactedInIndex);
        }, indexed -> {
            if (generation != indexGeneration) return;
            indexing.set(false);
            progress.set(1);
            progressText.set("");
            report.setAll(reportLines(indexed.report(), indexed.excludes(), indexed.flaggedInIndex(),
                    indexed.redactedInIndex()));
            onRefresh();
            if (!shownDocument.get().isEmpty()) showChunks(shownDocument.get(), focusedChunk.get());
            if (!query.get().isBlank()) onSearch();
        }, e -> {
            if (generation != indexGeneration) return;
            indexing.set(false);
            progress.set(0);
            progressText.set("");
            error.set(e instanceof java.util.concurrent.CancellationException ? "Indexing was cancelled"
                    : "Indexing failed: " + ErrorText.reason(e));
            onRefresh();
        });
    }

    private record Indexed(IndexReport report, boolean excludes, int flaggedInIndex, int redactedInIndex) {
    }

    /** {@code 12/30 documents · 40 chunks · docs/refunds.md}. */
    static String progressLine(IndexProgress p) {
        return p.documentsDone() + "/" + p.documentsTotal() + " documents \u00b7 " + p.chunksEmbedded()
                + (p.chunksEmbedded() == 1 ? " chunk" : " chunks")
                + (p.currentFile().isEmpty() ? "" : " \u00b7 " + p.currentFile());
    }

    /**
     * What an ingestion did, as the view's report lists it: counts, skipped files, flags, redactions, notes. The
     * flags are counted over the whole index (what search leaves out), with those of the documents read this time.
     *
     * @param flaggedInIndex  chunks with an injection flag in the whole index after the ingestion
     * @param redactedInIndex values redacted in the whole index after the ingestion (distinct per document)
     */
    static List<String> reportLines(IndexReport r, boolean excludes, int flaggedInIndex, int redactedInIndex) {
        List<String> lines = new ArrayList<>();
        lines.add("Indexed in " + seconds(r.millis()) + ": " + counts(r) + " \u00b7 " + r.chunks()
                + (r.chunks() == 1 ? " chunk" : " chunks") + " written, " + r.totalChunks() + " in the index");
        if (r.skipped().isEmpty()) {
            lines.add("Skipped: none");
        } else {
            lines.add("Skipped " + r.skipped().size() + (r.skipped().size() == 1 ? " file:" : " files:"));
            for (IndexReport.Skipped s : r.skipped()) lines.add("  " + s.path() + " \u2014 " + s.reason());
        }
        int flagged = Math.max(flaggedInIndex, r.flagged());
        lines.add(flagged == 0 ? "Injection flags: none in the index"
                : "Injection flags: " + flagged + (flagged == 1 ? " chunk" : " chunks") + " in the index"
                + (excludes ? " (left out of retrieval)" : " (still retrieved: the workspace does not exclude them)")
                + (r.flagged() == flagged ? "" : r.flagged() == 0 ? "; none in the documents read now"
                : "; " + r.flagged() + " in the documents read now"));
        String inIndex = redactedInIndex == 0 ? "" : " (" + redactedInIndex + (redactedInIndex == 1 ? " distinct value" : " distinct values")
                + " redacted in the index)";
        if (r.redactions().isEmpty()) {
            lines.add("Redactions: none in the documents read now" + inIndex);
        } else {
            List<String> byType = new ArrayList<>();
            for (Map.Entry<String, Integer> e : r.redactions().entrySet()) byType.add(e.getKey() + " " + e.getValue());
            lines.add("Redactions in the documents read now: " + String.join(", ", byType) + inIndex);
        }
        lines.addAll(r.notes());
        return lines;
    }

    private static String counts(IndexReport r) {
        return r.added() + " added, " + r.updated() + " updated, " + r.removed() + " removed, " + r.unchanged()
                + " unchanged";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    // ---- search ---------------------------------------------------------------------------------------------

    /** Searches for the query with the chosen mode, k and flag choice; an empty query clears the results. */
    public void onSearch() {
        String q = query.get() == null ? "" : query.get().strip();
        long generation = ++searchGeneration;
        if (q.isEmpty()) {
            hits.clear();
            searchStatus.set("");
            searching.set(false);
            return;
        }
        SearchMode m = mode.get() == null ? SearchMode.HYBRID : mode.get();
        int howMany = Math.max(1, k.get());
        boolean flagged = includeFlagged.get();
        searching.set(true);
        runner.run(() -> {
            Documents d = studio.documents();
            if (d.chunkCount() == 0) return null;
            return new Found(d.search(q, howMany, m, null, flagged), m != SearchMode.VECTOR && !d.hasSearchWords(q));
        }, found -> {
            if (generation != searchGeneration) return;
            searching.set(false);
            if (found == null) {
                hits.clear();
                searchStatus.set("Nothing is indexed yet: press Index, then search.");
                return;
            }
            List<HitRow> rows = new ArrayList<>();
            for (SearchHit h : found.hits()) rows.add(hitRow(h));
            hits.setAll(rows);
            if (searchThenShowFirst) {
                searchThenShowFirst = false;
                if (!rows.isEmpty()) onSelectHit(rows.get(0));
            }
            String how = m.name().toLowerCase(Locale.ROOT);
            // the trial: a query of stop words got vector hits in a hybrid search with nothing saying why
            String stopWords = !found.stopWordsOnly() ? ""
                    : m == SearchMode.BM25 ? ": the query has no word BM25 can match (only stop words or punctuation); try hybrid"
                    : "; no word BM25 can match, so these are the vector search's alone";
            searchStatus.set(rows.isEmpty() ? "No chunk matches \u201c" + q + "\u201d (" + how + ")" + stopWords + "."
                    : rows.size() + (rows.size() == 1 ? " result" : " results") + " for \u201c" + q + "\u201d ("
                    + how + (flagged ? ", flagged chunks included" : "") + stopWords + ")");
        }, e -> {
            if (generation != searchGeneration) return;
            searching.set(false);
            hits.clear();
            searchStatus.set("Search failed: " + ErrorText.reason(e));
        });
    }

    /** A search's hits, and whether its query had only stop words (BM25 matched none of it). */
    private record Found(List<SearchHit> hits, boolean stopWordsOnly) {
    }

    private static HitRow hitRow(SearchHit h) {
        IndexedChunk c = h.chunk();
        return new HitRow(h.rank(), String.format(Locale.ROOT, "%.4f", h.score()), c.chunk().source(),
                c.chunk().position(), headings(c.chunk().headingPath()), snippet(h.snippet()), c.flagged());
    }

    /**
     * {@code snippet} cut into plain and matched runs at its {@code <<} {@code >>} markers, the markers dropped (an
     * unclosed {@code <<} marks to the end); redaction placeholders in plain runs are marked too.
     */
    public static List<Segment> snippet(String snippet) {
        List<Segment> out = new ArrayList<>();
        String s = snippet == null ? "" : snippet;
        int at = 0;
        while (at < s.length()) {
            int open = s.indexOf("<<", at);
            if (open < 0) {
                out.addAll(redactions(s.substring(at)));
                break;
            }
            out.addAll(redactions(s.substring(at, open)));
            int close = s.indexOf(">>", open + 2);
            int end = close < 0 ? s.length() : close;
            if (end > open + 2) out.add(new Segment(s.substring(open + 2, end), Mark.MATCH));
            at = close < 0 ? s.length() : close + 2;
        }
        return merge(out);
    }

    /** {@code text} cut into plain runs and redaction placeholders ({@code [EMAIL_1]}, {@code [EMPLOYEE_ID_2]}). */
    public static List<Segment> redactions(String text) {
        List<Segment> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) out.add(new Segment(text.substring(last, m.start()), Mark.PLAIN));
            out.add(new Segment(m.group(), Mark.REDACTION));
            last = m.end();
        }
        if (last < text.length()) out.add(new Segment(text.substring(last), Mark.PLAIN));
        return out;
    }

    private static List<Segment> merge(List<Segment> segments) {
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments) {
            if (s.text().isEmpty()) continue;
            if (!out.isEmpty() && out.get(out.size() - 1).mark() == s.mark() && s.mark() == Mark.PLAIN) {
                out.set(out.size() - 1, new Segment(out.get(out.size() - 1).text() + s.text(), Mark.PLAIN));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static String headings(List<String> path) {
        return String.join(" \u203a ", path);
    }

    // ---- chunks ---------------------------------------------------------------------------------------------

    /** Shows the chunks of document {@code path} (workspace-relative) in order; null or empty shows none. */
    public void onSelectDocument(String path) {
        showChunks(path == null ? "" : path, -1);
    }

    /** Shows the chunk of search result {@code hit} among its document's chunks, focused. */
    public void onSelectHit(HitRow hit) {
        if (hit == null) return;
        showChunks(hit.source(), hit.position());
    }

    private void showChunks(String path, int focus) {
        long generation = ++chunkGeneration;
        shownDocument.set(path);
        if (path.isEmpty()) {
            chunks.clear();
            chunkTitle.set("");
            focusedChunk.set(-1);
            readingChunks.set(false);
            return;
        }
        readingChunks.set(true);
        runner.run(() -> {
            Documents d = studio.documents();
            return new Chunks(d.chunksOf(path), d.excludesFlagged());
        }, read -> {
            if (generation != chunkGeneration) return;
            readingChunks.set(false);
            List<ChunkRow> rows = new ArrayList<>();
            for (IndexedChunk c : read.chunks()) rows.add(chunkRow(c, read.excludes()));
            chunks.setAll(rows);
            long flagged = rows.stream().filter(r -> !r.flags().isEmpty()).count();
            chunkTitle.set(rows.isEmpty() ? path + " has no chunks in the index (not indexed yet, or skipped)."
                    : path + " \u2014 " + rows.size() + (rows.size() == 1 ? " chunk" : " chunks")
                    + (flagged == 0 ? "" : " \u00b7 " + flagged + " flagged"));
            focusedChunk.set(focus);
        }, e -> {
            if (generation != chunkGeneration) return;
            readingChunks.set(false);
            chunks.clear();
            chunkTitle.set("");
            error.set("Cannot read the chunks of " + path + ": " + ErrorText.reason(e));
        });
    }

    private record Chunks(List<IndexedChunk> chunks, boolean excludes) {
    }

    static ChunkRow chunkRow(IndexedChunk c, boolean excludes) {
        List<FlagRow> flags = c.flags().stream().map(f -> new FlagRow(kind(f.kind().name()), f.reason(),
                f.excerpt())).toList();
        List<String> placeholders = new ArrayList<>();
        for (Segment s : redactions(c.chunk().text())) {
            if (s.mark() == Mark.REDACTION && !placeholders.contains(s.text())) placeholders.add(s.text());
        }
        return new ChunkRow(c.chunk().position(), headings(c.chunk().headingPath()), c.chunk().tokens(),
                redactions(c.chunk().text()), flags, excludes && c.flagged(), c.chunk().hidden(), placeholders);
    }

    /** {@code INSTRUCTION_OVERRIDE} as the user reads it: {@code instruction override}. */
    private static String kind(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    // ---- properties -----------------------------------------------------------------------------------------

    /** Whether a read, an ingestion or a search has not finished yet (a screenshot waits for it). */
    public boolean busy() {
        return !loaded.get() || indexing.get() || searching.get() || readingChunks.get();
    }

    public ObservableList<DocumentRow> documents() {
        return documentsView;
    }

    /** {@code 30 documents: 28 indexed, 2 new · 84 chunks}; empty when there is none. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** What to do when nothing is indexed yet ("No index yet — Index the 30 documents in docs/"); else empty. */
    public ReadOnlyStringProperty emptyStateProperty() {
        return emptyState.getReadOnlyProperty();
    }

    /** True once the list was read the first time. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty indexingProperty() {
        return indexing.getReadOnlyProperty();
    }

    /** The ingestion's progress: documents done of those to read, 0..1, or -1 while it cannot say. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** {@code 12/30 documents · 40 chunks · docs/refunds.md} while indexing; else empty. */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** The last ingestion's report, one line each; empty before the first. */
    public ObservableList<String> report() {
        return reportView;
    }

    /** What went wrong last, in one line; empty when nothing did. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Whether the folders are watched now (the view is shown). */
    public ReadOnlyBooleanProperty watchingProperty() {
        return watching.getReadOnlyProperty();
    }

    /** What the watcher last ingested ("Indexed automatically at 22:51:07: 1 added, ..."); empty before. */
    public ReadOnlyStringProperty watchNoteProperty() {
        return watchNote.getReadOnlyProperty();
    }

    /** The search box's text. */
    public StringProperty queryProperty() {
        return query;
    }

    public ObjectProperty<SearchMode> modeProperty() {
        return mode;
    }

    /** How many results to show, at least 1. */
    public IntegerProperty kProperty() {
        return k;
    }

    /** Whether chunks with injection flags may be returned. */
    public BooleanProperty includeFlaggedProperty() {
        return includeFlagged;
    }

    public ObservableList<HitRow> hits() {
        return hitsView;
    }

    /** {@code 5 results for “refund” (hybrid)}, or why there are none; empty without a query. */
    public ReadOnlyStringProperty searchStatusProperty() {
        return searchStatus.getReadOnlyProperty();
    }

    /** The document whose chunks are shown, or empty. */
    public ReadOnlyStringProperty shownDocumentProperty() {
        return shownDocument.getReadOnlyProperty();
    }

    /** {@code docs/refunds.md — 4 chunks · 1 flagged}; empty when none is shown. */
    public ReadOnlyStringProperty chunkTitleProperty() {
        return chunkTitle.getReadOnlyProperty();
    }

    public ObservableList<ChunkRow> chunks() {
        return chunksView;
    }

    /** The position of the chunk to bring into view (a search hit's), or -1. */
    public ReadOnlyIntegerProperty focusedChunkProperty() {
        return focusedChunk.getReadOnlyProperty();
    }
}
