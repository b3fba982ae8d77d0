package org.promptstudio.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.vcs.DiffRow;
import org.promptstudio.workspace.Workspace;

/**
 * The compare grid as files under {@code exports/}: CSV (RFC 4180: every field quoted, quotes doubled, CRLF line
 * ends) and one self-contained HTML page (inline CSS, no script, no link out) with the words that differ from the
 * baseline marked. Rows and columns in the grid's order.
 */
public final class GridExport {

    /** A column's heading and whether it is the baseline. */
    public record Column(String title, boolean baseline) {
    }

    /**
     * One cell as the grid shows it.
     *
     * @param diff     the text's pieces against the baseline, or null to show the text unmarked
     * @param costUsd  US dollars as a plain number ({@code 0.000123}), {@code unpriced} when a sample that answered has
     *                 no price, or empty before any sample ended
     * @param verdict  pass / fail / unchecked, or empty
     * @param versus   baseline / better / worse / same, or empty
     * @param rating   up / down, or empty
     */
    public record Cell(String status, String text, List<DiffRow.Piece> diff, Long latencyMs, Long tokensIn,
                       Long tokensOut, String costUsd, String verdict, String versus, String consistency,
                       String rating) {
    }

    /** A row: where its input is written, the input, and one cell per column. */
    public record Row(String source, String input, List<Cell> cells) {
    }

    private final Workspace workspace;

    GridExport(Workspace workspace) {
        this.workspace = workspace;
    }

    /** The grid as CSV: row, source, input, then per column its text, latency, tokens, cost, verdict, versus, rating. */
    public static String csv(List<Column> columns, List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        line(sb, header(columns));
        int i = 1;
        for (Row r : rows) {
            List<String> f = new java.util.ArrayList<>(List.of(String.valueOf(i++), r.source(), r.input()));
            for (Cell c : r.cells()) {
                f.addAll(java.util.Arrays.asList(c.status(), c.text(), s(c.latencyMs()), s(c.tokensIn()),
                        s(c.tokensOut()), c.costUsd(), c.verdict(), c.versus(), c.consistency(), c.rating()));
            }
            line(sb, f);
        }
        return sb.toString();
    }

    private static List<String> header(List<Column> columns) {
        List<String> h = new java.util.ArrayList<>(List.of("row", "source", "input"));
        for (Column c : columns) {
            for (String part : List.of("status", "text", "latency_ms", "tokens_in", "tokens_out", "cost_usd", "verdict",
                    "versus_baseline", "consistency", "rating")) {
                h.add(c.title() + (c.baseline() ? " (baseline)" : "") + " " + part);
            }
        }
        return h;
    }

    private static String s(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static void line(StringBuilder sb, List<String> fields) {
        org.promptstudio.model.CsvLine.append(sb, fields);
    }

    /** The grid as one HTML page that needs nothing else: styles inline, text escaped, differences marked. */
    public static String html(String title, List<Column> columns, List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
                + "<title>").append(esc(title))
                .append("</title>\n<style>body{font:13px system-ui,sans-serif;margin:16px}table{border-collapse:collapse}"
                        + "th,td{border:1px solid #ccc;padding:6px;vertical-align:top;max-width:360px}"
                        + "td .t{white-space:pre-wrap}ins{background:#dafbe1;text-decoration:none}"
                        + "del{background:#ffebe9}.m{color:#666;font-size:11px}.pass{color:#1a7f37}.fail{color:#cf222e}"
                        + "th.base{background:#ddf4ff}</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n");
        sb.append("<table><thead><tr><th>#</th><th>Input</th>");
        for (Column c : columns) {
            sb.append("<th").append(c.baseline() ? " class=\"base\"" : "").append('>').append(esc(c.title()))
                    .append(c.baseline() ? " (baseline)" : "").append("</th>");
        }
        sb.append("</tr></thead><tbody>\n");
        int i = 1;
        for (Row r : rows) {
            sb.append("<tr><td>").append(i++).append("</td><td><div class=\"t\">").append(esc(r.input()))
                    .append("</div><div class=\"m\">").append(esc(r.source())).append("</div></td>");
            for (Cell c : r.cells()) {
                sb.append("<td><div class=\"t\">");
                if (c.diff() != null) {
                    for (DiffRow.Piece p : c.diff()) {
                        switch (p.kind()) {
                            case KEPT -> sb.append(esc(p.text()));
                            case ADDED -> sb.append("<ins>").append(esc(p.text())).append("</ins>");
                            case REMOVED -> sb.append("<del>").append(esc(p.text())).append("</del>");
                        }
                    }
                } else {
                    sb.append(esc(c.text()));
                }
                sb.append("</div><div class=\"m\">");
                if (c.latencyMs() != null) sb.append(c.latencyMs()).append(" ms \u00b7 ");
                sb.append(s(c.tokensIn())).append("\u2192").append(s(c.tokensOut())).append(" tok");
                if (!c.costUsd().isEmpty()) sb.append(" \u00b7 ").append(esc(usd(c.costUsd())));
                if (!c.verdict().isEmpty()) {
                    sb.append(" \u00b7 <span class=\"").append(c.verdict().equals("pass") ? "pass" : c.verdict()
                            .equals("fail") ? "fail" : "").append("\">").append(esc(c.verdict())).append("</span>");
                }
                if (!c.versus().isEmpty()) sb.append(" \u00b7 ").append(esc(c.versus()));
                if (!c.consistency().isEmpty()) sb.append(" \u00b7 ").append(esc(c.consistency()));
                if (!c.rating().isEmpty()) sb.append(" \u00b7 rated ").append(esc(c.rating()));
                sb.append("</div></td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table>\n</body></html>\n");
        return sb.toString();
    }

    /** A plain number of US dollars as the grid writes it ({@link org.promptstudio.model.Usd#text}); other text as is. */
    private static String usd(String amount) {
        try {
            return org.promptstudio.model.Usd.text(new java.math.BigDecimal(amount));
        } catch (NumberFormatException e) {
            return amount;
        }
    }

    private static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * Writes {@code content} to {@code exports/NAME} (whole or not at all), and returns its path relative to the
     * workspace.
     *
     * @param name a file name inside {@code exports/} (a name that leads outside it is refused)
     * @throws org.promptstudio.model.StudioException one line naming the file when it cannot be written, or when
     *                                                {@code name} leads outside {@code exports/}
     */
    public String write(String name, String content) {
        Path dir = workspace.exportsDir().toAbsolutePath().normalize();
        Path file = name == null || name.isBlank() ? dir : dir.resolve(name).normalize();
        if (file.equals(dir) || !file.startsWith(dir)) {
            throw new org.promptstudio.model.StudioException(workspace.relative(workspace.exportsDir()) + ": '" + name
                    + "' is not a file name inside this folder; nothing written");
        }
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new org.promptstudio.model.StudioException(workspace.relative(dir) + ": cannot create ("
                    + e.getMessage() + ")", e);
        }
        AtomicFile.writeString(file, workspace.relative(file), content);
        return workspace.relative(file);
    }
}
