package org.promptstudio.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.Experiments;
import org.promptstudio.app.ModelAccess;
import org.promptstudio.app.Studio;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.template.JsonValues;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code studio compare PROMPT --models a,b}: one input, several models or versions, answers in columns. */
@Command(name = "compare", description = "Run one input against several models (or versions) and show the answers side by side.",
        footer = {"", "Example:", "  studio compare answer --models echo,extractive --input '{\"question\": \"Can I return a Dial?\"}'",
            "  studio compare answer --versions 1,2 --models extractive --input @case.json"})
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

    @Option(names = "--width", defaultValue = "120", description = "Total width of the columns (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--no-cache", description = "Neither read nor write the response cache.")
    boolean noCache;

    @Override
    public Integer call() {
        Map<String, Object> values = JsonValues.parseObject(RenderCommand.read(input, "--input"),
                input.startsWith("@") ? input.substring(1) : "--input");
        PrintWriter out = spec.commandLine().getOut();
        try (Studio studio = Studio.open(root.workspace())) {
            ModelAccess access = studio.models(CachePolicy.fromFlags(noCache, false, false));
            models.forEach(access::ref);
            ExperimentRunner runner = studio.runner(access);
            Experiments.Outcome outcome = studio.experiments().compare(prompt, versions, models, values, runner,
                    studio.runs(), studio.calls(), ExperimentRunner.Progress.NONE, new Cancellation());
            // Columns in the order asked for: by model as listed (calls end in any order).
            List<CallRecord> calls = new ArrayList<>(studio.calls().inRunWithAnswers(outcome.runId()));
            calls.sort(java.util.Comparator.comparingInt((CallRecord c) -> models.indexOf(c.model())));
            List<String> heads = new ArrayList<>();
            List<List<String>> bodies = new ArrayList<>();
            int col = Math.max(20, (width - 3 * (calls.size() - 1)) / Math.max(1, calls.size()));
            for (CallRecord c : calls) {
                heads.add(c.model() + " · " + RunCommand.shortCommit(c.promptCommit()));
                String text = c.status() == CallStatus.OK ? String.valueOf(c.texts().output()).strip() : "ERROR: " + c.error();
                List<String> lines = wrap(text, col);
                lines.add("");
                lines.add(String.format("%d→%d tok · %d ms%s", c.tokensIn() == null ? 0 : c.tokensIn(),
                        c.tokensOut() == null ? 0 : c.tokensOut(), c.latencyMs() == null ? 0 : c.latencyMs(),
                        c.cost() == null ? "" : String.format(" · $%.5f", c.cost())));
                bodies.add(lines);
            }
            printRow(out, heads, col);
            printRow(out, heads.stream().map(h -> "─".repeat(Math.min(col, Math.max(h.length(), 3)))).toList(), col);
            int rows = bodies.stream().mapToInt(List::size).max().orElse(0);
            for (int r = 0; r < rows; r++) {
                List<String> cells = new ArrayList<>();
                for (List<String> b : bodies) cells.add(r < b.size() ? b.get(r) : "");
                printRow(out, cells, col);
            }
            out.printf("%nRecorded as run %d: studio calls --run %d%n", outcome.runId(), outcome.runId());
            out.flush();
            return 0;
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
