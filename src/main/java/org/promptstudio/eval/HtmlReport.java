package org.promptstudio.eval;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.promptstudio.model.AtomicFile;

/**
 * Prompt tests as one self-contained HTML page (inline CSS, no scripts, nothing fetched): per experiment its
 * scoreboard (passed, failed and unchecked apart; the pass rate over checked cases, n/a when none was), every failing
 * case with the answer and the reasons, and the unchecked cases apart with why (decision 0020); a self-consistency
 * case shows its vote with its samples listed under it (decision 0022). Everything from the workspace is escaped.
 */
public final class HtmlReport {

    private static final String CSS = """
            body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1f2328}
            h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}
            table{border-collapse:collapse;margin:.5em 0 1.5em}
            th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .pass{color:#1a7f37}.fail{color:#cf222e}.unchecked{color:#9a6700}.warn{background:#fff8c5;padding:6px 10px;border-radius:4px}
            pre{white-space:pre-wrap;margin:0;max-width:60em}
            ol.samples{margin:.2em 0;padding-left:1.5em;font-size:.9em}
            """;

    private HtmlReport() {
    }

    public static void write(List<ReportSection> sections, double failUnder, Path file) {
        write(sections, List.of(), failUnder, file);
    }

    /**
     * Writes the page; each experiment that could not run is listed first with its one-line error.
     *
     * @param failUnder the pass-rate bar shown (0..1; 0 shows none)
     * @throws ReportException when the file cannot be written
     */
    public static void write(List<ReportSection> sections, List<ReportProblem> problems, double failUnder, Path file) {
        write(sections, problems, failUnder, null, file);
    }

    /**
     * As {@link #write(List, List, double, Path)}, with the test's verdict line at the top (e.g. {@code FAILED: 12
     * case(s), 0 failed, 12 unchecked, pass rate n/a (nothing checked)}), as the console ends with it.
     *
     * @param verdict the verdict line, starting with PASSED or FAILED; null for none
     * @throws ReportException when the file cannot be written: one line naming it and why; the previous report is
     *                         then unchanged (it is written whole or not at all)
     */
    public static void write(List<ReportSection> sections, List<ReportProblem> problems, double failUnder,
                             String verdict, Path file) {
        String page = render(sections, problems, failUnder, verdict, Instant.now());
        try {
            AtomicFile.writeString(file, file.toString(), page);
        } catch (AtomicFile.FileWriteException e) {
            throw new ReportException("cannot write the HTML report " + file + ": " + e.reason()
                    + (e.unchanged() ? " (the previous report is unchanged)" : ""), e);
        }
    }

    static String render(List<ReportSection> sections, double failUnder, Instant when) {
        return render(sections, List.of(), failUnder, when);
    }

    static String render(List<ReportSection> sections, List<ReportProblem> problems, double failUnder, Instant when) {
        return render(sections, problems, failUnder, null, when);
    }

