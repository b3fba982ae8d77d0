package org.promptstudio;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.promptstudio.app.Studio;
import org.promptstudio.app.LogFile;
import org.promptstudio.cli.BenchUiGridCommand;
import org.promptstudio.cli.ScreenshotCommand;
import org.promptstudio.cli.StudioCommand;
import org.promptstudio.cli.WindowCommand;
import org.promptstudio.model.ErrorText;
import org.promptstudio.ui.DesktopCheck;
import org.promptstudio.ui.Screenshots;
import org.promptstudio.ui.StudioApp;
import org.promptstudio.ui.compare.CompareGridBench;
import org.slf4j.LoggerFactory;

/**
 * The one entry point: with no arguments (or {@code ui ...}) it opens the window, otherwise it is the command line.
 * It is the only class that knows both faces; it lives outside them so neither depends on the other.
 */
public final class Main {

    /** The option that times the window's start instead of leaving it open. */
    static final String MEASURE_STARTUP = "--measure-startup";

    /**
     * JavaFX's logger, which warns on every start from a class path (as the launcher and Maven start it)
     * "Unsupported JavaFX configuration": the studio runs JavaFX on the class path on purpose, so that one warning
     * is dropped; every other stays. Held here so that the filter is not collected with the logger. In a class of its
     * own, set up by {@link #quiet()} before JavaFX starts: the JDK's logging starts by scanning every jar for a
     * logger service, about 80 ms of each command that never shows a window (issue 16, decision 0155 addendum).
     */
    private static final class JavaFxLog {
        static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("javafx");

        static {
            LOG.setFilter(r -> r.getMessage() == null
                    || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
        }

        /** Sets the filter (once); called before anything starts JavaFX. */
        static void quiet() {
            // the static initialiser does it
        }
    }

    static {
        // CompletableFuture runs its default-executor stages on a new thread each when the common pool has fewer than
        // two threads, which is the case on two cores or fewer (its parallelism is cores - 1). The JDK's HTTP client
        // completes every sendAsync response through such a stage, so each model call started a thread of its own
        // (3,200 threads for 3,000 calls in a profile of bench runner). Two threads in the common pool make it serve
        // them (issue 16 part 3, decision 0157). Set before anything touches the pool; a value given on the command
        // line stays.
        String parallelism = "java.util.concurrent.ForkJoinPool.common.parallelism";
        if (System.getProperty(parallelism) == null && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty(parallelism, "2");
        }
    }

    private Main() {
    }

