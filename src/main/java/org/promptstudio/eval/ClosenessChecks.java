package org.promptstudio.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Closeness to the expected answer ({@code value} when given, else the case's {@code expected} field, or the field
 * named by option {@code field}): {@code similar} (MiniLM cosine, default threshold 0.75), {@code rouge-l} (0.5),
 * {@code bleu} (0.3), {@code levenshtein} (ratio, 0.8); and {@code grounded}: every sentence of the answer is close
 * to some sentence of the context (option {@code field}, default {@code context}, or {@code value}; when the case
 * has no such input but the call was given retrieved chunks, their texts, decision 0140) — an approximation of
 * "supported by", without a model reading it.
 */
final class ClosenessChecks {

    static final double SIMILAR = 0.75;
    static final double ROUGE_L = 0.5;
    static final double BLEU = 0.3;
    static final double LEVENSHTEIN = 0.8;
    static final double GROUNDED = 0.6;

    private ClosenessChecks() {
    }

    static void register(Map<String, Check> into, Metrics metrics) {
        into.put("similar", (s, c) -> compare(s, c, SIMILAR, "similarity",
                (out, refs) -> refs.stream().mapToDouble(r -> Math.max(0, metrics.similarity(out, r))).max().orElse(0)));
        into.put("rouge-l", (s, c) -> compare(s, c, ROUGE_L, "ROUGE-L",
                (out, refs) -> refs.stream().mapToDouble(r -> Metrics.rougeL(out, r)).max().orElse(0)));
        into.put("bleu", (s, c) -> compare(s, c, BLEU, "BLEU", Metrics::bleu));
        into.put("levenshtein", (s, c) -> compare(s, c, LEVENSHTEIN, "Levenshtein ratio",
                (out, refs) -> refs.stream().mapToDouble(r -> Metrics.levenshteinRatio(out.strip(), r.strip()))
                        .max().orElse(0)));
        into.put("grounded", (s, c) -> grounded(s, c, metrics));
    }

    private interface Score {
        double of(String output, List<String> references);
    }

    private static AssertionResult compare(AssertionSpec s, EvalContext c, double fallback, String what, Score score) {
        List<String> refs;
        if (s.value() != null) {
            refs = Specs.texts(s);
        } else {
            String want = c.expectedText(Specs.optionText(s, "field"));
            if (want == null) return Specs.yesNo(s, false, "no 'value' and no expected answer to compare with");
            refs = List.of(want);
        }
        return Specs.scored(s, score.of(c.output(), refs), Specs.threshold(s, fallback), what);
    }

    private static AssertionResult grounded(AssertionSpec s, EvalContext c, Metrics metrics) {
        String context;
        if (s.value() != null) {
            context = Specs.text(s);
        } else {
            String field = Specs.optionText(s, "field") == null ? "context" : Specs.optionText(s, "field");
            Object v = c.input().get(field);
            if (v == null && !c.context().isEmpty()) {
                // the chunks retrieval gave the call, as it was given them
                context = String.join("\n", c.context().stream().map(org.promptstudio.model.ContextChunk::text).toList());
            } else if (v == null) {
                return Specs.yesNo(s, false, "no context: the case has no '" + field + "' input and the call was"
                        + " given no retrieved chunks");
            } else {
                context = String.valueOf(v);
            }
        }
        List<String> answer = sentences(c.output());
        List<String> source = sentences(context);
        if (answer.isEmpty()) return Specs.yesNo(s, false, "the answer is empty");
        if (source.isEmpty()) return Specs.yesNo(s, false, "the context is empty");
        double threshold = Specs.threshold(s, GROUNDED);
        List<String> all = new ArrayList<>(answer);
        all.addAll(source);
        List<float[]> vectors = metrics.embedder().embedAll(all);
        int supported = 0;
        double weakest = Double.MAX_VALUE;
        String weakestSentence = null;
        for (int i = 0; i < answer.size(); i++) {
            double best = 0;
            for (int j = 0; j < source.size(); j++) {
                best = Math.max(best, Metrics.cosine(vectors.get(i), vectors.get(answer.size() + j)));
            }
            if (best >= threshold) supported++;
            if (best < weakest) {
                weakest = best;
                weakestSentence = answer.get(i);
            }
        }
        double score = (double) supported / answer.size();
        boolean pass = supported == answer.size();
        String reason = String.format(Locale.ROOT, "%d of %d sentences supported (similarity >= %.2f, approximate)",
                supported, answer.size(), threshold);
        if (!pass) reason += String.format(Locale.ROOT, "; least supported %.3f: %s", weakest, Specs.q(weakestSentence));
        return new AssertionResult(s.type(), pass, score, reason);
    }

    /**
     * Sentences: split after . ! ? followed by space, and at line breaks; blanks dropped, and citations standing
     * alone after a sentence ({@code Refunds take 14 days. [1]}) too: they are no claim of their own.
     */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split("(?<=[.!?])\\s+|\\R+")) {
            if (part.strip().matches("(\\[[^\\[\\]]{1,200}]\\s*)+")) continue;
            if (!part.isBlank() && !Metrics.words(part).isEmpty()) out.add(part.strip());
        }
        return out;
    }
}
