package org.promptstudio.app;

import java.nio.file.Path;
import java.util.List;
import org.promptstudio.store.CallRepository;
import org.promptstudio.store.Database;
import org.promptstudio.store.RunRepository;
import org.promptstudio.store.StoreBenchmark;
import org.promptstudio.model.StudioException;
import org.promptstudio.store.StoreException;
import org.promptstudio.provider.ProviderFactory;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.workspace.Datasets;
import org.promptstudio.template.prompty.PromptyImporter;
import org.promptstudio.vcs.Author;
import org.promptstudio.vcs.Branches;
import org.promptstudio.vcs.PromptVersions;
import org.promptstudio.workspace.Workspace;

/**
 * One open workspace and the services that work on it. The window and the command line both go through here.
 * The database is opened on first use and closed by {@link #close()}.
 */
public final class Studio implements AutoCloseable {

    /** Not a static field: the first logger reads logback's configuration, which start-up may not need (0155). */
    private static org.slf4j.Logger log() {
        return org.slf4j.LoggerFactory.getLogger(Studio.class);
    }

    private final Workspace workspace;
    private final PromptLibrary prompts;
    private final WorkspaceFiles files;
    private final Datasets datasets;
    private final PromptImport promptImport;
    private final PromptPublishing publishing;
    private final String databaseUrl;
    private Database database;
    /** The index as retrieval reads it, opened on first use (decision 0140); closed by {@link #close()}. */
    private boolean closed;
    private final Versions versions;
    private final Branching branching;
    private final PromptVersionSource versionSource;
    private final Experiments experiments;
    private final Previews previews;
    private final Runs runs = new Runs(this);
    private final PromptTests promptTests = new PromptTests(this);
    private final Calls calls = new Calls(this);
    private final Monitoring monitoring = new Monitoring(this);
    private final Feedback feedback = new Feedback(() -> database().feedback(), this::annotator,
            id -> runRepository().find(id).isPresent());
    private PromptVersions history;
    private ModelCatalog models;
    /** The settings {@link #models} was made from. */
    private List<org.promptstudio.workspace.ModelConfig> modelsConfig;
    /** One gate per model for the life of this studio, shared by every catalog made from studio.yaml. */
    private final org.promptstudio.provider.ModelGates gates = new org.promptstudio.provider.ModelGates();
    private org.promptstudio.provider.ResponseCache responseCache;
    private Documents documents;

    /**
     * Who rates answers: the settings' {@code annotator} ({@link StudioSettings#annotator()}), else the name commits
     * are made under ({@link PromptVersions#author()}: git's {@code user.name}, else the author in the studio
     * settings), else the operating system's login name.
     */
    private String annotator() {
        try {
            java.util.Optional<String> named = StudioSettings.annotator();
            if (named.isPresent()) return named.get();
        } catch (RuntimeException e) {
            log().warn("the settings' annotator is not used: {}", e.getMessage());
        }
        try {
            java.util.Optional<Author> a = history.author();
            if (a.isPresent() && !a.get().name().isBlank()) return a.get().name();
        } catch (RuntimeException e) {
            log().debug("no identity for the feedback annotator: {}", e.getMessage());
        }
        return System.getProperty("user.name");
    }

    private Studio(Workspace workspace, String databaseUrl, PromptVersionSource versionSource) {
        this.workspace = workspace;
        this.prompts = new PromptLibrary(workspace.promptsDir());
        this.files = new WorkspaceFiles(workspace, prompts);
        this.datasets = new Datasets(workspace);
        this.promptImport = new PromptImport(workspace, new PromptyImporter());
        this.databaseUrl = databaseUrl != null ? databaseUrl : workspace.config().database().url();
        java.util.function.Supplier<Author> author = () -> StudioSettings.author().orElse(null);
        PromptVersions history = new PromptVersions(workspace.root(), author, Versions.partialLinks());
        this.history = history;
        this.versions = new Versions(workspace.root(), prompts, history);
        this.branching = new Branching(new Branches(workspace.root(), author));
        this.versionSource = versionSource != null ? versionSource : new VcsVersionSource(history);
        this.publishing = new PromptPublishing(workspace, prompts, this.versionSource);
        this.experiments = new Experiments(workspace, prompts, datasets, this.versionSource);
        this.previews = new Previews(prompts, () -> models().models(), new org.promptstudio.provider.TokenCounter(),
                this::retriever);
    }

