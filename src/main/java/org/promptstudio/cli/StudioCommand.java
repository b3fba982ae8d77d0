package org.promptstudio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.promptstudio.app.LogFile;
import org.promptstudio.app.Studio;
import org.promptstudio.model.ErrorText;
import org.promptstudio.model.StudioException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code studio}: the command line. Exit codes: 0 success, 1 a user error (one line on stderr), 2 bad usage.
 */
@Command(name = "studio", mixinStandardHelpOptions = true, versionProvider = StudioCommand.Version.class,
        description = "Prompt Studio: write, version, run, evaluate and label prompts.%n"
                + "With no command, opens the window.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:an error (one line on stderr; a listing also exits 1 when it found problems)",
            "2:bad usage (an unknown option, a missing argument)",
            "130:stopped with Ctrl-C (what was recorded is kept; studio run says how to resume)"})
public final class StudioCommand implements Runnable {

    /**
     * The commands under {@code studio}, in the order its help lists them, by name. They are added to the command
     * line when it is built, not declared in {@code @Command}: a command line built for one command (see
     * {@link #commandLine(PrintWriter, PrintWriter, Function, String...)}) reads and builds that one only.
     */
    static final List<Map.Entry<String, Class<?>>> COMMANDS = List.of(
            Map.entry("help", CommandLine.HelpCommand.class),
            Map.entry("ui", WindowCommand.class),
            Map.entry("screenshot", ScreenshotCommand.class),
            Map.entry("init", InitCommand.class),
            Map.entry("datasets", DatasetsCommand.class),
            Map.entry("render", RenderCommand.class),
            Map.entry("calls", CallsCommand.class),
            Map.entry("monitor", MonitorCommand.class),
            Map.entry("runs", RunsCommand.class),
            Map.entry("run", RunCommand.class),
            Map.entry("test", TestCommand.class),
            Map.entry("diff-runs", DiffRunsCommand.class),
            Map.entry("compare", CompareCommand.class),
            Map.entry("bench", BenchCommand.class),
            Map.entry("import", ImportCommand.class),
            Map.entry("publish", PublishCommand.class),
            Map.entry("registry", RegistryCommand.class),
            Map.entry("save", SaveCommand.class),
            Map.entry("history", HistoryCommand.class),
            Map.entry("diff", DiffCommand.class),
            Map.entry("show", ShowCommand.class),
            Map.entry("label", LabelCommand.class),
            Map.entry("restore", RestoreCommand.class),
            Map.entry("mv", MvCommand.class),
            Map.entry("branch", BranchCommand.class),
            Map.entry("switch", SwitchCommand.class),
            Map.entry("merge", MergeCommand.class),
            Map.entry("models", ModelsCommand.class),
            Map.entry("credentials", CredentialsCommand.class),
            Map.entry("eval", EvalCommand.class),
            Map.entry("feedback", FeedbackCommand.class),
            Map.entry("labels", LabelsCommand.class),
            Map.entry("export", ExportCommand.class),
            Map.entry("index", IndexCommand.class),
            Map.entry("search", SearchCommand.class),
            Map.entry("chunks", ChunksCommand.class),
            Map.entry("eval-retrieval", EvalRetrievalCommand.class),
            Map.entry("purge", PurgeCommand.class),
            Map.entry("db", DbCommand.class),
            Map.entry("forget", ForgetCommand.class),
            Map.entry("audit", AuditCommand.class));

    // No logger in a static field: making the first one reads logback's configuration, which `studio --version`
    // and a command that logs nothing do not need (decision 0155).

    /** Exit code for a user error: bad input, a missing file, a broken template. */
    public static final int USER_ERROR = 1;
    /** Exit code for bad usage: an unknown option or a missing argument. */
    public static final int USAGE_ERROR = 2;

    @Option(names = {"-w", "--workspace"}, scope = CommandLine.ScopeType.INHERIT, paramLabel = "DIR",
            description = "The workspace folder (default: the current folder).")
    Path workspace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How a command opens the workspace; tests give one that wires services the build does not have yet. */
    private final Function<Path, Studio> studios;

    StudioCommand() {
        this(Studio::open);
    }

    StudioCommand(Function<Path, Studio> studios) {
        this.studios = studios;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The workspace folder the user named, or the current folder. */
    Path workspace() {
        return workspace != null ? workspace : Path.of("").toAbsolutePath();
    }

    /** Opens the workspace the user named, or the current folder. */
    Studio openStudio() {
        return studios.apply(workspace());
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, Studio::open, args);
    }

