package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.JsonText;
import org.promptstudio.app.RetrievalEvaluation;
import org.promptstudio.app.Studio;
import org.promptstudio.eval.Statistics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code studio eval-retrieval}: recall at 1, recall at k and MRR of bm25, vector and hybrid search side by side. */
@Command(name = "eval-retrieval", mixinStandardHelpOptions = true,
        description = "Retrieval quality of the document index (built by 'studio index') on a dataset of questions "
                + "with their relevant documents: recall@1, recall@k and MRR for bm25, vector and hybrid search side "
                + "by side, each with a 95%% interval over the questions.",
        footer = {"", "A row of the dataset: {\"question\": \"...\", \"relevant\": [\"docs/refunds.md\"]}.",
            "Relevance is judged per document: recall@k is the share of a question's relevant documents among the first",
            "k documents found; MRR the mean of 1/rank of the first relevant document (Manning, Raghavan and Schuetze,",
            "Introduction to Information Retrieval, ch. 8).", "",
            "--compression measures contextual compression (retrieve: {compress: true}) on the rows that also have an",
            "\"answer\", a short phrase of the relevant document: for each question's hybrid top 4 chunks, per threshold,",
            "the share of context tokens kept (cl100k_base) and the share of answers still in the compressed context",
            "among those in the uncompressed one, with a 95%% Wilson interval.", "",
            "Examples:", "  studio eval-retrieval", "  studio eval-retrieval --dataset my-questions --k 10 --format json",
            "  studio eval-retrieval --compression", "  studio eval-retrieval --compression --thresholds 0.3,0.4"})
final class EvalRetrievalCommand implements Callable<Integer> {

    enum Format { text, json }

