package org.promptstudio.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.eval.AssertionResult;
import org.promptstudio.eval.AssertionSpec;
import org.promptstudio.eval.AssertionSpecs;
import org.promptstudio.eval.Assertions;
import org.promptstudio.eval.CaseResult;
import org.promptstudio.eval.EvalException;
import org.promptstudio.eval.Evaluator;
import org.promptstudio.eval.JudgeModels;
import org.promptstudio.eval.Metrics;
import org.promptstudio.eval.SampleAnswer;
import org.promptstudio.experiment.ExperimentSpec;
import org.promptstudio.experiment.MajorityVote;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.EvalRecord;
import org.promptstudio.model.Message;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.template.ParsedPrompt;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.PromptMetadata;
import org.promptstudio.template.RenderData;
import org.promptstudio.workspace.Dataset;
import org.promptstudio.workspace.TestCase;

/**
 * Evaluates recorded runs: every call of a run is judged with the assertions declared for it — in the experiment
 * file ({@code assertions:}), in its dataset case ({@code assert}), and in its prompt (front matter
 * {@code metadata: {assertions: [...]}} of the version that ran, or a sibling {@code prompts/NAME.assertions.yaml})
 * — plus, when the prompt declares {@code output.format: json} with an {@code output.schema}, a {@code json-schema}
 * check of every answer against that schema (unless one is declared already), and the results are kept in the
 * database against each call. A call left with no weighted assertion is unchecked, not passed (decision 0020).
 * Judges use the workspace's {@code prompts/judge-rubric.prompt} / {@code judge-pairwise.prompt} when present, else
 * the built-in ones, and the model named by the assertion's {@code judge} option or else {@code defaults.model} of
 * studio.yaml.
 */
public final class Evaluation {

    private static final String BUILT_IN_JUDGES = "/org/promptstudio/app/judges/";
    private static final String SIBLING = ".assertions.yaml";

    private final Studio studio;
    private final Assertions assertions;
    private final Evaluator evaluator;
    private final Metrics metrics;
    private final JudgeModels judges;
    private final ObjectMapper yaml = org.promptstudio.format.Yaml.mapper();

    Evaluation(Studio studio, Metrics metrics, JudgeModels judges) {
        this.studio = studio;
        this.metrics = metrics;
        this.judges = judges != null ? judges : judges(studio);
        this.assertions = new Assertions(metrics, this.judges);
        this.evaluator = new Evaluator(assertions);
    }

    public Assertions assertions() {
        return assertions;
    }

    /**
     * Every case of run {@code runId}, judged; each case passes when all its weighted assertions pass. A case is one
     * call, except in a self-consistency run, where it is the majority vote of a cell's samples (prompt version x
     * model x dataset case; see {@link org.promptstudio.eval.Evaluator#evaluateVote}). Other experiments with
     * {@code samples: N > 1} sample for variance, not for a vote: each sample is judged alone.
     */
    public List<CaseResult> evaluateRun(long runId) {
        return evaluateRun(runId, null);
    }

    /** As {@link #evaluateRun(long)}; with {@code passScore}, a case passes when its weighted score reaches it. */
    public List<CaseResult> evaluateRun(long runId, Double passScore) {
        return judge(runId, passScore, (List<CallRecord>) null).stream().map(Judged::result).toList();
    }

    /** A call's result with the assertions it was judged by (in the same order), for their weights. */
    private record Judged(CaseResult result, List<AssertionSpec> specs) {
    }

    /**
     * Judges run {@code runId}'s calls; every judge call made for them ({@code llm-rubric}, {@code pairwise}) is
     * recorded as a call of its own, with its tokens and cost, even when a later judge fails (decision 0121).
     */
    private List<Judged> judge(long runId, Double passScore, List<CallRecord> recorded) {
        List<CallRecord> judgeCalls = java.util.Collections.synchronizedList(new ArrayList<>());
        Evaluator recording = new Evaluator(new Assertions(metrics,
                judges.scoped(judges.cancellation(), JudgeCalls.into(judgeCalls, judges.calls()))));
        try {
            return judge(runId, passScore, recording, recorded);
        } finally {
            synchronized (judgeCalls) {
                if (!judgeCalls.isEmpty()) studio.callRepository().insertBatch(judgeCalls);
            }
        }
    }

