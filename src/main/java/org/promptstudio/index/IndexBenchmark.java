package org.promptstudio.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.promptstudio.model.Chunk;
import org.promptstudio.provider.Embeddings;

/**
 * Measures the document index on generated English text (seeded, so every run indexes the same words): the MiniLM
 * embedding rate alone, the ingestion rate (embedding and indexing as a pipeline, commit included) beside it, the
 * index's size on disk, and query latency per mode with the query's embedding included.
 *
 * <p>Embedding-only and ingestion use two different generated sets of chunks, so the second never reads vectors
 * {@link Embeddings} remembers from the first; the queries are distinct from each other for the same reason.
 */
public final class IndexBenchmark {

    /** Chunks embedded per call, as ingestion batches them. */
    static final int BATCH = 64;
    /** Chunks per generated document. */
    static final int CHUNKS_PER_DOCUMENT = 8;
    static final int WARM_UP_QUERIES = 30;
    static final int K = 5;

    /** Latency of one mode over the queries, in milliseconds. */
    public record Latency(SearchMode mode, int queries, double p50Millis, double p95Millis, boolean embeddingIncluded) {
    }

    /**
     * What one run measured.
     *
     * @param chunks              chunks generated per set
     * @param embedMillis         embedding-only: the time to embed {@code chunks} texts in batches
     * @param ingestMillis        ingestion: embedding and indexing as a pipeline, commit included
     * @param ingestEmbedMillis   within ingestion, the time the embedding thread spent embedding
     * @param ingestWriteMillis   within ingestion, the time the writer thread spent in {@code replaceDocument}
     * @param commitMillis        within ingestion, the final commit (flush and HNSW graph of the last segment)
     * @param indexBytes          the index folder's size after the commit
     * @param latencies           query latency per mode
     * @param cores               available processors
     * @param loadAverage         the system load average over the last minute when the run ended (negative: unknown)
     */
    public record Result(int chunks, long embedMillis, long ingestMillis, long ingestEmbedMillis, long ingestWriteMillis,
                         long commitMillis, long indexBytes, List<Latency> latencies, int cores, double loadAverage) {

        public double embedPerSecond() {
            return chunks * 1000.0 / Math.max(1, embedMillis);
        }

        public double ingestPerSecond() {
            return chunks * 1000.0 / Math.max(1, ingestMillis);
        }

        /** Ingestion's rate as a share of the embedding-only rate (target: at least 0.9). */
        public double ingestRatio() {
            return ingestPerSecond() / embedPerSecond();
        }
    }

    private static final String[] TOPICS = {"refund", "shipping", "warranty", "password", "invoice", "holiday",
        "firmware", "subscription", "battery", "delivery", "account", "expenses", "printer", "contract", "pension",
        "laptop", "parcel", "discount", "payroll", "network"};
    private static final String[] SUBJECTS = {"The customer", "Our support team", "An employee", "The manager",
        "Each new user", "The finance office", "A courier", "The service desk", "Every member", "The supplier"};
    private static final String[] VERBS = {"must confirm", "can request", "should check", "will receive",
        "may cancel", "needs to update", "is asked to review", "can renew", "should report", "will be refunded for"};
    private static final String[] OBJECTS = {"the order number", "a signed form", "the monthly statement",
        "the serial number", "a replacement part", "the tracking link", "the receipt", "the security code",
        "the travel booking", "the device settings", "a written notice", "the annual plan"};
    private static final String[] TAILS = {"within fourteen days", "before the end of the month",
        "after the first reminder", "from the settings page", "by e-mail or phone", "at the front desk",
        "once the payment clears", "unless the contract says otherwise", "during office hours",
        "as soon as possible", "in the online portal", "with the help of a colleague"};
    private static final String[] EXTRAS = {"This rule applies to all regions.", "Exceptions need approval.",
        "See the handbook for details.", "Fees may apply for express handling.", "Keep a copy for your records.",
        "The policy was updated last spring.", "Questions go to the help centre.", "Late requests are reviewed case by case."};

    private IndexBenchmark() {
    }

    /** Runs the benchmark on {@code chunks} generated chunks and {@code queries} queries per mode, in a temporary folder. */
    public static Result run(int chunks, int queries) {
        Path dir;
        try {
            dir = Files.createTempDirectory("studio-bench-index");
        } catch (IOException e) {
            throw new IndexException("could not create a temporary folder for the index benchmark: " + e.getMessage(), e);
        }
        try {
            return run(chunks, queries, dir);
        } finally {
            deleteTree(dir);
        }
    }

