package org.promptstudio.labelling.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.promptstudio.model.LabelSchema;

/**
 * Which labelled calls an export takes, as the user writes it: clauses joined by {@code and} / {@code or}
 * ({@code and} binds first).
 * <ul>
 *   <li>{@code helpfulness>=4} (also {@code > <= < = !=}): a rating compared with a number;</li>
 *   <li>{@code thumbs=up}, {@code topic=billing}: a thumbs or category value ({@code categories}: one of them);
 *       {@code !=} is its negation;</li>
 *   <li>{@code corrections}: the call has a correction (in any schema of type correction);</li>
 *   <li>a schema name alone ({@code topic}): the call has a settled label in it.</li>
 * </ul>
 * A clause reads the consensus of the call's labels (see {@link ConsensusLabel}): a schema still in disagreement, or a
 * queue item still waiting for its k labels, makes the clause undecided, and a call whose rule is undecided is left
 * out of the export and counted as in disagreement or as incomplete (disagreement first when both). The empty rule
 * reads every label of the call: one not settled leaves the call out the same way; a call with no label is left out.
 */
public final class ExportRule {

    /** What a rule says of one call. */
    public enum Outcome {
        /** The call goes in. */
        TAKEN,
        /** The call does not meet the rule. */
        LEFT_OUT,
        /** A label the rule reads is still in disagreement. */
        IN_DISAGREEMENT,
        /** A label the rule reads belongs to a queue item with fewer than its k labels (none in disagreement). */
        INCOMPLETE
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CORRECTIONS = "corrections";

    private record Clause(String schema, String op, String value, int column) {
    }

    private final String text;
    /** Alternatives, each a list of clauses that must all hold; empty: every call. */
    private final List<List<Clause>> alternatives;

    private ExportRule(String text, List<List<Clause>> alternatives) {
        this.text = text;
        this.alternatives = alternatives;
    }

    /**
     * The rule that takes every call whose labels are all settled (a call with a label still in disagreement, or
     * waiting for its queue's labels, is undecided).
     */
    public static ExportRule all() {
        return new ExportRule("", List.of());
    }

    /**
     * Parses a rule.
     *
     * @param text the rule as written ({@code helpfulness>=4 and topic=billing}); blank: every call
     * @throws ExportException one line naming the column where the rule stops making sense
     */
    public static ExportRule parse(String text) {
        if (text == null || text.isBlank()) return all();
        text = text.strip();
        List<Token> tokens = tokens(text);
        List<List<Clause>> alternatives = new ArrayList<>();
        List<Clause> current = new ArrayList<>();
        int i = 0;
        while (true) {
            if (i >= tokens.size()) throw error(text, text.length() + 1, "a label schema name is missing at the end");
            Token name = tokens.get(i);
            if (name.kind != Kind.WORD || isJoin(name.text)) {
                throw error(text, name.column, "expected a label schema name or \"corrections\", found \"" + name.text + "\"");
            }
            i++;
            if (i < tokens.size() && tokens.get(i).kind == Kind.OP) {
                Token op = tokens.get(i);
                if (i + 1 >= tokens.size()) throw error(text, text.length() + 1, "a value is missing after " + op.text);
                Token value = tokens.get(i + 1);
                // a quoted "and" is a value, a bare one joins clauses
                if (value.kind == Kind.OP || value.kind == Kind.WORD && isJoin(value.text)) {
                    throw error(text, value.column, "expected a value after " + op.text + ", found \"" + value.text + "\"");
                }
                if (name.text.equals(CORRECTIONS)) {
                    throw error(text, op.column, "\"corrections\" takes no comparison");
                }
                if (!op.text.equals("=") && !op.text.equals("!=") && number(value.text) == null) {
                    throw error(text, value.column, op.text + " needs a number, found \"" + value.text + "\"");
                }
                current.add(new Clause(name.text, op.text, value.text, name.column));
                i += 2;
            } else {
                current.add(new Clause(name.text, null, null, name.column));
            }
            if (i >= tokens.size()) break;
            Token join = tokens.get(i);
            if (join.kind != Kind.WORD || !isJoin(join.text)) {
                throw error(text, join.column, "expected \"and\" or \"or\", found \"" + join.text + "\"");
            }
            if (join.text.equals("or")) {
                alternatives.add(List.copyOf(current));
                current = new ArrayList<>();
            }
            i++;
        }
        alternatives.add(List.copyOf(current));
        return new ExportRule(text, List.copyOf(alternatives));
    }

