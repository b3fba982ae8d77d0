package org.promptstudio.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code studio screenshot VIEW}: checks what picture is asked for and which workspace it shows; the launcher
 * ({@code Main}) then opens the real window on it, goes to the view, waits until its background work is done and
 * writes the PNG. The workspace is chosen as {@code studio ui} chooses it: {@code --workspace DIR}, else the current
 * folder when it is a workspace, else the support-assistant sample under {@code ~/PromptStudio}.
 */
@Command(name = "screenshot", description = "Write a PNG of one view of the window (works under Xvfb).",
        footer = {"%nThe workspace: --workspace DIR, else the current folder when it is one, else the sample "
                + "(--sample) under ~/PromptStudio, copied there the first time.",
            "%nThe picture is taken of a temporary copy of the workspace, removed afterwards: nothing the view does (a"
                + " compare records a run) changes the workspace.",
            "%nExamples:",
            "  studio screenshot editor --prompt answer --out docs/screenshots/editor.png",
            "  studio screenshot diff --prompt answer --versions 1,2 --theme dark",
            "  studio screenshot compare --prompt answer --versions production,working --models echo,extractive"
                + " --dataset support-questions --limit 10",
            "  studio screenshot grid --run 3",
            "  studio screenshot documents --prompt \"refund for a damaged item\"",
            "  studio screenshot dashboards --models echo,extractive"})
public final class ScreenshotCommand implements Callable<Integer> {

    /** The views a picture can be taken of (the window says which of them it has yet). */
    /** The views whose {@code --prompt} names a prompt (launch's names an experiment; the others ignore it). */
    static final List<String> PROMPT_VIEWS = List.of("editor", "history", "diff", "compare", "playground");

    static final List<String> VIEWS = List.of("editor", "history", "diff", "settings", "compare", "runs", "playground",
            "launch", "grid", "labelling", "documents", "dashboards");

    /**
     * What to take, checked: everything the window needs, or null with the exit code to end with.
     *
     * @param width  pixels
     * @param height pixels
     */
    public record Outcome(Path workspace, String view, String prompt, List<String> versions, Path out, int width,
                          int height, String theme, int exitCode, List<String> models, String dataset, int limit) {

        /** A request for a view other than compare: no models, dataset or limit. */
        public Outcome(Path workspace, String view, String prompt, List<String> versions, Path out, int width,
                       int height, String theme, int exitCode) {
            this(workspace, view, prompt, versions, out, width, height, theme, exitCode, List.of(), null, 0);
        }
    }

    @CommandLine.ParentCommand
    StudioCommand parent;

    @Parameters(index = "0", paramLabel = "VIEW", description = "What to show: editor, history, diff, settings, compare, runs, playground, launch (the run"
            + " launcher, after running --prompt's experiment to its end), grid (a recorded run in the compare grid: --run N)"
            + " labelling (the first labelling queue's next item), documents (the documents indexed, a search"
            + " for --prompt's words and its first hit's chunk) or dashboards (the monitor charts of the last 7 days; with two --models or --versions, scrolled"
            + " to their A/B table).")
    String view;

    @Option(names = "--prompt", paramLabel = "P", description = "The prompt (default: answer, else the first); for"
            + " launch, the experiment (default: the first); for documents, what to search for.")
    String prompt;

    @Option(names = "--versions", paramLabel = "A,B", split = ",",
            description = "The two versions a diff compares; for compare, the versions in column order (numbers, labels"
                    + " or 'working'); for dashboards, the two versions of --prompt in the A/B table.")
    List<String> versions;

    @Option(names = "--models", paramLabel = "A,B", split = ",",
            description = "For compare: the models, in column order (default: the first model of studio.yaml); for playground:"
                    + " one column each (default: echo, extractive); for dashboards, the two models in the A/B table.")
    List<String> models;