    /**
     * @param recorded the run's calls as {@link org.promptstudio.store.CallRepository#inRunWithAnswers} reads them,
     *                 kept in memory by the run that made them ({@link RecordedCalls}); null: read them back
     */
    private List<Judged> judge(long runId, Double passScore, Evaluator evaluator, List<CallRecord> recorded) {
        RunRecord run = studio.runRepository().find(runId).orElseThrow(() -> Runs.unknownRun(runId));
        ExperimentSpec spec = run.experimentPath() == null ? null : studio.experiments().read(run.experimentPath());
        String specWhere = run.experimentPath();
        List<AssertionSpec> fromSpec = spec == null ? List.of()
                : AssertionSpecs.read(spec.assertions(), specWhere, assertions);
        Dataset dataset = spec == null || spec.dataset() == null ? null : dataset(spec);
        Map<String, TestCase> cases = new HashMap<>();
        if (dataset != null) dataset.cases().forEach(c -> cases.put(c.id(), c));
        Map<String, PromptSide> prompts = new HashMap<>();
        List<CallRecord> calls = recorded != null ? recorded : studio.callRepository().inRunWithAnswers(runId);
        List<Judged> out = new ArrayList<>();
        if (spec != null && spec.strategy().type().equals(ExperimentSpec.Strategy.SELF_CONSISTENCY)) {
            int votes = spec.strategy().votes() == null ? 1 : Math.max(1, spec.strategy().votes());
            for (List<CallRecord> cell : votingCells(calls, votes)) {
                CallRecord first = cell.get(0);
                Setup setup = setup(first, spec, fromSpec, dataset, cases, prompts);
                out.add(new Judged(vote(cell, first.sampleIndex() / votes, setup, passScore, evaluator),
                        setup.specs()));
            }
            return out;
        }
        for (CallRecord call : calls) {
            Setup setup = setup(call, spec, fromSpec, dataset, cases, prompts);
            out.add(new Judged(evaluator.evaluate(call, setup.evalCase(), setup.specs(), passScore), setup.specs()));
        }
        return out;
    }

    /**
     * Run {@code runId}'s case results as they were stored when it was last judged ({@code studio eval}, {@code studio
     * run}, the window's scoring, a compare grid's checks), read back without calling any judge; empty when they
     * cannot stand for the run, and it must be judged: nothing stored, or a call (for a self-consistency run, a voted
     * cell) of the run with no stored result (a resumed run, a grid left before its checks). A self-consistency run's
     * rows hold each vote's checks against the vote's shown call: its votes are counted again from the samples (no
     * model is asked) and read with those checks ({@link Evaluator#storedVote}). A case's split is its dataset's,
     * when the run's experiment still names one.
     */
    public java.util.Optional<List<CaseResult>> storedResults(long runId) {
        RunRecord run = studio.runRepository().find(runId).orElseThrow(() -> Runs.unknownRun(runId));
        List<EvalRecord> records = studio.database().evalResults().inRun(runId);
        if (records.isEmpty()) return java.util.Optional.empty();
        Map<Long, List<EvalRecord>> byCall = new HashMap<>();
        for (EvalRecord e : records) byCall.computeIfAbsent(e.callId(), k -> new ArrayList<>()).add(e);
        Map<String, String> splits = new HashMap<>();
        if (run.experimentPath() != null) {
            ExperimentSpec spec;
            try {
                spec = studio.experiments().read(run.experimentPath());
            } catch (RuntimeException e) {
                spec = null; // the file changed or is gone: the stored results stand, without splits
            }
            if (spec != null && spec.dataset() != null) {
                studio.datasets().find(spec.dataset()).ifPresent(d -> d.cases().forEach(c -> splits.put(c.id(), c.split())));
            }
            if (spec != null && spec.strategy().type().equals(ExperimentSpec.Strategy.SELF_CONSISTENCY)) {
                return storedVotes(runId, spec, byCall, splits);
            }
        }
        List<CaseResult> out = new ArrayList<>();
        for (CallRecord call : studio.callRepository().inRunWithAnswers(runId)) {
            List<EvalRecord> checks = call.id() == null ? null : byCall.get(call.id());
            if (checks == null) return java.util.Optional.empty();
            out.add(fromStored(call, call.caseId() == null ? null : splits.get(call.caseId()), checks));
        }
        return java.util.Optional.of(out);
    }