    /** The rule as written; empty for {@link #all()}. */
    public String text() {
        return text;
    }

    /**
     * Checks the rule against the workspace's label schemas: every name must be one, and a comparison by number
     * needs a rating.
     *
     * @param schemaTypes schema name to its type ({@code helpfulness -> rating})
     * @throws ExportException one line naming the clause and the schemas there are
     */
    public void check(Map<String, String> schemaTypes) {
        for (List<Clause> all : alternatives) {
            for (Clause c : all) {
                if (c.schema.equals(CORRECTIONS)) continue;
                String type = schemaTypes.get(c.schema);
                if (type == null) {
                    throw error(text, c.column, "no label schema \"" + c.schema + "\" (schemas: "
                            + String.join(", ", new TreeSet<>(schemaTypes.keySet())) + "; or \"corrections\")");
                }
                if (c.op != null && !c.op.equals("=") && !c.op.equals("!=") && !type.equals("rating")) {
                    throw error(text, c.column, c.schema + " is a " + type + " label: " + c.op + " needs a rating");
                }
                if (c.op != null && type.equals("rating") && number(c.value) == null) {
                    throw error(text, c.column, c.schema + " is a rating: compare it with a number, not \"" + c.value + "\"");
                }
            }
        }

    }

    /**
     * {@link #check(Map)}, and also every value against its schema: a rating's number inside the scale and a
     * comparison that some point of the scale meets, a category among the schema's categories, thumbs up or down.
     * A rule that could never take a call is refused rather than exporting nothing.
     *
     * @param schemas the workspace's schemas by name; a name missing here is checked by type alone
     * @throws ExportException one line naming the clause and the schema's scale or categories
     */
    public void check(Map<String, String> schemaTypes, Map<String, LabelSchema> schemas) {
        check(schemaTypes, schemas, List.of());
    }

    /**
     * As {@link #check(Map, Map)}, where a rating value that {@code stored} labels hold also counts as a point of the
     * scale: labels given under an older, wider version of a schema (1..5 narrowed to 1..3) stay exportable by rule.
     *
     * @param stored the stored labels (of any schema; only ratings are read)
     * @throws ExportException one line naming the clause and the schema's scale or categories
     */
    public void check(Map<String, String> schemaTypes, Map<String, LabelSchema> schemas, List<LabelRow> stored) {
        check(schemaTypes, schemas, stored, List.of());
    }

    /**
     * As {@link #check(Map, Map, List)}, where also the settled labels of {@code calls} count as stored values.
     *
     * @throws ExportException one line naming the clause and the schema's scale or categories
     */
    public void check(Map<String, String> schemaTypes, Map<String, LabelSchema> schemas, List<LabelRow> stored,
                      List<LabelledCall> calls) {
        check(schemaTypes);
        for (List<Clause> all : alternatives) {
            for (Clause c : all) {
                LabelSchema s = schemas.get(c.schema);
                if (c.op == null || s == null) continue;
                String problem = outside(c, s, storedRatings(c.schema, stored, calls));
                if (problem != null) throw error(text, c.column, problem);
            }
        }
    }

    /** The rating values the {@code stored} labels and the settled labels of {@code calls} of schema {@code schema} hold. */
    private static Set<BigDecimal> storedRatings(String schema, List<LabelRow> stored, List<LabelledCall> calls) {
        List<String> values = new ArrayList<>();
        for (LabelRow r : stored) if (r.schema().equals(schema)) values.add(r.valueJson());
        for (LabelledCall c : calls) {
            ConsensusLabel l = c.labels().get(schema);
            if (l != null && l.valueJson() != null) values.add(l.valueJson());
        }
        Set<BigDecimal> out = new TreeSet<>();
        for (String v : values) {
            JsonNode value = read(v);
            JsonNode rating = value == null ? null : value.get("rating");
            if (rating != null && rating.isNumber()) out.add(rating.decimalValue().stripTrailingZeros());
        }
        return out;
    }

