package org.promptstudio.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.promptstudio.model.Chunk;
import org.promptstudio.guard.PiiRedactor;
import org.promptstudio.provider.Embeddings;

/**
 * Measures the document index on generated English documents (seeded, so every run indexes the same words): the
 * MiniLM embedding rate alone, the rate of the real {@link Ingestion} (reading, PII redaction, chunking, injection
 * checks, embedding and indexing as a pipeline, commits included) beside it, the index's size on disk, and query latency
 * per mode with the query's embedding included, and its two parts (embedding, search) apart.
 *
 * <p>Embedding-only and ingestion read two different generated sets of documents, so the second never reads vectors
 * {@link Embeddings} remembers from the first; the queries are distinct from each other for the same reason. The
 * embedding-only rate is measured on the chunk texts ingestion embeds (header and text, {@link ChunkFields#embeddedText}),
 * in the same batches on the same number of threads.
 */
public final class IndexBenchmark {

    /** Sections per generated document; each is about one chunk. */
    static final int SECTIONS_PER_DOCUMENT = 8;
    static final int WARM_UP_QUERIES = 30;
    static final int K = 5;
    /** Chunks embedded for the embedding-only rate when the caller does not say (or fewer, when fewer are indexed). */
    public static final int DEFAULT_EMBED_SAMPLE = 10_000;

    /**
     * Latency of one mode over the queries, in milliseconds: the whole query (p50, p95); embedding the query (zero for
     * BM25, which needs no vector), which runs beside the BM25 half of a hybrid search; and what the search added
     * after the vector was there (the vector half, fusion, snippets and stored fields).
     */
    public record Latency(SearchMode mode, int queries, double p50Millis, double p95Millis, boolean embeddingIncluded,
                          double embedP50Millis, double embedP95Millis, double searchP50Millis, double searchP95Millis) {
    }

