package org.promptstudio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.promptstudio.app.LabelExports;
import org.promptstudio.app.Studio;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio export finetune}: labelled answers as fine-tuning files, preference pairs or a CSV of labels. */
@Command(name = "export", description = "Export labelled answers for fine-tuning.",
        subcommands = {ExportCommand.Finetune.class})
final class ExportCommand {

    @ParentCommand
    StudioCommand root;

    /** {@code studio export finetune --format openai|vertex|dpo|csv [--rule R] [--out FILE]}. */
    @Command(name = "finetune", mixinStandardHelpOptions = true,
            description = {"Write the labelled answers a rule picks as a fine-tuning file, with its provenance"
                    + " (call ids, prompt path and commit, model) in NAME.provenance.jsonl beside it.",
                "A settled correction replaces the model's answer; an item still in disagreement is left out until"
                    + " adjudicated."},
            footer = {"", "Formats:",
                "  openai  OpenAI chat fine-tuning JSONL ({\"messages\": [...]})",
                "  vertex  Vertex AI Gemini supervised tuning JSONL (systemInstruction, contents)",
                "  dpo     preference pairs JSONL (prompt, chosen, rejected) from pairwise labels, ratings of"
                    + " answers to the same input, and corrections",
                "  csv     every label (call, item, queue, schema, annotator, value, final, time, model, prompt,"
                    + " commit)",
                "", "Rules: helpfulness>=4, thumbs=up, topic=billing, corrections, joined by 'and' / 'or'.",
                "", "Examples:",
                "  studio export finetune --format openai",
                "  studio export finetune --format vertex --rule \"helpfulness>=4 or corrections\"",
                "  studio export finetune --format dpo --out /tmp/pairs.jsonl"})
    static final class Finetune implements Callable<Integer> {

        @ParentCommand
        ExportCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--format", required = true, paramLabel = "FORMAT",
                description = "openai, vertex, dpo or csv.")
        String format;

        @Option(names = "--rule", paramLabel = "RULE",
                description = "Which labelled calls go in (default: \"" + LabelExports.DEFAULT_RULE + "\" for openai and"
                        + " vertex; every pair for dpo; every label for csv).")
        String rule;

        @Option(names = "--out", paramLabel = "FILE",
                description = "The file to write (default: exports/NAME-FORMAT.jsonl, .csv for csv).")
        Path out;

        @Override
        public Integer call() {
            LabelExports.Written w;
            try (Studio studio = parent.root.openStudio()) {
                w = studio.labelExports().export(format, rule, out);
            }
            PrintWriter o = spec.commandLine().getOut();
            String what = w.format().equals("csv") ? (w.written() == 1 ? "label" : "labels")
                    : w.format().equals("dpo") ? (w.written() == 1 ? "preference pair" : "preference pairs")
                    : (w.written() == 1 ? "example" : "examples");
            o.println("Wrote " + w.written() + " " + what + " to " + w.file()
                    + (w.rule().isEmpty() ? "" : " (rule: " + w.rule() + ")"));
            if (w.provenance() != null) o.println("provenance: " + w.provenance());
            if (!w.skipped().isEmpty()) o.println("left out: " + left(w.skipped()));
            o.flush();
            if (w.warning() != null) spec.commandLine().getErr().println("warning: " + w.warning());
            return 0;
        }

        static String left(Map<String, Integer> skipped) {
            StringBuilder sb = new StringBuilder();
            skipped.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
            return sb.toString();
        }
    }
}