    /** A self-consistency run's voted cases read back from the rows stored against each vote's shown call. */
    private java.util.Optional<List<CaseResult>> storedVotes(long runId, ExperimentSpec spec,
                                                             Map<Long, List<EvalRecord>> byCall,
                                                             Map<String, String> splits) {
        int votes = spec.strategy().votes() == null ? 1 : Math.max(1, spec.strategy().votes());
        List<CaseResult> out = new ArrayList<>();
        for (List<CallRecord> cell : votingCells(studio.callRepository().inRunWithAnswers(runId), votes)) {
            List<EvalRecord> checks = null;
            for (CallRecord c : cell) {
                if (c.id() != null && byCall.containsKey(c.id())) {
                    checks = byCall.get(c.id());
                    break;
                }
            }
            if (checks == null) return java.util.Optional.empty();
            CallRecord first = cell.get(0);
            Ballot ballot = ballot(cell);
            Checks read = Checks.of(checks);
            out.add(Evaluator.storedVote(cell, ballot.samples(), ballot.winner(), ballot.agreement(),
                    first.sampleIndex() / votes, first.caseId() == null ? null : splits.get(first.caseId()),
                    read.results(), read.weights(), checks.get(0).passScore()));
        }
        return java.util.Optional.of(out);
    }

    /**
     * One call's stored rows (at least one, in stored order) as its case result ({@link Evaluator#stored}), judged by
     * the pass score they were stored with; a {@link EvalRecord#NO_CHECK} row is no result: a call with only that
     * reads back unchecked.
     */
    static CaseResult fromStored(CallRecord call, String split, List<EvalRecord> checks) {
        Checks read = Checks.of(checks);
        return Evaluator.stored(call, split, read.results(), read.weights(), checks.get(0).passScore());
    }

    /** Stored rows as assertion results with their weights, in stored order; a {@code (no check)} row left out. */
    private record Checks(List<AssertionResult> results, List<Double> weights) {
        static Checks of(List<EvalRecord> rows) {
            List<AssertionResult> results = new ArrayList<>();
            List<Double> weights = new ArrayList<>();
            for (EvalRecord e : rows) {
                if (e.isNoCheck()) continue;
                results.add(new AssertionResult(e.type(), e.pass(), e.score(), e.reason()));
                weights.add(e.weight());
            }
            return new Checks(results, weights);
        }
    }

    /**
     * The stored rows of one judged call: one per assertion result with its spec's weight ({@code specs} in the
     * results' order; a result past them, {@link Evaluator#NO_ANSWER}, weighs 1), or one {@link EvalRecord#NO_CHECK}
     * row when the call was judged with no assertion at all, so it reads back as unchecked, not as never judged.
     */
    static List<EvalRecord> records(long runId, CaseResult result, List<Double> weights, Double passScore,
                                    Instant now) {
        List<EvalRecord> out = new ArrayList<>();
        List<AssertionResult> as = result.assertions();
        if (as.isEmpty()) {
            out.add(EvalRecord.noCheck(result.callId(), runId, now, passScore));
            return out;
        }
        for (int i = 0; i < as.size(); i++) {
            AssertionResult a = as.get(i);
            double weight = i < weights.size() ? weights.get(i) : 1.0;
            out.add(new EvalRecord(null, result.callId(), runId, a.type(), a.pass(), a.score(), a.reason(), weight,
                    now, passScore));
        }
        return out;
    }