    /**
     * What one run measured.
     *
     * @param requested         chunks asked for
     * @param chunks            chunks ingestion made of the generated documents (close to {@code requested})
     * @param documents         generated documents ingested
     * @param meanTokens        mean chunk length in cl100k tokens
     * @param embedChunks       chunks embedded for the embedding-only rate
     * @param embedMillis       embedding-only: the time to embed {@code embedChunks} chunk texts
     * @param ingestMillis      ingestion of {@code chunks} chunks: reading to the last commit
     * @param settleMillis      after the last commit, the time the merges it left running in the background took
     * @param segments          the index's segments when the queries were timed
     * @param indexBytes        the index folder's size after the last commit
     * @param latencies         query latency per mode
     * @param cores             available processors
     * @param loadAverage       the system load average over the last minute when the run ended (negative: unknown)
     */
    public record Result(int requested, int chunks, int documents, double meanTokens, int embedChunks, long embedMillis,
                         long ingestMillis, long settleMillis, int segments, long indexBytes, List<Latency> latencies,
                         int cores, double loadAverage) {

        /** Embedding-only rate, chunks per second. */
        public double embedPerSecond() {
            return embedChunks * 1000.0 / Math.max(1, embedMillis);
        }

        /** Ingestion rate, chunks per second. */
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

    /**
     * Runs the benchmark in a temporary folder, deleted afterwards.
     *
     * @param chunks      chunks to generate and ingest (at least 1)
     * @param embedSample chunks to embed for the embedding-only rate; 0 means {@link #DEFAULT_EMBED_SAMPLE}, and never
     *                    more than {@code chunks}
     * @param queries     distinct queries timed per mode, after a warm-up
     * @param status      told what the run is doing (a line at each step and every tenth of the ingestion); may be null
     * @throws IndexException when the folder cannot be written or a query finds nothing
     */
    public static Result run(int chunks, int embedSample, int queries, Consumer<String> status) {
        Path dir;
        try {
            dir = Files.createTempDirectory("studio-bench-index");
        } catch (IOException e) {
            throw new IndexException("could not create a temporary folder for the index benchmark: " + e.getMessage(), e);
        }
        try {
            return run(chunks, embedSample, queries, dir, status == null ? line -> { } : status);
        } finally {
            deleteTree(dir);
        }
    }

    static Result run(int chunks, int embedSample, int queries, Path dir, Consumer<String> status) {
        Embeddings embeddings = Embeddings.shared();
        status.accept("loading MiniLM");
        embeddings.load();
        embeddings.embedAll(texts(new Random(7), 2 * Ingestion.BATCH)); // warm the model's threads
        int sample = Math.min(chunks, embedSample <= 0 ? DEFAULT_EMBED_SAMPLE : embedSample);
        Chunker chunker = new Chunker(ChunkingSettings.DEFAULT);
        DocumentReader reader = new DocumentReader();

        // (a) embedding only, on the texts ingestion would embed for another set of documents
        status.accept(String.format(Locale.ROOT, "writing %,d + %,d chunks of generated documents", sample, chunks));
        Path sampleRoot = dir.resolve("sample");
        writeDocuments(new Random(1), sampleRoot.resolve("docs"), sample);
        Path workspace = dir.resolve("workspace");
        int documents = writeDocuments(new Random(2), workspace.resolve("docs"), chunks);
        List<String> sampleTexts = new ArrayList<>();
        for (Path file : files(sampleRoot.resolve("docs"))) {
            for (Chunk c : chunker.chunk(reader.read(sampleRoot, file))) sampleTexts.add(ChunkFields.embeddedText(c));
        }
        status.accept(String.format(Locale.ROOT, "embedding %,d chunks (embedding only)", sampleTexts.size()));
        long embedMillis = embedOnly(embeddings, sampleTexts);

        // (b) the real ingestion: read, redact, chunk, check, embed and index as a pipeline, commits included
        status.accept(String.format(Locale.ROOT, "ingesting %,d documents", documents));
        Ingestion ingestion = new Ingestion(workspace, List.of("docs"), reader, chunker,
                new PiiRedactor(List.of()), embeddings);
        Path indexDir = dir.resolve("index");
        // embeds the queries beside the search, as the studio's search does
        ExecutorService queryEmbedding = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-query-embedding");
            t.setDaemon(true);
            return t;
        });
        try (ChunkStore store = ChunkStore.open(indexDir)) {
            int[] lastTenth = {0};
            long t1 = System.nanoTime();
            IndexReport report = ingestion.run(store, false, p -> {
                int tenth = p.documentsTotal() == 0 ? 10 : 10 * p.documentsDone() / p.documentsTotal();
                if (tenth > lastTenth[0]) {
                    lastTenth[0] = tenth;
                    status.accept(String.format(Locale.ROOT, "  %d%% (%,d chunks, %.0f s)", 10 * tenth, p.chunksEmbedded(),
                            (System.nanoTime() - t1) / 1e9));
                }
            });
            long ingestMillis = millisSince(t1);
            if (!report.skipped().isEmpty()) {
                throw new IndexException("the index benchmark skipped " + report.skipped().size()
                        + " generated documents, the first: " + report.skipped().get(0).reason());
            }
            int indexed = store.chunkCount();
            double meanTokens = meanTokens(store);
            // the merges the last commits started run on in the background; a studio's index has long settled when
            // someone searches it, so the queries are timed once they are done
            status.accept("waiting for the background merges");
            long s0 = System.nanoTime();
            int segments = store.settle();
            long settleMillis = millisSince(s0);

            // (c) queries, each distinct (a remembered query vector would hide the embedding's cost)
            status.accept(String.format(Locale.ROOT, "timing %d queries per mode", queries));
            Random q = new Random(3);
            for (int i = 0; i < WARM_UP_QUERIES; i++) {
                for (SearchMode mode : SearchMode.values()) query(store, embeddings, query(q), mode, queryEmbedding);
            }
            List<Latency> latencies = new ArrayList<>();
            for (SearchMode mode : SearchMode.values()) {
                double[] total = new double[queries];
                double[] embed = new double[queries];
                double[] search = new double[queries];
                for (int i = 0; i < queries; i++) {
                    double[] parts = query(store, embeddings, query(q), mode, queryEmbedding);
                    embed[i] = parts[0];
                    total[i] = parts[1];
                    search[i] = parts[1] - parts[0];
                }
                Arrays.sort(total);
                Arrays.sort(embed);
                Arrays.sort(search);
                latencies.add(new Latency(mode, queries, percentile(total, 50), percentile(total, 95),
                        mode != SearchMode.BM25, percentile(embed, 50), percentile(embed, 95),
                        percentile(search, 50), percentile(search, 95)));
            }
            queryEmbedding.shutdown();
            return new Result(chunks, indexed, documents, meanTokens, sampleTexts.size(), embedMillis, ingestMillis,
                    settleMillis, segments, sizeOf(indexDir), latencies, Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** Embeds {@code texts} as ingestion does: batches of {@link Ingestion#BATCH} on its number of threads; ms. */
    private static long embedOnly(Embeddings embeddings, List<String> texts) {
        ExecutorService pool = Executors.newFixedThreadPool(Ingestion.EMBEDDING_THREADS, r -> {
            Thread t = new Thread(r, "bench-embed");
            t.setDaemon(true);
            return t;
        });
        try {
            long t0 = System.nanoTime();
            List<Future<?>> batches = new ArrayList<>();
            for (int from = 0; from < texts.size(); from += Ingestion.BATCH) {
                List<String> batch = texts.subList(from, Math.min(texts.size(), from + Ingestion.BATCH));
                batches.add(pool.submit(() -> embeddings.embedAll(batch)));
            }
            for (Future<?> f : batches) f.get();
            return millisSince(t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IndexException("the index benchmark was interrupted", e);
        } catch (ExecutionException e) {
            throw new IndexException("the index benchmark could not embed: "
                    + org.promptstudio.model.ErrorText.reason(e.getCause()), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Writes markdown documents of {@link #SECTIONS_PER_DOCUMENT} sections, each a heading and three or four
     * sentences (one chunk at the default budget), until {@code chunks} sections are written.
     *
     * @return the number of documents written
     */
    static int writeDocuments(Random random, Path folder, int chunks) {
        try {
            Files.createDirectories(folder);
            int documents = 0;
            for (int written = 0; written < chunks; documents++) {
                String topic = pick(random, TOPICS);
                StringBuilder md = new StringBuilder("# The ").append(topic).append(" handbook, part ")
                        .append(documents + 1).append("\n\n");
                for (int s = 0; s < SECTIONS_PER_DOCUMENT && written < chunks; s++, written++) {
                    md.append("## ").append(capitalized(pick(random, OBJECTS))).append(" for the ")
                            .append(pick(random, TOPICS)).append("\n\n").append(text(random, 3 + random.nextInt(2)))
                            .append("\n\n");
                }
                Path sub = folder.resolve(String.format(Locale.ROOT, "%03d", documents / 1000));
                Files.createDirectories(sub);
                Files.writeString(sub.resolve(String.format(Locale.ROOT, "doc-%06d.md", documents)), md);
            }
            return documents;
        } catch (IOException e) {
            throw new IndexException("could not write the index benchmark's documents in " + folder + ": "
                    + org.promptstudio.model.ErrorText.reason(e), e);
        }
    }

    private static List<Path> files(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double meanTokens(ChunkStore store) {
        long tokens = 0;
        int n = 0;
        for (DocumentEntry d : store.documents().values()) {
            for (IndexedChunk c : store.chunksOf(d.path())) {
                tokens += c.chunk().tokens();
                n++;
            }
        }
        return n == 0 ? 0 : (double) tokens / n;
    }

    /**
     * One query as the studio searches: the query is embedded on another thread (vector and hybrid; BM25 needs no
     * vector) while the BM25 half of a hybrid search runs. Returns milliseconds: the embedding alone, and the whole.
     */
    private static double[] query(ChunkStore store, Embeddings embeddings, String query, SearchMode mode,
                                  ExecutorService queryEmbedding) {
        long s = System.nanoTime();
        long[] embedded = {s};
        Future<float[]> vector = mode == SearchMode.BM25 ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> {
                    float[] v = embeddings.embed(query);
                    embedded[0] = System.nanoTime();
                    return v;
                }, queryEmbedding);
        List<SearchHit> hits = store.searchWhileEmbedding(new SearchRequest(query, K, mode, null, false), vector);
        long done = System.nanoTime();
        if (hits.isEmpty()) throw new IndexException("the index benchmark's query found nothing: " + query);
        return new double[] {(embedded[0] - s) / 1e6, (done - s) / 1e6};
    }

    /** {@code n} generated chunk texts of three to six sentences (about 40 to 90 words). */
    static List<String> texts(Random random, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(text(random, 3 + random.nextInt(4)));
        return out;
    }

    /** A paragraph of {@code sentences} generated sentences about one topic. */
    private static String text(Random random, int sentences) {
        StringBuilder text = new StringBuilder();
        String topic = pick(random, TOPICS);
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
        return text.toString();
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
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