    @ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = RetrievalEvaluation.DEFAULT_DATASET,
            description = "The dataset of questions (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--k", paramLabel = "N", defaultValue = "5", converter = Numbers.Count.class,
            description = "The k of recall@k (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--compression",
            description = "Measure contextual compression on the rows with an 'answer' instead of recall and MRR.")
    boolean compression;

    @Option(names = "--thresholds", paramLabel = "T[,T...]", split = ",", converter = Numbers.Similarity.class,
            description = "With --compression: the cosine similarities to try (default: 0.2,0.25,0.3,0.35,0.4,0.5).")
    List<Double> thresholds;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        if (thresholds != null && !compression) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--thresholds needs --compression");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (compression) {
            RetrievalEvaluation.CompressionReport report;
            try (Studio studio = root.openStudio()) {
                report = studio.retrievalEvaluation().compression(dataset, thresholds);
            }
            if (format == Format.json) out.println(JsonText.pretty(json(report)));
            else print(out, report);
            return finish(report.problems(), report.notes());
        }
        RetrievalEvaluation.Report report;
        try (Studio studio = root.openStudio()) {
            report = studio.retrievalEvaluation().evaluate(dataset, k);
        }
        if (format == Format.json) out.println(JsonText.pretty(json(report)));
        else print(out, report);
        return finish(report.problems(), report.notes());
    }

    /** Flushes the output, prints the rows left out and the notes on the error stream; returns the exit code 0. */
    private int finish(List<String> problems, List<String> notes) {
        spec.commandLine().getOut().flush();
        PrintWriter err = spec.commandLine().getErr();
        for (String p : problems) err.println("left out: " + p);
        for (String n : notes) err.println("note: " + n);
        err.flush();
        return 0;
    }

    private static void print(PrintWriter out, RetrievalEvaluation.CompressionReport r) {
        out.printf(Locale.ROOT, "Contextual compression on %d questions with an answer (%s), hybrid top %d chunks,"
                + " %d tokens (cl100k_base) in all.%n", r.questions(), r.dataset(), r.k(), r.tokens());
        out.printf(Locale.ROOT, "The answer is in the uncompressed chunks for %d of %d questions; \"answer kept\" is a"
                + " share of those %d, with a 95%% Wilson interval.%n", r.answerInContext(), r.questions(),
                r.answerInContext());
        out.println();
        out.printf(Locale.ROOT, "%-10s %-13s %-26s%n", "threshold", "tokens kept", "answer kept");
        for (RetrievalEvaluation.ThresholdFigures f : r.thresholds()) {
            String mark = f.threshold() == r.runtimeThreshold() ? "  (prompts use this)" : "";
            String kept = Double.isNaN(f.retainedShare().value()) ? "-"
                    : String.format(Locale.ROOT, "%d/%d %s", f.retained(), r.answerInContext(),
                    RetrievalEvaluation.text(f.retainedShare()));
            out.printf(Locale.ROOT, "%-10s %-13s %-26s%s%n", String.format(Locale.ROOT, "%.2f", f.threshold()),
                    String.format(Locale.ROOT, "%.2f", f.tokenShare()), kept, mark);
        }
        if (!r.notInContext().isEmpty()) {
            out.println();
            out.println("Answer not in the uncompressed chunks (left out of \"answer kept\"): "
                    + String.join(", ", r.notInContext()));
        }
    }

    private static Map<String, Object> json(RetrievalEvaluation.CompressionReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", r.dataset());
        m.put("k", r.k());
        m.put("questions", r.questions());
        m.put("answer_in_context", r.answerInContext());
        m.put("tokens", r.tokens());
        m.put("runtime_threshold", r.runtimeThreshold());
        List<Object> rows = new ArrayList<>();
        for (RetrievalEvaluation.ThresholdFigures f : r.thresholds()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("threshold", f.threshold());
            x.put("tokens_kept", f.tokensKept());
            x.put("token_share", f.tokenShare());
            x.put("answers_kept", f.retained());
            x.put("answer_kept_share", estimate(f.retainedShare()));
            x.put("answers_lost", f.lost());
            rows.add(x);
        }
        m.put("thresholds", rows);
        m.put("answer_not_in_context", r.notInContext());
        m.put("left_out", r.problems());
        m.put("notes", r.notes());
        return m;
    }

    private static void print(PrintWriter out, RetrievalEvaluation.Report r) {
        out.printf(Locale.ROOT, "Retrieval on %d questions (%s) over %d documents, %d chunks.%n",
                r.questions().size(), r.dataset(), r.documents(), r.chunks());
        out.println("Means over the questions with 95% intervals (bootstrap over the questions).");
        out.println();
        String recallK = "recall@" + r.k();
        out.printf(Locale.ROOT, "%-8s %-20s %-20s %-20s%n", "mode", "recall@1", recallK, "MRR");
        for (RetrievalEvaluation.ModeFigures m : r.modes()) {
            out.printf(Locale.ROOT, "%-8s %-20s %-20s %-20s%n", m.mode().name().toLowerCase(Locale.ROOT),
                    RetrievalEvaluation.text(m.recallAt1()), RetrievalEvaluation.text(m.recallAtK()),
                    RetrievalEvaluation.text(m.mrr()));
        }
        out.println();
        Statistics.Estimate d = r.hybridVsBest();
        out.printf(Locale.ROOT, "hybrid - %s (the better single mode), MRR: %+.2f [%+.2f, %+.2f]%n",
                r.bestSingle().name().toLowerCase(Locale.ROOT), d.value(), d.low(), d.high());
    }

    private static Map<String, Object> json(RetrievalEvaluation.Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", r.dataset());
        m.put("questions", r.questions().size());
        m.put("documents", r.documents());
        m.put("chunks", r.chunks());
        m.put("k", r.k());
        List<Object> modes = new ArrayList<>();
        for (RetrievalEvaluation.ModeFigures f : r.modes()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("mode", f.mode().name().toLowerCase(Locale.ROOT));
            x.put("recall_at_1", estimate(f.recallAt1()));
            x.put("recall_at_k", estimate(f.recallAtK()));
            x.put("mrr", estimate(f.mrr()));
            modes.add(x);
        }
        m.put("modes", modes);
        Map<String, Object> diff = estimate(r.hybridVsBest());
        diff.put("compared_with", r.bestSingle().name().toLowerCase(Locale.ROOT));
        m.put("hybrid_minus_best_mrr", diff);
        List<Object> qs = new ArrayList<>();
        for (RetrievalEvaluation.Question q : r.questions()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", q.id());
            x.put("question", q.question());
            x.put("relevant", q.relevant());
            Map<String, Object> ranks = new LinkedHashMap<>();
            ranks.put("bm25", q.firstRelevant().get(0));
            ranks.put("vector", q.firstRelevant().get(1));
            ranks.put("hybrid", q.firstRelevant().get(2));
            x.put("first_relevant_rank", ranks);
            qs.add(x);
        }
        m.put("per_question", qs);
        m.put("left_out", r.problems());
        m.put("notes", r.notes());
        return m;
    }

    private static Map<String, Object> estimate(Statistics.Estimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", e.value());
        m.put("low", e.low());
        m.put("high", e.high());
        return m;
    }
}
