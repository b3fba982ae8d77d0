package org.promptstudio.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.promptstudio.eval.EvalException;
import org.promptstudio.eval.JudgeModels;
import org.promptstudio.eval.LlmJudge;
import org.promptstudio.eval.PairwiseJudge;
import org.promptstudio.labelling.Consensus;
import org.promptstudio.labelling.agreement.AgreementStatistics;
import org.promptstudio.labelling.agreement.Calibration;
import org.promptstudio.labelling.agreement.Coefficient;
import org.promptstudio.labelling.agreement.JudgeCalibration;
import org.promptstudio.labelling.agreement.JudgedUnit;
import org.promptstudio.labelling.agreement.LeftOut;
import org.promptstudio.labelling.agreement.Level;
import org.promptstudio.labelling.agreement.Unit;
import org.promptstudio.labelling.preference.BradleyTerry;
import org.promptstudio.labelling.preference.Comparison;
import org.promptstudio.labelling.preference.Outcome;
import org.promptstudio.labelling.preference.Ranking;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.ErrorText;
import org.promptstudio.model.EvalRecord;
import org.promptstudio.model.LabelConsensus;
import org.promptstudio.model.LabelQuery;
import org.promptstudio.model.LabelQueueSummary;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelSchema;
import org.promptstudio.model.LabelValue;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.StudioException;

/**
 * The figures over stored labels (issue 13, items 4 to 6): agreement between annotators per schema and per queue,
 * Bradley-Terry rankings of models and prompt versions from pairwise preferences (people's labels and stored
 * {@code pairwise} judge verdicts), and the calibration of a judge against the people's consensus. The command and
 * the window read the same records from here, so they show the same numbers (decision 0126).
 */
public final class LabelStatistics {

    /** The contestant a stored {@code pairwise} verdict compares a call with: its case's reference answer. */
    public static final String REFERENCE = "(reference answer)";
    /** How many recent runs are searched for stored {@code pairwise} verdicts. */
    static final int RUNS_SEARCHED = 10_000;

    private final Studio studio;

    LabelStatistics(Studio studio) {
        this.studio = studio;
    }

    /** The label figures of {@code studio}'s workspace. */
    public static LabelStatistics of(Studio studio) {
        return new LabelStatistics(studio);
    }

    /**
     * One agreement coefficient of a report.
     *
     * @param part        what it covers when a schema has several parts (for a {@code categories} schema: the category,
     *                    each read as chosen or not); null for the whole schema
     * @param coefficient the figure, its units, and what it left out
     */
    public record Figure(String part, Coefficient coefficient) {
    }