    /**
     * Opens the workspace at {@code dir}; a folder that is missing, not a workspace or with a broken
     * {@code studio.yaml} is refused, untouched.
     */
    public static Studio open(Path dir) {
        return open(dir, (String) null);
    }

    /**
     * Opens the workspace at {@code dir} with its database at {@code databaseUrl}, or, when that is null, at
     * {@code database.url} of studio.yaml, or else in the workspace's own {@code .studio/db/}.
     */
    public static Studio open(Path dir, String databaseUrl) {
        return new Studio(Workspace.open(dir), databaseUrl, null);
    }

    /** As {@link #open(Path)}, with prompt versions read from {@code versions} instead of the workspace's git. */
    public static Studio open(Path dir, PromptVersionSource versions) {
        return new Studio(Workspace.open(dir), null, versions);
    }

    /**
     * Checks, without opening it, that {@code dir} is a workspace folder (it has a {@code studio.yaml}); returns its
     * absolute path. Cheap: nothing is read or parsed.
     *
     * @throws org.promptstudio.workspace.WorkspaceException naming the folder when it is missing or no workspace
     */
    public static Path requireWorkspace(Path dir) {
        return Workspace.requireWorkspace(dir);
    }

    /**
     * Start-up: makes git (JGit) read the user's git configuration, and so the commit author, under the same home
     * as the studio's own files ({@link org.promptstudio.model.UserFolders#home()}: {@code $HOME}, else
     * {@code user.home}; decision 0066). Call once, before the first workspace is opened.
     */
    public static void useUserHome() {
        Path home = org.promptstudio.model.UserFolders.current().home();
        // JGit already reads user.home: only a different home loads it here (start-up loads no JGit class otherwise).
        if (home.equals(Path.of(System.getProperty("user.home")).toAbsolutePath())) return;
        org.promptstudio.vcs.GitHome.use(home);
    }

    /**
     * Where the window puts sample workspaces: the {@code studio.home} property, else {@code PromptStudio} in the
     * user's home ({@link org.promptstudio.model.UserFolders#home()}: {@code $HOME}, else {@code user.home}).
     */
    public static Path sampleHome() {
        String home = System.getProperty("studio.home");
        return home != null ? Path.of(home) : org.promptstudio.model.UserFolders.current().home().resolve("PromptStudio");
    }

    /** The names of the bundled samples {@link #initFromSample} accepts. */
    public static List<String> samples() {
        return SampleCatalog.bundled().names();
    }

    /**
     * Creates an empty workspace in {@code dir} (new, or an empty folder), makes it a git repository and commits
     * it. {@code name} may be null: the folder's name is used.
     */
    public static NewWorkspace init(Path dir, String name) {
        return new WorkspaceInitializer(SampleCatalog.bundled()).create(dir, name, null);
    }

    /** Copies the bundled sample {@code name} to {@code dir}, makes it a git repository and commits it. */
    public static NewWorkspace initFromSample(String name, Path dir) {
        return initFromSample(name, dir, null);
    }

    /** As {@link #initFromSample(String, Path)}, with the workspace named {@code workspaceName} unless it is null. */
    public static NewWorkspace initFromSample(String sample, Path dir, String workspaceName) {
        return new WorkspaceInitializer(SampleCatalog.bundled()).create(dir, workspaceName, sample);
    }

    /**
     * Times the assertion families on {@code calls} synthetic recorded calls with {@code distinct} distinct answers,
     * with MiniLM similarity; calls no model.
     */
    public static org.promptstudio.eval.EvalBenchmark.Result benchmarkEval(int calls, int distinct) {
        return org.promptstudio.eval.EvalBenchmark.run(calls, distinct, org.promptstudio.eval.Embedder.miniLm());
    }

    /**
     * Embeds and indexes {@code chunks} generated chunks in a temporary folder and times {@code queries} queries per
     * search mode (see {@link org.promptstudio.index.IndexBenchmark}).
     */
    public static org.promptstudio.index.IndexBenchmark.Result benchmarkIndex(int chunks, int embedSample, int queries,
                                                                             java.util.function.Consumer<String> status) {
        return org.promptstudio.index.IndexBenchmark.run(chunks, embedSample, queries, status);
    }

