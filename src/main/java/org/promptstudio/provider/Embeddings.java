package org.promptstudio.provider;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.promptstudio.model.ErrorText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sentence embeddings computed in-process with all-MiniLM-L6-v2 (384 dimensions, unit length), for the extractive
 * model, few-shot selection and similarity metrics. The model ships inside its jar; it is loaded on first use and
 * kept, and recent texts keep their vectors, so a prompt's unchanging sentences are embedded once. Thread-safe.
 *
 * <p>{@link #shared()} is the one instance of the process: the model takes about 90 MB and 1.6 s to load, so every
 * service that embeds uses it rather than loading its own.
 */
public final class Embeddings {

    public static final String MODEL_NAME = "all-MiniLM-L6-v2";
    public static final int DIMENSION = 384;

    private static final Logger LOG = LoggerFactory.getLogger(Embeddings.class);
    private static final int REMEMBERED_TEXTS = 8192;

    private final Map<String, float[]> recent = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > REMEMBERED_TEXTS;
        }
    };
    private volatile EmbeddingModel model;

    private static final class Shared {
        static final Embeddings INSTANCE = new Embeddings();
    }

    public static Embeddings shared() {
        return Shared.INSTANCE;
    }

    /** The vector of {@code text}; a blank text has the zero vector. */
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /** The vectors of {@code texts}, in order; texts not seen recently are embedded in parallel. */
    public List<float[]> embedAll(List<String> texts) {
        Map<String, float[]> found = new HashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        synchronized (recent) {
            for (String text : texts) {
                if (text.isBlank() || found.containsKey(text)) continue;
                float[] vector = recent.get(text);
                if (vector != null) found.put(text, vector);
                else missing.add(text);
            }
        }
        if (!missing.isEmpty()) {
            List<String> batch = new ArrayList<>(missing);
            List<Embedding> computed = compute(batch);
            synchronized (recent) {
                for (int i = 0; i < batch.size(); i++) {
                    float[] vector = computed.get(i).vector();
                    recent.put(batch.get(i), vector);
                    found.put(batch.get(i), vector);
                }
            }
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(text.isBlank() ? new float[DIMENSION] : found.get(text).clone());
        }
        return vectors;
    }

    /**
     * Loads the model now if it is not loaded yet (seconds, once a process), so that a call's latency measures the
     * embedding, not the loading.
     *
     * @throws ProviderException when the model cannot be loaded
     */
    public void load() {
        model();
    }

    /** Forgets remembered vectors (benchmarks measure embedding, not remembering). */
    void forgetRemembered() {
        synchronized (recent) {
            recent.clear();
        }
    }

    /** Cosine similarity in [-1, 1]; 0 when either vector is zero. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("vectors differ in length: " + a.length + " and " + b.length);
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        if (normA == 0 || normB == 0) return 0;
        return dot / Math.sqrt(normA * normB);
    }

    /** The mean of {@code vectors}, for centrality. */
    public static float[] centroid(List<float[]> vectors) {
        float[] sum = new float[vectors.isEmpty() ? DIMENSION : vectors.get(0).length];
        for (float[] v : vectors) {
            for (int i = 0; i < sum.length; i++) sum[i] += v[i];
        }
        for (int i = 0; i < sum.length; i++) sum[i] /= Math.max(1, vectors.size());
        return sum;
    }

    private List<Embedding> compute(List<String> texts) {
        try {
            return model().embedAll(texts.stream().map(TextSegment::from).toList()).content();
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProviderException("embeddings " + MODEL_NAME + ": could not embed " + texts.size()
                    + " text(s): " + ErrorText.reason(e), false, -1, 0, e);
        }
    }

    private EmbeddingModel model() {
        EmbeddingModel loaded = model;
        if (loaded != null) return loaded;
        synchronized (this) {
            if (model == null) {
                long start = System.nanoTime();
                try {
                    model = new AllMiniLmL6V2EmbeddingModel(daemonPool());
                } catch (RuntimeException | LinkageError e) {
                    // The ONNX runtime unpacks its native library into java.io.tmpdir first: a temporary folder that
                    // is missing, full or not writable is the usual cause, and its path is in the reason.
                    throw new ProviderException("embeddings " + MODEL_NAME + ": could not load the model (the ONNX"
                            + " runtime and the model are unpacked into the temporary folder " + System.getProperty(
                            "java.io.tmpdir") + " first): " + ErrorText.reason(e), false, -1, 0, e);
                }
                LOG.info("Loaded {} in {} ms", MODEL_NAME, (System.nanoTime() - start) / 1_000_000);
            }
            return model;
        }
    }

    /** langchain4j's own pool has non-daemon threads, which would keep a finished command alive for a while. */
    private static ExecutorService daemonPool() {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "minilm-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
