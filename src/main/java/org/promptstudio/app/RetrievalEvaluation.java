package org.promptstudio.app;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.promptstudio.eval.Statistics;
import org.promptstudio.experiment.ContextRetrieval;
import org.promptstudio.experiment.Embedder;
import org.promptstudio.experiment.RetrieveSpec;
import org.promptstudio.index.IndexException;
import org.promptstudio.index.RetrievalMetrics;
import org.promptstudio.index.SearchHit;
import org.promptstudio.index.SearchMode;
import org.promptstudio.index.SearchRequest;
import org.promptstudio.provider.TokenCounter;
import org.promptstudio.workspace.Dataset;
import org.promptstudio.workspace.DatasetProblem;
import org.promptstudio.workspace.Datasets;
import org.promptstudio.workspace.TestCase;

/**
 * Retrieval quality of the document index on a dataset of questions with their relevant documents
 * ({@code studio eval-retrieval}): recall at 1, recall at k and mean reciprocal rank for BM25, vector and hybrid search
 * side by side, each with a 95% interval over the questions, and hybrid's difference from the better single mode.
 *
 * <p>A row is {@code {"question": "...", "relevant": ["docs/refunds.md", ...]}} (also {@code relevant} as one path
 * or a comma-separated text, for CSV). Relevance is judged per document: the hits (chunks) are reduced to their
 * documents in the order of their first chunk ({@link RetrievalMetrics}). Flagged chunks are left out as the workspace
 * says, as in a prompt's retrieval.
 *
 * <p>A row may also carry an {@code answer}: a short phrase of its relevant document that answers the question. Those
 * rows measure contextual compression ({@link #compression}, {@code studio eval-retrieval --compression}).
 */
public final class RetrievalEvaluation {

    /** The dataset read when none is named: {@code datasets/retrieval-questions.jsonl}. */
    public static final String DEFAULT_DATASET = "retrieval-questions";
    /** Chunks fetched per question: enough to reach k distinct documents when a document has many good chunks. */
    static final int CHUNKS_PER_QUESTION = 60;

    private final Documents documents;
    private final Datasets datasets;

    RetrievalEvaluation(Documents documents, Datasets datasets) {
        this.documents = documents;
        this.datasets = datasets;
    }

    /**
     * One mode's figures; each is a mean over the questions with a 95% interval (percentile bootstrap over the
     * questions, {@link Statistics#meanInterval}).
     *
     * @param recallAt1 mean recall over the first document
     * @param recallAtK mean recall over the first k documents
     * @param mrr       mean reciprocal rank of the first relevant document (0 when none is in the first
     *                  {@link #CHUNKS_PER_QUESTION} chunks)
     */
    public record ModeFigures(SearchMode mode, Statistics.Estimate recallAt1, Statistics.Estimate recallAtK,
                              Statistics.Estimate mrr) {
    }

    /**
     * One question's outcome.
     *
     * @param firstRelevant per mode (bm25, vector, hybrid), the rank of the first relevant document (from 1), or 0
     */
    public record Question(String id, String question, List<String> relevant, List<Integer> firstRelevant) {
    }

    /**
     * The evaluation.
     *
     * @param dataset       the dataset's workspace-relative path
     * @param k             the k of recall at k
     * @param documents     documents in the index
     * @param chunks        chunks in the index
     * @param modes         bm25, vector, hybrid, in that order
     * @param hybridVsBest  hybrid's MRR minus the MRR of the better of bm25 and vector, with a 95% paired-bootstrap
     *                      interval over the questions
     * @param bestSingle    which single mode {@code hybridVsBest} compares with
     * @param questions     each question's first relevant rank per mode
     * @param problems      rows left out, each naming its line
     * @param notes         what the user should know (relevant documents missing from the index, an index out of date)
     */
    public record Report(String dataset, int k, int documents, int chunks, List<ModeFigures> modes,
                         Statistics.Estimate hybridVsBest, SearchMode bestSingle, List<Question> questions,
                         List<String> problems, List<String> notes) {
    }

    /** The thresholds {@code studio eval-retrieval --compression} tries when none are named. */
    public static final List<Double> THRESHOLDS = List.of(0.2, 0.25, 0.3, 0.35, 0.4, 0.5);
    /** The model whose encoding counts the context's tokens: {@code cl100k_base}. */
    static final String TOKEN_MODEL = "gpt-4";
    private static final TokenCounter TOKENS = new TokenCounter();

