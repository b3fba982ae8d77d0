package org.promptstudio.eval;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.promptstudio.model.Citations;
import org.promptstudio.model.ContextChunk;

/**
 * {@code cites-sources}: the answer cites at least one chunk, and every citation points at a chunk the call was given
 * by retrieval (decision 0140, citations as decision 0141 reads them): a citation is a bracketed number, list or range
 * of the numbers the prompt showed ({@code [2]}, {@code [1, 3]}, {@code [1][3]}, {@code [2-4]};
 * {@link org.promptstudio.model.Citations}), and a number points at a chunk when the prompt showed that chunk with it
 * ({@code [0]} only when the template numbered from 0). A bracketed number of no chunk given, a year such as
 * {@code [2024]} among them, is a citation that fails. Brackets holding anything else ({@code [TODO]},
 * {@code [returns-policy]}, {@code [EMAIL_1]}) and Markdown links are no citations. The score is the share of cited
 * numbers that point at a given chunk (0 without any).
 */
final class SourceChecks {

    static final String CITES_SOURCES = "cites-sources";

    private SourceChecks() {
    }

    static void register(Map<String, Check> into) {
        into.put(CITES_SOURCES, SourceChecks::citesSources);
    }

    private static AssertionResult citesSources(AssertionSpec s, EvalContext c) {
        List<ContextChunk> given = c.context();
        if (given.isEmpty()) {
            return Specs.yesNo(s, false, "the call was given no retrieved chunks (no retrieve:), so nothing can be cited");
        }
        List<Integer> cited = Citations.numbers(c.output());
        if (cited.isEmpty()) {
            return Specs.yesNo(s, false, "no citation: the answer cites none of the " + given.size()
                    + " chunks given (" + shown(given) + ") as [n]");
        }
        Set<Integer> shown = new HashSet<>();
        for (ContextChunk g : given) shown.add(g.n());
        Set<String> bad = new LinkedHashSet<>();
        int good = 0;
        for (int n : cited) {
            if (shown.contains(n)) good++;
            else bad.add("[" + n + "]");
        }
        double score = (double) good / cited.size();
        if (bad.isEmpty()) {
            return new AssertionResult(s.type(), true, 1, cited.size() + " citation(s), each to a chunk given ("
                    + String.join(", ", new LinkedHashSet<>(cited.stream().map(n -> "[" + n + "]").toList())) + ")");
        }
        return new AssertionResult(s.type(), false, score, "cites what the call was not given: "
                + String.join(", ", bad) + " (given: " + shown(given) + ")");
    }

    /** {@code [1] docs/refunds.md#0, [2] ...}, the first six. */
    private static String shown(List<ContextChunk> given) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(6, given.size()); i++) {
            ContextChunk g = given.get(i);
            if (i > 0) b.append(", ");
            b.append('[').append(g.n()).append("] ").append(g.id());
        }
        if (given.size() > 6) b.append(", ...");
        return b.toString();
    }
}
