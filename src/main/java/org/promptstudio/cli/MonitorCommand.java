package org.promptstudio.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.Monitoring;
import org.promptstudio.app.Studio;
import org.promptstudio.app.UnknownFilterException;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.model.LatencyBuckets;
import org.promptstudio.model.StudioException;
import org.promptstudio.monitor.Grain;
import org.promptstudio.monitor.Mean;
import org.promptstudio.monitor.MonitorBucket;
import org.promptstudio.monitor.MonitorReport;
import org.promptstudio.monitor.MonitorRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code studio monitor}: the dashboards' figures per hour or day, as a table or JSON. */
@Command(name = "monitor",
        description = "The figures of the recorded calls per UTC hour or day: calls by status, cached, thumbs and "
                + "ratings, latency p50/p95 (estimates, marked \u2248), cost; then tokens, characters in and out, "
                + "answer length, sessions and sentiment; then guardrail findings per check. Each table ends with the "
                + "period's total.",
        footer = {"", "Examples:",
            "  studio monitor",
            "  studio monitor --since 24h --by hour",
            "  studio monitor --prompt answer --version production --format json",
            "  studio monitor --since 2026-11-01 --model gpt-4o --run 7"})
final class MonitorCommand implements Callable<Integer> {

    @ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How the report is printed. */
    enum Format { table, json }

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "7d", converter = SinceConverter.class,
            description = "Start of the period: a time ago (90m, 24h, 7d, 2w), a date (2026-11-01) or an instant "
                    + "(default: ${DEFAULT-VALUE}). A time ago is whole UTC buckets, as the Dashboards view's \"last 7"
                    + " days\": 7d by day is today and the 6 days before it. The period ends with the bucket now is in.")
    String since;

    @Option(names = "--by", paramLabel = "day|hour", defaultValue = "day", converter = GrainConverter.class,
            description = "Bucket width, UTC (default: ${DEFAULT-VALUE}).")
    Grain by;

    @Option(names = "--prompt", paramLabel = "PROMPT", description = "Only this prompt's calls (id or file).")
    String prompt;

    @Option(names = "--version", paramLabel = "VERSION",
            description = "Only this version of --prompt: a number, a label or a commit.")
    String version;

    @Option(names = "--label", paramLabel = "LABEL",
            description = "Only the versions this label (production) points at now, of every prompt or of --prompt.")
    String label;

    @Option(names = "--model", paramLabel = "MODEL", description = "Only this model's calls.")
    String model;

    @Option(names = "--run", paramLabel = "ID", converter = Numbers.Id.class, description = "Only this run's calls.")
    Long run;

    @Option(names = "--rating", paramLabel = "SCHEMA",
            description = "The rating schema whose mean is shown (default: the first rating schema in studio.yaml).")
    String rating;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    /** Reads --since at parse time, so a bad value is a usage error naming the option. */
    static final class SinceConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                Monitoring.period(value, Grain.DAY, Clock.systemUTC());
                return value.strip();
            } catch (StudioException e) {
                if (e.getMessage().contains("too far back")) {
                    throw new CommandLine.TypeConversionException("must be at most 100 years ago (36500d), not '"
                            + value + "'");
                }
                throw new CommandLine.TypeConversionException("must be a time ago (90m, 24h, 7d, 2w), a date"
                        + " (2026-11-01) or an instant (2026-11-01T08:00:00Z), not '" + value + "'");
            }
        }
    }

    /** Reads --by: hour or day, any case. */
    static final class GrainConverter implements CommandLine.ITypeConverter<Grain> {
        @Override
        public Grain convert(String value) {
            try {
                return Grain.of(value.strip());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("must be day or hour, not '" + value + "'");
            }
        }
    }

    @Override
    public Integer call() {
        Clock clock = Clock.systemUTC();
        MonitorRequest period = Monitoring.period(since, by, clock);
        if (!period.from().isBefore(clock.instant())) {
            // a bad --since, as every other one: a usage error (exit 2)
            throw new CommandLine.ParameterException(spec.commandLine(), "--since " + since + " is not in the past");
        }
        if (version != null && prompt == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--version needs a prompt: give --prompt with"
                    + " --version");
        }
        long width = by.width().toSeconds();
        long buckets = (period.to().getEpochSecond() - period.from().getEpochSecond() + width - 1) / width;
        if (buckets > org.promptstudio.monitor.MonitorReports.MAX_BUCKETS) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--since " + since + " --by " + by.id()
                    + ": the period holds " + buckets + " " + by.id() + "s, more than "
                    + org.promptstudio.monitor.MonitorReports.MAX_BUCKETS + "; choose a shorter period"
                    + (by == Grain.HOUR ? " or --by day" : ""));
        }
        MonitorRequest request = new MonitorRequest(period.from(), period.to(), by, prompt, version, label, model, run,
                rating);
        MonitorReport report;
        try (Studio studio = Studio.open(root.workspace())) {
            report = studio.monitoring().report(request);
        } catch (UnknownFilterException e) {
            // a filter that names nothing is a bad option: one line, the usage exit code
            spec.commandLine().getErr().println("usage error: " + StudioCommand.oneLine(e.getMessage()));
            spec.commandLine().getErr().flush();
            return StudioCommand.USAGE_ERROR;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(org.promptstudio.app.JsonText.pretty(json(report)));
        } else {
            printTable(out, report);
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> json(MonitorReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        MonitorRequest r = report.request();
        out.put("from", r.from().toString());
        out.put("to", r.to().toString());
        out.put("by", r.by().id());
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("prompt", r.prompt());
        filters.put("version", r.version());
        filters.put("label", r.label());
        filters.put("model", r.model());
        filters.put("run", r.run());
        out.put("filters", filters);
        // the percentiles are read from a log-bucket sketch (model.LatencyBuckets), not from the raw latencies
        out.put("latencyQuantiles", "estimate");
        out.put("latencyRelativeError", LATENCY_ERROR);
        List<Object> buckets = new ArrayList<>();
        for (MonitorBucket b : report.buckets()) buckets.add(bucket(b));
        out.put("buckets", buckets);
        out.put("total", bucket(report.total()));
        return out;
    }

    private static Map<String, Object> bucket(MonitorBucket b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", b.start().toString());
        m.put("calls", b.calls());
        m.put("ok", b.ok());
        m.put("errors", b.errors());
        m.put("blocked", b.blocked());
        m.put("cancelled", b.cancelled());
        m.put("cached", b.cached());
        m.put("thumbsUp", b.thumbsUp());
        m.put("thumbsDown", b.thumbsDown());
        m.put("rating", mean(b.rating()));
        m.put("answerChars", mean(b.answerChars()));
        m.put("latencyP50Ms", b.p50Ms());
        m.put("latencyP95Ms", b.p95Ms());
        m.put("tokensIn", b.tokensIn());
        m.put("tokensOut", b.tokensOut());
        m.put("tokensKnown", b.tokensKnown());
        m.put("charsIn", b.charsIn());
        m.put("charsOut", b.charsOut());
        m.put("charsKnown", b.charsKnown());
        m.put("knownCostUsd", b.knownCost().toPlainString());
        m.put("knownCostCalls", b.knownCostCalls());
        m.put("unknownCostCalls", b.unknownCostCalls());
        Map<String, Object> guard = new LinkedHashMap<>();
        for (GuardCheck g : GuardCheck.values()) guard.put(g.id(), b.guard().get(g));
        m.put("guard", guard);
        m.put("sessions", b.sessions());
        m.put("turns", mean(b.turns()));
        m.put("sentiment", mean(b.sentiment()));
        return m;
    }

    private static Map<String, Object> mean(Mean m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", m.n());
        out.put("mean", m.mean());
        return out;
    }

    /** The sketch's relative error bound, rounded to 4 places as printed ({@link LatencyBuckets#RELATIVE_ERROR}). */
    static final double LATENCY_ERROR = Math.round(LatencyBuckets.RELATIVE_ERROR * 10_000) / 10_000.0;

    /** The footnote under the table that says the latency figures are estimates, and how close. */
    static String latencyFootnote() {
        return String.format(Locale.ROOT, "\u2248 P50/P95: estimated from a latency sketch (log buckets of ratio %.2f),"
                + " within %.1f%% of the true value", LatencyBuckets.GAMMA, LatencyBuckets.RELATIVE_ERROR * 100);
    }

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static void printTable(PrintWriter out, MonitorReport report) {
        MonitorRequest r = report.request();
        DateTimeFormatter f = r.by() == Grain.HOUR ? HOUR : DAY;
        out.printf(Locale.ROOT, "Calls from %s to %s by %s (UTC)%n", HOUR.format(r.from()), HOUR.format(r.to()),
                r.by().id());
        if (report.total().calls() == 0 && report.total().sessions() == 0) {
            out.println("No calls recorded in this period" + (narrowed(r) ? " that match." : "."));
            return;
        }
        String period = r.by() == Grain.HOUR ? "HOUR" : "DAY";
        List<MonitorBucket> shown = new ArrayList<>();
        int empty = 0;
        for (MonitorBucket b : report.buckets()) {
            if (b.calls() == 0 && b.sessions() == 0 && b.thumbsUp() + b.thumbsDown() == 0) {
                empty++;
                continue;
            }
            shown.add(b);
        }
        // three tables, each within 120 columns: calls, then sizes and sessions, then guardrail findings per check
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {period, "CALLS", "OK", "ERR", "BLOCKED", "CACHED", "THUMBS +/-", "RATING",
            "P50 ms \u2248", "P95 ms \u2248", "COST"});
        for (MonitorBucket b : shown) rows.add(row(f.format(b.start()), b));
        rows.add(row("total", report.total()));
        CallFormat.table(out, rows, new boolean[] {false, true, true, true, true, true, true, true, true, true, true});
        out.println(latencyFootnote());

        out.println();
        List<String[]> sizes = new ArrayList<>();
        sizes.add(new String[] {period, "TOKENS IN", "TOKENS OUT", "CHARS IN", "CHARS OUT", "ANSWER CHARS", "SESSIONS",
            "SENTIMENT"});
        for (MonitorBucket b : shown) sizes.add(sizes(f.format(b.start()), b));
        sizes.add(sizes("total", report.total()));
        CallFormat.table(out, sizes, new boolean[] {false, true, true, true, true, true, true, true});

        out.println();
        List<GuardCheck> found = new ArrayList<>();
        for (GuardCheck g : GuardCheck.values()) {
            if (report.total().guard().get(g) > 0) found.add(g);
        }
        if (found.isEmpty() && report.total().blocked() == 0) {
            out.println("Guardrails: no findings.");
        } else {
            out.println("Guardrails by check (calls with a finding of each; blocked: calls stopped):");
            List<String[]> guard = new ArrayList<>();
            String[] head = new String[found.size() + 2];
            head[0] = period;
            head[1] = "BLOCKED";
            for (int i = 0; i < found.size(); i++) head[i + 2] = found.get(i).id().toUpperCase(Locale.ROOT);
            guard.add(head);
            for (MonitorBucket b : shown) guard.add(guard(f.format(b.start()), b, found));
            guard.add(guard("total", report.total(), found));
            boolean[] right = new boolean[head.length];
            java.util.Arrays.fill(right, 1, right.length, true);
            CallFormat.table(out, guard, right);
        }
        if (empty > 0) {
            out.printf(Locale.ROOT, "(%d %s%s without calls not shown)%n", empty, r.by().id(), empty == 1 ? "" : "s");
        }
    }

    private static String[] sizes(String name, MonitorBucket b) {
        return new String[] {
            name,
            b.tokensKnown() == 0 ? "-" : String.valueOf(b.tokensIn()),
            b.tokensKnown() == 0 ? "-" : String.valueOf(b.tokensOut()),
            b.charsKnown() == 0 ? "-" : String.valueOf(b.charsIn()),
            b.charsKnown() == 0 ? "-" : String.valueOf(b.charsOut()),
            b.answerChars().mean() == null ? "-" : String.format(Locale.ROOT, "%.0f", b.answerChars().mean()),
            b.sessions() == 0 ? "-" : b.sessions() + (b.turns().mean() == null ? ""
                    : String.format(Locale.ROOT, " (%.1f turns)", b.turns().mean())),
            b.sentiment().mean() == null ? "-" : String.format(Locale.ROOT, "%+.2f", b.sentiment().mean())};
    }

    private static String[] guard(String name, MonitorBucket b, List<GuardCheck> checks) {
        String[] row = new String[checks.size() + 2];
        row[0] = name;
        row[1] = b.calls() == 0 ? "-" : String.valueOf(b.blocked());
        for (int i = 0; i < checks.size(); i++) {
            row[i + 2] = b.calls() == 0 ? "-" : String.valueOf(b.guard().get(checks.get(i)));
        }
        return row;
    }

    private static boolean narrowed(MonitorRequest r) {
        return r.prompt() != null || r.label() != null || r.model() != null || r.run() != null;
    }

    private static String[] row(String name, MonitorBucket b) {
        return new String[] {
            name,
            String.valueOf(b.calls()),
            String.valueOf(b.ok()),
            String.valueOf(b.errors()),
            String.valueOf(b.blocked()),
            String.valueOf(b.cached()),
            b.thumbsUp() + "/" + b.thumbsDown(),
            b.rating().mean() == null ? "-" : String.format(Locale.ROOT, "%.2f", b.rating().mean()),
            b.p50Ms() == null ? "-" : String.valueOf(b.p50Ms()),
            b.p95Ms() == null ? "-" : String.valueOf(b.p95Ms()),
            cost(b)};
    }

    /** The known cost, with how many calls had no price: {@code $0.0123 (+4 unpriced)}. */
    private static String cost(MonitorBucket b) {
        if (b.knownCostCalls() == 0 && b.unknownCostCalls() == 0) return "-";
        String known = b.knownCostCalls() == 0 ? "?" : CallFormat.cost(b.knownCost());
        return b.unknownCostCalls() == 0 ? known : known + " (+" + b.unknownCostCalls() + " unpriced)";
    }
}
