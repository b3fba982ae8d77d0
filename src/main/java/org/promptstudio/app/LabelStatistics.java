package org.promptstudio.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
     * @param units      units with at least one annotator's label (a queue item; a call or pair labelled outside
     *                   queues)
     * @param labels     annotators' labels counted (each annotator's latest per unit; adjudicators' decisions are not
     *                   counted: they are not an annotator's judgement)
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
        List<LabelConsensus> units = studio.labelling().consensus(query);
        List<String> notes = new ArrayList<>();
        Set<String> annotators = new TreeSet<>();
        Set<String> versions = new TreeSet<>();
        int labels = 0;
        int unreadable = 0;
        // Each unit's annotators' values (adjudications left out), by unit name.
        List<String> names = new ArrayList<>();
        List<Map<String, LabelValue>> values = new ArrayList<>();
        for (LabelConsensus unit : units) {
            Map<String, LabelValue> byAnnotator = new LinkedHashMap<>();
            for (LabelRecord label : unit.labels()) {
                if (label.isFinal()) continue;
                if (!fits(schema.type(), label.value())) {
                    unreadable++;
                    continue;
                }
                byAnnotator.put(label.annotator(), label.value());
                annotators.add(label.annotator());
                versions.add(label.schemaVersion());
                labels++;
            }
            if (byAnnotator.isEmpty()) continue;
            names.add(unitName(unit, queue != null));
            values.add(byAnnotator);
        }
        if (unreadable > 0) {
            notes.add(unreadable + (unreadable == 1 ? " label has" : " labels have") + " no " + schema.type().id()
                    + " value (given under another definition of the schema) and " + (unreadable == 1 ? "is" : "are")
                    + " not counted");
        }
        if (versions.size() > 1) {
            notes.add("labels of " + versions.size() + " versions of the schema are counted together");
        }
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
        return "call " + unit.callId() + (unit.callIdB() == null ? "" : "/" + unit.callIdB());
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
     * a pair is one comparison; an adjudicated pair counts once, as decided), and from stored {@code pairwise} judge
     * verdicts, which compare a call with its case's reference answer ({@link #REFERENCE}, a contestant of its own)
     * and count as a win only when the judge picked the same answer in both orders (else a tie;
     * {@link PairwiseJudge}).
     *
     * @param schema only this pairwise schema's labels (null: every pairwise schema's)
     * @return per schema a ranking by model and one by prompt version, then the judge's; a comparison of two calls of
     *         the same model (or version) counts only in the other ranking
     * @throws StudioException when the schema does not exist or is not a pairwise schema
     */
    public List<RankingReport> ranking(String schema) {
        Labelling labelling = studio.labelling();
        List<LabelSchema> schemas = new ArrayList<>();
        if (schema != null) {
            LabelSchema s = labelling.schema(schema);
            if (s.type() != LabelSchema.Type.PAIRWISE) {
                throw new StudioException("a ranking needs a pairwise schema; '" + schema + "' is a "
                        + s.type().id() + " schema");
            }
            schemas.add(s);
        } else {
            for (LabelSchema s : labelling.schemas()) if (s.type() == LabelSchema.Type.PAIRWISE) schemas.add(s);
        }
        Map<Long, CallRecord> calls = new HashMap<>();
        List<RankingReport> reports = new ArrayList<>();
        for (LabelSchema s : schemas) {
            List<Outcomes> outcomes = new ArrayList<>();
            for (LabelConsensus unit : labelling.consensus(LabelQuery.ofSchema(s.name()))) {
                if (unit.callIdB() == null) continue;
                CallRecord a = call(calls, unit.callId());
                CallRecord b = call(calls, unit.callIdB());
                if (a == null || b == null) continue;
                List<LabelRecord> counted = new ArrayList<>();
                for (LabelRecord label : unit.labels()) if (label.isFinal()) counted.add(label);
                if (counted.isEmpty()) counted.addAll(unit.labels());
                for (LabelRecord label : counted) {
                    String preference = label.value().preference();
                    if (preference != null) outcomes.add(new Outcomes(a, b, outcome(preference)));
                }
            }
            reports.add(rankingReport(s.name(), "people", "model", outcomes, CallText::model, List.of()));
            reports.add(rankingReport(s.name(), "people", "prompt version", outcomes, CallText::version, List.of()));
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

    /** One outcome between two calls; {@code b} is null for a case's reference answer. */
    private record Outcomes(CallRecord a, CallRecord b, Outcome outcome) {
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
            else comparisons.add(new Comparison(a, b, o.outcome()));
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
     *                    every call (or pair) of the schema at least two of them labelled, settled or not (Cohen's
     *                    kappa for exactly two annotators, else Krippendorff's nominal alpha): a judge is not expected
     *                    to agree with people better than they agree with each other
     * @param judgeCalls  judge calls made (each recorded as a call of no run)
     * @param warning     a line to show above the figures (fewer than {@value Calibration#FEW_UNITS} items), or null
     * @param judgeError  the first unusable judge reply ({@code call 12: the judge's reply has no JSON object: ...}),
     *                    or null when every reply was usable
     */
    public record CalibrationReport(String schema, String judgeKind, String judgeModel, String rule,
                                    Calibration calibration, Coefficient ceiling, int judgeCalls, String warning,
                                    String judgeError) {
    }

    /**
     * Asks judge model {@code judgeModel} about every call (or pair) the people labelled in {@code schemaName} and
     * settled (adjudicated, or all annotators agree on the compared value: pass / fail, or A / B / tie), and
     * compares: for a rating or thumbs schema the {@code llm-rubric} judge with the schema's description (and its points) as the rubric, pass against thumbs up or
     * a rating above the middle of the scale; for a pairwise schema the {@code pairwise} judge, asked in both orders,
     * against the people's A / B / tie. Each judge call is recorded as a call of no run, with its tokens and cost
     * (decision 0121); the response cache answers a repeated question without a new request.
     *
     * @param judgeModel a model id of studio.yaml
     * @param schemaName a rating, thumbs or pairwise schema
     * @return the figures; a unit the judge could not grade is left out with the reason
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

        // Units by the call (or pair) they are about: the same call labelled in two queues is one unit.
        Map<String, List<LabelConsensus>> byCall = new LinkedHashMap<>();
        for (LabelConsensus unit : labelling.consensus(LabelQuery.ofSchema(schema.name()))) {
            if (pairwise && unit.callIdB() == null) continue;
            byCall.computeIfAbsent(unitName(unit, false), k -> new ArrayList<>()).add(unit);
        }
        Map<String, List<String>> leftOut = new LinkedHashMap<>();
        List<JudgedUnit> judged = new ArrayList<>();
        List<Unit<String>> people = new ArrayList<>();
        Map<Long, CallRecord> calls = new HashMap<>();
        String judgeError = null;
        try {
            for (Map.Entry<String, List<LabelConsensus>> entry : byCall.entrySet()) {
                String id = entry.getKey();
                Set<String> settled = new TreeSet<>();
                Map<String, String> byAnnotator = new LinkedHashMap<>();
                for (LabelConsensus unit : entry.getValue()) {
                    String value = settledValue(schema, unit);
                    if (value != null) settled.add(value);
                    for (LabelRecord label : unit.labels()) {
                        if (!label.isFinal()) byAnnotator.put(label.annotator(), human(schema, label.value()));
                    }
                }
                // The ceiling counts every call two people labelled, agreeing or not: over settled calls only it
                // would be 1 by construction.
                if (byAnnotator.size() >= 2) people.add(new Unit<>(id, byAnnotator));
                if (settled.isEmpty()) {
                    boolean split = entry.getValue().stream().anyMatch(u -> u.state() == LabelConsensus.State.DISAGREEMENT);
                    leftOut.computeIfAbsent(split ? "people in disagreement (not adjudicated)"
                            : "waiting for the labels the queue's overlap asks for", k -> new ArrayList<>()).add(id);
                    continue;
                }
                if (settled.size() > 1) {
                    leftOut.computeIfAbsent("labelled differently in different queues", k -> new ArrayList<>()).add(id);
                    continue;
                }
                LabelConsensus unit = entry.getValue().get(0);
                CallRecord a = call(calls, unit.callId());
                CallRecord b = pairwise ? call(calls, unit.callIdB()) : null;
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
                judged.add(new JudgedUnit(id, verdict, settled.iterator().next()));
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
        Coefficient ceiling = AgreementStatistics.annotators(people).size() == 2
                ? AgreementStatistics.cohenKappa(people)
                : AgreementStatistics.krippendorffAlpha(people, Level.NOMINAL);
        String warning = calibration.fewUnits() ? "only " + calibration.units() + (calibration.units() == 1
                ? " item" : " items") + " (fewer than " + Calibration.FEW_UNITS + "): these figures are too uncertain"
                + " to rely on" : null;
        return new CalibrationReport(schema.name(), pairwise ? "pairwise" : "llm-rubric", judgeModel, rule(schema),
                calibration, ceiling, judgeCalls.size(), warning, judgeError);
    }

    /**
     * The value the people settled {@code unit} on, as compared with the judge (pass / fail, or A / B / tie), or null
     * when they did not: an adjudicator's decision; else the labels' common value, read as pass / fail first, so a
     * rating of 4 and one of 5 (both pass) agree. A unit not yet settled for another reason (a queue item short of
     * its labels) stays unsettled.
     */
    private static String settledValue(LabelSchema schema, LabelConsensus unit) {
        if (unit.state() == LabelConsensus.State.FINAL || unit.state() == LabelConsensus.State.UNANIMOUS) {
            return human(schema, unit.value());
        }
        if (unit.state() != LabelConsensus.State.DISAGREEMENT) return null;
        Set<String> values = new TreeSet<>();
        for (LabelRecord label : unit.labels()) {
            if (!label.isFinal()) values.add(human(schema, label.value()));
        }
        return values.size() == 1 ? values.iterator().next() : null;
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