    public static void main(String[] given) {
        LogFile.install(); // before the first logger: logback writes where the error lines say
        Studio.useUserHome(); // before the first repository: git's identity from the same home as our files
        // `mvn javafx:run` passes an empty string when no arguments are set.
        String[] args = Arrays.stream(given).filter(a -> !a.isBlank()).toArray(String[]::new);
        // `studio --measure-startup [DIR]` (or `studio ui --measure-startup ...`): the window, timed, then exit.
        boolean measure = Arrays.asList(args).contains(MEASURE_STARTUP);
        if (measure) args = Arrays.stream(args).filter(a -> !a.equals(MEASURE_STARTUP)).toArray(String[]::new);
        int shot = commandAt(args, "screenshot");
        if (shot >= 0) {
            // `studio [-w DIR] screenshot ...`: the command's own words, with the global option kept.
            String[] rest = new String[args.length - 1];
            System.arraycopy(args, 0, rest, 0, shot);
            System.arraycopy(args, shot + 1, rest, shot, args.length - shot - 1);
            JavaFxLog.quiet();
            System.exit(screenshot(rest));
        }
        int bench = commandAt(args, "bench");
        if (bench >= 0 && bench + 1 < args.length && args[bench + 1].equals("ui-grid")) {
            JavaFxLog.quiet();
            System.exit(benchUiGrid(Arrays.copyOfRange(args, bench + 2, args.length)));
        }
        if (bench >= 0 && bench + 1 < args.length && args[bench + 1].equals("labelling")) {
            JavaFxLog.quiet();
            System.exit(benchLabelling(Arrays.copyOfRange(args, bench + 2, args.length)));
        }
        if (args.length == 0 || args[0].equals("ui") || measure) {
            JavaFxLog.quiet();
            if (measure && args.length > 0 && !args[0].equals("ui")) {
                String[] ui = new String[args.length + 1];
                ui[0] = "ui";
                System.arraycopy(args, 0, ui, 1, args.length);
                args = ui;
            }
            String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
            boolean helpOnly = Arrays.stream(rest).anyMatch(a -> a.equals("-h") || a.equals("--help")
                    || a.equals("-V") || a.equals("--version"));
            // Before anything is copied or opened: without a display the window cannot come, so say what is missing.
            Optional<String> missing = helpOnly ? Optional.empty() : DesktopCheck.problem();
            if (missing.isPresent()) {
                System.err.println("error: " + missing.get());
                System.exit(windowFailure());
            }
            // The window: logback reads its configuration on a second thread while JavaFX starts on this one.
            // (Commands do not: SLF4J would say on stderr that it replayed what was logged meanwhile.)
            Thread logging = new Thread(LoggerFactory::getILoggerFactory, "studio-logging");
            logging.setDaemon(true);
            logging.start();
            WindowCommand.Outcome outcome = WindowCommand.prepare(rest);
            if (outcome.workspace() == null) {
                System.exit(outcome.exitCode() == 0 ? 0 : windowFailure());
            }
            // The workspace opens on a second thread while JavaFX starts on this one; the window takes it from there.
            CompletableFuture<Studio> opening = CompletableFuture.supplyAsync(() -> Studio.open(outcome.workspace()),
                    runnable -> {
                        Thread t = new Thread(runnable, "studio-open");
                        t.setDaemon(true);
                        t.start();
                    });
            try {
                if (measure) {
                    Optional<java.time.Duration> time = StudioApp.measureStartup(outcome.workspace(), opening);
                    Optional<String> failure = StudioApp.startFailure();
                    if (failure.isPresent()) {
                        System.err.println("error: " + failure.get());
                        System.exit(windowFailure());
                    }
                    if (time.isEmpty()) {
                        System.err.println("error: the window did not show the workspace " + outcome.workspace()
                                + " (details in " + LogFile.path() + ")");
                        System.exit(windowFailure());
                    }
                    System.out.println("startup: " + time.get().toMillis() + " ms from process start to the first frame "
                            + "showing the workspace " + outcome.workspace().getFileName());
                    System.exit(0);
                }
                Optional<String> failure = StudioApp.launchWindow(outcome.workspace(), opening);
                if (failure.isPresent()) {
                    System.err.println("error: " + failure.get());
                    System.exit(windowFailure());
                }
            } catch (RuntimeException | LinkageError e) {
                // What the check above cannot foresee (a display that refuses us, a broken graphics driver).
                LoggerFactory.getLogger(LogFile.DETAILS_LOGGER).error("the window failed to start", e);
                System.err.println("error: the studio window cannot start: " + ErrorText.reason(e) + " (details in "
                        + LogFile.path() + "); the command line works without it: studio --help");
                System.exit(windowFailure());
            }
            return;
        }
        System.exit(StudioCommand.run(args));
    }