    /**
     * Judges single calls of a comparison as they end ({@link StreamingCompare}): each with the assertions of its
     * dataset case ({@code assert}, when {@code dataset} is given and the call's case is one of its rows) and of its
     * prompt version (metadata, sibling file, declared JSON output), as {@code studio eval} judges a run's calls. A
     * call with nothing declared is unchecked (decision 0020). Thread-safe: the grid's calls end on several threads.
     *
     * @param dataset dataset name, or null for typed inputs (then only the prompt's own assertions apply)
     * @throws EvalException one line naming the place, for a dataset that does not exist
     */
    StreamingCompare.Checker checker(String dataset) {
        return checker(dataset, evaluator);
    }

    /**
     * As {@link #checker(String)}, with each judge call stopped by {@code cancel} (its HTTP request is aborted when
     * it is cancelled) and told to {@code heard} when it answered (decision 0113: the playground's Stop and a judge's
     * cost).
     */
    StreamingCompare.Checker checker(String dataset, org.promptstudio.provider.Cancellation cancel,
                                     JudgeModels.Calls heard) {
        return checker(dataset, new Evaluator(new Assertions(metrics, judges.scoped(cancel, heard))));
    }

    private StreamingCompare.Checker checker(String dataset, Evaluator evaluator) {
        Dataset d = dataset == null ? null : studio.datasets().find(dataset).orElseThrow(() ->
                new EvalException("no dataset '" + dataset + "' in datasets/"));
        Map<String, TestCase> cases = new HashMap<>();
        if (d != null) d.cases().forEach(c -> cases.put(c.id(), c));
        Map<String, PromptSide> prompts = new java.util.concurrent.ConcurrentHashMap<>();
        Map<Long, List<Double>> weights = new java.util.concurrent.ConcurrentHashMap<>();
        return new StreamingCompare.Checker() {
            @Override
            public CaseResult check(CallRecord call) {
                Setup setup;
                synchronized (prompts) {
                    setup = setup(call, null, List.of(), d, cases, prompts);
                }
                CaseResult result = evaluator.evaluate(call, setup.evalCase(), setup.specs(), null);
                if (call.id() != null) weights.put(call.id(), weightsOf(setup.specs()));
                return result;
            }

            @Override
            public List<Double> weights(long callId) {
                return weights.getOrDefault(callId, List.of());
            }
        };
    }

    private static List<Double> weightsOf(List<AssertionSpec> specs) {
        return specs.stream().map(AssertionSpec::weight).toList();
    }

    /** The case a call answered and every assertion that judges it. */
    private record Setup(Evaluator.EvalCase evalCase, List<AssertionSpec> specs) {
    }

    private Setup setup(CallRecord call, ExperimentSpec spec, List<AssertionSpec> fromSpec, Dataset dataset,
                        Map<String, TestCase> cases, Map<String, PromptSide> prompts) {
        PromptSide prompt = call.promptPath() == null ? PromptSide.NONE
                : prompts.computeIfAbsent(call.promptPath() + "@" + call.promptCommit(),
                        k -> promptSide(call.promptPath(), call.promptCommit()));
        TestCase c = call.caseId() == null ? null : cases.get(call.caseId());
        Map<String, Object> input = c != null ? c.input() : inlineInput(spec, call.caseId());
        List<AssertionSpec> all = new ArrayList<>(fromSpec);
        if (c != null && !c.assertions().isEmpty()) {
            all.addAll(AssertionSpecs.read(c.assertions(), studio.workspace().relative(dataset.path()) + ":"
                    + c.sourceLine() + " (case " + c.id() + ")", assertions));
        }
        all.addAll(prompt.assertions());
        if (all.isEmpty() && spec != null && spec.strategy().extractsAnswers() && c != null
                && c.expected().get("expected") != null) {
            // Nothing declared, but answers are extracted and the case says what is right: check that.
            all.add(new AssertionSpec("answer-equals", null, null, 1.0, Map.of()));
        }
        // After the fallback above, which is for calls where nothing was declared: a declared output is no answer rule.
        AssertionSpec declaredOutput = prompt.outputCheck(all);
        if (declaredOutput != null) all.add(declaredOutput);
        Evaluator.EvalCase ec = new Evaluator.EvalCase(call.caseId(), input, c == null ? Map.of() : c.expected(),
                c == null ? null : c.split(), prompt.outputSchema());
        return new Setup(ec, all);
    }

