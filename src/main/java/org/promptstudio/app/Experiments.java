package org.promptstudio.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.promptstudio.experiment.Embedder;
import org.promptstudio.experiment.ExperimentException;
import org.promptstudio.model.StudioException;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.experiment.ExperimentSpec;
import org.promptstudio.experiment.ExperimentSpecReader;
import org.promptstudio.experiment.FewShotSelector;
import org.promptstudio.experiment.PlanCheck;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.RunStatus;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.provider.Embeddings;
import org.promptstudio.store.CallRepository;
import org.promptstudio.store.RunRepository;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.PromptRef;
import org.promptstudio.workspace.Dataset;
import org.promptstudio.workspace.Datasets;
import org.promptstudio.workspace.TestCase;
import org.promptstudio.workspace.Workspace;

/**
 * Experiments of a workspace: reads {@code experiments/*.yaml}, plans the matrix (resolving each prompt's version
 * and the dataset's cases), runs it with the runner, records the run and resumes an interrupted one.
 */
public final class Experiments {

    /**
     * A finished (or cancelled) run: its id, what the runner saw (calls made, failed, cost, time) and how it ended.
     * Its figures per prompt version x model are its scoreboard ({@link Scoreboards}), as for any recorded run.
     */
    public record Outcome(long runId, ExperimentRunner.Snapshot snapshot, RunStatus status) {
    }

    private final Workspace workspace;
    private final PromptLibrary prompts;
    private final Datasets datasets;
    private final PromptVersionSource versions;
    private final ExperimentSpecReader reader = new ExperimentSpecReader();

    Experiments(Workspace workspace, PromptLibrary prompts, Datasets datasets, PromptVersionSource versions) {
        this.workspace = workspace;
        this.prompts = prompts;
        this.datasets = datasets;
        this.versions = versions;
    }