    /**
     * Where {@code command} stands in {@code args} as the command (the first word that is neither an option nor the
     * value of {@code -w}/{@code --workspace}), or -1.
     */
    static int commandAt(String[] args, String command) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-w") || a.equals("--workspace")) {
                i++;
                continue;
            }
            if (a.startsWith("-")) continue;
            return a.equals(command) ? i : -1;
        }
        return -1;
    }

    /** One line of {@code bench ui-grid}'s frame figures. */
    private static void frames(String phase, CompareGridBench.Frames f) {
        System.out.printf(java.util.Locale.ROOT, "  %-22s %5d frames: %6.1f / %6.1f / %7.1f ms; %4d over %.0f ms, %4d stalls;"
                + " CPU %5.1f / %6.1f ms%n      costliest on the UI thread: %s%n", phase, f.count(), f.p50(), f.p95(),
                f.worst(), f.slow(), CompareGridBench.SLOW_MS, f.stalls(), f.cpuP95(), f.cpuWorst(), f.costliest());
    }

    /** {@code studio bench ui-grid ...}: the command line checks the options, the window is measured. */
    private static int benchUiGrid(String[] rest) {
        BenchUiGridCommand.Outcome o = BenchUiGridCommand.prepare(rest);
        if (o.rows() == 0) return o.exitCode();
        Optional<Integer> noDisplay = withoutDisplay();
        if (noDisplay.isPresent()) return noDisplay.get();
        java.nio.file.Path scratch = null;
        try {
            scratch = java.nio.file.Files.createTempDirectory("studio-bench-ui-grid");
            System.out.println("recording " + o.rows() * 6 + " calls against a local server, then filling the grid "
                    + "from the recordings...");
            CompareGridBench.Result r = CompareGridBench.run(scratch, o.rows(), o.profile());
            System.out.printf(java.util.Locale.ROOT, "machine: load average %.2f at the start (%.2f at the end), "
                    + "%d cores%n", r.loadAtStart(), r.loadAtEnd(), r.cores());
            System.out.printf(java.util.Locale.ROOT, "ui-grid %d x %d: %d cells filled (%s)%n", r.rows(), r.columns(),
                    r.cellsDone(), r.message());
            System.out.printf(java.util.Locale.ROOT, "first paint: %.0f ms after Run (UI thread CPU %.0f ms; grid planned"
                    + " off the UI thread in %.0f ms); filled in %.0f ms%n", r.firstPaintMs(), r.firstPaintCpuMs(),
                    r.plannedMs(), r.fillMs());
            System.out.printf(java.util.Locale.ROOT, "frames (p50 / p95 / worst; over %.0f ms; stalls = over %.0f ms;"
                    + " UI thread CPU p95 / worst):%n", CompareGridBench.SLOW_MS, CompareGridBench.STALL_MS);
            frames("filling", r.filling());
            frames("scrolling, wheel", r.wheel());
            frames("scrolling, page jumps", r.pages());
            System.out.printf(java.util.Locale.ROOT, "updates applied: %d; table cells in the window: %d%n", r.updates(),
                    r.tableCells());
            for (var e : CompareGridBench.top(r.stalls(), 12)) {
                System.out.println("late frame (" + e.getValue() + " samples), " + e.getKey());
            }
            return r.cellsDone() == r.rows() * r.columns() ? 0 : StudioCommand.USER_ERROR;
        } catch (Exception | LinkageError e) {
            LoggerFactory.getLogger(LogFile.DETAILS_LOGGER).error("bench ui-grid failed", e);
            System.err.println("error: bench ui-grid: " + ErrorText.reason(e) + " (details in " + LogFile.path() + ")");
            return StudioCommand.USER_ERROR;
        } finally {
            if (scratch != null) deleteTree(scratch);
        }
    }

    /** The exit code when there is no display to open a window on (said on stderr), else empty. */
    private static Optional<Integer> withoutDisplay() {
        Optional<String> missing = DesktopCheck.problem();
        missing.ifPresent(m -> System.err.println("error: " + m));
        return missing.map(m -> StudioCommand.USER_ERROR);
    }

    /** {@code studio bench labelling ...}: the command line checks the options, the window is measured. */
    private static int benchLabelling(String[] rest) {
        org.promptstudio.cli.BenchLabellingCommand.Outcome o = org.promptstudio.cli.BenchLabellingCommand.prepare(rest);
        if (o.items() == 0) return o.exitCode();
        Optional<Integer> noDisplay = withoutDisplay();
        if (noDisplay.isPresent()) return noDisplay.get();
        java.nio.file.Path scratch = null;
        try {
            scratch = java.nio.file.Files.createTempDirectory("studio-bench-labelling");
            System.out.println("recording " + o.items() + " calls with the echo model, then labelling them in the"
                    + " window...");
            org.promptstudio.ui.labelling.LabellingBench.Result r =
                    org.promptstudio.ui.labelling.LabellingBench.run(scratch, o.items());
            org.promptstudio.ui.labelling.LabellingBench.lines(r).forEach(System.out::println);
            return r.stored() == r.items() ? 0 : StudioCommand.USER_ERROR;
        } catch (Exception | LinkageError e) {
            LoggerFactory.getLogger(LogFile.DETAILS_LOGGER).error("bench labelling failed", e);
            System.err.println("error: bench labelling: " + ErrorText.reason(e) + " (details in " + LogFile.path() + ")");
            return StudioCommand.USER_ERROR;
        } finally {
            if (scratch != null) deleteTree(scratch);
        }
    }

    private static void deleteTree(java.nio.file.Path dir) {
        if (dir == null) return;
        try (var walk = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            System.err.println("note: the temporary folder " + dir + " is left: " + e.getMessage());
        }
    }

    /** {@code studio screenshot ...}: the command line checks the request, the window takes the picture. */
    private static int screenshot(String[] rest) {
        ScreenshotCommand.Outcome o = ScreenshotCommand.prepare(rest); // a bad view or size: exit 2 before the window
        if (o.workspace() == null) return o.exitCode();
        Optional<String> missing = DesktopCheck.problem();
        if (missing.isPresent()) {
            System.err.println("error: " + missing.get());
            return StudioCommand.USER_ERROR;
        }
        // The picture is taken of a copy: opening a workspace may bring its database up to date, and a compare
        // records a run; neither may change the user's data for a picture.
        java.nio.file.Path scratch = null;
        java.nio.file.Path workspace;
        try {
            scratch = java.nio.file.Files.createTempDirectory("studio-screenshot");
            workspace = scratch.resolve(o.workspace().getFileName().toString());
            copyTree(o.workspace(), workspace);
        } catch (java.io.IOException | RuntimeException e) {
            if (scratch != null) deleteTree(scratch);
            System.err.println("error: cannot copy the workspace " + o.workspace() + " for the picture: "
                    + ErrorText.reason(e));
            return StudioCommand.USER_ERROR;
        }
        try {
            Screenshots.Result r = StudioApp.screenshot(new Screenshots.Request(workspace, o.view(), o.prompt(),
                    o.versions(), o.out(), o.width(), o.height(), o.theme(), o.models(), o.dataset(), o.limit(),
                    o.workspace()));
            // an error names the user's files, not the copy's
            String message = ScreenshotCommand.userPaths(r.message(), workspace, o.workspace());
            if (r.exitCode() == 0) System.out.println("wrote " + message);
            else System.err.println("error: " + message);
            return r.exitCode();
        } catch (RuntimeException | LinkageError e) {
            LoggerFactory.getLogger(LogFile.DETAILS_LOGGER).error("the window failed to start", e);
            System.err.println("error: the studio window cannot start: "
                    + ScreenshotCommand.userPaths(ErrorText.reason(e), workspace, o.workspace()) + " (details in "
                    + LogFile.path() + ")");
            return StudioCommand.USER_ERROR;
        } finally {
            deleteTree(scratch);
        }
    }

    /** Copies {@code from} (a workspace: its files, .git and .studio) to the new folder {@code to}. */
    private static void copyTree(java.nio.file.Path from, java.nio.file.Path to) throws java.io.IOException {
        try (var walk = java.nio.file.Files.walk(from)) {
            for (java.nio.file.Path p : walk.toList()) {
                java.nio.file.Path target = to.resolve(from.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    java.nio.file.Files.createDirectories(target);
                } else if (java.nio.file.Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && !p.getFileName().toString().endsWith(".lock.db")) {
                    java.nio.file.Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /**
     * The exit status when the window cannot open, after its one error line was printed: 1 from the launcher.
     * Under {@code mvn javafx:run} (the pom sets {@code -Dstudio.launchedBy=maven}) it is 0, because
     * javafx-maven-plugin 0.0.8 prints two Java stack traces for any other status, burying the one line that
     * says what is missing; Maven's own status is not what a person starting the window reads.
     */
    static int windowFailure() {
        return "maven".equals(System.getProperty("studio.launchedBy")) ? 0 : StudioCommand.USER_ERROR;
    }
}
