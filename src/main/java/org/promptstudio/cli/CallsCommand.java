package org.promptstudio.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.promptstudio.app.CallText;
import org.promptstudio.app.Studio;
import org.promptstudio.model.CallRecord;
import org.promptstudio.store.CallQuery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code studio calls}: the recorded model calls, newest first; one run's calls in its plan's order. */
@Command(name = "calls", mixinStandardHelpOptions = true,
        description = "List the recorded model calls, newest first; with --run, that run's calls in its plan's order.",
        subcommands = CallsShowCommand.class,
        footer = {"", "Examples:",
            "  studio calls",
            "  studio calls --run 7 --limit 100",
            "  studio calls --prompt answer.formal --format json",
            "  studio calls show 42"})
final class CallsCommand implements Callable<Integer> {

    static final int STATUS_WIDTH = 48;

    @ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CallFilterOptions filter = new CallFilterOptions();

    @Option(names = "--limit", paramLabel = "N", converter = Numbers.Count.class, defaultValue = "20",
            description = "At most N calls (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        CallQuery query = CallQuery.latest(limit).inRun(filter.run)
                .ofPrompt(filter.prompt == null ? null : CallFormat.promptPath(filter.prompt));
        List<CallRecord> calls;
        try (Studio studio = Studio.open(root.workspace())) {
            if (filter.run != null && studio.runHistory().find(filter.run).isEmpty()) {
                throw org.promptstudio.app.Runs.unknownRun(filter.run);
            }
            filter.checkPrompt(studio);
            calls = studio.calls().list(query);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (filter.format == CallFilterOptions.Format.json) {
            List<Object> list = new ArrayList<>();
            for (CallRecord c : calls) list.add(CallFormat.fields(c));
            out.println(org.promptstudio.app.JsonText.pretty(list));
        } else if (calls.isEmpty()) {
            out.println(filter.narrowed() ? "No recorded calls match." : "No calls recorded yet.");
        } else {
            printTable(out, calls);
        }
        out.flush();
        return 0;
    }

    private void printTable(PrintWriter out, List<CallRecord> calls) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "TIME", "RUN", "PROMPT@VERSION", "MODEL", "TOKENS IN/OUT", "COST", "LATENCY",
            "STATUS"});
        for (CallRecord c : calls) {
            rows.add(new String[] {
                String.valueOf(c.id()),
                CallFormat.time(c.createdAt(), ZoneId.systemDefault()),
                c.runId() == null ? "-" : c.runId().toString(),
                CallFormat.version(c),
                CallFormat.model(c),
                CallFormat.tokens(c),
                CallText.cost(c, c.spent()),
                CallFormat.latency(c.latencyMs()),
                CallFormat.status(c, STATUS_WIDTH)});
        }
        // numbers align right, text left; the last column is not padded
        CallFormat.table(out, rows, new boolean[] {true, false, true, false, false, true, true, true, false});
    }
}