    /**
     * Why clause {@code c} can never hold for a label of {@code s}, or null: no point of the scale and no value in
     * {@code storedRatings} meets it.
     */
    private static String outside(Clause c, LabelSchema s, Set<BigDecimal> storedRatings) {
        String clause = c.schema + c.op + c.value;
        switch (s.type()) {
            case RATING -> {
                BigDecimal v = number(c.value);
                BigDecimal min = BigDecimal.valueOf(s.min());
                BigDecimal max = BigDecimal.valueOf(s.max());
                Set<BigDecimal> older = new TreeSet<>(); // stored values outside today's scale
                for (BigDecimal r : storedRatings) {
                    if (r.compareTo(BigDecimal.valueOf(s.min())) < 0 || r.compareTo(BigDecimal.valueOf(s.max())) > 0) {
                        older.add(r);
                    }
                    if (r.compareTo(min) < 0) min = r;
                    if (r.compareTo(max) > 0) max = r;
                }
                if (c.op.equals("=") && storedRatings.contains(v.stripTrailingZeros())) return null;
                if (c.op.equals("=") || c.op.equals("!=")) { // a point of today's scale, or a stored value (above)
                    min = BigDecimal.valueOf(s.min());
                    max = BigDecimal.valueOf(s.max());
                }
                boolean never = switch (c.op) {
                    case ">=" -> v.compareTo(max) > 0;
                    case ">" -> v.compareTo(max) >= 0;
                    case "<=" -> v.compareTo(min) < 0;
                    case "<" -> v.compareTo(min) <= 0;
                    default -> v.compareTo(min) < 0 || v.compareTo(max) > 0 || v.stripTrailingZeros().scale() > 0;
                };
                if (never) {
                    return clause + " is outside the scale of " + c.schema + " (" + s.min() + ".." + s.max() + ")"
                            + (older.isEmpty() ? "" : " and the older labels' values " + older);
                }
                return null;
            }
            case CATEGORY, CATEGORIES -> {
                return s.categories().contains(c.value) ? null : "no category \"" + c.value + "\" in " + c.schema
                        + " (categories: " + String.join(", ", s.categories()) + ")";
            }
            case THUMBS -> {
                return c.value.equals("up") || c.value.equals("down") ? null
                        : c.schema + " is up or down, not \"" + c.value + "\"";
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * What this rule says of {@code call}: taken, left out, or undecided ({@link Outcome#IN_DISAGREEMENT}) when a label
     * it reads is not settled; the empty rule reads every label of the call.
     */
    public Outcome test(LabelledCall call) {
        if (alternatives.isEmpty()) {
            if (call.labels().isEmpty()) return Outcome.LEFT_OUT;
            Outcome o = Outcome.TAKEN;
            for (ConsensusLabel l : call.labels().values()) o = worse(o, unsettled(l));
            return o;
        }
        Outcome undecided = Outcome.LEFT_OUT;
        for (List<Clause> all : alternatives) {
            Outcome o = Outcome.TAKEN;
            for (Clause c : all) {
                Outcome one = test(c, call);
                if (one == Outcome.LEFT_OUT) {
                    o = Outcome.LEFT_OUT;
                    break;
                }
                o = worse(o, one);
            }
            if (o == Outcome.TAKEN) return Outcome.TAKEN;
            if (o != Outcome.LEFT_OUT) undecided = undecided == Outcome.LEFT_OUT ? o : worse(undecided, o);
        }
        return undecided;
    }

    /** Whether this is the empty rule ({@link #all()}). */
    public boolean isAll() {
        return alternatives.isEmpty();
    }

    /** TAKEN for a settled label, else why not: in disagreement or incomplete. */
    static Outcome unsettled(ConsensusLabel l) {
        return switch (l.status()) {
            case AGREED, ADJUDICATED -> Outcome.TAKEN;
            case INCOMPLETE -> Outcome.INCOMPLETE;
            case DISAGREED -> Outcome.IN_DISAGREEMENT;
        };
    }

    /** Of two outcomes that do not leave the call out, the one that weighs more: disagreement, then incomplete. */
    private static Outcome worse(Outcome a, Outcome b) {
        if (a == Outcome.IN_DISAGREEMENT || b == Outcome.IN_DISAGREEMENT) return Outcome.IN_DISAGREEMENT;
        if (a == Outcome.INCOMPLETE || b == Outcome.INCOMPLETE) return Outcome.INCOMPLETE;
        return Outcome.TAKEN;
    }

    private static Outcome test(Clause c, LabelledCall call) {
        if (c.schema.equals(CORRECTIONS)) {
            Outcome unsettled = Outcome.TAKEN;
            for (ConsensusLabel l : call.labels().values()) {
                if (!l.type().equals("correction")) continue;
                if (!l.settled()) {
                    unsettled = worse(unsettled, unsettled(l));
                } else if (correction(l) != null) {
                    return Outcome.TAKEN;
                }
            }
            return unsettled == Outcome.TAKEN ? Outcome.LEFT_OUT : unsettled;
        }
        ConsensusLabel label = call.labels().get(c.schema);
        if (label == null) return Outcome.LEFT_OUT;
        if (!label.settled()) return unsettled(label);
        if (c.op == null) return Outcome.TAKEN;
        return matches(c, main(label)) ? Outcome.TAKEN : Outcome.LEFT_OUT;
    }

    private static boolean matches(Clause c, JsonNode value) {
        if (value == null || value.isNull()) return false;
        BigDecimal wanted = number(c.value);
        if (!c.op.equals("=") && !c.op.equals("!=")) {
            if (!value.isNumber()) return false;
            int cmp = value.decimalValue().compareTo(wanted);
            return switch (c.op) {
                case ">=" -> cmp >= 0;
                case ">" -> cmp > 0;
                case "<=" -> cmp <= 0;
                default -> cmp < 0;
            };
        }
        boolean equal;
        if (value.isArray()) {
            equal = false;
            for (JsonNode v : value) equal |= v.asText().equals(c.value);
        } else if (value.isNumber()) {
            equal = wanted != null && value.decimalValue().compareTo(wanted) == 0;
        } else {
            equal = value.asText().equals(c.value);
        }
        return c.op.equals("=") == equal;
    }

    /**
     * The main field of a label value: the one named after its kind ({@code rating}, {@code thumbs}, ...), i.e. the
     * first field that is not the comment or the reason; null when none.
     */
    static JsonNode main(ConsensusLabel label) {
        JsonNode node = read(label.valueJson());
        if (node == null || !node.isObject()) return null;
        JsonNode comment = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("reason")) continue;
            if (e.getKey().equals("comment")) {
                comment = e.getValue();
                continue;
            }
            return e.getValue();
        }
        return comment;
    }

    /** The correction text of a settled correction label, null when blank or absent. */
    static String correction(ConsensusLabel label) {
        if (!label.settled()) return null;
        JsonNode node = read(label.valueJson());
        JsonNode c = node == null ? null : node.get("correction");
        return c == null || !c.isTextual() || c.asText().isBlank() ? null : c.asText();
    }

    static JsonNode read(String json) {
        if (json == null) return null;
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isJoin(String word) {
        return word.equals("and") || word.equals("or");
    }

    private static ExportException error(String text, int column, String what) {
        return new ExportException("rule \"" + text.trim() + "\": column " + column + ": " + what);
    }

    private enum Kind { WORD, QUOTED, OP }

    private record Token(Kind kind, String text, int column) {
    }

    private static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '>' || c == '<' || c == '=' || c == '!') {
                int start = i;
                i++;
                if (i < text.length() && text.charAt(i) == '=' && c != '=') i++;
                String op = text.substring(start, i);
                if (op.equals("!")) throw error(text, start + 1, "\"!\" must be followed by \"=\"");
                out.add(new Token(Kind.OP, op, start + 1));
            } else if (c == '"') {
                int start = i;
                int end = text.indexOf('"', i + 1);
                if (end < 0) throw error(text, start + 1, "a quoted value has no closing quote");
                out.add(new Token(Kind.QUOTED, text.substring(i + 1, end), start + 1));
                i = end + 1;
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || "-_.".indexOf(text.charAt(i)) >= 0)) {
                    i++;
                }
                out.add(new Token(Kind.WORD, text.substring(start, i), start + 1));
            } else {
                throw error(text, i + 1, "unexpected \"" + c + "\"");
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "(every labelled call)" : text;
    }
}
