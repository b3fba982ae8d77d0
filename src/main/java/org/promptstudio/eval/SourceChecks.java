package org.promptstudio.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.promptstudio.model.ContextChunk;

/**
 * {@code cites-sources}: the answer cites at least one source, and every citation points at a chunk the call was
 * given by retrieval (decision 0140). A citation is a bracket not followed by {@code (} (a Markdown link) holding one
 * or more references separated by commas or semicolons: a number {@code [2]} (the number the prompt showed for a
 * chunk), or a source id {@code [refunds]}: a given chunk's document file name without extension, its path
 * ({@code docs/refunds.md}) or its id ({@code docs/refunds.md#3}), case-insensitively. Redaction placeholders
 * ({@code [EMAIL_1]}) and brackets holding spaced words ({@code [see below]}) are not citations. The score is the share
 * of citations that point at a given chunk (0 without any).
 */
final class SourceChecks {

    static final String CITES_SOURCES = "cites-sources";

    private static final Pattern BRACKET = Pattern.compile("\\[([^\\[\\]\\n]{1,200})](?!\\()");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,4}");
    private static final Pattern ID = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_./#:-]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_\\d+");

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
        List<String> citations = citations(c.output());
        if (citations.isEmpty()) {
            return Specs.yesNo(s, false, "no citation: the answer cites none of the " + given.size()
                    + " chunks given (" + shown(given) + ")");
        }
        Set<String> bad = new LinkedHashSet<>();
        int good = 0;
        for (String ref : citations) {
            if (points(ref, given)) good++;
            else bad.add("[" + ref + "]");
        }
        double score = (double) good / citations.size();
        if (bad.isEmpty()) {
            return new AssertionResult(s.type(), true, 1, citations.size() + " citation(s), each to a chunk given ("
                    + String.join(", ", new LinkedHashSet<>(citations.stream().map(r -> "[" + r + "]").toList())) + ")");
        }
        return new AssertionResult(s.type(), false, score, "cites what the call was not given: "
                + String.join(", ", bad) + " (given: " + shown(given) + ")");
    }

    /** Every reference cited in {@code answer}, in order, repeats kept. */
    static List<String> citations(String answer) {
        List<String> out = new ArrayList<>();
        Matcher m = BRACKET.matcher(answer == null ? "" : answer);
        while (m.find()) {
            List<String> refs = new ArrayList<>();
            boolean citation = true;
            for (String part : m.group(1).split("[,;]")) {
                String ref = part.strip();
                if (ref.isEmpty() || !(NUMBER.matcher(ref).matches() || ID.matcher(ref).matches() && ref.length() > 1)
                        || PLACEHOLDER.matcher(ref).matches()) {
                    citation = false;
                    break;
                }
                refs.add(ref);
            }
            if (citation) out.addAll(refs);
        }
        return out;
    }

    private static boolean points(String ref, List<ContextChunk> given) {
        if (NUMBER.matcher(ref).matches()) {
            int n = Integer.parseInt(ref);
            return given.stream().anyMatch(g -> g.n() == n);
        }
        String r = ref.toLowerCase(Locale.ROOT);
        for (ContextChunk g : given) {
            if (r.equals(g.sourceId().toLowerCase(Locale.ROOT)) || g.source() != null
                    && r.equals(g.source().toLowerCase(Locale.ROOT)) || g.id() != null
                    && r.equals(g.id().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
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
