package org.promptstudio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.promptstudio.app.LabelExports;
import org.promptstudio.app.Studio;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code studio export finetune|pool}: labelled answers as fine-tuning files, preference pairs or a CSV of labels, or
 * added to a few-shot pool dataset.
 */
@Command(name = "export", description = "Export labelled answers for fine-tuning, or to a few-shot pool.",
        subcommands = {ExportCommand.Finetune.class, ExportCommand.Pool.class})
final class ExportCommand {

    @ParentCommand
    StudioCommand root;

    /**
     * Opens the workspace, does {@code action} with its exports, closes the workspace, then prints the result with
     * {@code print} to the command's output and flushes it.
     *
     * @return what {@code action} returned
     */
    <R> R run(CommandSpec spec, Function<LabelExports, R> action, BiConsumer<R, PrintWriter> print) {
        R result;
        try (Studio studio = root.openStudio()) {
            result = action.apply(studio.labelExports());
        }
        PrintWriter o = spec.commandLine().getOut();
        print.accept(result, o);
        o.flush();
        return result;
    }

    /** {@code 2 in disagreement, 1 incomplete}: left-out counts in their order. */
    static String left(Map<String, Integer> skipped) {
        return LabelExports.leftOut(skipped);
    }

    /** {@code studio export finetune --format openai|vertex|dpo|csv [--rule R] [--out FILE]}. */
    @Command(name = "finetune", mixinStandardHelpOptions = true,
            description = {"Write the labelled answers a rule picks as a fine-tuning file, with its provenance"
                    + " (call ids, prompt path and commit, model) in NAME.provenance.jsonl beside it.",
                "A settled correction replaces the model's answer; an item still in disagreement is left out until"
                    + " adjudicated, and a queue item with fewer than its k labels until it has them (counted as"
                    + " incomplete).",
                "DPO pairs come from pairwise labels, rankings (the best answer chosen over each lower one), ratings"
                    + " of answers to the same input, and corrections over the answer they correct."},
            footer = {"", "Formats:",
                "  openai  OpenAI chat fine-tuning JSONL ({\"messages\": [...]})",
                "  vertex  Vertex AI Gemini supervised tuning JSONL (systemInstruction, contents)",
                "  dpo     preference pairs JSONL (prompt, chosen, rejected) from pairwise labels, ratings of"
                    + " answers to the same input, and corrections",
                "  csv     every label as 'studio labels import' reads it (item: call id, 12+15 for a pair;"
                    + " annotator; label: 4, up, B or JSON; schema), then schema_version, final, queue, created_at,"
                    + " model, prompt, commit",
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
                description = "The file to write (default: exports/NAME-FORMAT.jsonl; exports/NAME.csv for csv).")
        Path out;

        @Override
        public Integer call() {
            LabelExports.Written w = parent.run(spec, e -> e.export(format, rule, out), (r, o) -> {
                String what = r.format().equals("csv") ? (r.written() == 1 ? "label" : "labels")
                        : r.format().equals("dpo") ? (r.written() == 1 ? "preference pair" : "preference pairs")
                        : (r.written() == 1 ? "example" : "examples");
                o.println("Wrote " + r.written() + " " + what + " to " + r.file()
                        + (r.rule().isEmpty() ? "" : " (rule: " + r.rule() + ")"));
                if (r.provenance() != null) o.println("provenance: " + r.provenance());
                if (!r.skipped().isEmpty()) o.println("left out: " + left(r.skipped()));
            });
            if (w.warning() != null) spec.commandLine().getErr().println("warning: " + w.warning());
            return 0;
        }
    }

    /** {@code studio export pool --dataset NAME [--rule R] [--field F]}. */
    @Command(name = "pool", mixinStandardHelpOptions = true,
            description = {"Add the answers a rule approves to a few-shot pool dataset (datasets/NAME.jsonl, made when"
                    + " missing): one row per answer with its case's inputs and the answer, id call-N.",
                "A settled correction replaces the model's answer; an answer already in the pool is not added again."
                    + " Experiments use the pool with strategy: { type: few-shot, pool: NAME }.",
                "A dataset used as an evaluation set is refused unless --into-evaluation-set is given. Each row added"
                    + " is recorded in exports/pool-NAME.provenance.jsonl (call, prompt commit, model, rule, labels,"
                    + " schema versions, annotators; counts per addition)."},
            footer = {"", "Examples:",
                "  studio export pool --dataset approved",
                "  studio export pool --dataset approved --rule \"helpfulness>=4 or corrections\""})
    static final class Pool implements Callable<Integer> {

        @ParentCommand
        ExportCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "The pool dataset.")
        String dataset;

        @Option(names = "--rule", paramLabel = "RULE",
                description = "Which answers (default: \"" + LabelExports.DEFAULT_RULE + "\").")
        String rule;

        @Option(names = "--field", paramLabel = "FIELD",
                description = "The row's field for the answer (default: " + LabelExports.DEFAULT_FIELD + ").")
        String field;

        @Option(names = "--into-evaluation-set",
                description = "Append even when the dataset is an evaluation set (its rows have expected values,"
                        + " splits or assertions, or an experiment or studio.yaml's default runs on it).")
        boolean intoEvaluationSet;

        @Override
        public Integer call() {
            parent.run(spec, e -> e.addToPool(rule, dataset, field, intoEvaluationSet), (p, o) -> {
                o.println("Added " + p.added() + (p.added() == 1 ? " answer" : " answers") + " to " + p.dataset()
                        + (p.already() == 0 ? "" : " (" + p.already() + " already there)"));
                o.println("provenance: " + p.provenance());
                if (!p.skipped().isEmpty()) o.println("left out: " + left(p.skipped()));
            });
            return 0;
        }
    }
}