    /** Records {@code calls} calls of {@code textChars} characters in a temporary database and times it. */
    public static StoreBenchmark.Result benchmarkStore(int calls, int textChars, int batchSize) {
        return StoreBenchmark.run(calls, textChars, batchSize);
    }

    /**
     * Fills a temporary database with {@code calls} calls and times the call browser's reads of {@code pageSize}
     * rows: the count and first page, the last page, a middle page, a filtered page.
     */
    public static org.promptstudio.store.CallBrowseBenchmark.Result benchmarkCallBrowse(int calls, int pageSize) {
        return org.promptstudio.store.CallBrowseBenchmark.run(calls, pageSize);
    }

    public Workspace workspace() {
        return workspace;
    }

    public PromptLibrary prompts() {
        return prompts;
    }

    /** Plain files of the workspace folders (datasets, experiments, docs), for showing as they are. */
    public WorkspaceFiles files() {
        return files;
    }

    Datasets datasets() {
        return datasets;
    }

    /** The dataset {@code studio.yaml} names as the default ({@code defaults: dataset:}), or null when none. */
    public String defaultDataset() {
        return workspace.config().defaults() == null ? null : workspace.config().defaults().dataset();
    }

    /**
     * Every dataset of the workspace ({@code datasets/*.jsonl}, {@code *.csv}), sorted by name, each with the problems
     * of its bad rows (the other rows still load).
     */
    public List<org.promptstudio.workspace.Dataset> loadDatasets() {
        return datasets.loadAll();
    }

    public PromptImport promptImport() {
        return promptImport;
    }