    /**
     * One threshold's outcome.
     *
     * @param threshold     the cosine similarity a sentence needed
     * @param tokensKept    cl100k_base tokens of the compressed chunks, summed over the questions
     * @param tokens        cl100k_base tokens of the uncompressed chunks, summed over the questions
     * @param retained      questions whose answer is still in the compressed chunks (among those whose answer was in
     *                      the uncompressed ones)
     * @param retainedShare {@code retained} over those questions, with its 95% Wilson interval (NaN when none)
     * @param lost          ids of the questions whose answer the compression cut out
     */
    public record ThresholdFigures(double threshold, long tokensKept, long tokens, int retained,
                                   Statistics.Estimate retainedShare, List<String> lost) {

        /** The share of the context's tokens kept, from 0 to 1; NaN when there were no tokens. */
        public double tokenShare() {
            return tokens == 0 ? Double.NaN : (double) tokensKept / tokens;
        }
    }

    /**
     * The compression sweep.
     *
     * @param dataset          the dataset's workspace-relative path
     * @param k                chunks retrieved per question (hybrid search)
     * @param questions        questions with an answer
     * @param answerInContext  of these, the questions whose answer is in the uncompressed top k: the base of the
     *                         retained shares
     * @param tokens           cl100k_base tokens of the uncompressed chunks, summed over the questions
     * @param thresholds       one entry per threshold tried, in the order asked
     * @param runtimeThreshold the threshold prompts run with ({@link ContextRetrieval#COMPRESS_THRESHOLD})
     * @param notInContext     ids of the questions whose answer is not in the uncompressed top k
     * @param problems         rows left out, each naming its line
     * @param notes            what the user should know
     */
    public record CompressionReport(String dataset, int k, int questions, int answerInContext, long tokens,
                                    List<ThresholdFigures> thresholds, double runtimeThreshold,
                                    List<String> notInContext, List<String> problems, List<String> notes) {
    }