    @Option(names = "--dataset", paramLabel = "D", description = "For compare: the dataset whose rows are the grid's rows.")
    String dataset;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", converter = Numbers.Count.class,
            description = "For compare: the first N rows of the dataset (at least 1, as for run and test; "
                    + "default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--run", paramLabel = "N", converter = Numbers.Id.class,
            description = "For grid: the recorded run shown in the compare grid (its number in 'studio runs').")
    Long run;

    @Option(names = "--out", paramLabel = "FILE.png", description = "Where to write the PNG (default: VIEW.png).")
    Path out;

    @Option(names = "--size", paramLabel = "WxH",
            description = "The window's size in pixels (default: 1600x1000; for dashboards 1600x1800, every chart"
                    + " and the A/B table in sight).")
    String size;

    /** The window's size when --size is not given: the dashboards' charts and A/B table need a taller one. */
    static String defaultSize(String view) {
        return view.equals("dashboards") ? "1600x1800" : "1600x1000";
    }

    @Option(names = "--theme", paramLabel = "light|dark", defaultValue = "light",
            description = "The theme (default: ${DEFAULT-VALUE}).")
    String theme;

    @Option(names = "--sample", paramLabel = "NAME", defaultValue = "support-assistant",
            description = "Sample to show when no workspace is given and the current folder is none "
                    + "(default: ${DEFAULT-VALUE}).")
    String sample;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Outcome chosen;

    @Override
    public Integer call() {
        String v = view.strip().toLowerCase(Locale.ROOT);
        if (!VIEWS.contains(v)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown view '" + view + "': use one of " + String.join(", ", VIEWS));
        }
        int[] wh = size(size == null ? defaultSize(v) : size);
        String t = theme.strip().toLowerCase(Locale.ROOT);
        if (!t.equals("light") && !t.equals("dark")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--theme is light or dark, not '" + theme + "'");
        }
        List<String> vs = versions == null ? List.of() : versions.stream().map(String::strip).toList();
        boolean compare = v.equals("compare");
        boolean dashboards = v.equals("dashboards");
        if (!vs.isEmpty() && !compare && (!(v.equals("diff") || dashboards) || vs.size() != 2 || vs.contains(""))) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--versions takes two versions (A,B) for the diff or dashboards view, or a list for compare");
        }
        if (dashboards && !vs.isEmpty() && (prompt == null || prompt.isBlank())) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--versions for the dashboards' A/B table are versions of a prompt: give --prompt P too");
        }
        boolean playground = v.equals("playground");
        Path chosenWorkspace = WindowCommand.choose(parent == null ? null : parent.workspace, sample);
        List<String> checked = ModelNames.check(spec.commandLine(), models, () -> {
            if (!java.nio.file.Files.isDirectory(chosenWorkspace.resolve(".studio"))) return List.of("(not a workspace yet: studio models lists them)");
            try (org.promptstudio.app.Studio studio = org.promptstudio.app.Studio.open(chosenWorkspace)) {
                return ModelNames.known(studio);
            }
        });
        List<String> ms = checked == null ? List.of() : checked;
        if (!compare && !playground && !dashboards && !ms.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--models is for the compare, playground and dashboards views");
        }
        if (dashboards && !ms.isEmpty() && (ms.size() != 2 || !vs.isEmpty())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the dashboards' A/B table compares two"
                    + " models (--models A,B) or two versions (--prompt P --versions A,B), not " + (vs.isEmpty()
                    ? ms.size() + " model" + (ms.size() == 1 ? "" : "s") : "both"));
        }
        if (!compare && dataset != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dataset is for the compare view");
        }
        boolean grid = v.equals("grid");
        if (grid != (run != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), grid
                    ? "the grid view shows a recorded run: give --run N (the run's number in 'studio runs')"
                    : "--run is for the grid view");
        }
        // The run travels as the grid's one "version", as the shell's key for a recorded grid holds it (ViewKey.GRID).
        if (grid) vs = List.of(String.valueOf(run));
        Path workspace = chosenWorkspace;
        // Checked before any window work (JavaFX, Xvfb): an unknown run, prompt, model or dataset is one line at
        // once, not after a minute, worded as a run of the same choice says it.
        // --prompt names a prompt for the views that open one, the experiment for launch, and nothing for the rest.
        String named = prompt == null || prompt.isBlank() ? null : prompt.strip();
        boolean launch = v.equals("launch");
        String p = PROMPT_VIEWS.contains(v) || dashboards ? named : null;
        String experiment = launch ? named : null;
        String d = compare && dataset != null && !dataset.isBlank() ? dataset.strip() : null;
        boolean runChecked = grid && java.nio.file.Files.isDirectory(workspace.resolve(".studio"));
        if (runChecked || p != null || experiment != null || d != null || !ms.isEmpty()) {
            try (org.promptstudio.app.Studio studio = org.promptstudio.app.Studio.open(workspace)) {
                studio.experiments().checkChosen("--prompt", p, "--dataset", d);
                if (experiment != null) {
                    List<String> known = studio.experiments().list();
                    if (!known.contains(experiment)) {
                        throw new org.promptstudio.model.StudioException("--prompt: no experiment '" + experiment
                                + "' in experiments/ (known: " + (known.isEmpty() ? "none" : String.join(", ", known))
                                + ")");
                    }
                }
                if (!ms.isEmpty()) {
                    org.promptstudio.app.ModelCatalog catalog = studio.models();
                    for (String m : ms) {
                        if (catalog.model(m).isEmpty()) {
                            throw new org.promptstudio.model.StudioException("--models: " + catalog.unknown(m)
                                    .getMessage());
                        }
                    }
                }
                if (runChecked && studio.runHistory().find(run).isEmpty()) throw org.promptstudio.app.Runs.unknownRun(run);
            }
        }
        Path file = (out != null ? out : Path.of(v + ".png")).toAbsolutePath().normalize();
        chosen = new Outcome(workspace, v, prompt == null ? "" : prompt.strip(), vs, file, wh[0], wh[1], t, 0, ms,
                dataset == null || dataset.isBlank() ? null : dataset.strip(), compare ? limit : 0);
        return 0;
    }

    private int[] size(String text) {
        String[] parts = text.strip().toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0].strip());
                int h = Integer.parseInt(parts[1].strip());
                if (w >= 200 && h >= 150 && w <= 8000 && h <= 8000) return new int[] {w, h};
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "--size is WIDTHxHEIGHT in pixels (200x150 to 8000x8000), not '" + text + "'");
    }

    /**
     * {@code message} with every path inside {@code copy} (the temporary copy a picture is taken of) written as the
     * same path inside {@code workspace}, the user's folder, so an error names a file the user can open:
     * {@code /tmp/studio-screenshot123/ws/prompts/x.prompt:3:1: ...} becomes {@code /home/ann/ws/prompts/x.prompt:3:1: ...}.
     * The copy's real path (symbolic links resolved, e.g. macOS's {@code /private/var}) is mapped too.
     *
     * @return the message mapped; null for null
     */
    public static String userPaths(String message, Path copy, Path workspace) {
        if (message == null || copy == null || workspace == null) return message;
        java.util.LinkedHashSet<String> forms = new java.util.LinkedHashSet<>();
        forms.add(copy.toAbsolutePath().normalize().toString());
        forms.add(copy.toString());
        try {
            forms.add(copy.toRealPath().toString());
        } catch (java.io.IOException e) {
            // the copy is gone already: its other forms are mapped
        }
        String to = workspace.toAbsolutePath().normalize().toString();
        String out = message;
        // longest first, so that a form inside another is not mapped half
        for (String from : forms.stream().sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList()) {
            if (!from.isEmpty() && !from.equals(to)) out = out.replace(from, to);
        }
        return out;
    }

    /**
     * Parses {@code args} as {@code studio screenshot ...} (with {@code --workspace DIR} among them); prints help or
     * the error itself (exit 2 for a bad view, size, theme or versions).
     */
    public static Outcome prepare(String[] args) {
        CommandLine cl = StudioCommand.commandLine(new java.io.PrintWriter(System.out, true),
                new java.io.PrintWriter(System.err, true));
        // --workspace is the command line's own option: put it before the command, where it is declared.
        String[] full = new String[args.length + 1];
        full[0] = "screenshot";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = cl.execute(full);
        ScreenshotCommand ran = cl.getSubcommands().get("screenshot").getCommand();
        if (code != 0 || ran.chosen == null) {
            return new Outcome(null, null, null, List.of(), null, 0, 0, null, code, List.of(), null, 0);
        }
        return ran.chosen;
    }
}