    /**
     * Agreement between annotators on one schema, over all its labels or over one queue's.
     *
     * @param schema     the schema's name
     * @param type       its type ({@code rating}, {@code thumbs}, ...)
     * @param queue      the queue, or null for every label of the schema (in queues, the grid and imports)
     * @param units      units with at least one annotator's label: in a queue's report its items; over all labels
     *                   one per call (or pair of calls, or set of ranked calls) with its labels from every place it
     *                   was labelled in (queues, the grid, imports)
     * @param labels     annotators' labels counted (each annotator's latest per unit, also when they labelled a call
     *                   in two places, which a note then says; adjudicators' decisions are not counted: they are not
     *                   an annotator's judgement)
     * @param annotators the annotators among them, sorted
     * @param figures    the coefficients fit for the type, in a fixed order; empty when none fits (see notes)
     * @param notes      what the figures cannot show, one line each
     */
    public record AgreementReport(String schema, String type, String queue, int units, int labels,
                                  List<String> annotators, List<Figure> figures, List<String> notes) {

        public AgreementReport {
            annotators = List.copyOf(annotators);
            figures = List.copyOf(figures);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Agreement per schema and per queue: for a rating Cohen's kappa (always reported; defined for exactly two
     * annotators), Fleiss' kappa and Krippendorff's alpha at the ordinal and interval levels; for thumbs, category and
     * pairwise the two kappas and nominal alpha; for categories (several per label) the same per category, each read
     * as chosen or not; free text (correction, comment) and rankings get a note instead of a number.
     *
     * @param schema only this schema (null: every schema with labels)
     * @param queue  only this queue (null: each schema over all its labels, then each of its queues)
     * @return the reports, schema by schema in studio.yaml's order, the all-labels report before the queues'
     * @throws StudioException when the schema or queue does not exist, or the queue labels another schema
     */
    public List<AgreementReport> agreement(String schema, String queue) {
        Labelling labelling = studio.labelling();
        List<AgreementReport> reports = new ArrayList<>();
        if (queue != null) {
            LabelQueueSummary q = labelling.queue(queue);
            if (schema != null && !schema.equals(q.schema())) {
                throw new StudioException("queue '" + queue + "' labels '" + q.schema() + "', not '" + schema + "'");
            }
            reports.add(agreementOf(labelling.schema(q.schema()), q.name()));
            return reports;
        }
        List<LabelSchema> schemas = schema != null ? List.of(labelling.schema(schema)) : labelling.schemas();
        List<LabelQueueSummary> queues = labelling.queues();
        for (LabelSchema s : schemas) {
            AgreementReport all = agreementOf(s, null);
            if (schema == null && all.units() == 0) continue;
            reports.add(all);
            for (LabelQueueSummary q : queues) {
                if (q.schema().equals(s.name())) reports.add(agreementOf(s, q.name()));
            }
        }
        return reports;
    }

    private AgreementReport agreementOf(LabelSchema schema, String queue) {
        LabelQuery query = queue == null ? LabelQuery.ofSchema(schema.name())
                : LabelQuery.ofQueue(queue).withSchema(schema.name());
        List<String> notes = new ArrayList<>();
        Set<String> annotators = new TreeSet<>();
        int labels = 0;
        int unreadable = 0;
        // Each unit's annotators' values (adjudications left out), by unit name: in a queue its items; over all
        // labels one unit per call (or pair), with its raters from every place it was labelled in.
        List<String> names = new ArrayList<>();
        List<Map<String, LabelValue>> values = new ArrayList<>();
        List<Map.Entry<String, List<LabelRecord>>> units = new ArrayList<>();
        if (queue != null) {
            for (LabelConsensus unit : studio.labelling().consensus(query)) {
                List<LabelRecord> own = new ArrayList<>();
                for (LabelRecord label : unit.labels()) if (!label.isFinal()) own.add(label);
                units.add(Map.entry(unitName(unit, true), own));
            }
        } else {
            List<Consensus.Call> calls = studio.labelling().byCall(query);
            for (Consensus.Call unit : calls) units.add(Map.entry(unit.name(), new ArrayList<>(unit.latest().values())));
            String twice = twiceNote(calls);
            if (twice != null) notes.add(twice);
        }
        for (Map.Entry<String, List<LabelRecord>> unit : units) {
            Map<String, LabelValue> byAnnotator = new LinkedHashMap<>();
            for (LabelRecord label : unit.getValue()) {
                if (!fits(schema.type(), label.value())) {
                    unreadable++;
                    continue;
                }
                byAnnotator.put(label.annotator(), label.value());
                annotators.add(label.annotator());
                labels++;
            }
            if (byAnnotator.isEmpty()) continue;
            names.add(unit.getKey());
            values.add(byAnnotator);
        }
        if (unreadable > 0) {
            notes.add(unreadable + (unreadable == 1 ? " label has" : " labels have") + " no " + schema.type().id()
                    + " value (given under another definition of the schema) and " + (unreadable == 1 ? "is" : "are")
                    + " not counted");
        }
        String older = olderVersionsNote(schema, units);
        if (older != null) notes.add(older);
        List<Figure> figures = new ArrayList<>();
        switch (schema.type()) {
            case RATING -> {
                List<Unit<String>> nominal = units(names, values, v -> String.valueOf(v.rating()));
                List<Unit<Integer>> numeric = units(names, values, LabelValue::rating);
                figures.add(new Figure(null, AgreementStatistics.cohenKappa(nominal)));
                figures.add(new Figure(null, AgreementStatistics.fleissKappa(nominal)));
                figures.add(new Figure(null, AgreementStatistics.krippendorffAlpha(numeric, Level.ORDINAL)));
                figures.add(new Figure(null, AgreementStatistics.krippendorffAlpha(numeric, Level.INTERVAL)));
            }
            case THUMBS, CATEGORY, PAIRWISE -> figures.addAll(nominalFigures(null, units(names, values,
                    v -> v.nominal())));
            case CATEGORIES -> {
                Set<String> categories = new LinkedHashSet<>(schema.categories());
                for (Map<String, LabelValue> unit : values) {
                    for (LabelValue v : unit.values()) categories.addAll(new TreeSet<>(v.categories()));
                }
                for (String category : categories) {
                    figures.addAll(nominalFigures(category, units(names, values,
                            v -> v.categories().contains(category) ? "chosen" : "not chosen")));
                }
                notes.add("several categories per label: each category is compared on its own, as chosen or not");
            }
            case CORRECTION, COMMENT -> notes.add("free text has no agreement coefficient: compare the texts of the"
                    + " items in disagreement (studio labels adjudicate)");
            case RANKING -> notes.add("rankings have no agreement coefficient here: only whole rankings are compared"
                    + " (items in disagreement)");
        }
        return new AgreementReport(schema.name(), schema.type().id(), queue, names.size(), labels,
                new ArrayList<>(annotators), figures, notes);
    }

    private static List<Figure> nominalFigures(String part, List<Unit<String>> units) {
        return List.of(new Figure(part, AgreementStatistics.cohenKappa(units)),
                new Figure(part, AgreementStatistics.fleissKappa(units)),
                new Figure(part, AgreementStatistics.krippendorffAlpha(units, Level.NOMINAL)));
    }

    /** Whether {@code value} has the part a label of {@code type} holds (a schema changed later may not). */
    private static boolean fits(LabelSchema.Type type, LabelValue value) {
        return switch (type) {
            case RATING -> value.rating() != null;
            case THUMBS -> value.thumbs() != null;
            case CATEGORY -> value.category() != null;
            case CATEGORIES -> value.categories() != null;
            case PAIRWISE -> value.preference() != null;
            case CORRECTION -> value.correction() != null;
            case RANKING -> value.ranking() != null;
            case COMMENT -> value.comment() != null;
        };
    }

    private static <V> List<Unit<V>> units(List<String> names, List<Map<String, LabelValue>> values,
                                           java.util.function.Function<LabelValue, V> read) {
        List<Unit<V>> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Map<String, V> unit = new LinkedHashMap<>();
            values.get(i).forEach((annotator, value) -> unit.put(annotator, read.apply(value)));
            out.add(new Unit<>(names.get(i), unit));
        }
        return out;
    }

