package org.promptstudio.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.RunHistory;
import org.promptstudio.app.Studio;
import org.promptstudio.model.RunFigures;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.app.JsonText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code studio runs}: the recorded runs, newest first, with their calls, cache hits, cost and state. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List the recorded runs, newest first: experiment (or playground for studio compare), start "
                + "time, calls that answered, failed and came from the cache, cost, and state.",
        footer = {"", "A run whose process died shows 'interrupted' and the command that resumes it.", "",
            "Examples:", "  studio runs", "  studio runs --limit 5 --json"})
final class RunsCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", converter = Numbers.Count.class,
            description = "At most N runs (at least 1; default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the runs as a JSON array.")
    boolean json;

    @Override
    public Integer call() {
        List<RunHistory.Entry> entries;
        try (Studio studio = root.openStudio()) {
            entries = studio.runHistory().latest(limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Object> list = new ArrayList<>();
            for (RunHistory.Entry e : entries) list.add(fields(e));
            out.println(JsonText.pretty(list));
        } else if (entries.isEmpty()) {
            out.println("No runs recorded yet (studio run EXPERIMENT).");
        } else {
            printTable(out, entries, ZoneId.systemDefault());
        }
        out.flush();
        return 0;
    }

    /** The experiment's name; a run of another kind (a {@code studio compare}) as {@code kind: name}. */
    static String what(RunRecord run) {
        return org.promptstudio.app.ScoreboardText.runName(run);
    }

    /** US dollars ({@link org.promptstudio.model.Usd}), or {@code ?} when a call that was not cached has no price. */
    static String cost(RunFigures f) {
        return org.promptstudio.app.ScoreboardText.runCost(f);
    }

    private static Map<String, Object> fields(RunHistory.Entry e) {
        RunFigures f = e.figures();
        RunRecord run = e.run();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", run.id());
        m.put("kind", run.kind().id());
        m.put("experiment", run.kind() == RunKind.EXPERIMENT ? run.name() : null);
        m.put("name", run.name());
        m.put("startedAt", run.startedAt().toString());
        m.put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());
        m.put("done", f.ok());
        m.put("failed", f.failed());
        m.put("cancelled", f.cancelled());
        m.put("cached", f.cached());
        m.put("costUsd", f.costKnown() ? f.spent() : null);
        m.put("state", e.state());
        m.put("resume", e.resumeCommand());
        return m;
    }

    private static void printTable(PrintWriter out, List<RunHistory.Entry> entries, ZoneId zone) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RUN", "EXPERIMENT", "STARTED", "DONE", "FAILED", "CACHED", "COST", "STATE"});
        for (RunHistory.Entry e : entries) {
            RunFigures f = e.figures();
            rows.add(new String[] {String.valueOf(e.run().id()), what(e.run()),
                CallFormat.time(e.run().startedAt(), zone), String.valueOf(f.ok()), String.valueOf(f.failed()),
                String.valueOf(f.cached()), cost(f), e.stateText()});
        }
        // numbers align right, text left; the last column is not padded
        CallFormat.table(out, rows, new boolean[] {true, false, false, true, true, true, true, false});
    }
}