    /** Experiment files, by name. */
    public List<String> list() {
        if (!Files.isDirectory(workspace.experimentsDir())) return List.of();
        try (Stream<Path> files = Files.list(workspace.experimentsDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .map(n -> n.replaceFirst("\\.ya?ml$", "")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new ExperimentException("experiments/: cannot list (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The prompt tests of the workspace: the experiments whose file says {@code test: true}, in name order (so a CI
     * log reads the same every time). A file that cannot be read might be a prompt test, so it is not skipped: its
     * one-line error is in {@code unreadable}, by experiment name (docs/decisions/0023-marking-prompt-tests.md).
     */
    public PromptTests promptTests() {
        List<ExperimentSpec> tests = new ArrayList<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (String name : list()) {
            try {
                ExperimentSpec spec = read(name);
                if (spec.test()) tests.add(spec);
            } catch (org.promptstudio.model.StudioException e) {
                unreadable.put(name, e.getMessage());
            }
        }
        return new PromptTests(tests, unreadable);
    }

    /** What {@link #promptTests()} found: the marked experiments, and the files it could not read with why. */
    public record PromptTests(List<ExperimentSpec> tests, Map<String, String> unreadable) {
        public PromptTests {
            tests = List.copyOf(tests);
            unreadable = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(unreadable));
        }
    }

    /**
     * Writes a compare selection as a new experiment file, {@code experiments/NAME.yaml} in the format {@link
     * ExperimentSpecReader} reads: the prompt at each version (none: {@code working}, as the grid runs it), the
     * models, the dataset and split (or the typed inputs) and the samples. NAME is {@code base} made safe for a file
     * name, with {@code -2}, {@code -3} ... added when taken; an existing file is never overwritten. The grid's row
     * filter and row limit are no part of an experiment: the file runs every case of the split, and the caller offers
     * the limit when it starts the run ({@code studio run NAME --limit N}, the launcher's Cases).
     *
     * @return the new experiment's name
     * @throws ExperimentException naming the file when it cannot be written or read back
     */
    public String saveSelection(StreamingCompare.GridRequest selection, String base) {
        String stem = base == null ? "" : base.strip().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
        if (stem.isEmpty()) stem = "compare";
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("description", "Made from the compare view: " + selection.prompt() + " over "
                + (selection.dataset() == null ? "typed inputs" : "dataset " + selection.dataset())
                + (selection.filter() != null && !selection.filter().isBlank()
                ? " (the grid's row filter '" + selection.filter().strip() + "' is not kept)" : ""));
        List<Object> prompts = new ArrayList<>();
        for (String v : selection.versions().isEmpty() ? List.of("working") : selection.versions()) {
            // a grid's variant:formal@2 is written as Dotprompt names it, prompt ask.formal at version 2
            ExperimentSpec.PromptSpec spec = ExperimentSpec.PromptSpec.of(selection.prompt(), v, null);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("prompt", spec.prompt());
            p.put("version", spec.version());
            prompts.add(p);
        }
        doc.put("prompts", prompts);
        doc.put("models", selection.models());
        if (selection.dataset() != null) {
            doc.put("dataset", selection.dataset());
            if (selection.split() != null) doc.put("split", selection.split());
        } else {
            doc.put("inputs", selection.inputs());
        }
        if (selection.samples() > 1) doc.put("samples", selection.samples());
        String text;
        try {
            // JSON is YAML 1.2: each top-level key on its own line keeps the file readable and diffable.
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            StringBuilder b = new StringBuilder();
            for (Map.Entry<String, Object> e : doc.entrySet()) {
                b.append(e.getKey()).append(": ").append(json.writeValueAsString(e.getValue())).append('\n');
            }
            text = b.toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ExperimentException("experiments/: cannot write the selection (" + e.getOriginalMessage() + ")", e);
        }
        Path dir = workspace.experimentsDir();
        for (int n = 1; n < 1000; n++) {
            String name = n == 1 ? stem : stem + "-" + n;
            Path file = dir.resolve(name + ".yaml");
            try {
                Files.createDirectories(dir);
                Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                continue;
            } catch (java.io.IOException e) {
                throw new ExperimentException(workspace.relative(file) + ": cannot write (" + e.getMessage() + ")", e);
            }
            try {
                read(name);
            } catch (RuntimeException e) {
                try {
                    Files.deleteIfExists(file);
                } catch (java.io.IOException ignored) {
                    // the message below names the file
                }
                throw e;
            }
            return name;
        }
        throw new ExperimentException("experiments/" + stem + ".yaml: every name up to " + stem + "-999 is taken");
    }

    /** Whether {@code spec} is one a comparison made up (it has no file under experiments/ to name). */
    boolean comparison(ExperimentSpec spec) {
        return spec.name().startsWith(StreamingCompare.NAME_PREFIX)
                && !Files.isRegularFile(workspaceExperiment(spec));
    }

    private Path workspaceExperiment(ExperimentSpec spec) {
        return workspace.experimentsDir().resolve(spec.name() + ".yaml");
    }

    /**
     * Checks a command line's choice of prompt and dataset before anything runs or any window opens, as a run
     * would: {@code option} names the place ({@code --prompt}, {@code --dataset}). A null or blank name is not checked.
     *
     * @throws ExperimentException {@code --prompt: no prompt 'x' (prompts: a, b)} or
     *                             {@code --dataset: no dataset 'x' in datasets/ (known: d, e)}
     */
    public void checkChosen(String promptOption, String prompt, String datasetOption, String dataset) {
        if (prompt != null && !prompt.isBlank() && prompts.find(prompt.strip()).isEmpty()) {
            throw noPrompt(promptOption, prompt.strip());
        }
        if (dataset != null && !dataset.isBlank() && !datasetNames().contains(dataset.strip())) {
            throw noDataset(datasetOption, dataset.strip());
        }
    }

    /**
     * The place to name for a choice of a comparison made up without a file: {@code option} for {@code studio compare}
     * (the user named no experiment file, the option is where the value came from), empty for the window's grid (its
     * choices stand next to the error).
     */
    private static String optionPlace(ExperimentSpec spec, String option) {
        return StreamingCompare.COMMAND_LINE.equals(spec.description()) ? option : "";
    }

    private ExperimentException noPrompt(String where, String prompt) {
        return new ExperimentException((where.isEmpty() ? "" : where + ": ") + "no prompt '" + prompt + "' (prompts: "
                + String.join(", ", prompts.list().stream().map(PromptRef::id).toList()) + ")");
    }

    private ExperimentException noDataset(String where, String dataset) {
        return new ExperimentException(where + ": no dataset '" + dataset + "' in datasets/ (known: " + knownDatasets()
                + ")");
    }

    private String knownDatasets() {
        List<String> names = datasetNames();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** The names of the workspace's dataset files, without their extensions, sorted by file name. */
    private List<String> datasetNames() {
        List<String> names = new ArrayList<>();
        for (Path f : datasets.files()) {
            String n = f.getFileName().toString();
            int dot = n.lastIndexOf('.');
            names.add(dot > 0 ? n.substring(0, dot) : n);
        }
        return names;
    }

    /**
     * The commit that label {@code label} of the prompt file {@code promptPath} (relative to the workspace) points
     * at, or null when the prompt has no such label or its history cannot be read.
     */
    public String labelledCommit(String promptPath, String label) {
        try {
            return versions.resolve(promptPath, label).commitId();
        } catch (RuntimeException none) {
            return null;
        }
    }

    /** Reads {@code experiments/NAME.yaml} (NAME may also be a path to the file). */
    public ExperimentSpec read(String nameOrPath) {
        Path file = nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")
                ? workspace.root().resolve(nameOrPath).normalize()
                : workspace.experimentsDir().resolve(nameOrPath + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new ExperimentException(workspace.relative(file) + ": no such experiment (known: "
                    + String.join(", ", list()) + ")");
        }
        return reader.read(file, workspace.relative(file));
    }

    /**
     * Where experiment {@code name}'s file names {@code value} under its top-level key {@code key}:
     * {@code experiments/NAME.yaml:LINE:COLUMN} (from 1; the first place at or after the key's line where the value
     * stands as a whole word), or the file alone when the file or the place cannot be found (an experiment not read
     * from a file).
     */
    String place(String name, String key, String value) {
        String file = "experiments/" + name + ".yaml";
        Path path = workspace.experimentsDir().resolve(name + ".yaml");
        if (value == null || !Files.isRegularFile(path)) return file;
        try {
            List<String> lines = Files.readAllLines(path, java.nio.charset.StandardCharsets.UTF_8);
            java.util.regex.Pattern keyLine = java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(key)
                    + "\\s*:");
            java.util.regex.Pattern word = java.util.regex.Pattern.compile("(?<![\\w.@-])"
                    + java.util.regex.Pattern.quote(value) + "(?![\\w.@-])");
            int from = 0;
            while (from < lines.size() && !keyLine.matcher(lines.get(from)).find()) from++;
            if (from == lines.size()) return file;
            for (int i = from; i < lines.size(); i++) {
                String line = i == from ? lines.get(i).substring(lines.get(i).indexOf(':') + 1) : lines.get(i);
                int shift = i == from ? lines.get(i).indexOf(':') + 1 : 0;
                if (i > from && !line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("-")) {
                    break; // the next top-level key
                }
                java.util.regex.Matcher m = word.matcher(line);
                if (m.find()) return file + ":" + (i + 1) + ":" + (line.codePointCount(0, m.start()) + shift + 1);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // the place is a help, not a need: the file alone
        }
        return file;
    }

    /**
     * Refuses an unknown model before anything runs, naming where the experiment's file names it.
     *
     * @param plan     the planned run
     * @param ref      looks a model up ({@code ModelAccess::ref}); throws {@link StudioException} for an unknown one
     * @param fromFile whether the models are the experiment file's (not {@code --models} or a resumed run's)
     * @throws StudioException {@code experiments/F.yaml:LINE:COL: no model 'x' …} (the file alone when the place is not
     *                         found, no place when the models did not come from the file)
     */
    public void requireModels(RunPlan plan, java.util.function.Consumer<String> ref, boolean fromFile) {
        for (String model : plan.spec().models()) {
            try {
                ref.accept(model);
            } catch (StudioException e) {
                if (!fromFile) throw e;
                throw new ExperimentException(place(plan.spec().name(), "models", model) + ": " + e.getMessage());
            }
        }
    }

    /**
     * Plans {@code spec}: each prompt at its version, the cases (dataset split or inline inputs, the first
     * {@code limit} when given), the models (or {@code modelsOverride}), and few-shot selection.
     */
    public RunPlan plan(ExperimentSpec spec, List<String> modelsOverride, Integer limit, Embedder embedder) {
        List<String> badRows = new ArrayList<>();
        Map<String, List<FewShotSelector.Example>> pools = new LinkedHashMap<>();
        List<RunPlan.Prompt> planned = new ArrayList<>();
        for (ExperimentSpec.PromptSpec ps : spec.prompts()) {
            if (prompts.find(ps.prompt()).isEmpty()) {
                throw noPrompt(comparison(spec) ? optionPlace(spec, "--prompt") : place(spec.name(), "prompts", ps.prompt()),
                        ps.prompt());
            }
            RunPlan.Prompt p;
            try {
                p = resolve(ps);
            } catch (ExperimentException e) {
                throw e;
            } catch (StudioException e) {
                // an unknown version or label: the place in the file that names it
                if (ps.version() == null) throw e;
                String where = comparison(spec) ? optionPlace(spec, "--versions") : place(spec.name(), "prompts", ps.version());
                throw new ExperimentException((where.isEmpty() ? "" : where + ": ") + e.getMessage());
            }
            // A prompt's own examples (decision 0024): only it is given them, whatever the strategy.
            if (ps.examples() != null) p = p.withSelector(selector(ps.examples(), pools, badRows, embedder));
            planned.add(p);
        }
        List<RunPlan.Case> cases = cases(spec, badRows);
        if (limit != null && limit < cases.size()) cases = cases.subList(0, limit);
        List<String> models = modelsOverride == null || modelsOverride.isEmpty() ? spec.models() : modelsOverride;
        int samples = spec.strategy().type().equals(ExperimentSpec.Strategy.SELF_CONSISTENCY)
                ? spec.samples() * spec.strategy().votes() : spec.samples();
        // Few-shot, or chain-of-thought / self-consistency with a pool: examples for every prompt without its own.
        ExperimentSpec.Examples shared = spec.strategy().examples();
        FewShotSelector selector = shared == null ? null : selector(shared, pools, badRows, embedder);
        ExperimentSpec effective = new ExperimentSpec(spec.name(), spec.description(), spec.prompts(), models,
                spec.dataset(), spec.split(), spec.inputs(), spec.samples(), spec.strategy(), spec.params(),
                spec.concurrency(), spec.assertions(), spec.test(), spec.retrieve());
        return new RunPlan(effective, planned, cases, RunPlan.cells(planned, cases, models, samples), selector,
                badRows.stream().distinct().toList());
    }

    /**
     * What a run of {@code plan} would get wrong before anything is sent: bad dataset rows left out, calls that cannot
     * be rendered (a required input missing or of the wrong type), and inputs the prompts declare or read that cases
     * do not give (docs/decisions/0024-examples-and-missing-input.md). {@code studio run}, {@code run --dry-run} and
     * {@code studio test} print it; {@link PlanCheck#blocker()} says when nothing at all could run.
     */
    public PlanCheck check(RunPlan plan, ExperimentRunner runner) {
        return PlanCheck.of(plan, runner);
    }

    /**
     * The prompts of the experiments that use dataset {@code dataset} (by name) which read none of its columns
     * ({@link PlanCheck#columnWarnings}), for {@code studio datasets check}; each once, in experiment order. An
     * experiment that cannot be read or planned is skipped: {@code studio run} reports it.
     */
    public List<PlanCheck.ColumnWarning> columnWarnings(String dataset) {
        java.util.Set<PlanCheck.ColumnWarning> out = new java.util.LinkedHashSet<>();
        for (String name : list()) {
            try {
                ExperimentSpec spec = read(name);
                if (!dataset.equals(spec.dataset())) continue;
                RunPlan plan = plan(spec, null, null, miniLm());
                out.addAll(PlanCheck.columnWarnings(plan, p -> p.renderer() == null ? prompts.renderer() : p.renderer()));
            } catch (RuntimeException e) {
                // not this check's to report: the experiment's own commands say what is wrong with it
            }
        }
        return List.copyOf(out);
    }

    private FewShotSelector selector(ExperimentSpec.Examples examples, Map<String, List<FewShotSelector.Example>> pools,
                                     List<String> badRows, Embedder embedder) {
        List<FewShotSelector.Example> pool = pools.computeIfAbsent(examples.pool(), name -> pool(name, badRows));
        return new FewShotSelector(pool, examples.k(), examples.selection(), examples.seed(), embedder);
    }

    /**
     * Compiles every prompt of {@code plan} at its planned version, and the partials it uses, so a template that does
     * not parse stops a prompt test before any call with one error naming its place, rather than failing every case.
     *
     * @throws org.promptstudio.template.TemplateException {@code prompts/x.prompt:LINE:COLUMN: ...} for the first
     *                                                     problem found
     */
    public void checkTemplates(RunPlan plan) {
        for (RunPlan.Prompt p : plan.prompts()) {
            if (p.renderer() == null) prompts.check(p.parsed());
            else p.renderer().compile(p.parsed());
        }
    }

    /**
     * The plan of an earlier run, rebuilt from its experiment file and the settings it was started with (models,
     * case limit), for {@code studio run --resume}. With a null {@code embedder} the plan's cases and cells are all
     * there but its few-shot "nearest" examples cannot be picked (reading a recorded run back picks none).
     */
    public RunPlan planAgain(RunRecord run, Embedder embedder) {
        Map<String, Object> settings = Map.of();
        if (run.settingsJson() != null) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = new com.fasterxml.jackson.databind.ObjectMapper().readValue(run.settingsJson(), Map.class);
                settings = m;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ExperimentException("run " + run.id() + ": its settings cannot be read (" + e.getOriginalMessage() + ")", e);
            }
        }
        List<String> models = settings.get("models") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : null;
        Integer limit = settings.get("limit") instanceof Number n ? n.intValue() : null;
        ExperimentSpec spec = read(run.experimentPath() != null ? run.experimentPath() : run.name());
        return plan(spec, models, limit, embedder);
    }

    /**
     * How run {@code run} used the response cache when it was started, as kept in its settings; {@link
     * org.promptstudio.provider.CachePolicy#AUTO} (the default) for a run that kept none or whose settings cannot be
     * read.
     */
    public static org.promptstudio.provider.CachePolicy cachePolicy(RunRecord run) {
        if (run.settingsJson() == null) return org.promptstudio.provider.CachePolicy.AUTO;
        try {
            Object c = new com.fasterxml.jackson.databind.ObjectMapper().readValue(run.settingsJson(), Map.class)
                    .get("cache");
            if (c instanceof String name) {
                return org.promptstudio.provider.CachePolicy.valueOf(name.toUpperCase(java.util.Locale.ROOT));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            // an unreadable or unknown policy: the default
        }
        return org.promptstudio.provider.CachePolicy.AUTO;
    }

    /** The embedding model for "nearest" few-shot selection: MiniLM, in-process. */
    public static Embedder miniLm() {
        Embeddings e = Embeddings.shared();
        return e::embedAll;
    }

    /**
     * Runs {@code plan} as a new run (or continues {@code resumeRunId}), recording every call as it ends.
     */
    public Outcome run(RunPlan plan, Long resumeRunId, ExperimentRunner runner, RunRepository runs,
                       CallRepository calls, ExperimentRunner.Progress progress, Cancellation cancel) {
        return run(plan, resumeRunId, runner, runs, calls, progress, cancel, ExperimentRunner.Budget.NONE);
    }

    /**
     * As above, under {@code budget}: a run whose budget refused a call ends {@link RunStatus#BUDGET_REACHED}, and
     * can be resumed (with another budget or none) like a cancelled one.
     */
    public Outcome run(RunPlan plan, Long resumeRunId, ExperimentRunner runner, RunRepository runs,
                       CallRepository calls, ExperimentRunner.Progress progress, Cancellation cancel,
                       ExperimentRunner.Budget budget) {
        return run(plan, resumeRunId, runner, runs, calls, progress, cancel, budget, null);
    }

    /**
     * As above; a new run keeps {@code cache} (how it used the response cache; null: not kept) with its settings,
     * so that resuming it uses the cache the same way ({@link #cachePolicy}).
     */
    public Outcome run(RunPlan plan, Long resumeRunId, ExperimentRunner runner, RunRepository runs,
                       CallRepository calls, ExperimentRunner.Progress progress, Cancellation cancel,
                       ExperimentRunner.Budget budget, org.promptstudio.provider.CachePolicy cache) {
        if (plan.cells().isEmpty()) {
            // Every row bad: an error, never an empty run that looks like a success.
            throw new ExperimentException(PlanCheck.of(plan, runner).blocker());
        }
        long runId;
        Set<String> done = new HashSet<>();
        if (resumeRunId == null) {
            String path = "experiments/" + plan.spec().name() + ".yaml";
            runId = runs.insert(RunRecord.started(RunKind.EXPERIMENT, plan.spec().name(), path,
                    settings(plan, cache))).id();
        } else {
            runId = resumeRunId;
            for (CallRecord c : calls.inRunWithAnswers(runId)) {
                // A cancelled call never finished: it is made again.
                if (c.status() != CallStatus.CANCELLED) {
                    done.add(RunPlan.Cell.key(c.promptPath(), c.promptCommit(), c.model(), c.caseId(), c.sampleIndex()));
                }
            }
        }
        ExperimentRunner.Snapshot snapshot = runner.run(plan, runId, done, plan.spec().concurrency(), progress, cancel,
                budget);
        // Every planned call is recorded, or the run failed: a call the store could not record is never passed over.
        RunStatus status = cancel.isCancelled() ? RunStatus.CANCELLED
                : snapshot.budgetReached() ? RunStatus.BUDGET_REACHED
                : snapshot.done() < snapshot.total() ? RunStatus.FAILED : RunStatus.FINISHED;
        runs.finish(runId, status, java.time.Instant.now(), withBudgetStop(runs.find(runId)
                .map(RunRecord::settingsJson).orElse(null), status == RunStatus.BUDGET_REACHED
                && snapshot.budgetStop() != null ? RunHistory.budgetText(snapshot.budgetStop()) : null));
        return new Outcome(runId, snapshot, status);
    }

    private RunPlan.Prompt resolve(ExperimentSpec.PromptSpec ps) {
        PromptRef ref = prompts.require(ps.prompt());
        String path = ref.relativePath();
        String version = ps.version() == null ? "working" : ps.version();
        String text;
        String commit;
        if (version.equals("working") || version.equals("wc")) {
            text = PromptLibrary.readText(ref.file(), path);
            commit = workingCommit(path, text);
        } else {
            // The version's partials, not today's: the recorded commit names what was rendered (decision 0014).
            PromptVersionSource.Version v = versions.resolve(path, version);
            Map<String, String> files = versions.filesAt(path, v.commitId());
            text = files.get(path);
            commit = v.commitId();
            String dir = path.substring(0, path.lastIndexOf('/') + 1);
            org.promptstudio.template.PromptRenderer renderer = new org.promptstudio.template.PromptRenderer(
                    name -> files.get(dir + "_" + name + PromptLibrary.EXTENSION), null);
            return new RunPlan.Prompt(ref.id(), path, commit, ref.variant(), prompts.parse(text, path), renderer);
        }
        return new RunPlan.Prompt(ref.id(), path, commit, ref.variant(), prompts.parse(text, path));
    }

    /**
     * The commit of the last saved version, marked {@code +dirty} when the prompt or a partial it uses differs on disk
     * from that version (decision 0014).
     */
    private String workingCommit(String path, String text) {
        try {
            PromptVersionSource.Version latest = versions.resolve(path, null);
            Map<String, String> saved = versions.filesAt(path, latest.commitId());
            // As git sees the files: a CRLF checkout (autocrlf, eol=crlf) of a saved prompt is not a change.
            Map<String, String> stored = versions.workingFiles(path);
            if (stored != null) return saved.equals(stored) ? latest.commitId() : latest.commitId() + "+dirty";
            Map<String, String> onDisk = new LinkedHashMap<>();
            onDisk.put(path, text);
            for (String partial : prompts.partialFiles(prompts.parse(text, path))) {
                onDisk.put(partial, PromptLibrary.readText(workspace.root().resolve(partial), partial));
            }
            return saved.equals(onDisk) ? latest.commitId() : latest.commitId() + "+dirty";
        } catch (RuntimeException e) {
            return "unsaved";
        }
    }

    /**
     * The cases of {@code spec}, each with its place ({@code datasets/x.jsonl:17}); the rows that cannot be read go to
     * {@code badRows}. No case and no bad row is an error here; no case because every row is bad is left to
     * {@link PlanCheck}, which names the rows first.
     */
    private List<RunPlan.Case> cases(ExperimentSpec spec, List<String> badRows) {
        List<RunPlan.Case> out = new ArrayList<>();
        if (spec.dataset() == null) {
            int i = 1;
            for (Map<String, Object> in : spec.inputs()) {
                out.add(new RunPlan.Case("input:" + i, in, Map.of(), "experiments/" + spec.name() + ".yaml: input " + i));
                i++;
            }
            return out;
        }
        Dataset d = datasets.find(spec.dataset()).orElseThrow(() -> noDataset(
                comparison(spec) ? "--dataset" : place(spec.name(), "dataset", spec.dataset()), spec.dataset()));
        d.problems().forEach(p -> badRows.add(p.toString()));
        String file = workspace.relative(d.path());
        for (TestCase c : d.cases()) {
            if (spec.split() != null && !spec.split().equals(c.split())) continue;
            out.add(new RunPlan.Case(c.id(), c.input(), c.expected(), file + ":" + c.sourceLine()));
        }
        if (out.isEmpty() && d.problems().isEmpty()) {
            throw new ExperimentException("experiments/" + spec.name() + ".yaml: dataset '" + spec.dataset() + "' has no "
                    + (spec.split() == null ? "" : spec.split() + " ") + "cases");
        }
        return out;
    }

    private List<FewShotSelector.Example> pool(String name, List<String> badRows) {
        Dataset d = datasets.find(name).orElseThrow(() -> new ExperimentException("few-shot pool '" + name
                + "': no such dataset in datasets/"));
        d.problems().forEach(p -> badRows.add(p.toString()));
        List<FewShotSelector.Example> out = new ArrayList<>();
        for (TestCase c : d.cases()) {
            Map<String, Object> fields = new LinkedHashMap<>(c.input());
            fields.putAll(c.expected());
            out.add(new FewShotSelector.Example(c.id(), fields));
        }
        return out;
    }

    /**
     * {@code settingsJson} with {@code text} kept as why the run stopped at its budget (the run list shows it), or
     * with no such text when {@code text} is null (a resumed run that ended otherwise); unreadable settings are kept.
     */
    static String withBudgetStop(String settingsJson, String text) {
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode s = settingsJson == null ? json.createObjectNode()
                    : (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(settingsJson);
            if (text == null) s.remove(RunHistory.BUDGET_STOP_KEY);
            else s.put(RunHistory.BUDGET_STOP_KEY, text);
            return json.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | ClassCastException e) {
            return settingsJson;
        }
    }

    /** What a run was started with, as a JSON object for its record: experiment, models, limit, cells, strategy. */
    static String settings(RunPlan plan) {
        return settings(plan, null);
    }

    /** As above, with how the run uses the response cache ({@code "cache": "off"}; left out when null). */
    static String settings(RunPlan plan, org.promptstudio.provider.CachePolicy cache) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("experiment", plan.spec().name());
        s.put("models", plan.spec().models());
        s.put("limit", plan.cases().size());
        s.put("cells", plan.cells().size());
        s.put("strategy", plan.spec().strategy().type());
        // a run without an experiment file (a compare grid) finds its rows' inputs again by it (decision 0090)
        if (plan.spec().dataset() != null) s.put("dataset", plan.spec().dataset());
        if (cache != null) s.put("cache", cache.name().toLowerCase(java.util.Locale.ROOT));
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