    /** As {@link #run(PrintWriter, PrintWriter, String...)}, with workspaces opened by {@code studios}. */
    public static int run(PrintWriter out, PrintWriter err, Function<Path, Studio> studios, String... args) {
        CommandLine cl = commandLine(out, err, studios, args);
        return cl.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, Studio::open);
    }

    /** The whole command line: every command, as {@code studio --help} lists them. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Function<Path, Studio> studios) {
        CommandLine cl = new CommandLine(new StudioCommand(studios));
        COMMANDS.forEach(c -> cl.addSubcommand(c.getValue()));
        return configure(cl, out, err);
    }

    /**
     * The command line that {@code args} need (decision 0155): picocli reads every option of every command it is
     * given, by reflection, before it parses anything, so {@code studio render ...} gets the render command alone and
     * {@code studio --version} none. Anything else (no command, {@code help}, {@code --help}, an unknown word) gets
     * the whole command line, so listings and "did you mean" suggestions stay complete.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Function<Path, Studio> studios, String... args) {
        java.util.Optional<Class<?>> only = commandFor(args);
        boolean versionOnly = args.length > 0 && java.util.Arrays.stream(args).allMatch(a -> a.equals("-V")
                || a.equals("--version"));
        if (only.isEmpty() && !versionOnly) return commandLine(out, err, studios);
        CommandLine cl = new CommandLine(new StudioCommand(studios));
        only.ifPresent(cl::addSubcommand);
        return configure(cl, out, err);
    }

    /**
     * The command that {@code args} name (the first word that is neither an option nor the value of
     * {@code -w}/{@code --workspace}) when it is one of {@link #COMMANDS} other than {@code help}, and no
     * {@code -h}/{@code --help} for {@code studio} itself comes before it; else empty.
     */
    static java.util.Optional<Class<?>> commandFor(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-w") || a.equals("--workspace")) {
                i++;
                continue;
            }
            if (a.startsWith("-w") || a.startsWith("--workspace=")) continue;
            if (a.startsWith("-")) return java.util.Optional.empty();
            if (a.equals("help")) return java.util.Optional.empty();
            return COMMANDS.stream().filter(c -> c.getKey().equals(a)).<Class<?>>map(Map.Entry::getValue).findFirst();
        }
        return java.util.Optional.empty();
    }

    /** Gives {@code cl} the studio's help options, streams, exit codes and one-line errors; returns it. */
    static CommandLine configure(CommandLine cl, PrintWriter out, PrintWriter err) {
        addHelpOptions(cl);
        cl.setExpandAtFiles(false); // "@file.json" is ours to read (--input @case.json)
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE_ERROR : USER_ERROR);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(errorLine(e, commandLine.getCommandSpec().qualifiedName()));
            return USER_ERROR;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("usage error: " + oneLine(Numbers.message(e)));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return USAGE_ERROR;
        });
        return cl;
    }

    /**
     * Every command answers --help and --version, so the usage hint always works; a command whose own --version
     * means something else ({@code studio label ... --version N}, {@code studio labels queue create --version C}) keeps
     * it and gets --help alone.
     */
    private static void addHelpOptions(CommandLine cl) {
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        if (spec.findOption("--version") == null) {
            spec.mixinStandardHelpOptions(true);
        } else if (spec.findOption("--help") == null) {
            String[] names = spec.findOption("-h") == null ? new String[] {"-h", "--help"} : new String[] {"--help"};
            spec.addOption(CommandLine.Model.OptionSpec.builder(names).usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        cl.getSubcommands().values().forEach(StudioCommand::addHelpOptions);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /**
     * The one line a user sees when {@code command} (e.g. "studio run") failed with {@code e}: the user message of
     * the first {@link StudioException} in its causes, or, for anything unexpected, what failed and where the details
     * were logged. Never a Java class name nor a stack trace; the stack trace goes to the log file only.
     */
    static String errorLine(Throwable e, String command) {
        if (ErrorText.userError(e) != null) {
            LoggerFactory.getLogger(StudioCommand.class).debug("{} failed", command, e);
            return "error: " + ErrorText.reason(e);
        }
        // Goes to the log file only (app.LogConfiguration), so a stack trace never reaches the terminal.
        LoggerFactory.getLogger(LogFile.DETAILS_LOGGER).error("{} failed unexpectedly", command, e);
        return "error: " + command + " failed: " + ErrorText.reason(e) + " (a bug; details in " + LogFile.path() + ")";
    }

    /** The version from the jar's manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = StudioCommand.class.getPackage().getImplementationVersion();
            return new String[] {"Prompt Studio " + (v == null ? "dev" : v)};
        }
    }
}