    /** A queue's item by its position ({@code 3}); outside one queue the call, or pair of calls ({@code call 12/13}). */
    private static String unitName(LabelConsensus unit, boolean inQueue) {
        if (inQueue && unit.position() != null) return String.valueOf(unit.position());
        return unit.callIdB() == null ? "call " + unit.callId() : "calls " + unit.callId() + " vs " + unit.callIdB();
    }

    /**
     * The note for annotators who labelled one call in several places ({@code null} when none did): only their latest
     * label counts.
     */
    /**
     * A note when labels compared were given under another version of {@code schema} than today's (the schema was
     * changed since): how many, and how many of their ratings lie outside today's scale; null when none.
     */
    private static String olderVersionsNote(LabelSchema schema, List<Map.Entry<String, List<LabelRecord>>> units) {
        int older = 0;
        int outside = 0;
        Set<String> versions = new TreeSet<>();
        for (Map.Entry<String, List<LabelRecord>> unit : units) {
            for (LabelRecord label : unit.getValue()) {
                if (label.schemaVersion().equals(schema.version())) continue;
                older++;
                versions.add(label.schemaVersion());
                Integer rating = label.value().rating();
                if (schema.type() == LabelSchema.Type.RATING && rating != null
                        && (rating < schema.min() || rating > schema.max())) outside++;
            }
        }
        if (older == 0) return null;
        return older + (older == 1 ? " label was" : " labels were") + " given under an earlier definition of the"
                + " schema (version " + String.join(", ", versions) + "; today " + schema.version() + ") and "
                + (older == 1 ? "is" : "are") + " counted as given" + (outside == 0 ? "" : "; " + outside
                + (outside == 1 ? " of them lies" : " of them lie") + " outside today's scale " + schema.min() + ".."
                + schema.max());
    }

    private static String twiceNote(List<Consensus.Call> units) {
        List<String> seen = new ArrayList<>();
        for (Consensus.Call unit : units) {
            if (!unit.twice().isEmpty()) seen.add(unit.name() + ": " + String.join(", ", unit.twice()));
        }
        if (seen.isEmpty()) return null;
        int shown = Math.min(5, seen.size());
        return seen.size() + (seen.size() == 1 ? " item was" : " items were") + " labelled by the same annotator in"
                + " more than one place (a queue, another queue, the grid or an import): only each annotator's latest"
                + " label counts (" + String.join("; ", seen.subList(0, shown))
                + (seen.size() > shown ? " and " + (seen.size() - shown) + " more" : "") + ")";
    }

