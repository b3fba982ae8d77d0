package org.promptstudio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;
import org.promptstudio.app.LogFile;
import org.promptstudio.app.Studio;
import org.promptstudio.model.ErrorText;
import org.promptstudio.model.StudioException;
import org.slf4j.Logger;
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
            "130:stopped with Ctrl-C (what was recorded is kept; studio run says how to resume)"},
        subcommands = {
            CommandLine.HelpCommand.class,
            WindowCommand.class,
            ScreenshotCommand.class,
            InitCommand.class,
            DatasetsCommand.class,
            RenderCommand.class,
            CallsCommand.class,
            MonitorCommand.class,
            RunsCommand.class,
            RunCommand.class,
            TestCommand.class,
            DiffRunsCommand.class,
            CompareCommand.class,
            BenchCommand.class,
            ImportCommand.class,
            PublishCommand.class,
            RegistryCommand.class,
            SaveCommand.class,
            HistoryCommand.class,
            DiffCommand.class,
            ShowCommand.class,
            LabelCommand.class,
            RestoreCommand.class,
            MvCommand.class,
            BranchCommand.class,
            SwitchCommand.class,
            MergeCommand.class,
            ModelsCommand.class,
            CredentialsCommand.class,
            EvalCommand.class,
            FeedbackCommand.class,
            LabelsCommand.class,
            ExportCommand.class,
            IndexCommand.class,
            SearchCommand.class,
            ChunksCommand.class,
            EvalRetrievalCommand.class,
            PurgeCommand.class,
            DbCommand.class,
            ForgetCommand.class,
            AuditCommand.class
        })
public final class StudioCommand implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StudioCommand.class);
    /** Goes to the log file only (logback.xml), so a stack trace never reaches the terminal. */
    private static final Logger DETAILS = LoggerFactory.getLogger(LogFile.DETAILS_LOGGER);

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
        CommandLine cl = commandLine(out, err, studios);
        return cl.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, Studio::open);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err, Function<Path, Studio> studios) {
        return configure(new CommandLine(new StudioCommand(studios)), out, err);
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
            LOG.debug("{} failed", command, e);
            return "error: " + ErrorText.reason(e);
        }
        DETAILS.error("{} failed unexpectedly", command, e);
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