    /**
     * Compacts the workspace's own database file ({@code studio db compact}, docs/decisions/0156): its live pages
     * rewritten and the free space given back; the sizes before and after. Closing a studio does no compaction, so
     * this is how a file that grew under a burst of calls becomes small again.
     *
     * @throws StudioException one line: studio.yaml's {@code database.url} names another database (compacted with
     *     its own tools), this studio has the database open already, there is no database yet, or another studio
     *     (the window, a command still running, another process) has it open
     */
    public synchronized Database.Compaction compactDatabase() {
        if (closed) throw new StoreException(workspace.root() + ": the studio is closed");
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            throw new StudioException("studio.yaml: database.url names another database ("
                    + org.promptstudio.model.DatabaseUrl.shown(databaseUrl) + "); compact it with its own tools");
        }
        if (database != null) {
            throw new StudioException(database.name() + ": this studio has the database open; compact it from a"
                    + " command while no studio has it open");
        }
        return Database.compact(workspace.stateDir());
    }

    /** The workspace's database, opened (and created, and migrated) on first use; only app's use cases reach it. */
    synchronized Database database() {
        if (closed) throw new StoreException(workspace.root() + ": the studio is closed");
        if (database == null) {
            if (org.promptstudio.model.DatabaseUrl.isPostgres(databaseUrl)) {
                String[] login = teamLogin();
                database = Database.open(workspace.stateDir(), databaseUrl, login[0], login[1]);
            } else {
                database = Database.open(workspace.stateDir(), databaseUrl);
            }
            database.calls().redactWith(this::callRedaction);
            database.monitorAggregates().useSentiment(org.promptstudio.monitor.Sentiment::compound);
        }
        return database;
    }

    /**
     * Team mode's user and password (decision 0146): {@code STUDIO_DB_USER} and {@code STUDIO_DB_PASSWORD} from the
     * environment, else from the user's credentials file (refused when others can read it); either may be null.
     */
    private static String[] teamLogin() {
        org.promptstudio.provider.Credentials credentials = org.promptstudio.provider.Credentials.fromEnvironment();
        String user = credentials.setting(org.promptstudio.model.DatabaseUrl.USER_VARIABLE).orElse(null);
        String password = null;
        // find: refuses a password in a file others can read; setting: its value
        if (credentials.find(org.promptstudio.model.DatabaseUrl.PASSWORD_VARIABLE).isPresent()) {
            password = credentials.setting(org.promptstudio.model.DatabaseUrl.PASSWORD_VARIABLE).orElse(null);
        }
        return new String[] {user, password};
    }

    /**
     * Whether studio.yaml says {@code privacy.redactBeforeStore: true} now (read again when the file changed): calls
     * are redacted before they are recorded, and no answer is kept in the response cache.
     */
    public boolean redactsBeforeStore() {
        return workspace.config().privacy().redactBeforeStore();
    }

    /** What is done to a call before it is recorded: the PII redaction, or null when privacy does not ask for it. */
    private java.util.function.UnaryOperator<org.promptstudio.model.CallRecord> callRedaction() {
        org.promptstudio.workspace.StudioConfig config = workspace.config();
        if (!config.privacy().redactBeforeStore()) return null;
        Redaction made = redaction; // made again only when index.redact changed
        if (made == null || !made.index().equals(config.index())) {
            made = new Redaction(config.index(), CallRedaction.of(config.index()));
            redaction = made;
        }
        return made.redaction()::apply;
    }

    /** A {@link CallRedaction} and the settings it was made from. */
    private record Redaction(org.promptstudio.workspace.IndexConfig index, CallRedaction redaction) {
    }

    /** The last redaction made; null before the first. */
    private volatile Redaction redaction;

    /** Every model call recorded in this workspace. */
    CallRepository callRepository() {
        return database().calls();
    }

    /** The runs (experiments, playground sessions) recorded in this workspace. */
    RunRepository runRepository() {
        return database().runs();
    }

    /** The figures behind the dashboards and {@code studio monitor}. */
    public Monitoring monitoring() {
        return monitoring;
    }

    /** The model calls recorded in this workspace, to list and to show. */
    public Calls calls() {
        return calls;
    }

    /** The compare grid written as CSV or HTML under exports/. */
    public GridExport gridExport() {
        return new GridExport(workspace);
    }

    /** Recorded runs read back into the compare grid's shape, read-only (decision 0090). */
    public RunGrids runGrids() {
        return new RunGrids(this);
    }

    /** Thumbs up / down and comments on recorded answers, written at once. */
    public Feedback feedback() {
        return feedback;
    }

    /**
     * Labelling recorded answers: label schemas, queues, labels (written at once), progress, disagreements,
     * adjudication, CSV import, and the labels for exports and agreement (issue 13).
     */
    public Labelling labelling() {
        return new Labelling(this, this::annotator);
    }

    /** Labelled answers as fine-tuning files, preference pairs, a CSV of labels, and a few-shot pool (issue 13). */
    public LabelExports labelExports() {
        return new LabelExports(this);
    }

    /**
     * Privacy: deleting old calls ({@code studio purge}), an annotator's labels ({@code studio forget}), and the audit
     * of one run ({@code studio audit}); every deletion is logged with its counts only (decision 0148).
     */
    public Privacy privacy() {
        return new Privacy(this, recount());
    }

    /**
     * What {@link Privacy} calls after a purge or a forget deleted calls or labels of a span of time: the figures kept
     * apart from the calls are counted again for that span (the monitor's aggregate tables, issue 15).
     */
    private Privacy.Recount recount() {
        return (from, to, promptPath) -> database().monitorAggregates().rebuild(from, to, promptPath);
    }

    /** Running prompt tests with the pass rule, and writing their reports. */
    public PromptTests promptTests() {
        return promptTests;
    }

    /** Running experiments and estimating them: plan, check, estimate, start (a handle: progress, cancel, outcome). */
    public Runs runs() {
        return runs;
    }

    /** The runs recorded in this workspace, with their figures and states, as {@code studio runs} lists them. */
    public RunHistory runHistory() {
        return new RunHistory(runRepository(), RunHistory.Processes.SYSTEM);
    }

    /**
     * The studio is about to close: an ingestion running now stops at once, what it stored since its last commit is
     * dropped at {@link #close()} (the next ingestion reads it again). Does not open the index. Call it before
     * cancelling the window's work, so a cancelled ingestion does not spend seconds committing first.
     */
    public void stopIndexing() {
        Documents d;
        synchronized (this) {
            d = documents;
        }
        if (d != null) d.stopForClose();
    }

    /**
     * The document index of this workspace (issue 14): ingestion of the document folders, search, the document list,
     * chunks, and re-indexing on changes. The index ({@code .studio/index/}) is opened on first use.
     *
     * @throws StoreException when the studio is closed
     */
    public synchronized Documents documents() {
        if (closed) throw new StoreException(workspace.root() + ": the studio is closed");
        if (documents == null) documents = new Documents(workspace, files);
        return documents;
    }

    /** Retrieval quality of the document index on a dataset of questions ({@code studio eval-retrieval}). */
    public RetrievalEvaluation retrievalEvaluation() {
        return new RetrievalEvaluation(documents(), datasets());
    }

    /** Closes the document index and the database if they were opened. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (documents != null) {
            documents.close();
            documents = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }

    /**
     * Rendering a prompt's text as the editor holds it, with its errors, warnings, and tokens and cost per model of
     * the workspace.
     */
    public Previews previews() {
        return previews;
    }

    /** Publishing prompt versions to the shared registries and pulling them from there. */
    public PromptPublishing publishing() {
        return publishing;
    }

    /**
     * The workspace's models, ready to call, behind the response cache with {@code policy} and the workspace's
     * guardrails (studio.yaml {@code guard:}; a blocklist file that cannot be read is refused when studio.yaml is
     * read; one gone since then leaves a warn-only blocklist without its terms and makes a blocking one refuse every
     * call, unsent, saying so). With {@code privacy.redactBeforeStore: true} the cache is neither written nor read (an answer kept there
     * would be unredacted text outside the database).
     */
    public ModelAccess models(org.promptstudio.provider.CachePolicy policy) {
        return new ModelAccess(models(), responseCache(),
                redactsBeforeStore() ? org.promptstudio.provider.CachePolicy.OFF : policy,
                Guardrails.orRefusing(workspace));
    }

    /** Recorded answers, under {@code .studio/cache/}: the response cache and the replay model read them. */
    synchronized org.promptstudio.provider.ResponseCache responseCache() {
        if (responseCache == null) {
            responseCache = new org.promptstudio.provider.ResponseCache(workspace.stateDir().resolve("cache"));
        }
        return responseCache;
    }

    /**
     * The workspace's committed recordings ({@code recordings/}, decision 0023) when that folder exists and is not
     * the response cache in use already; null otherwise. Replay models read it after the cache.
     */
    private org.promptstudio.provider.ResponseCache committedRecordings() {
        Path dir = workspace.root().resolve(PromptTests.DEFAULT_RECORDINGS);
        if (!java.nio.file.Files.isDirectory(dir)) return null;
        if (dir.toAbsolutePath().normalize().equals(responseCache().directory().toAbsolutePath().normalize())) return null;
        return new org.promptstudio.provider.ResponseCache(dir);
    }

    /**
     * Keeps recorded answers in {@code dir} instead of {@code .studio/cache/}: a committed folder, so CI replays what
     * was recorded on a laptop (docs/decisions/0012-prompt-tests-in-ci.md). Only before any model is used.
     */
    public synchronized void useRecordings(Path dir) {
        if (responseCache != null || models != null) {
            throw new IllegalStateException("the recordings folder must be chosen before any model is used");
        }
        responseCache = new org.promptstudio.provider.ResponseCache(dir);
    }

    /**
     * A runner for experiments in this workspace, calling through {@code models}, recording its calls off the calling
     * threads (decision 0161): its users' progress (the runs view, the command line's progress line, a prompt test's
     * kept calls) is quick. The playground and the comparison grid, whose progress judges each cell, make their own.
     */
    org.promptstudio.experiment.ExperimentRunner runner(ModelAccess models) {
        return new org.promptstudio.experiment.ExperimentRunner(prompts.renderer(), models, callRepository(), tools())
                .withRetriever(retriever()).recordingLater();
    }

    /**
     * The document index as prompts' {@code retrieve:} sees it (decision 0140): {@link Documents#search} with flagged
     * chunks left out as studio.yaml's {@code index.injection.exclude} says.
     */
    org.promptstudio.experiment.Retriever retriever() {
        return new DocumentRetriever(workspace.stateDir().resolve("index"), () -> documents().whyNothingIsIndexed(),
                (query, k, mode, prefix) -> documents().search(query, k, mode, prefix));
    }

    /** Tool calls: the tools a prompt offers, continuing a conversation with a tool's result (decision 0085). */
    public ToolCalls toolCalls(ModelAccess models) {
        return new ToolCalls(this, models);
    }

    /**
     * Comparing one input across models and versions with each answer streamed as it is written ({@code studio
     * compare}, the compare grid), calling through {@code models}.
     */
    public StreamingCompare compare(ModelAccess models) {
        return new StreamingCompare(experiments, prompts.renderer(), models, runRepository(), callRepository(),
                dataset -> evaluation().checker(dataset), tools(),
                records -> database().evalResults().insertBatch(records)).withRetriever(retriever());
    }

    /** The tools this workspace defines in {@code tools/} (decision 0084). */
    org.promptstudio.workspace.ToolFiles tools() {
        return org.promptstudio.workspace.ToolFiles.of(workspace.root());
    }

    /**
     * A multi-turn chat with one prompt against several models at once, calling through {@code models} (the
     * window's playground); saved as a playground run or turned into a dataset case on request.
     */
    public Playground playground(ModelAccess models) {
        return new Playground(experiments, prompts, models, runRepository(), callRepository(), datasets, tools(),
                toolCalls(models), (cancel, heard) -> evaluation().checker(null, cancel, heard))
                .withRetriever(retriever());
    }

    /** Experiments of this workspace: plan, run, resume, sum up. */
    /** Evaluation of recorded runs, with MiniLM similarity and the workspace's judge models. */
    public Evaluation evaluation() {
        return new Evaluation(this, new org.promptstudio.eval.Metrics(org.promptstudio.eval.Embedder.miniLm()), null);
    }

    /** As {@link #evaluation()}, with the given metrics (embedder) and judges; null judges: the workspace's. */
    public Evaluation evaluation(org.promptstudio.eval.Metrics metrics, org.promptstudio.eval.JudgeModels judges) {
        return new Evaluation(this, metrics, judges);
    }

    PromptVersionSource versionSource() {
        return versionSource;
    }

    public Experiments experiments() {
        return experiments;
    }

    /**
     * The workspace's settings in studio.yaml (models, registries) as the settings view reads and edits them, read
     * from the file each time, with a connection test per model.
     */
    public WorkspaceSettings settings() {
        return new WorkspaceSettings(workspace, () -> models().factory());
    }

    /** Previews how one document splits into chunks with the workspace's {@code index:} settings. */
    public ChunkPreview chunkPreview() {
        return new ChunkPreview(workspace);
    }

    /** Saving prompts and their versions: history, labels, diff, restore, rename. */
    public Versions versions() {
        return versions;
    }

    /** Branches of the workspace repository, for experiments: list, create, switch, merge. */
    public Branching branches() {
        return branching;
    }

    /**
     * The workspace's models, with keys from the environment and the user's credentials file; the built-in
     * offline models (echo, extractive, replay) beside the remote adapters; usage counted with the tokenizer when
     * a provider reports none. Made again when the {@code models:} of studio.yaml changed since (the settings view
     * saved one, another editor, a switch of branch). Every catalog shares the studio's concurrency and rate
     * gates, one per model, whose limits a change of studio.yaml changes in place: a run already going and one
     * started after the change together stay within the limit now in force (decision 0067). A changed list that cannot be made into models (a bad
     * {@code params}) leaves the last good catalog in use, with a warning logged.
     *
     * @throws StudioException when the first catalog cannot be made (the error names the model)
     */
    public synchronized ModelCatalog models() {
        List<org.promptstudio.workspace.ModelConfig> configs = workspace.config().models();
        if (models != null && configs.equals(modelsConfig)) return models;
        try {
            models = catalog(configs);
        } catch (StudioException e) {
            if (models == null) throw e;
            log().warn("{}: the models read before stay in use", e.getMessage());
        }
        modelsConfig = configs;
        return models;
    }

    private ModelCatalog catalog(List<org.promptstudio.workspace.ModelConfig> configs) {
        org.promptstudio.provider.TokenCounter tokens = new org.promptstudio.provider.TokenCounter();
        ProviderFactory factory = ProviderFactory.builder()
                .gates(gates)
                .estimator((request, output) -> tokens.estimateUsage(request.model(), request.messages(), output))
                .build();
        ModelCatalog catalog = new ModelCatalog(configs, factory);
        java.util.Map<String, java.util.function.Function<org.promptstudio.model.ModelRef,
                org.promptstudio.provider.ModelProvider>> builtIns = new java.util.HashMap<>();
        new org.promptstudio.provider.BuiltInModels(responseCache(), catalog::model).alsoReading(committedRecordings())
                .register(builtIns);
        builtIns.forEach(factory::register);
        gates.configure(catalog.models()); // the limits of this studio.yaml in force, for old catalogs too
        return catalog;
    }
}
