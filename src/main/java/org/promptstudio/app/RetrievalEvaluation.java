package org.promptstudio.app;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.promptstudio.eval.Statistics;
import org.promptstudio.index.IndexException;
import org.promptstudio.index.RetrievalMetrics;
import org.promptstudio.index.SearchHit;
import org.promptstudio.index.SearchMode;
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
        String datasetName = name == null || name.isBlank() ? DEFAULT_DATASET : name.strip();
        Dataset dataset = datasets.find(datasetName).orElseThrow(() -> new IndexException("datasets/" + datasetName
                + ".jsonl: not found; name a dataset of questions with --dataset (each row: question, relevant)"));
        String file = "datasets/" + dataset.path().getFileName();
        List<String> problems = new ArrayList<>();
        for (DatasetProblem p : dataset.problems()) problems.add(p.toString());
        List<String[]> questions = new ArrayList<>();
        List<List<String>> relevant = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (TestCase c : dataset.cases()) {
            Object q = c.input().get("question");
            List<String> rel = paths(c.input().containsKey("relevant") ? c.input().get("relevant")
                    : c.expected().get("expected_relevant"));
            if (!(q instanceof String text) || text.isBlank()) {
                problems.add(file + ":" + c.sourceLine() + ": no 'question' text");
            } else if (rel.isEmpty()) {
                problems.add(file + ":" + c.sourceLine() + ": no 'relevant' documents");
            } else {
                questions.add(new String[] {text.strip()});
                relevant.add(rel);
                ids.add(c.id());
            }
        }
        if (questions.isEmpty()) {
            throw new IndexException(file + ": no row has both a 'question' and its 'relevant' documents"
                    + (problems.isEmpty() ? "" : " (" + problems.get(0) + ")"));
        }
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