    /**
     * Evaluates the three modes on the dataset {@code name}.
     *
     * @param name the dataset (file name without extension); null for {@link #DEFAULT_DATASET}
     * @param k    the k of recall at k, at least 1 (recall at 1 is always reported too)
     * @throws IndexException when the dataset does not exist or has no usable row, when k &lt; 1, or when nothing is
     *                        indexed (the message says to run {@code studio index})
     */
    public Report evaluate(String name, int k) {
        if (k < 1) throw new IndexException("eval-retrieval: k must be at least 1, not " + k);
        if (k > SearchRequest.MAX_K) {
            throw new IndexException("eval-retrieval: k must be at most " + SearchRequest.MAX_K + ", not " + k);
        }
        Rows rows = rows(name);
        String file = rows.file();
        List<String> problems = new ArrayList<>(rows.problems());
        List<String[]> questions = new ArrayList<>();
        List<List<String>> relevant = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Row row : rows.rows()) {
            questions.add(new String[] {row.question()});
            relevant.add(row.relevant());
            ids.add(row.id());
        }
        IndexState state = indexState(relevant);
        int docCount = state.documents();
        List<String> notes = new ArrayList<>(state.notes());
        SearchMode[] modes = {SearchMode.BM25, SearchMode.VECTOR, SearchMode.HYBRID};
        int n = questions.size();
        double[][] r1 = new double[modes.length][n];
        double[][] rk = new double[modes.length][n];
        double[][] rr = new double[modes.length][n];
        List<List<Integer>> first = new ArrayList<>();
        for (int i = 0; i < n; i++) first.add(new ArrayList<>());
        for (int m = 0; m < modes.length; m++) {
            for (int i = 0; i < n; i++) {
                List<SearchHit> hits = documents.search(questions.get(i)[0], CHUNKS_PER_QUESTION, modes[m], null);
                List<String> sources = RetrievalMetrics.sources(hits);
                r1[m][i] = RetrievalMetrics.recallAtK(sources, relevant.get(i), 1);
                rk[m][i] = RetrievalMetrics.recallAtK(sources, relevant.get(i), k);
                rr[m][i] = RetrievalMetrics.reciprocalRank(sources, relevant.get(i));
                first.get(i).add(rr[m][i] == 0 ? 0 : (int) Math.round(1 / rr[m][i]));
            }
        }
        List<ModeFigures> figures = new ArrayList<>();
        for (int m = 0; m < modes.length; m++) {
            figures.add(new ModeFigures(modes[m], Statistics.meanInterval(r1[m], Statistics.SEED),
                    Statistics.meanInterval(rk[m], Statistics.SEED), Statistics.meanInterval(rr[m], Statistics.SEED)));
        }
        int best = Statistics.mean(rr[0]) >= Statistics.mean(rr[1]) ? 0 : 1;
        Statistics.Estimate diff = Statistics.pairedBootstrap(rr[best], rr[2], Statistics.SEED);
        List<Question> perQuestion = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            perQuestion.add(new Question(ids.get(i), questions.get(i)[0], relevant.get(i), List.copyOf(first.get(i))));
        }
        return new Report(file, k, docCount, documents.chunkCount(), List.copyOf(figures), diff, modes[best],
                List.copyOf(perQuestion), List.copyOf(problems), List.copyOf(notes));
    }

    /**
     * Contextual compression measured on the dataset's rows that have an {@code answer} (a short phrase the relevant
     * document holds verbatim): for each question, the hybrid top {@link RetrieveSpec#DEFAULT_K} chunks (the
     * {@code retrieve:} default) are compressed with {@link ContextRetrieval#compress}, the code prompts run, once per
     * threshold. Per threshold: the share of the context's tokens kept (cl100k_base tokens, summed over the questions)
     * and the share of questions whose answer is still in the compressed chunks, among those whose answer was in the
     * uncompressed ones, with its 95% Wilson interval. The answer is matched ignoring case and runs of white space.
     * Rows without an answer are left out of this measure (a note says how many).
     *
     * @param name       the dataset (file name without extension); null for {@link #DEFAULT_DATASET}
     * @param thresholds the cosine similarities to try, each from -1 to 1; null or empty for {@link #THRESHOLDS}
     * @throws IndexException when the dataset does not exist, no row has an answer, a threshold is out of range, or
     *                        nothing is indexed (the message says to run {@code studio index})
     */
    public CompressionReport compression(String name, List<Double> thresholds) {
        List<Double> sweep = thresholds == null || thresholds.isEmpty() ? THRESHOLDS : List.copyOf(thresholds);
        for (double t : sweep) {
            if (!(t >= -1 && t <= 1)) {
                throw new IndexException("eval-retrieval: a compression threshold is a cosine similarity from -1 to 1,"
                        + " not " + t);
            }
        }
        Rows rows = rows(name);
        List<Row> answered = rows.rows().stream().filter(r -> r.answer() != null).toList();
        if (answered.isEmpty()) {
            throw new IndexException(rows.file() + ": no row has an 'answer' (a short phrase of its relevant document"
                    + " that answers the question), so compression cannot be measured");
        }
        IndexState state = indexState(answered.stream().map(Row::relevant).toList());
        List<String> notes = new ArrayList<>(state.notes());
        int unanswered = rows.rows().size() - answered.size();
        if (unanswered > 0) {
            notes.add(unanswered + " row" + (unanswered == 1 ? " has" : "s have")
                    + " no 'answer' and " + (unanswered == 1 ? "is" : "are") + " left out of the compression figures");
        }
        Embedder embedder = cached(Experiments.miniLm());
        long[] kept = new long[sweep.size()];
        int[] retained = new int[sweep.size()];
        List<List<String>> lost = new ArrayList<>();
        for (int t = 0; t < sweep.size(); t++) lost.add(new ArrayList<>());
        long tokens = 0;
        List<String> notInContext = new ArrayList<>();
        for (Row row : answered) {
            List<String> texts = new ArrayList<>();
            for (SearchHit hit : documents.search(row.question(), RetrieveSpec.DEFAULT_K, SearchMode.HYBRID, null)) {
                texts.add(hit.chunk().chunk().text());
            }
            tokens += tokens(texts);
            boolean inContext = holds(texts, row.answer());
            if (!inContext) notInContext.add(row.id());
            for (int t = 0; t < sweep.size(); t++) {
                List<String> compressed = texts.isEmpty() ? texts
                        : ContextRetrieval.compress(row.question(), texts, embedder, sweep.get(t));
                kept[t] += tokens(compressed);
                if (inContext && holds(compressed, row.answer())) retained[t]++;
                else if (inContext) lost.get(t).add(row.id());
            }
        }
        int base = answered.size() - notInContext.size();
        List<ThresholdFigures> figures = new ArrayList<>();
        for (int t = 0; t < sweep.size(); t++) {
            figures.add(new ThresholdFigures(sweep.get(t), kept[t], tokens, retained[t],
                    Statistics.wilson(retained[t], base), List.copyOf(lost.get(t))));
        }
        return new CompressionReport(rows.file(), RetrieveSpec.DEFAULT_K, answered.size(), base, tokens,
                List.copyOf(figures), ContextRetrieval.COMPRESS_THRESHOLD, List.copyOf(notInContext),
                rows.problems(), List.copyOf(notes));
    }

    /** cl100k_base tokens of the texts, summed. */
    private static long tokens(List<String> texts) {
        long n = 0;
        for (String t : texts) n += TOKENS.count(TOKEN_MODEL, t);
        return n;
    }

    /** Whether one of the texts holds {@code answer}, ignoring case and runs of white space. */
    static boolean holds(List<String> texts, String answer) {
        String a = plain(answer);
        for (String t : texts) if (plain(t).contains(a)) return true;
        return false;
    }

    private static String plain(String text) {
        return text.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }

    /** {@code embedder} remembering each text's vector, so the sweep embeds every sentence once, not per threshold. */
    private static Embedder cached(Embedder embedder) {
        Map<String, float[]> known = new HashMap<>();
        return texts -> {
            List<String> missing = texts.stream().filter(t -> !known.containsKey(t)).distinct().toList();
            if (!missing.isEmpty()) {
                List<float[]> vectors = embedder.embed(missing);
                for (int i = 0; i < missing.size(); i++) known.put(missing.get(i), vectors.get(i));
            }
            List<float[]> out = new ArrayList<>();
            for (String t : texts) out.add(known.get(t));
            return out;
        };
    }

    /** What the index holds for the relevant documents: its document count and notes for the user. */
    private record IndexState(int documents, List<String> notes) {
    }

    private IndexState indexState(List<List<String>> relevant) {
        int docCount = 0;
        Set<String> indexed = new TreeSet<>();
        List<String> notes = new ArrayList<>();
        int outOfDate = 0;
        for (Documents.DocumentStatus d : documents.documents()) {
            if (d.status() == Documents.Status.INDEXED || d.status() == Documents.Status.CHANGED
                    || d.status() == Documents.Status.REMOVED) {
                indexed.add(d.path());
                docCount++;
            }
            if (d.status() == Documents.Status.CHANGED || d.status() == Documents.Status.NEW
                    || d.status() == Documents.Status.REMOVED) {
                outOfDate++;
            }
        }
        if (outOfDate > 0) {
            notes.add(outOfDate + " document" + (outOfDate == 1 ? " has" : "s have")
                    + " changed since the index was built: run `studio index` for figures on today's documents");
        }
        Set<String> missing = new TreeSet<>();
        relevant.forEach(r -> r.stream().filter(p -> !indexed.contains(p)).forEach(missing::add));
        if (!missing.isEmpty()) {
            notes.add("relevant documents not in the index (they count as not found): " + String.join(", ", missing));
        }
        return new IndexState(docCount, List.copyOf(notes));
    }

    /** A usable row: its id, question, relevant paths and answer (null when the row has none). */
    private record Row(String id, String question, List<String> relevant, String answer) {
    }

    /** The dataset's usable rows, the rows left out (each naming its line) and the dataset's shown path. */
    private record Rows(String file, List<Row> rows, List<String> problems) {
    }

    private Rows rows(String name) {
        String datasetName = name == null || name.isBlank() ? DEFAULT_DATASET : name.strip();
        Dataset dataset = datasets.find(datasetName).orElseThrow(() -> new IndexException("datasets/" + datasetName
                + ".jsonl: not found; name a dataset of questions with --dataset (each row: question, relevant)"));
        String file = "datasets/" + dataset.path().getFileName();
        List<String> problems = new ArrayList<>();
        for (DatasetProblem p : dataset.problems()) problems.add(p.toString());
        List<Row> rows = new ArrayList<>();
        for (TestCase c : dataset.cases()) {
            Object q = c.input().get("question");
            List<String> rel = paths(c.input().containsKey("relevant") ? c.input().get("relevant")
                    : c.expected().get("expected_relevant"));
            Object a = c.input().containsKey("answer") ? c.input().get("answer") : c.expected().get("expected_answer");
            if (!(q instanceof String text) || text.isBlank()) {
                problems.add(file + ":" + c.sourceLine() + ": no 'question' text");
            } else if (rel.isEmpty()) {
                problems.add(file + ":" + c.sourceLine() + ": no 'relevant' documents");
            } else {
                String answer = a == null || String.valueOf(a).isBlank() ? null : String.valueOf(a).strip();
                rows.add(new Row(c.id(), text.strip(), rel, answer));
            }
        }
        if (rows.isEmpty()) {
            throw new IndexException(file + ": no row has both a 'question' and its 'relevant' documents"
                    + (problems.isEmpty() ? "" : " (" + problems.get(0) + ")"));
        }
        return new Rows(file, List.copyOf(rows), List.copyOf(problems));
    }

    /** The relevant paths of a row: a JSON list, one path, or comma-separated paths (CSV); trimmed, in order. */
    static List<String> paths(Object value) {
        Collection<?> items;
        if (value == null) return List.of();
        if (value instanceof Collection<?> c) items = c;
        else items = List.of(String.valueOf(value).split(","));
        Set<String> out = new LinkedHashSet<>();
        for (Object o : items) {
            if (o == null) continue;
            String p = String.valueOf(o).strip().replace('\\', '/');
            if (p.startsWith("./")) p = p.substring(2);
            if (!p.isEmpty()) out.add(p);
        }
        return List.copyOf(out);
    }

    /** {@code 0.62 [0.49, 0.76]}: a figure with its interval, two decimals; {@code -} for no value. */
    public static String text(Statistics.Estimate e) {
        if (e == null || Double.isNaN(e.value())) return "-";
        return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", e.value(), e.low(), e.high());
    }
}