    /**
     * A Bradley-Terry ranking from one source of pairwise outcomes.
     *
     * @param schema  the pairwise schema whose labels were counted; null for judge verdicts
     * @param source  {@code people} or {@code pairwise judge}
     * @param by      {@code model} ({@code provider/model}) or {@code prompt version} ({@code answer@1a2b3c4})
     * @param ranking the scores, intervals and counts ({@link BradleyTerry#rank(List)}: default prior, 1,000
     *                resamples, fixed seed)
     * @param notes   what was left out and why, one line each
     */
    public record RankingReport(String schema, String source, String by, Ranking ranking, List<String> notes) {

        public RankingReport {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Rankings of models and of prompt versions: from the people's pairwise labels (each annotator's latest label of
     * a pair is one comparison, over every place the pair was labelled in; an adjudicated pair counts once, as
     * decided), from their ranking labels (a ranking of k answers gives the k(k-1)/2 pairwise outcomes it implies:
     * full rank breaking, see {@link #rankBreaking}), and from stored {@code pairwise} judge verdicts, which compare a
     * call with its case's reference answer ({@link #REFERENCE}, a contestant of its own) and count as a win only
     * when the judge picked the same answer in both orders (else a tie; {@link PairwiseJudge}).
     *
     * @param schema only this pairwise or ranking schema's labels (null: every pairwise and ranking schema's)
     * @return per schema a ranking by model and one by prompt version, then the judge's; a comparison of two calls of
     *         the same model (or version) counts only in the other ranking; a ranking schema's reports say in a note
     *         how many comparisons came from how many rankings
     * @throws StudioException when the schema does not exist or is neither a pairwise nor a ranking schema
     */
    public List<RankingReport> ranking(String schema) {
        Labelling labelling = studio.labelling();
        List<LabelSchema> schemas = new ArrayList<>();
        if (schema != null) {
            LabelSchema s = labelling.schema(schema);
            if (!ranks(s)) {
                throw new StudioException("a ranking needs a pairwise or ranking schema; '" + schema + "' is a "
                        + s.type().id() + " schema");
            }
            schemas.add(s);
        } else {
            for (LabelSchema s : labelling.schemas()) if (ranks(s)) schemas.add(s);
        }
        Map<Long, CallRecord> calls = new HashMap<>();
        List<RankingReport> reports = new ArrayList<>();
        for (LabelSchema s : schemas) {
            List<Outcomes> outcomes = new ArrayList<>();
            List<Consensus.Call> units = labelling.byCall(LabelQuery.ofSchema(s.name()));
            int rankings = 0;
            int fromRankings = 0;
            for (Consensus.Call unit : units) {
                // an adjudicated unit counts once, as decided; else each annotator's latest label once
                List<LabelRecord> counted = unit.decided() != null ? List.of(unit.decided())
                        : new ArrayList<>(unit.latest().values());
                for (LabelRecord label : counted) {
                    List<Long> ranked = label.value().ranking();
                    if (s.type() == LabelSchema.Type.RANKING) {
                        if (ranked == null || ranked.size() < 2) continue;
                        int before = outcomes.size();
                        rankBreaking(calls, ranked, "ranking label " + label.id(), outcomes);
                        rankings++;
                        fromRankings += outcomes.size() - before;
                        continue;
                    }
                    String preference = label.value().preference();
                    if (preference == null || unit.b() == null) continue;
                    CallRecord a = call(calls, unit.a());
                    CallRecord b = call(calls, unit.b());
                    if (a != null && b != null) outcomes.add(new Outcomes(a, b, outcome(preference)));
                }
            }
            List<String> notes = new ArrayList<>();
            if (s.type() == LabelSchema.Type.RANKING) {
                notes.add(fromRankings + (fromRankings == 1 ? " comparison" : " comparisons") + " from " + rankings
                        + (rankings == 1 ? " ranking" : " rankings") + " (a ranking of k answers gives k(k-1)/2"
                        + " pairwise outcomes, the best over every answer below it; the interval resamples each"
                        + " ranking as one judgement)");
            }
            String twice = twiceNote(units);
            if (twice != null) notes.add(twice);
            reports.add(rankingReport(s.name(), "people", "model", outcomes, CallText::model, notes));
            reports.add(rankingReport(s.name(), "people", "prompt version", outcomes, CallText::version, notes));
        }
        List<Outcomes> verdicts = new ArrayList<>();
        int noVerdict = judgeVerdicts(calls, verdicts);
        if (!verdicts.isEmpty() || noVerdict > 0) {
            List<String> notes = noVerdict == 0 ? List.of() : List.of(noVerdict + (noVerdict == 1
                    ? " stored pairwise result is no verdict" : " stored pairwise results are no verdicts")
                    + " (the check failed: no judge model, nothing to compare with, or an unusable reply) and "
                    + (noVerdict == 1 ? "is" : "are") + " left out");
            reports.add(rankingReport(null, "pairwise judge", "model", verdicts, c -> c == null ? REFERENCE
                    : CallText.model(c), notes));
            reports.add(rankingReport(null, "pairwise judge", "prompt version", verdicts, c -> c == null ? REFERENCE
                    : CallText.version(c), notes));
        }
        return reports;
    }

    private static boolean ranks(LabelSchema schema) {
        return schema.type() == LabelSchema.Type.PAIRWISE || schema.type() == LabelSchema.Type.RANKING;
    }

    /**
     * Adds the pairwise outcomes a ranking implies: each answer beats every answer ranked below it, k(k-1)/2 outcomes
     * for k answers (full rank breaking: the Plackett-Luce model's ranking read as the pairwise comparisons it
     * contains, as in Hunter 2004, "MM algorithms for generalized Bradley-Terry models", Ann. Statist. 32(1), and
     * Azari Soufiani, Parkes and Xia 2013, "Generalized method-of-moments for rank aggregation"). A call no longer
     * recorded gives no outcomes.
     *
     * The outcomes share {@code group}, so the bootstrap resamples the ranking as one judgement.
     *
     * @param ranked call ids, best first
     */
    private void rankBreaking(Map<Long, CallRecord> calls, List<Long> ranked, String group, List<Outcomes> out) {
        for (int i = 0; i < ranked.size(); i++) {
            CallRecord better = call(calls, ranked.get(i));
            if (better == null) continue;
            for (int j = i + 1; j < ranked.size(); j++) {
                CallRecord worse = call(calls, ranked.get(j));
                if (worse != null) out.add(new Outcomes(better, worse, Outcome.FIRST, group));
            }
        }
    }

    /**
     * One outcome between two calls; {@code b} is null for a case's reference answer; {@code group} names the ranking
     * it came from, null when it stands alone.
     */
    private record Outcomes(CallRecord a, CallRecord b, Outcome outcome, String group) {

        Outcomes(CallRecord a, CallRecord b, Outcome outcome) {
            this(a, b, outcome, null);
        }
    }

    private static Outcome outcome(String preference) {
        return switch (preference) {
            case "A" -> Outcome.FIRST;
            case "B" -> Outcome.SECOND;
            default -> Outcome.TIE;
        };
    }

    private static RankingReport rankingReport(String schema, String source, String by, List<Outcomes> outcomes,
                                               java.util.function.Function<CallRecord, String> name,
                                               List<String> sourceNotes) {
        List<Comparison> comparisons = new ArrayList<>();
        int same = 0;
        for (Outcomes o : outcomes) {
            String a = name.apply(o.a());
            String b = name.apply(o.b());
            if (a.equals(b)) same++;
            else comparisons.add(new Comparison(a, b, o.outcome(), o.group()));
        }
        List<String> notes = new ArrayList<>(sourceNotes);
        if (same > 0) {
            notes.add(same + (same == 1 ? " comparison" : " comparisons") + " of answers by the same " + by
                    + " left out (" + (same == 1 ? "it compares" : "they compare") + " something else)");
        }
        return new RankingReport(schema, source, by, BradleyTerry.rank(comparisons), notes);
    }

    /**
     * Adds to {@code out} the verdicts of stored {@code pairwise} assertions (eval results of the last
     * {@value #RUNS_SEARCHED} runs): the judged call against its reference answer, a win in both orders, a loss, or a
     * tie. A result that records no verdict (the check failed, stored as score 0 though no one lost) is not a loss:
     * it is left out.
     *
     * @return how many results were left out as no verdict
     */
    private int judgeVerdicts(Map<Long, CallRecord> calls, List<Outcomes> out) {
        int noVerdict = 0;
        for (RunRecord run : studio.runRepository().latest(RUNS_SEARCHED)) {
            for (EvalRecord result : studio.database().evalResults().inRun(run.id())) {
                if (!"pairwise".equals(result.type())) continue;
                PairwiseJudge.Winner winner = PairwiseJudge.storedVerdict(result.reason());
                if (winner == null) {
                    noVerdict++;
                    continue;
                }
                CallRecord call = call(calls, result.callId());
                if (call == null) continue;
                Outcome outcome = switch (winner) {
                    case FIRST -> Outcome.FIRST;
                    case SECOND -> Outcome.SECOND;
                    case TIE -> Outcome.TIE;
                };
                out.add(new Outcomes(call, null, outcome));
            }
        }
        return noVerdict;
    }

    private CallRecord call(Map<Long, CallRecord> calls, long id) {
        return calls.computeIfAbsent(id, k -> studio.callRepository().find(k).orElse(null));
    }

    /**
     * A judge compared with the people on the same calls.
     *
     * @param schema      the label schema
     * @param judgeKind   {@code llm-rubric} (rating and thumbs schemas) or {@code pairwise} (pairwise schemas)
     * @param judgeModel  the judge model's workspace id
     * @param rule        how the people's labels and the judge's verdicts were read as the compared values
     * @param calibration TPR, TNR, Cohen's kappa and {@code n}, with the units left out and why
     * @param ceiling     the agreement among the people, on the compared values (pass / fail, A / B / tie), over
     *                    every call (or pair) of the schema at least two of them labelled, settled or not: Cohen's
     *                    kappa when every such call has the same two annotators, else Krippendorff's nominal alpha
     *                    ({@link Coefficient#title()} names the one used): a judge is not expected to agree with
     *                    people better than they agree with each other
     * @param ceilingBasis whose labels the ceiling compares, in words ({@code the same 2 annotators (ann, bob) on
     *                    every item}), saying why that coefficient was used
     * @param judgeCalls  judge calls made (each recorded as a call of no run)
     * @param warning     a line to show above the figures (fewer than {@value Calibration#FEW_UNITS} items), or null
     * @param judgeError  the first unusable judge reply ({@code call 12: the judge's reply has no JSON object: ...}),
     *                    or null when every reply was usable
     * @param notes       what else the figures rest on, one line each (an annotator who labelled a call in two places
     *                    counts with their latest label)
     */
    public record CalibrationReport(String schema, String judgeKind, String judgeModel, String rule,
                                    Calibration calibration, Coefficient ceiling, String ceilingBasis, int judgeCalls,
                                    String warning, String judgeError, List<String> notes) {

        public CalibrationReport {
            notes = List.copyOf(notes);
        }

        /**
         * Why nothing was compared, in one line ({@code no item of helpfulness has both the people's settled label
         * and a usable judge verdict: people in disagreement (not adjudicated) (3 items); ...}), or null when at
         * least one item was: a calibration over no item is no figure.
         */
        public String nothingCompared() {
            if (calibration.units() > 0) return null;
            if (calibration.leftOut().isEmpty()) return "no labels of " + schema + " to compare the judge with";
            StringBuilder line = new StringBuilder("no item of " + schema
                    + " has both the people's settled label and a usable judge verdict: ");
            for (int i = 0; i < calibration.leftOut().size(); i++) {
                LeftOut group = calibration.leftOut().get(i);
                if (i > 0) line.append("; ");
                int n = group.units().size();
                line.append(group.reason()).append(" (").append(n).append(n == 1 ? " item)" : " items)");
            }
            if (judgeError != null) line.append(" (first unusable reply, ").append(judgeError).append(')');
            return ErrorText.oneLine(line.toString());
        }
    }

    /**
     * Asks judge model {@code judgeModel} about every call (or pair) the people labelled in {@code schemaName} and
     * settled, and compares. A call is one unit with its labels from every place it was labelled in (each
     * annotator's latest label), settled by the rule of {@link org.promptstudio.labelling.Consensus} read on the
     * compared value (pass / fail, or A / B / tie; decisions 0123, 0126): an adjudicator's decision; else all its
     * annotators agree and each queue item of the call has its queue's overlap k annotators (ratings 4 and 5 agree,
     * both a pass, but settle an overlap-3 item only with a third label). Compared: for a rating or thumbs schema the {@code llm-rubric} judge with the schema's description (and its points) as the rubric, pass against thumbs up or
     * a rating above the middle of the scale; for a pairwise schema the {@code pairwise} judge, asked in both orders,
     * against the people's A / B / tie. Each judge call is recorded as a call of no run, with its tokens and cost
     * (decision 0121); the response cache answers a repeated question without a new request.
     *
     * @param judgeModel a model id of studio.yaml
     * @param schemaName a rating, thumbs or pairwise schema
     * @return the figures; a unit the judge could not grade is left out with the reason; when no unit was compared
     *         {@link CalibrationReport#nothingCompared()} says why
     * @throws StudioException for an unknown schema or model, or a schema of another type
     */
    public CalibrationReport calibrate(String judgeModel, String schemaName) {
        Labelling labelling = studio.labelling();
        LabelSchema schema = labelling.schema(schemaName);
        boolean pairwise = schema.type() == LabelSchema.Type.PAIRWISE;
        if (!pairwise && schema.type() != LabelSchema.Type.RATING && schema.type() != LabelSchema.Type.THUMBS) {
            throw new StudioException("calibration compares a judge with rating, thumbs or pairwise labels; '"
                    + schemaName + "' is a " + schema.type().id() + " schema");
        }
        JudgeModels judges = Evaluation.judges(studio);
        judges.models().resolve(judgeModel); // an unknown model fails here, before any question is asked
        List<CallRecord> judgeCalls = Collections.synchronizedList(new ArrayList<>());
        JudgeModels recording = judges.scoped(null, JudgeCalls.into(judgeCalls, judges.calls()));
        String rubric = pairwise ? criteria(schema) : rubric(schema);

        // One unit per call (or pair), with its labels from every place it was labelled in.
        List<Consensus.Call> units = new ArrayList<>();
        for (Consensus.Call unit : labelling.byCall(LabelQuery.ofSchema(schema.name()))) {
            if (!pairwise || unit.b() != null) units.add(unit);
        }
        Map<String, List<String>> leftOut = new LinkedHashMap<>();
        List<JudgedUnit> judged = new ArrayList<>();
        List<Unit<String>> people = new ArrayList<>();
        Map<Long, CallRecord> calls = new HashMap<>();
        String judgeError = null;
        try {
            for (Consensus.Call unit : units) {
                String id = unit.name();
                Map<String, String> byAnnotator = new LinkedHashMap<>();
                unit.latest().forEach((annotator, label) -> byAnnotator.put(annotator, human(schema, label.value())));
                // The ceiling counts every call two people labelled, agreeing or not: over settled calls only it
                // would be 1 by construction.
                if (byAnnotator.size() >= 2) people.add(new Unit<>(id, byAnnotator));
                // the one rule (labelling.Consensus, decision 0130) read on the compared value: 4 and 5 both pass
                LabelConsensus settledBy = unit.settle((x, y) -> human(schema, x).equals(human(schema, y)));
                if (settledBy.state() == LabelConsensus.State.DISAGREEMENT) {
                    leftOut.computeIfAbsent("people in disagreement (not adjudicated)", k -> new ArrayList<>()).add(id);
                    continue;
                }
                if (settledBy.state() == LabelConsensus.State.INCOMPLETE) {
                    leftOut.computeIfAbsent("waiting for the labels the queue's overlap asks for",
                            k -> new ArrayList<>()).add(id);
                    continue;
                }
                String settled = human(schema, settledBy.value());
                CallRecord a = call(calls, unit.a());
                CallRecord b = pairwise ? call(calls, unit.b()) : null;
                if (a == null || (pairwise && b == null)) {
                    leftOut.computeIfAbsent("the call is no longer recorded", k -> new ArrayList<>()).add(id);
                    continue;
                }
                if (a.status() != CallStatus.OK || (b != null && b.status() != CallStatus.OK)) {
                    leftOut.computeIfAbsent("the call gave no answer", k -> new ArrayList<>()).add(id);
                    continue;
                }
                String verdict;
                try {
                    verdict = pairwise ? comparePair(recording, a, b, rubric, judgeModel)
                            : grade(recording, a, rubric, judgeModel);
                } catch (EvalException e) {
                    leftOut.computeIfAbsent("the judge gave no usable verdict", k -> new ArrayList<>()).add(id);
                    if (judgeError == null) judgeError = id + ": " + e.getMessage();
                    continue;
                }
                judged.add(new JudgedUnit(id, verdict, settled));
            }
        } finally {
            synchronized (judgeCalls) {
                if (!judgeCalls.isEmpty()) studio.callRepository().insertBatch(judgeCalls);
            }
        }
        List<LeftOut> groups = new ArrayList<>();
        leftOut.forEach((reason, ids) -> groups.add(new LeftOut(reason, ids)));
        Calibration calibration = JudgeCalibration.calibrate(judged, pairwise ? "A" : "pass", pairwise ? "B" : "fail",
                groups);
        // Cohen's kappa when every unit the ceiling counts has the same two annotators; else Krippendorff's alpha,
        // which takes any number of annotators per unit. The report names the one used (Coefficient.title()).
        Set<Set<String>> pairs = new HashSet<>();
        for (Unit<String> unit : people) pairs.add(unit.values().keySet());
        List<String> raters = AgreementStatistics.annotators(people);
        boolean samePair = pairs.size() == 1 && raters.size() == 2;
        Coefficient ceiling = samePair ? AgreementStatistics.cohenKappa(people, raters.get(0), raters.get(1))
                : AgreementStatistics.krippendorffAlpha(people, Level.NOMINAL);
        String basis = people.isEmpty() ? "no call was labelled by two people"
                : samePair ? "the same 2 annotators (" + String.join(", ", raters) + ") on every item"
                : raters.size() + " annotators (" + String.join(", ", raters) + "), not the same two on every item";
        List<String> notes = new ArrayList<>();
        String twice = twiceNote(units);
        if (twice != null) notes.add(twice);
        String warning = calibration.fewUnits() ? "only " + calibration.units() + (calibration.units() == 1
                ? " item" : " items") + " (fewer than " + Calibration.FEW_UNITS + "): these figures are too uncertain"
                + " to rely on" : null;
        return new CalibrationReport(schema.name(), pairwise ? "pairwise" : "llm-rubric", judgeModel, rule(schema),
                calibration, ceiling, basis, judgeCalls.size(), warning, judgeError, notes);
    }

    /** The people's value as compared with the judge's: pass / fail, or A / B / tie. */
    private static String human(LabelSchema schema, LabelValue value) {
        return switch (schema.type()) {
            case THUMBS -> "up".equals(value.thumbs()) ? "pass" : "fail";
            case RATING -> value.rating() != null && value.rating() > middle(schema) ? "pass" : "fail";
            default -> value.preference() == null ? "tie" : value.preference();
        };
    }

    private static double middle(LabelSchema schema) {
        return (schema.min() + schema.max()) / 2.0;
    }

    /** How the values were read, for the report. */
    private static String rule(LabelSchema schema) {
        return switch (schema.type()) {
            case THUMBS -> "people: thumbs up = pass; judge: its pass, else a score above 0.5";
            case RATING -> String.format(Locale.ROOT, "people: a rating above %s (of %d..%d) = pass; judge: its pass,"
                    + " else a score above 0.5", trim(middle(schema)), schema.min(), schema.max());
            default -> "people: A / B / tie; judge: A or B when it picked the same answer in both orders, else tie";
        };
    }

    private static String trim(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }

    /** The rubric the judge gets: what the people were asked, and what a passing answer is. */
    static String rubric(LabelSchema schema) {
        StringBuilder text = new StringBuilder(schema.description() == null || schema.description().isBlank()
                ? "Is this a good answer?" : schema.description().strip());
        if (schema.type() == LabelSchema.Type.RATING) {
            text.append("\nPeople rate answers from ").append(schema.min()).append(" to ").append(schema.max());
            schema.points().forEach((point, meaning) -> text.append("\n").append(point).append(": ").append(meaning));
            text.append("\nPass only an answer people would rate above ").append(trim(middle(schema))).append('.');
        } else {
            text.append("\nPass an answer people would give a thumbs up.");
        }
        return text.toString();
    }

    private static String criteria(LabelSchema schema) {
        return schema.description() == null || schema.description().isBlank() ? null : schema.description().strip();
    }

    private static String grade(JudgeModels judges, CallRecord call, String rubric, String judgeModel) {
        LlmJudge.Grade grade = new LlmJudge(judges).grade(Labelling.inputAndContext(call)[0], output(call), rubric,
                null, judgeModel);
        boolean pass = grade.pass() != null ? grade.pass() : grade.score() > 0.5;
        return pass ? "pass" : "fail";
    }

    private static String comparePair(JudgeModels judges, CallRecord a, CallRecord b, String criteria,
                                      String judgeModel) {
        PairwiseJudge.Verdict verdict = new PairwiseJudge(judges).compare(Labelling.inputAndContext(a)[0], output(a),
                output(b), criteria, judgeModel);
        return switch (verdict.winner()) {
            case FIRST -> "A";
            case SECOND -> "B";
            case TIE -> "tie";
        };
    }

    private static String output(CallRecord call) {
        if (call.texts() == null) return "";
        if (call.texts().output() != null) return call.texts().output();
        return call.texts().extractedAnswer() == null ? "" : call.texts().extractedAnswer();
    }
}