    /**
     * A self-consistency run's cells: the samples of one prompt version x model x case, {@code votes} at a time (an
     * experiment with {@code samples: 2} and {@code votes: 5} has two voted cases per cell), each in sample order,
     * the cells in the order their first call comes (the plan's, decision 0018).
     */
    static List<List<CallRecord>> votingCells(List<CallRecord> calls, int votes) {
        Map<String, List<CallRecord>> cells = new LinkedHashMap<>();
        for (CallRecord c : calls) {
            String key = c.promptPath() + "@" + c.promptCommit() + "|" + c.model() + "|" + c.caseId() + "|"
                    + c.sampleIndex() / votes;
            cells.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        List<List<CallRecord>> out = new ArrayList<>();
        for (List<CallRecord> cell : cells.values()) {
            List<CallRecord> sorted = new ArrayList<>(cell);
            sorted.sort(Comparator.comparingInt(CallRecord::sampleIndex));
            out.add(sorted);
        }
        return out;
    }

    /**
     * The majority vote (experiment's {@link MajorityVote}) of a cell's extracted answers, judged as one case. Ties
     * go to the answer of the earliest sample (the plan's order, never the order calls finished: decision 0018).
     */
    private CaseResult vote(List<CallRecord> cell, int number, Setup setup, Double passScore, Evaluator evaluator) {
        Ballot b = ballot(cell);
        return evaluator.evaluateVote(cell, b.samples(), b.winner(), b.agreement(), number, setup.evalCase(),
                setup.specs(), passScore);
    }

    /** A cell's vote: each sample's answer and whether it agreed, the winner (null: none) and its agreement. */
    private record Ballot(List<SampleAnswer> samples, String winner, double agreement) {
    }

    private static Ballot ballot(List<CallRecord> cell) {
        List<String> answers = new ArrayList<>();
        for (CallRecord c : cell) answers.add(answerOf(c));
        MajorityVote.Result result = MajorityVote.of(answers);
        List<SampleAnswer> samples = new ArrayList<>();
        for (int i = 0; i < cell.size(); i++) {
            CallRecord c = cell.get(i);
            String a = answers.get(i);
            samples.add(new SampleAnswer(c.id() == null ? 0 : c.id(), c.sampleIndex(), c.status().id(), a,
                    a != null && result.answer() != null && sameVote(a, result.answer())));
        }
        return new Ballot(samples, result.answer(), result.agreement());
    }

    /**
     * A sample's vote: the answer extracted from a call that answered in full, else none (a refused, filtered,
     * cut-off or empty answer does not vote: decision 0040).
     */
    private static String answerOf(CallRecord c) {
        return c.status() == CallStatus.OK && c.texts() != null && org.promptstudio.model.NonAnswer.of(c).isEmpty()
                ? c.texts().extractedAnswer() : null;
    }

    /** Whether two answers count as one vote, by the vote's own rule (so it follows how MajorityVote keys them). */
    private static boolean sameVote(String a, String b) {
        return MajorityVote.of(List.of(a, b)).votes() == 2;
    }

    /**
     * Reads the assertions an experiment declares ({@code assertions:}) and those of its dataset's cases
     * ({@code assert}), before anything runs, so a misspelt type stops that experiment with one line naming its place
     * rather than after every call was made.
     *
     * @throws EvalException {@code experiments/NAME.yaml: assertion 1: unknown assertion type ...}, or the dataset
     *                       case's {@code datasets/x.jsonl:LINE (case ID): ...}
     */
    public void checkDeclared(ExperimentSpec spec) {
        AssertionSpecs.read(spec.assertions(), "experiments/" + spec.name() + ".yaml", assertions);
        if (spec.dataset() == null) return;
        Dataset dataset = dataset(spec);
        for (TestCase c : dataset.cases()) {
            if (c.assertions().isEmpty()) continue;
            AssertionSpecs.read(c.assertions(), studio.workspace().relative(dataset.path()) + ":" + c.sourceLine()
                    + " (case " + c.id() + ")", assertions);
        }
    }

    /** Evaluates run {@code runId} and keeps the results (replacing an earlier evaluation of the run). */
    public List<CaseResult> evaluateAndStore(long runId, Double passScore) {
        return evaluateAndStore(runId, passScore, null);
    }

    /**
     * As {@link #evaluateAndStore(long, Double)}, judging {@code recorded}, the run's calls kept in memory by the run
     * that has just made them ({@link RecordedCalls}: as the database reads them back), rather than reading them
     * back; null reads them back.
     */
    List<CaseResult> evaluateAndStore(long runId, Double passScore, List<CallRecord> recorded) {
        List<Judged> judged = judge(runId, passScore, recorded);
        Instant now = Instant.now();
        List<EvalRecord> records = new ArrayList<>();
        for (Judged j : judged) {
            // a call without an answer and without a weighted assertion has one result more (Evaluator.NO_ANSWER)
            records.addAll(records(runId, j.result(), weightsOf(j.specs()), passScore, now));
        }
        studio.database().evalResults().replaceRun(runId, records);
        return judged.stream().map(Judged::result).toList();
    }

    /**
     * The assertions and output schema of one prompt version; {@code jsonOutput} when it declares
     * {@code output.format: json}.
     */
    private record PromptSide(List<AssertionSpec> assertions, Map<String, Object> outputSchema, boolean jsonOutput) {
        static final PromptSide NONE = new PromptSide(List.of(), null, false);

        /**
         * The implicit check of a declared output ({@code output.format: json} with an {@code output.schema}): a
         * {@code json-schema} assertion against that schema (the answer parses and validates; a failure names the
         * JSON path). Null when the prompt declares no such output, or when {@code declared} already has a
         * {@code json-schema} assertion without its own {@code value} (it checks the same schema: not twice).
         * Decision 0020.
         */
        AssertionSpec outputCheck(List<AssertionSpec> declared) {
            if (!jsonOutput || outputSchema == null) return null;
            boolean already = declared.stream().anyMatch(a -> a.type().equals(OUTPUT_CHECK) && a.value() == null);
            return already ? null : new AssertionSpec(OUTPUT_CHECK, null, null, 1.0, Map.of());
        }
    }

    /** The assertion type that checks a prompt's declared JSON output. */
    private static final String OUTPUT_CHECK = "json-schema";

    private PromptSide promptSide(String path, String commit) {
        String text = promptText(path, commit);
        if (text == null) return PromptSide.NONE;
        PromptLibrary prompts = studio.prompts();
        ParsedPrompt parsed = prompts.parse(text, path);
        PromptMetadata meta = prompts.renderer().resolveMetadata(parsed, Map.of());
        List<AssertionSpec> specs = new ArrayList<>(AssertionSpecs.read(meta.metadata().get("assertions"),
                path + " (metadata.assertions)", assertions));
        Path sibling = studio.workspace().root().resolve(path.replaceFirst("\\.prompt$", SIBLING));
        if (Files.isRegularFile(sibling)) {
            String where = studio.workspace().relative(sibling);
            try {
                com.fasterxml.jackson.databind.JsonNode node = yaml.readTree(
                        org.promptstudio.model.TextFile.readNonEmpty(sibling, where));
                // only comments: no document at all
                if (node == null || node.isMissingNode()) throw new EvalException(where + ": empty file");
                specs.addAll(AssertionSpecs.read(yaml.convertValue(node, Object.class), where, assertions));
            } catch (org.promptstudio.model.TextFile.NotText e) {
                throw new EvalException(e.getMessage(), e);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                org.promptstudio.format.Yaml.Problem p = org.promptstudio.format.Yaml.Problem.of(e);
                throw new EvalException(where + (p.line() == 0 ? "" : ":" + p.line() + ":" + p.column()) + ": "
                        + p.reason(), e);
            } catch (IOException e) {
                throw new EvalException(where + ": cannot read: " + e.getMessage().lines().findFirst().orElse(""), e);
            }
        }
        return new PromptSide(specs, meta.outputSchema(), "json".equalsIgnoreCase(meta.outputFormat()));
    }

    /** The prompt as it was at {@code commit}; the working file when the run used unsaved changes. */
    private String promptText(String path, String commit) {
        if (commit != null && !commit.contains("+") && !commit.equals("unsaved")) {
            try {
                return studio.versionSource().contentAt(path, commit);
            } catch (StudioException e) {
                // history not available (or the file was moved): fall back to the working copy
            }
        }
        Path file = studio.workspace().root().resolve(path);
        return Files.isRegularFile(file) ? PromptLibrary.readText(file, path) : null;
    }

    private Dataset dataset(ExperimentSpec spec) {
        return studio.datasets().find(spec.dataset()).orElseThrow(() -> new EvalException("experiments/"
                + spec.name() + ".yaml: no dataset '" + spec.dataset() + "' in datasets/"));
    }

    private static Map<String, Object> inlineInput(ExperimentSpec spec, String caseId) {
        if (spec == null || caseId == null || !caseId.startsWith("input:")) return Map.of();
        try {
            int i = Integer.parseInt(caseId.substring("input:".length())) - 1;
            return i >= 0 && i < spec.inputs().size() ? spec.inputs().get(i) : Map.of();
        } catch (NumberFormatException e) {
            return Map.of();
        }
    }

    /** Judge prompts from the workspace or the jar, judge models from studio.yaml, behind the response cache. */
    static JudgeModels judges(Studio studio) {
        JudgeModels.Prompts prompts = (name, input) -> {
            PromptLibrary library = studio.prompts();
            ParsedPrompt parsed = library.find(name).map(library::parse).orElseGet(() -> builtIn(library, name));
            List<Message> messages = library.render(parsed, RenderData.of(input), Map.of()).messages();
            return messages;
        };
        JudgeModels.Models models = id -> {
            String model = id != null ? id : studio.workspace().config().defaults().model();
            if (model == null) {
                throw new EvalException("no judge model: give the assertion a 'judge' option or set defaults.model"
                        + " in studio.yaml");
            }
            ModelAccess access = studio.models(CachePolicy.AUTO);
            return new JudgeModels.Judge(access.ref(model), access.provider(model));
        };
        return new JudgeModels(prompts, models);
    }

    private static ParsedPrompt builtIn(PromptLibrary library, String name) {
        try (InputStream in = Evaluation.class.getResourceAsStream(BUILT_IN_JUDGES + name + PromptLibrary.EXTENSION)) {
            if (in == null) throw new EvalException("no judge prompt '" + name + "' in prompts/ or built in");
            return library.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "(built-in) " + name + ".prompt");
        } catch (IOException e) {
            throw new EvalException("cannot read the built-in judge prompt " + name + ": " + e.getMessage(), e);
        }
    }

    /** The built-in judge prompt's text, for a user to copy into {@code prompts/} and edit. */
    public static String builtInJudgePrompt(String name) {
        try (InputStream in = Evaluation.class.getResourceAsStream(BUILT_IN_JUDGES + name + PromptLibrary.EXTENSION)) {
            if (in == null) throw new EvalException("no built-in judge prompt '" + name + "'");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EvalException("cannot read the built-in judge prompt " + name + ": " + e.getMessage(), e);
        }
    }

}
