package org.promptstudio.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.labelling.Consensus;
import org.promptstudio.labelling.LabelQueues;
import org.promptstudio.labelling.export.ConsensusLabel;
import org.promptstudio.labelling.export.ExportFormat;
import org.promptstudio.labelling.export.ExportResult;
import org.promptstudio.labelling.export.ExportRule;
import org.promptstudio.labelling.export.LabelExporter;
import org.promptstudio.labelling.export.LabelRow;
import org.promptstudio.labelling.export.LabelledCall;
import org.promptstudio.labelling.export.PairLabel;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.LabelConsensus;
import org.promptstudio.model.LabelItem;
import org.promptstudio.model.LabelQuery;
import org.promptstudio.model.LabelQueue;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelSchema;
import org.promptstudio.model.LabelValue;
import org.promptstudio.model.Message;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.StudioException;
import org.promptstudio.template.JsonValues;
import org.promptstudio.template.RenderedPromptJson;
import org.promptstudio.workspace.TestCase;

/**
 * Labelled answers put to use (issue 13, items 7 and 8): fine-tuning files (OpenAI chat, Vertex AI Gemini), preference
 * pairs for DPO and a CSV of every label, each with its provenance (decision 0127); and approved answers added to a
 * few-shot pool dataset that experiments read (decision 0128). Reads the stored labels and their consensus through
 * {@link Labelling}, the calls from the store; writes under {@code exports/} and {@code datasets/} (never committed).
 */
public final class LabelExports {

    /** The rule for the fine-tuning formats and the pool when none is given: good or corrected answers. */
    public static final String DEFAULT_RULE = "thumbs=up or corrections";
    /** The pool row's field that holds the approved answer, when none is given ({@code {{answer}}} in a template). */
    public static final String DEFAULT_FIELD = "answer";

    /**
     * What an export wrote.
     *
     * @param format     {@code openai}, {@code vertex}, {@code dpo} or {@code csv}
     * @param rule       the rule as applied ({@code thumbs=up or corrections}; empty: every labelled call)
     * @param written    examples written (pairs for DPO, labels for CSV)
     * @param file       the file, relative to the workspace ({@code exports/support-openai.jsonl})
     * @param provenance its provenance side file, relative to the workspace; null for CSV
     * @param skipped    calls or pairs the rule took that could not go in, by reason, in a fixed order
     *                   ({@code in disagreement} and {@code incomplete} counted apart)
     * @param warning    one line when fewer than 100 examples were written, else null
     */
    public record Written(String format, String rule, int written, String file, String provenance,
                          Map<String, Integer> skipped, String warning) {

        /** Calls or pairs left out because their labels differ and nobody adjudicated. */
        public int inDisagreement() {
            return skipped.getOrDefault("in disagreement", 0);
        }

        /** Calls or pairs left out because their queue item has fewer than its k labels (apart from disagreement). */
        public int incomplete() {
            return skipped.getOrDefault("incomplete", 0);
        }
    }

