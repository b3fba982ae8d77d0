package org.promptstudio;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.promptstudio.app.Studio;
import org.promptstudio.app.LogFile;
import org.promptstudio.cli.ScreenshotCommand;
import org.promptstudio.cli.StudioCommand;
import org.promptstudio.cli.WindowCommand;
import org.promptstudio.model.ErrorText;
import org.promptstudio.ui.DesktopCheck;
import org.promptstudio.ui.Screenshots;
import org.promptstudio.ui.StudioApp;
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
     * is dropped; every other stays. Held here so that the filter is not collected with the logger.
     */
    private static final java.util.logging.Logger JAVAFX_LOG = java.util.logging.Logger.getLogger("javafx");

    private Main() {
    }

    public static void main(String[] given) {
        LogFile.install(); // before the first logger: logback writes where the error lines say
        Studio.useUserHome(); // before the first repository: git's identity from the same home as our files
        JAVAFX_LOG.setFilter(r -> r.getMessage() == null
                || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
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
            System.exit(screenshot(rest));
        }
        if (args.length == 0 || args[0].equals("ui") || measure) {
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

    /** {@code studio screenshot ...}: the command line checks the request, the window takes the picture. */
    private static int screenshot(String[] rest) {
        ScreenshotCommand.Outcome o = ScreenshotCommand.prepare(rest); // a bad view or size: exit 2 before the window
        if (o.workspace() == null) return o.exitCode();
        Optional<String> missing = DesktopCheck.problem();
        if (missing.isPresent()) {
            System.err.println("error: " + missing.get());
            return StudioCommand.USER_ERROR;
        }
        try {
            Screenshots.Result r = StudioApp.screenshot(new Screenshots.Request(o.workspace(), o.view(), o.prompt(),
                    o.versions(), o.out(), o.width(), o.height(), o.theme(), o.models(), o.dataset(), o.limit()));
            if (r.exitCode() == 0) System.out.println("wrote " + r.message());
            else System.err.println("error: " + r.message());
            return r.exitCode();
        } catch (RuntimeException | LinkageError e) {
            LoggerFactory.getLogger(LogFile.DETAILS_LOGGER).error("the window failed to start", e);
            System.err.println("error: the studio window cannot start: " + ErrorText.reason(e) + " (details in "
                    + LogFile.path() + ")");
            return StudioCommand.USER_ERROR;
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