    static String render(List<ReportSection> sections, List<ReportProblem> problems, double failUnder, String verdict,
                         Instant when) {
        CaseCounts counts = CaseCounts.of(sections);
        int total = counts.total();
        int failed = counts.failed();
        int errored = counts.errored();
        int unchecked = counts.unchecked();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Prompt tests</title><style>")
                .append(CSS).append("</style></head><body>\n");
        h.append("<h1>Prompt tests</h1>\n");
        if (verdict != null) {
            h.append("<p class=\"").append(verdict.startsWith("PASSED") ? "pass" : "fail").append("\"><strong>")
                    .append(esc(verdict)).append("</strong></p>\n");
        }
        h.append("<p>").append(total).append(" case(s), <span class=\"")
                .append(failed == 0 ? "pass" : "fail").append("\">").append(failed).append(" failed</span>");
        if (errored > 0) {
            h.append(", <span class=\"fail\">").append(errored)
                    .append(" error(s): the call could not be made</span>");
        }
        if (unchecked > 0) {
            h.append(", <span class=\"unchecked\">").append(unchecked)
                    .append(" unchecked (in no pass rate: nothing could fail them)</span>");
        }
        if (failUnder > 0) h.append(", pass rate bar ").append(pct(failUnder));
        h.append(" · ").append(esc(when.toString())).append("</p>\n");
        for (ReportProblem p : problems) {
            h.append("<h2>").append(esc(p.experiment())).append(" <small class=\"fail\">could not run</small></h2>\n")
                    .append("<p class=\"fail\">").append(esc(p.message())).append("</p>\n");
        }
        for (ReportSection s : sections) {
            h.append("<h2>").append(esc(s.experiment())).append(" <small>run ").append(s.runId()).append("</small></h2>\n");
            for (String w : s.board().warnings()) h.append("<p class=\"warn\">").append(esc(w)).append("</p>\n");
            scoreboard(h, s.board());
            votes(h, s.results());
            List<CaseResult> failing = s.results().stream().filter(CaseResult::failed).toList();
            List<CaseResult> notChecked = s.results().stream().filter(CaseResult::unchecked).toList();
            if (failing.isEmpty() && notChecked.isEmpty()) {
                h.append("<p class=\"pass\">Every case passed.</p>\n");
                continue;
            }
            uncheckedCases(h, notChecked);
            if (failing.isEmpty()) {
                h.append("<p>No checked case failed.</p>\n");
                continue;
            }
            h.append("<table class=\"failures\"><tr><th>Case</th><th>Prompt version</th><th>Answer</th><th>Reason</th></tr>\n");
            for (CaseResult r : failing) {
                h.append("<tr><td>").append(esc(ReportSection.caseName(r))).append("<br><small>call ").append(r.callId())
                        .append("</small>");
                samples(h, r);
                h.append("</td><td>").append(esc(ReportSection.version(r.promptPath(), r.promptCommit())))
                        .append("</td><td><pre>").append(esc(answer(s.answers(), r))).append("</pre></td><td>");
                if (r.errored()) {
                    h.append("<div class=\"fail\"><strong>error</strong>: the call could not be made: ")
                            .append(esc(r.callError())).append("</div>");
                } else {
                    for (AssertionResult a : r.assertions()) {
                        if (!a.pass()) h.append("<div class=\"fail\">").append(esc(a.type())).append(": ").append(esc(a.reason())).append("</div>");
                    }
                }
                h.append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    /** The unchecked cases of a section, apart from the failures: name, version, and why nothing could fail them. */
    private static void uncheckedCases(StringBuilder h, List<CaseResult> unchecked) {
        if (unchecked.isEmpty()) return;
        h.append("<p class=\"unchecked\">").append(unchecked.size())
                .append(" unchecked case(s): neither passed nor failed, not in the pass rate.</p>\n");
        h.append("<table class=\"unchecked-cases\"><tr><th>Case</th><th>Prompt version</th><th>Why unchecked</th></tr>\n");
        for (CaseResult r : unchecked) {
            h.append("<tr><td>").append(esc(ReportSection.caseName(r))).append("<br><small>call ").append(r.callId())
                    .append("</small></td><td>").append(esc(ReportSection.version(r.promptPath(), r.promptCommit())))
                    .append("</td><td class=\"unchecked\">").append(esc(r.uncheckedReason())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void scoreboard(StringBuilder h, Scoreboard board) {
        h.append("<table class=\"scoreboard\"><tr><th>Prompt version</th><th>Model</th><th>Split</th><th>N</th>"
                + "<th>Passed</th><th>Failed</th><th>Unchecked</th><th>Pass rate of checked (95% CI)</th><th>Metrics (95% CI)</th><th>Cost</th><th>Tokens in/out</th>"
                + "<th>Latency p50/p95 (calls that answered)</th></tr>\n");
        for (Scoreboard.Row r : board.rows()) {
            h.append("<tr><td>").append(esc(ReportSection.version(r.promptPath(), r.promptCommit()))).append("</td><td>")
                    .append(esc(r.model())).append("</td><td>").append(esc(r.split())).append("</td><td class=\"num\">")
                    .append(r.n()).append("</td><td class=\"num\">").append(r.passed())
                    .append("</td><td class=\"num\">").append(r.failed()).append("</td><td class=\"num\">")
                    .append(r.unchecked()).append("</td><td class=\"num\">")
                    .append(r.checked() == 0 ? "n/a (none checked)" : esc(interval(r.passRate()))).append("</td><td>");
            for (Map.Entry<String, Statistics.Estimate> m : r.metrics().entrySet()) {
                h.append(esc(m.getKey())).append(' ').append(esc(interval(m.getValue()))).append("<br>");
            }
            h.append("</td><td class=\"num\">").append(esc(org.promptstudio.model.Usd.text(r.cost())))
                    .append("</td><td class=\"num\">").append(r.tokensIn()).append(" / ").append(r.tokensOut())
                    .append("</td><td class=\"num\">").append(ms(r.latencyP50())).append(" / ").append(ms(r.latencyP95()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** A self-consistency case's vote and its samples, listed under the case. */
    private static void samples(StringBuilder h, CaseResult r) {
        if (!r.voted()) return;
        h.append("<div class=\"vote\">").append(esc(ReportSection.vote(r))).append("</div><ol class=\"samples\" start=\"0\">");
        for (SampleAnswer a : r.samples()) {
            h.append("<li class=\"").append(a.agreed() ? "pass" : "fail").append("\">").append(esc(ReportSection.sample(a)))
                    .append("</li>");
        }
        h.append("</ol>");
    }

    /** Every voted case of a section, folded: its vote, agreement and samples (passing cases included). */
    private static void votes(StringBuilder h, List<CaseResult> results) {
        List<CaseResult> voted = results.stream().filter(CaseResult::voted).toList();
        if (voted.isEmpty()) return;
        h.append("<details class=\"votes\"><summary>Self-consistency votes: ").append(voted.size())
                .append(" case(s)</summary>\n<table><tr><th>Case</th><th>Prompt version</th><th>Vote and samples</th></tr>\n");
        for (CaseResult r : voted) {
            h.append("<tr><td>").append(esc(ReportSection.caseName(r))).append("</td><td>")
                    .append(esc(ReportSection.version(r.promptPath(), r.promptCommit()))).append("</td><td>");
            samples(h, r);
            h.append("</td></tr>\n");
        }
        h.append("</table></details>\n");
    }

    private static String answer(Map<Long, String> answers, CaseResult r) {
        String a = answers.get(r.callId());
        return a == null ? "(no answer)" : a;
    }

    static String interval(Statistics.Estimate e) {
        if (Double.isNaN(e.value())) return "-";
        return pct(e.value()) + " [" + pct(e.low()) + ", " + pct(e.high()) + "]";
    }

    private static String pct(double x) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * x);
    }

    private static String ms(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.0f ms", x);
    }

    /**
     * Escapes text for HTML element content and double-quoted attributes; characters HTML and XML forbid (controls,
     * lone surrogates) become U+FFFD ({@link ReportText}).
     */
    static String esc(String s) {
        if (s == null) return "";
        s = ReportText.legal(s);
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
