package org.promptstudio.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.store.PrivacyRepository;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code studio purge --before DATE [--prompt P]}: deletes old calls and everything recorded about them. */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Delete the calls recorded before DATE (of one prompt, or of all) with their texts, labels,"
                + " feedback, eval results and guard findings, and the runs left without calls; prints how many of"
                + " each went. The calls of a run still going are kept (and counted as kept). Cannot be undone;"
                + " logged with its counts only.",
        footer = {"", "Examples:",
            "  studio purge --before 2026-01-01",
            "  studio purge --before 2026-06-30 --prompt answer"})
final class PurgeCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--before", required = true, paramLabel = "DATE",
            description = "Delete calls recorded before this day (YYYY-MM-DD, from midnight here) or instant"
                    + " (2026-01-01T00:00:00Z); not in the future.")
    String before;

    @Option(names = "--prompt", paramLabel = "PROMPT",
            description = "Only this prompt's calls: id (answer, answer.formal) or file (prompts/answer.prompt).")
    String prompt;

    @Override
    public Integer call() {
        Instant until = instant(before);
        Instant now = Instant.now();
        if (until.isAfter(now)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--before " + before
                    + " is in the future: it is " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + " now; give a time up to now");
        }
        String path = prompt == null ? null : CallFormat.promptPath(prompt);
        PrivacyRepository.Deleted deleted;
        try (Studio studio = root.openStudio()) {
            deleted = studio.privacy().purge(until, path);
        } catch (org.promptstudio.app.UnknownFilterException e) {
            // a prompt that names nothing is a bad option: one line, the usage exit code
            spec.commandLine().getErr().println("usage error: " + StudioCommand.oneLine(e.getMessage()));
            spec.commandLine().getErr().flush();
            return StudioCommand.USAGE_ERROR;
        }
        PrintWriter out = spec.commandLine().getOut();
        // the instant as well as the words given: a date is midnight in this machine's zone, which the figures
        // elsewhere (monitor, dashboards: UTC days) do not use
        String at = before.strip().equals(until.toString()) ? before.strip()
                : before.strip() + " (" + until + ", midnight " + ZoneId.systemDefault().getId() + ")";
        out.println("purged the calls before " + at + (path != null ? " of " + path : " of every prompt") + ":");
        ForgetCommand.printCounts(out, deleted);
        return 0;
    }

    /** {@code --before} as an instant: a day starts at midnight in this machine's time zone. */
    private Instant instant(String text) {
        try {
            return LocalDate.parse(text.strip()).atStartOfDay(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text.strip());
            } catch (DateTimeParseException again) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--before '" + text
                        + "' is not a date (YYYY-MM-DD) nor an instant (2026-01-01T00:00:00Z)");
            }
        }
    }
}