    /**
     * What adding to a few-shot pool did.
     *
     * @param dataset the pool's file, relative to the workspace ({@code datasets/approved.jsonl})
     * @param added   rows added
     * @param already approved answers already in the pool (their row id {@code call-N} is there)
     * @param skipped approved answers that could not be added, by reason ({@code in disagreement},
     *                {@code incomplete}, {@code inputs not found}: the call's case cannot be found in its run's
     *                dataset)
     * @param provenance the pool's provenance file, relative to the workspace
     *                ({@code exports/pool-NAME.provenance.jsonl}); a line per row added and a summary line per addition
     */
    public record Pooled(String dataset, int added, int already, Map<String, Integer> skipped, String provenance) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Left-out counts as one phrase, in their order ({@code 2 in disagreement, 1 incomplete}), as the command and the
     * window say them; empty for none.
     *
     * @param skipped counts by reason ({@link Written#skipped()}, {@link Pooled#skipped()})
     */
    public static String leftOut(Map<String, Integer> skipped) {
        return ExportResult.leftOut(skipped);
    }

    private final Studio studio;

    LabelExports(Studio studio) {
        this.studio = studio;
    }

    /**
     * Writes the labels as {@code format}.
     *
     * @param format {@code openai}, {@code vertex}, {@code dpo} or {@code csv}
     * @param rule   which labelled calls go in ({@code helpfulness>=4}); null: {@link #DEFAULT_RULE} for openai and
     *               vertex, every pair for dpo, every label for csv
     * @param out    the file to write; null: {@code exports/NAME-FORMAT.jsonl}, or {@code exports/NAME.csv} for csv,
     *               NAME the workspace's name
     * @throws StudioException one line: an unknown format, a rule that does not parse or names no schema, nothing to
     *                         export (an older file is then left as it was), a file that cannot be written (an older
     *                         file is then unchanged)
     */
    public Written export(String format, String rule, Path out) {
        ExportFormat f = ExportFormat.of(format);
        String ruleText = rule != null ? rule
                : f == ExportFormat.OPENAI || f == ExportFormat.VERTEX ? DEFAULT_RULE : "";
        ExportRule r = ExportRule.parse(ruleText);
        LabelExporter.Input input = input(f == ExportFormat.CSV);
        Path file = out != null ? out : studio.workspace().exportsDir().resolve(fileName(f));
        ExportResult result = LabelExporter.write(f, r, input, file.toAbsolutePath());
        return new Written(f.id(), r.text(), result.written(), shown(result.file()),
                result.provenance() == null ? null : shown(result.provenance()), result.skipped(), result.warning());
    }

    /**
     * The default file name of an export: {@code NAME-FORMAT.jsonl} for the JSONL formats, {@code NAME.csv} for the
     * labels CSV; NAME the workspace's name.
     */
    String fileName(ExportFormat f) {
        String name = studio.workspace().config().name();
        if (name == null || name.isBlank()) name = studio.workspace().root().toAbsolutePath().getFileName().toString();
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return f == ExportFormat.CSV ? safe + ".csv" : safe + "-" + f.id() + "." + f.extension();
    }

    /** {@link #addToPool(String, String, String, boolean)} that refuses an evaluation dataset. */
    public Pooled addToPool(String rule, String dataset, String field) {
        return addToPool(rule, dataset, field, false);
    }

    /**
     * Appends the answers {@code rule} approves (a settled correction replaces the model's answer) to the few-shot
     * pool dataset {@code dataset} ({@code datasets/NAME.jsonl}, made when missing): one row per answer, its case's
     * input fields (recovered from the call's run: its experiment's or grid's dataset, by case id), the answer under
     * {@code field}, and {@code id} {@code call-N}. An answer whose row is already there is not added again. Each
     * row added gets a line in the provenance file {@code exports/pool-NAME.provenance.jsonl} (row, call, prompt path
     * and commit, model, which answer, rule, and per label schema its status, schema versions and annotators), and
     * each addition a summary line (rule, counts).
     *
     * @param rule  which calls' answers ({@code helpfulness>=4}, {@code corrections}); null: {@link #DEFAULT_RULE}
     * @param field the field for the answer; null: {@link #DEFAULT_FIELD}
     * @param intoEvaluationSet whether to append even to a dataset used as an evaluation set (see
     *              {@link #evaluationUse}); false refuses it
     * @throws StudioException one line: a bad rule, a dataset name that is not letters, digits, '-' and '_', a CSV
     *                         dataset of that name, an evaluation dataset (unless {@code intoEvaluationSet}), a field
     *                         that is also an input of the case or that would make the row an evaluation row
     */
    public Pooled addToPool(String rule, String dataset, String field, boolean intoEvaluationSet) {
        String name = dataset == null ? "" : dataset.strip();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            // as Datasets.appendRow says it, before anything is read
            throw new StudioException("dataset name '" + name + "': use letters, digits, '-' and '_'");
        }
        dataset = name;
        ExportRule r = ExportRule.parse(rule == null ? DEFAULT_RULE : rule);
        String answerField = field == null || field.isBlank() ? DEFAULT_FIELD : field.strip();
        if (answerField.equals("expected") || answerField.startsWith("expected_") || answerField.equals("split")
                || answerField.equals(TestCase.ASSERT)) {
            throw new StudioException("the pool field '" + answerField + "' is what an evaluation set's rows check"
                    + " against: choose another field (default " + DEFAULT_FIELD + ")");
        }
        if (!intoEvaluationSet) {
            String why = evaluationUse(dataset);
            if (why != null) {
                throw new StudioException("dataset '" + dataset + "' is an evaluation set (" + why + "): the pool"
                        + " would add rows to what experiments are scored on; name a new pool dataset, or pass"
                        + " --into-evaluation-set to append anyway");
            }
        }
        LabelExporter.Selection selection = LabelExporter.approved(r, input(false));
        Map<String, Integer> skipped = new LinkedHashMap<>(selection.skipped());
        java.util.Set<String> present = new java.util.HashSet<>();
        List<String> provenance = new ArrayList<>();
        studio.datasets().find(dataset).ifPresent(d -> d.cases().forEach(c -> present.add(c.id())));
        Map<Long, Map<String, RunPlan.Case>> casesByRun = new HashMap<>();
        int added = 0;
        int already = 0;
        String file = null;
        for (LabelExporter.Approved a : selection.approved()) {
            String id = "call-" + a.call().callId();
            if (present.contains(id)) {
                already++;
                continue;
            }
            Map<String, Object> inputs = inputs(a.call().callId(), casesByRun);
            if (inputs == null) {
                skipped.merge("inputs not found", 1, Integer::sum);
                continue;
            }
            if (inputs.containsKey(answerField)) {
                throw new StudioException("the pool field '" + answerField + "' is also an input of call "
                        + a.call().callId() + "'s case: choose another field");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.putAll(inputs);
            row.put(answerField, a.answer());
            String place = studio.datasets().appendRow(dataset, row);
            file = place.substring(0, place.lastIndexOf(':'));
            present.add(id);
            added++;
            provenance.add(poolLine(id, a, r));
        }
        if (file == null) {
            file = studio.datasets().find(dataset).map(d -> studio.workspace().relative(d.path()))
                    .orElse("datasets/" + dataset + ".jsonl");
        }
        ObjectNode summary = JSON.createObjectNode();
        ObjectNode sum = summary.putObject("summary");
        sum.put("dataset", file);
        sum.put("rule", r.text());
        sum.put("added", added);
        sum.put("already", already);
        ObjectNode left = sum.putObject("left_out");
        skipped.forEach(left::put);
        sum.put("at", java.time.Instant.now().toString());
        provenance.add(summary.toString());
        Path side = studio.workspace().exportsDir().resolve("pool-" + dataset + ".provenance.jsonl").toAbsolutePath();
        StringBuilder text = new StringBuilder();
        try {
            if (Files.isRegularFile(side)) text.append(Files.readString(side, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StudioException(shown(side) + ": cannot be read (" + e.getMessage() + ")", e);
        }
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') text.append('\n');
        for (String l : provenance) text.append(l).append('\n');
        AtomicFile.writeString(side, shown(side), text.toString());
        return new Pooled(file, added, already, skipped, shown(side));
    }

    /** A pool row's provenance line. */
    private static String poolLine(String rowId, LabelExporter.Approved a, ExportRule rule) {
        ObjectNode p = JSON.createObjectNode();
        p.put("row", rowId);
        p.put("call_id", a.call().callId());
        p.put("prompt_path", a.call().promptPath());
        p.put("prompt_commit", a.call().promptCommit());
        p.put("model", a.call().model());
        p.put("answer", a.source());
        p.put("rule", rule.text());
        p.set("labels", LabelExporter.labels(a.call()));
        return p.toString();
    }

    /**
     * Why dataset {@code name} is used as an evaluation set, or null when it is not: its rows have expected values,
     * splits or assertions, {@code studio.yaml} names it the default dataset, or an experiment runs on it (its
     * {@code dataset:}; a few-shot {@code pool:} does not count). An experiment file that cannot be read is passed
     * over.
     *
     * @return the reasons joined by "; " ({@code 3 rows have expected values; experiments/a.yaml runs on it})
     */
    String evaluationUse(String name) {
        List<String> why = new ArrayList<>();
        Optional<org.promptstudio.workspace.Dataset> d = studio.datasets().find(name);
        if (d.isPresent()) {
            long expected = d.get().cases().stream().filter(c -> c.expected() != null && !c.expected().isEmpty()).count();
            long split = d.get().cases().stream().filter(c -> c.split() != null).count();
            long asserts = d.get().cases().stream().filter(c -> !c.assertions().isEmpty()).count();
            if (expected > 0) why.add(rows(expected) + " expected values");
            if (split > 0) why.add(rows(split) + " a split");
            if (asserts > 0) why.add(rows(asserts) + " assertions");
        }
        if (name.equals(studio.defaultDataset())) why.add("studio.yaml names it the default dataset");
        for (String e : studio.experiments().list()) {
            try {
                if (name.equals(studio.experiments().read(e).dataset())) {
                    why.add("experiments/" + e + ".yaml runs on it");
                }
            } catch (RuntimeException unreadable) {
                // a broken experiment file is its own error elsewhere; it names no dataset we can read
            }
        }
        return why.isEmpty() ? null : String.join("; ", why);
    }

    private static String rows(long n) {
        return n == 1 ? "1 row has" : n + " rows have";
    }

    /** The input fields of the case call {@code callId} answered, or null when they cannot be found. */
    private Map<String, Object> inputs(long callId, Map<Long, Map<String, RunPlan.Case>> casesByRun) {
        Optional<CallRecord> call = studio.callRepository().find(callId);
        if (call.isEmpty() || call.get().runId() == null || call.get().caseId() == null) return null;
        Map<String, RunPlan.Case> cases = casesByRun.computeIfAbsent(call.get().runId(), id -> {
            Map<String, RunPlan.Case> out = new HashMap<>();
            Optional<RunRecord> run = studio.runRepository().find(id);
            if (run.isPresent()) studio.runGrids().plannedCases(run.get(), out);
            return out;
        });
        RunPlan.Case c = cases.get(call.get().caseId());
        if (c == null || c.input() == null || c.input().isEmpty()) return null;
        Map<String, Object> in = new LinkedHashMap<>(c.input());
        // the few-shot examples and a conversation's history are what a run adds, not the case's input
        in.remove("examples");
        in.remove(org.promptstudio.experiment.ExperimentRunner.HISTORY_FIELD);
        return in;
    }

    /** Every labelled call with its consensus per schema, the settled pairs, and (for CSV) every label. */
    private LabelExporter.Input input(boolean withRows) {
        Labelling labelling = studio.labelling();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, LabelSchema> schemas = new LinkedHashMap<>();
        for (LabelSchema s : labelling.schemas()) {
            types.put(s.name(), s.type().id());
            schemas.put(s.name(), s);
        }
        // one unit per schema and call, pair (lower id first) or ranked set (kept with its lowest call), over every
        // place it was labelled in (decision 0130: each annotator's latest label counts once), by (call, schema) and
        // by (call A, call B, schema), in call order
        Map<Long, Map<String, List<LabelConsensus>>> single = new TreeMap<>();
        Map<List<Object>, List<LabelConsensus>> paired = new LinkedHashMap<>();
        for (Consensus.Call unit : labelling.byCall(LabelQuery.all())) {
            if (!types.containsKey(unit.schema())) continue; // a schema no longer in studio.yaml: in the CSV only
            LabelConsensus u = unit.settle(LabelValue::agreesWith);
            if (u.callIdB() == null) {
                single.computeIfAbsent(u.callId(), k -> new TreeMap<>())
                        .computeIfAbsent(u.schema(), k -> new ArrayList<>()).add(u);
            } else if (types.get(u.schema()).equals(LabelSchema.Type.PAIRWISE.id())) {
                paired.computeIfAbsent(List.of(u.callId(), u.callIdB(), u.schema()), k -> new ArrayList<>()).add(u);
            }
        }
        Map<Long, CallRecord> calls = new HashMap<>();
        List<LabelledCall> labelled = new ArrayList<>();
        java.util.Set<Long> wanted = new java.util.TreeSet<>(single.keySet());
        for (List<Object> k : paired.keySet()) {
            wanted.add((Long) k.get(0));
            wanted.add((Long) k.get(1));
        }
        // the answers a ranking orders (its label is kept with its first call)
        single.values().forEach(bySchema -> bySchema.values().forEach(units -> units.forEach(u -> {
            if (u.value() != null && u.value().ranking() != null) wanted.addAll(u.value().ranking());
        })));
        for (long id : wanted) {
            CallRecord c = call(id, calls);
            if (c == null) continue;
            Map<String, ConsensusLabel> labels = new LinkedHashMap<>();
            single.getOrDefault(id, Map.of()).forEach((schema, units) ->
                    labels.put(schema, ConsensusLabel.of(schema, types.get(schema), units)));
            labelled.add(new LabelledCall(id, c.promptPath(), c.promptCommit(), model(c), messages(c),
                    c.texts() == null ? null : c.texts().output(), labels));
        }
        List<PairLabel> pairs = new ArrayList<>();
        paired.forEach((k, units) -> {
            String schema = (String) k.get(2);
            pairs.add(new PairLabel((Long) k.get(0), (Long) k.get(1),
                    ConsensusLabel.of(schema, types.get(schema), units)));
        });
        List<LabelRow> rows = new ArrayList<>();
        if (withRows) {
            Map<Long, String> queues = queueNames();
            for (LabelRecord l : labelling.labels(LabelQuery.all())) {
                CallRecord c = call(l.callId(), calls);
                rows.add(new LabelRow(l.callId(), l.callIdB(), l.itemId(), l.itemId() == null ? null
                        : queues.get(l.itemId()), l.schemaName(), l.schemaVersion(), l.annotator(), l.value().json(),
                        l.isFinal(), l.createdAt(), c == null ? null : model(c), c == null ? null : c.promptPath(),
                        c == null ? null : c.promptCommit()));
            }
        }
        return new LabelExporter.Input(types, labelled, pairs, rows, schemas);
    }

    private CallRecord call(long id, Map<Long, CallRecord> calls) {
        if (calls.containsKey(id)) return calls.get(id);
        CallRecord c = studio.callRepository().find(id).orElse(null);
        calls.put(id, c);
        return c;
    }

    /** The queue of each item, by item id. */
    private Map<Long, String> queueNames() {
        Map<Long, String> out = new HashMap<>();
        LabelQueues service = new LabelQueues(studio.database().labelQueues(), studio.database().labels());
        for (LabelQueue q : service.queues()) {
            for (LabelItem i : service.items(q)) out.put(i.id(), q.name());
        }
        return out;
    }

    /** The call's model as the studio names it elsewhere ({@code openai/gpt-4o-mini}). */
    private static String model(CallRecord c) {
        return c.provider() + "/" + c.model();
    }

    /** The messages sent, as recorded; none when they cannot be read (the call is then left out as having no user message). */
    private static List<Message> messages(CallRecord c) {
        if (c.texts() == null || c.texts().messagesJson() == null) return List.of();
        try {
            return RenderedPromptJson.fromMaps(JsonValues.parseArray(c.texts().messagesJson(), "recorded messages"));
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private String shown(Path file) {
        Path root = studio.workspace().root().toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        return f.startsWith(root) ? studio.workspace().relative(f) : f.toString();
    }
}
