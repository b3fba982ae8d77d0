package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StreamingCompare;
import org.promptstudio.model.CallRecord;
import org.promptstudio.provider.CachePolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code studio compare PROMPT --models a,b}: one input, several models or versions. Each answer streams into its own
 * section as the model writes it, sections in the order asked for (versions, then models, as named); a later
 * section waits its turn in a buffer. {@code --columns} waits for all and prints them side by side.
 */
@Command(name = "compare", description = "Run one input against several models (or versions); each answer streams "
        + "into its own section, in the order the models were named.",
        footer = {"", "Example:", "  studio compare answer --models echo,extractive --input '{\"question\": \"Can I return a Dial?\"}'",
            "  studio compare answer --versions 1,2 --models extractive --input @case.json --columns"})
final class CompareCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    StudioCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "Prompt id (answer, answer.formal).")
    String prompt;

    @Option(names = "--models", split = ",", required = true, paramLabel = "a,b,c", description = "Model ids from studio.yaml.")
    List<String> models;

    @Option(names = "--versions", split = ",", paramLabel = "1,2", description = "Prompt versions (numbers, labels, commits, working).")
    List<String> versions;

    @Option(names = "--input", required = true, paramLabel = "JSON|@FILE", description = "Input variables as a JSON object, or @file.json.")
    String input;

    @Option(names = "--width", converter = Numbers.Width.class, defaultValue = "120", description = "Total width of the columns, or of the section rules up to 80 (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--no-cache", description = "Neither read nor write the response cache.")
    boolean noCache;

    @Option(names = "--columns", description = "Wait for every answer and print them side by side in columns, "
            + "instead of streaming each answer in its own section.")
    boolean columns;

    @Override
    public Integer call() {
        Map<String, Object> values = org.promptstudio.app.JsonText.parseObject(RenderCommand.read(input, "--input"),
                input.startsWith("@") ? input.substring(1) : "--input");
        // Ctrl-C (SIGINT) or SIGTERM cancels the calls in flight; what ended stays recorded; exit 130 (143 for SIGTERM).
        try (StopSignal stop = StopSignal.install()) {
            int code = compare(values, stop);
            return code == RunCommand.INTERRUPTED ? stop.exitCode() : code;
        }
    }

    private int compare(Map<String, Object> values, StopSignal stop) {
        PrintWriter out = spec.commandLine().getOut();
        try (Studio studio = Studio.open(root.workspace())) {
            List<String> named = ModelNames.check(spec.commandLine(), models, () -> ModelNames.known(studio));
            List<String> chosen = ModelNames.checkVersions(spec.commandLine(), versions);
            StreamingCompare compare = studio.compare(studio.models(CachePolicy.fromFlags(noCache, false, false)));
            StreamingCompare.Prepared prepared = compare.prepare(prompt, chosen, named, values);
            stop.onStop(prepared::cancel);
            StreamingCompare.Result result;
            if (columns) {
                result = compare.run(prepared, StreamingCompare.Listener.NONE);
                printColumns(out, result.answers());
            } else {
                result = compare.run(prepared, new Sections(out, prepared.cells(), width));
            }
            if (prepared.cancelled()) {
                out.flush();
                spec.commandLine().getErr().println("stopped; the answers that ended are recorded as run "
                        + result.runId() + ": studio calls --run " + result.runId());
                return RunCommand.INTERRUPTED;
            }
            out.printf("%nRecorded as run %d: studio calls --run %d%n", result.runId(), result.runId());
            studio.runHistory().find(result.runId())
                    .ifPresent(r -> out.println(org.promptstudio.app.RunHistory.cacheLine(r.figures())));
            out.flush();
            String failed = failedLine(result.answers());
            if (failed == null) return 0;
            spec.commandLine().getErr().println(failed);
            return 1;
        }
    }

    /**
     * One line naming every column that did not answer in full (an error, or a refusal, filter, cut-off, stop or
     * empty answer), in column order with why; null when every column answered. Decision 0041.
     */
    static String failedLine(List<StreamingCompare.Answer> answers) {
        List<String> failed = new ArrayList<>();
        for (StreamingCompare.Answer a : answers) {
            if (a.answered()) continue;
            String why = a.ok() ? a.nonAnswer() : "error: " + StudioCommand.oneLine(a.error());
            failed.add(heading(a.cell()) + " (" + why + ")");
        }
        if (failed.isEmpty()) return null;
        return "error: " + failed.size() + " of " + answers.size() + " column(s) did not answer: "
                + String.join("; ", failed);
    }

    private static String heading(StreamingCompare.Cell cell) {
        return cell.model() + " · " + RunCommand.shortCommit(cell.commit());
    }

    /**
     * Tokens, latency, cost, and, when the model gave no full answer, what it gave instead ("refused: ...", "cut off
     * at the token limit (max 256 tokens)", "blocked by the provider's content filter (SAFETY)", "empty answer").
     */
    static String figures(StreamingCompare.Answer a) {
        CallRecord c = a.call();
        String line = String.format("%d→%d tok%s · %d ms%s", c.tokensIn() == null ? 0 : c.tokensIn(),
                c.tokensOut() == null ? 0 : c.tokensOut(), CallFormat.thinking(c), c.latencyMs() == null ? 0 : c.latencyMs(),
                " · " + CallFormat.cost(c, c.cost()));
        String nonAnswer = a.nonAnswer();
        if (nonAnswer == null) return line;
        StringBuilder sb = new StringBuilder(line).append(" · NOT AN ANSWER: ").append(nonAnswer);
        // a tool asked for and never answered: which, as calls show writes it, and how to give its result
        List<org.promptstudio.model.Part.ToolRequest> pending = org.promptstudio.app.ToolCalls.pending(c);
        for (org.promptstudio.model.Part.ToolRequest call : pending) {
            sb.append('\n').append(org.promptstudio.app.CallText.part(call));
        }
        if (!pending.isEmpty()) {
            sb.append("\nto give a result, add it to --input: {\"").append(
                    org.promptstudio.experiment.ToolExchange.MOCKS_FIELD).append("\": {\"")
                    .append(pending.get(0).name()).append("\": ...}} (decision 0085)");
        }
        return sb.toString();
    }

    private void printColumns(PrintWriter out, List<StreamingCompare.Answer> answers) {
        List<List<String>> heads = new ArrayList<>();
        List<List<String>> bodies = new ArrayList<>();
        int col = Math.max(20, (width - 3 * (answers.size() - 1)) / Math.max(1, answers.size()));
        for (StreamingCompare.Answer a : answers) {
            // every line of a column, its heading and its footer (figures, what it gave instead of an answer)
            // included, is wrapped to the column's width so the columns stay aligned
            heads.add(wrap(heading(a.cell()), col));
            List<String> lines = wrap(a.ok() ? a.text().strip() : "ERROR: " + a.error(), col);
            if (a.call() != null) {
                lines.add("");
                lines.addAll(wrap(figures(a), col));
            }
            bodies.add(lines);
        }
        printRows(out, heads, col);
        printRow(out, heads.stream().map(h -> "─".repeat(Math.min(col,
                Math.max(h.stream().mapToInt(String::length).max().orElse(0), 3)))).toList(), col);
        printRows(out, bodies, col);
    }

    /** Prints columns of lines side by side, a shorter column padded with blank lines. */
    private static void printRows(PrintWriter out, List<List<String>> columns, int col) {
        int rows = columns.stream().mapToInt(List::size).max().orElse(0);
        for (int r = 0; r < rows; r++) {
            List<String> cells = new ArrayList<>();
            for (List<String> b : columns) cells.add(r < b.size() ? b.get(r) : "");
            printRow(out, cells, col);
        }
    }

    /**
     * Prints the answers as they stream, one section per cell in the order asked for. The section whose turn it is
     * prints its text the moment it arrives; later sections are buffered and printed, with what they have so far, as
     * soon as the ones before them end. So the output is the same however the calls interleave, and each section's
     * text is exactly the recorded answer.
     */
    static final class Sections implements StreamingCompare.Listener {
        private final PrintWriter out;
        private final List<StreamingCompare.Cell> cells;
        private final int width;
        private final StringBuilder[] pending;
        private final StringBuilder[] shown;
        private final StreamingCompare.Answer[] done;
        private int current = -1;

        Sections(PrintWriter out, List<StreamingCompare.Cell> cells, int width) {
            this.out = out;
            this.cells = cells;
            this.width = width;
            this.pending = new StringBuilder[cells.size()];
            this.shown = new StringBuilder[cells.size()];
            this.done = new StreamingCompare.Answer[cells.size()];
            for (int i = 0; i < cells.size(); i++) {
                pending[i] = new StringBuilder();
                shown[i] = new StringBuilder();
            }
            synchronized (this) {
                advance();
            }
        }

        @Override
        public synchronized void onDelta(StreamingCompare.Cell cell, String text) {
            if (cell.index() == current) {
                write(cell.index(), text);
                out.flush();
            } else {
                pending[cell.index()].append(text);
            }
        }

        @Override
        public synchronized void onDone(StreamingCompare.Answer answer) {
            done[answer.cell().index()] = answer;
            advance();
        }

        /** Ends every finished section at the front, then opens the next one with what it has buffered. */
        private void advance() {
            if (current < 0) open(0);
            while (current < cells.size() && done[current] != null) {
                close(current);
                open(current + 1);
            }
            out.flush();
        }

        private void open(int i) {
            current = i;
            if (i >= cells.size()) return;
            String head = "── " + heading(cells.get(i)) + " ";
            out.println((i > 0 ? "\n" : "") + head + "─".repeat(Math.max(3, Math.min(width, 80) - head.length())));
            if (pending[i].length() > 0) {
                write(i, pending[i].toString());
                pending[i].setLength(0);
            }
        }

        private void write(int i, String text) {
            out.print(text);
            shown[i].append(text);
        }

        private void close(int i) {
            StreamingCompare.Answer a = done[i];
            String seen = shown[i].toString();
            if (a.ok()) {
                String text = a.text();
                if (text.startsWith(seen)) {
                    write(i, text.substring(seen.length()));
                } else {
                    // Never expected (a retry never follows streamed text); say so rather than show a wrong answer.
                    out.println();
                    out.println("(the recorded answer differs from the streamed text; recorded:)");
                    write(i, text);
                }
                if (!text.endsWith("\n")) out.println();
                out.println(figures(a));
                if (a.call() != null && a.call().retrievalNote() != null) out.println("note: " + a.call().retrievalNote());
            } else {
                if (!seen.isEmpty() && !seen.endsWith("\n")) out.println();
                out.println("ERROR: " + a.error());
                if (a.call() != null && a.call().latencyMs() != null) out.println(a.call().latencyMs() + " ms");
            }
        }
    }

    private static void printRow(PrintWriter out, List<String> cells, int col) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append(" │ ");
            String c = cells.get(i);
            sb.append(c).append(" ".repeat(Math.max(0, col - c.length())));
        }
        out.println(sb.toString().stripTrailing());
    }

    /** Wraps text at word boundaries to {@code width} columns, keeping its own line breaks. */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        for (String para : (text == null ? "" : text).split("\\R", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : para.split(" ")) {
                while (word.length() > width) {
                    if (line.length() > 0) {
                        out.add(line.toString());
                        line.setLength(0);
                    }
                    out.add(word.substring(0, width));
                    word = word.substring(width);
                }
                if (line.length() + word.length() + (line.length() > 0 ? 1 : 0) > width) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                if (line.length() > 0) line.append(' ');
                line.append(word);
            }
            out.add(line.toString());
        }
        return out;
    }
}
