package org.promptstudio;

import java.util.Arrays;
import org.promptstudio.app.LogFile;
import org.promptstudio.cli.StudioCommand;
import org.promptstudio.cli.WindowCommand;
import org.promptstudio.ui.StudioApp;

/**
 * The one entry point: with no arguments (or {@code ui ...}) it opens the window, otherwise it is the command line.
 * It is the only class that knows both faces; it lives outside them so neither depends on the other.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] given) {
        LogFile.install(); // before the first logger: logback writes where the error lines say
        // `mvn javafx:run` passes an empty string when no arguments are set.
        String[] args = Arrays.stream(given).filter(a -> !a.isBlank()).toArray(String[]::new);
        if (args.length == 0 || args[0].equals("ui")) {
            String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
            WindowCommand.Outcome outcome = WindowCommand.prepare(rest);
            if (outcome.workspace() == null) {
                System.exit(outcome.exitCode());
            }
            StudioApp.launchWindow(outcome.workspace());
            return;
        }
        System.exit(StudioCommand.run(args));
    }
}