    static Result run(int chunks, int queries, Path dir) {
        Embeddings embeddings = Embeddings.shared();
        embeddings.load();
        embeddings.embedAll(texts(new Random(7), 2 * BATCH)); // warm the model's threads

        // (a) embedding only
        List<String> first = texts(new Random(1), chunks);
        long t0 = System.nanoTime();
        for (int from = 0; from < chunks; from += BATCH) {
            embeddings.embedAll(first.subList(from, Math.min(chunks, from + BATCH)));
        }
        long embedMillis = millisSince(t0);

        // (b) ingestion: embedding batches on one thread (which embeds on all cores), the writer adds in parallel
        List<String> second = texts(new Random(2), chunks);
        AtomicLong embedNanos = new AtomicLong();
        AtomicLong writeNanos = new AtomicLong();
        long commitMillis;
        long ingestMillis;
        try (ChunkStore store = ChunkStore.open(dir)) {
            long t1 = System.nanoTime();
            BlockingQueue<List<IndexedChunk>> ready = new ArrayBlockingQueue<>(4);
            AtomicReference<RuntimeException> failed = new AtomicReference<>();
            Thread embedder = new Thread(() -> {
                try {
                    int perBatch = BATCH - BATCH % CHUNKS_PER_DOCUMENT;
                    for (int from = 0; from < chunks; from += perBatch) {
                        List<String> batch = second.subList(from, Math.min(chunks, from + perBatch));
                        long s = System.nanoTime();
                        List<float[]> vectors = embeddings.embedAll(batch);
                        embedNanos.addAndGet(System.nanoTime() - s);
                        List<IndexedChunk> out = new ArrayList<>(batch.size());
                        for (int i = 0; i < batch.size(); i++) {
                            int n = from + i;
                            String path = "bench/doc-" + (n / CHUNKS_PER_DOCUMENT) + ".md";
                            int position = n % CHUNKS_PER_DOCUMENT;
                            out.add(new IndexedChunk(new Chunk(path, position, "Document " + (n / CHUNKS_PER_DOCUMENT),
                                    List.of("Section " + position), batch.get(i), 0, batch.get(i).length(), 0, false),
                                    vectors.get(i), List.of(), List.of()));
                        }
                        ready.put(out);
                    }
                } catch (RuntimeException e) {
                    failed.set(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    try {
                        ready.put(List.of());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "bench-embed");
            embedder.setDaemon(true);
            embedder.start();
            try {
                for (List<IndexedChunk> batch = ready.take(); !batch.isEmpty(); batch = ready.take()) {
                    long s = System.nanoTime();
                    for (int from = 0; from < batch.size(); from += CHUNKS_PER_DOCUMENT) {
                        List<IndexedChunk> doc = batch.subList(from, Math.min(batch.size(), from + CHUNKS_PER_DOCUMENT));
                        String path = doc.get(0).chunk().source();
                        store.replaceDocument(new DocumentEntry(path, doc.get(0).chunk().title(), Instant.EPOCH,
                                Integer.toHexString(path.hashCode()), SourceDocument.Format.MARKDOWN), doc);
                    }
                    writeNanos.addAndGet(System.nanoTime() - s);
                }
                embedder.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IndexException("the index benchmark was interrupted", e);
            }
            if (failed.get() != null) throw failed.get();
            long c = System.nanoTime();
            store.commit();
            commitMillis = millisSince(c);
            ingestMillis = millisSince(t1);
            if (store.chunkCount() != chunks) {
                throw new IndexException("the index benchmark indexed " + store.chunkCount() + " chunks, not " + chunks);
            }

            // (d) queries, each distinct (a remembered query vector would hide the embedding's cost)
            Random q = new Random(3);
            for (int i = 0; i < WARM_UP_QUERIES; i++) {
                for (SearchMode mode : SearchMode.values()) query(store, embeddings, query(q), mode);
            }
            List<Latency> latencies = new ArrayList<>();
            for (SearchMode mode : SearchMode.values()) {
                double[] ms = new double[queries];
                for (int i = 0; i < queries; i++) ms[i] = query(store, embeddings, query(q), mode);
                Arrays.sort(ms);
                latencies.add(new Latency(mode, queries, percentile(ms, 50), percentile(ms, 95), mode != SearchMode.BM25));
            }
            store.commit();
            return new Result(chunks, embedMillis, ingestMillis, embedNanos.get() / 1_000_000,
                    writeNanos.get() / 1_000_000, commitMillis, sizeOf(dir), latencies,
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** One query's time in milliseconds: embedding the query (vector and hybrid; BM25 needs no vector) and searching. */
    private static double query(ChunkStore store, Embeddings embeddings, String query, SearchMode mode) {
        long s = System.nanoTime();
        float[] vector = mode == SearchMode.BM25 ? null : embeddings.embed(query);
        List<SearchHit> hits = store.search(new SearchRequest(query, K, mode, null, false), vector);
        double ms = (System.nanoTime() - s) / 1e6;
        if (hits.isEmpty()) throw new IndexException("the index benchmark's query found nothing: " + query);
        return ms;
    }

    /** {@code n} generated chunk texts of three to six sentences (about 40 to 90 words). */
    static List<String> texts(Random random, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder text = new StringBuilder();
            String topic = pick(random, TOPICS);
            int sentences = 3 + random.nextInt(4);
            for (int s = 0; s < sentences; s++) {
                if (s > 0) text.append(' ');
                if (random.nextInt(4) == 0) {
                    text.append(pick(random, EXTRAS));
                } else {
                    text.append(pick(random, SUBJECTS)).append(' ').append(pick(random, VERBS)).append(' ')
                            .append(pick(random, OBJECTS)).append(" for the ")
                            .append(s % 2 == 0 ? topic : pick(random, TOPICS)).append(' ').append(pick(random, TAILS))
                            .append(random.nextInt(3) == 0 ? ", case " + random.nextInt(100_000) : "").append('.');
                }
            }
            out.add(text.toString());
        }
        return out;
    }

    private static String query(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> "how do I get a " + pick(random, TOPICS) + " " + pick(random, TAILS) + " " + random.nextInt(1000);
            case 1 -> pick(random, OBJECTS) + " " + pick(random, TOPICS) + " " + pick(random, TOPICS) + " " + random.nextInt(1000);
            default -> "who " + pick(random, VERBS) + " the " + pick(random, TOPICS) + " #" + random.nextInt(1000);
        };
    }

    private static String pick(Random random, String[] words) {
        return words[random.nextInt(words.length)];
    }

    private static double percentile(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary folder; the system cleans it up
        }
    }
}
