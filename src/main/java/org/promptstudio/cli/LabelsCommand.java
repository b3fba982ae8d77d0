package org.promptstudio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.promptstudio.app.Labelling;
import org.promptstudio.app.Studio;
import org.promptstudio.model.LabelConsensus;
import org.promptstudio.model.LabelImportSummary;
import org.promptstudio.model.LabelProgress;
import org.promptstudio.model.LabelQueueCreated;
import org.promptstudio.model.LabelQueueSpec;
import org.promptstudio.model.LabelQueueSummary;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelSchema;
import org.promptstudio.model.LabelTask;
import org.promptstudio.model.LabelValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code studio labels ...}: labelling recorded answers from the command line (issue 13): the schemas, queues, labels
 * given one at a time, progress, disagreements and adjudication, and an import from CSV. ({@code studio label}, in
 * the singular, labels prompt versions.)
 */
@Command(name = "labels", description = {"Label recorded answers: schemas, queues, labels, progress, adjudication,"
        + " import.", "(To label a prompt version, see 'studio label'.)"},
        subcommands = {LabelsCommand.Schemas.class, LabelsCommand.Queue.class, LabelsCommand.Next.class,
            LabelsCommand.Add.class, LabelsCommand.Undo.class, LabelsCommand.Progress.class,
            LabelsCommand.Disagreements.class, LabelsCommand.Adjudicate.class, LabelsCommand.Import.class,
            LabelsAgreementCommand.class, LabelsRankingCommand.class, LabelsCalibrateCommand.class})
final class LabelsCommand {

    @ParentCommand
    StudioCommand root;

    private static Labelling labelling(Studio studio) {
        return studio.labelling();
    }

    /** A label's value as one line: {@code 4}, {@code up}, {@code billing}, {@code A}, with its comment after. */
    static String value(LabelValue v) {
        String main = v.nominal() == null ? "" : v.nominal();
        if (v.correction() != null || (v.comment() != null && main.equals(v.comment()))) main = StudioCommand.oneLine(main);
        StringBuilder sb = new StringBuilder(FeedbackCommand.cut(main, 60));
        if (v.reason() != null) sb.append(" (").append(FeedbackCommand.cut(StudioCommand.oneLine(v.reason()), 40)).append(')');
        if (v.comment() != null && !v.comment().equals(v.nominal())) {
            sb.append(" \"").append(FeedbackCommand.cut(StudioCommand.oneLine(v.comment()), 40)).append('"');
        }
        return sb.toString();
    }

    /** {@code studio labels schemas}. */
    @Command(name = "schemas", description = "List the label schemas (studio.yaml 'labels:' and the built-in thumbs).")
    static final class Schemas implements Callable<Integer> {

        @ParentCommand
        LabelsCommand parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<LabelSchema> schemas;
            try (Studio studio = parent.root.openStudio()) {
                schemas = labelling(studio).schemas();
            }
            PrintWriter out = spec.commandLine().getOut();
            List<String[]> table = new ArrayList<>();
            table.add(new String[] {"NAME", "TYPE", "VERSION", "VALUES", "DESCRIPTION"});
            for (LabelSchema s : schemas) {
                String values = switch (s.type()) {
                    case RATING -> s.min() + ".." + s.max();
                    case THUMBS -> "up, down";
                    case CATEGORY, CATEGORIES -> String.join(", ", s.categories());
                    case PAIRWISE -> "A, B, tie";
                    case RANKING -> "call ids, best first";
                    case CORRECTION, COMMENT -> "text";
                };
                if (s.comment() && s.type() != LabelSchema.Type.COMMENT) values += " + comment";
                String description = s == LabelSchema.THUMBS ? "(built in) " + s.description()
                        : s.description() == null ? "" : StudioCommand.oneLine(s.description());
                table.add(new String[] {s.name(), s.type().id(), s.version(), values, description});
                if (!s.points().isEmpty()) {
                    s.points().forEach((p, text) -> table.add(new String[] {"", "", "", "  " + p, StudioCommand.oneLine(text)}));
                }
            }
            CallFormat.table(out, table, new boolean[] {false, false, false, false, false});
            out.flush();
            return 0;
        }
    }

    /** {@code studio labels queue create|list}. */
    @Command(name = "queue", description = "Make and list labelling queues.",
            subcommands = {QueueCreate.class, QueueList.class})
    static final class Queue {

        @ParentCommand
        LabelsCommand parent;
    }

    /** {@code studio labels queue create NAME --schema S [filters]}. */
    @Command(name = "create", description = {"Make a queue of recorded answers to label.",
        "A pairwise queue pairs two answers to one input (run, case, sample) from different models or prompt versions."
            + " Two prompts, or two versions of one, send different prompts: such pairs' preferences rank them but give"
            + " no DPO pair (the command says how many such pairs it made). For DPO pairs, keep one version"
            + " (--prompt P@COMMIT, or --prompt P --version COMMIT) and pair across models."},
            footer = {"", "Examples:",
                "  studio labels queue create dpo --schema preference --run 7 --version 3f2a1c --blind",
                "  studio labels queue create help-run7 --schema helpfulness --run 7 --overlap 2",
                "  studio labels queue create prefs --schema preference --run 7 --blind --seed 1",
                "  studio labels queue create check --schema thumbs --failed --unlabelled --sample 50 --seed 42"})
    static final class QueueCreate implements Callable<Integer> {

        @ParentCommand
        Queue parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The queue's name.")
        String name;

        @Option(names = "--schema", required = true, paramLabel = "S", description = "The label schema (studio labels schemas).")
        String schema;

        @Option(names = "--run", paramLabel = "ID", converter = Numbers.Id.class, description = "Only calls of this run.")
        Long run;

        @Option(names = "--prompt", paramLabel = "P",
                description = "Only calls of this prompt (answer or prompts/answer.prompt; answer@COMMIT: one version).")
        String prompt;

        @Option(names = "--version", paramLabel = "COMMIT", description = "Only calls of prompt versions whose commit starts so.")
        String version;

        @Option(names = "--model", paramLabel = "M", description = "Only calls of this model (id or provider/model).")
        String model;

        @Option(names = "--split", paramLabel = "S", description = "Only calls on dataset cases of this split (dev, test).")
        String split;

        @Option(names = "--failed", description = "Only calls with a failed check (studio eval).")
        boolean failed;

        @Option(names = "--unlabelled", description = "Only calls with no label of this schema yet.")
        boolean unlabelled;

        @Option(names = "--sample", paramLabel = "N", converter = Numbers.Count.class,
                description = "A random sample of N items, drawn with --seed (without one, a seed is picked, recorded"
                        + " and printed).")
        Integer sample;

        @Option(names = "--seed", paramLabel = "X",
                description = "The seed of the sample and of the blind order (default: picked at random with --sample, else 0).")
        Long seed;

        @Option(names = "--pairs", description = "Pairs of calls on the same input (implied by a pairwise schema).")
        boolean pairs;

        @Option(names = "--overlap", paramLabel = "K", converter = Numbers.Count.class, defaultValue = "1",
                description = "Labels wanted per item, from different annotators (default: ${DEFAULT-VALUE}).")
        int overlap;

        @Option(names = "--blind", description = "Hide model and prompt names; shuffle the order of a pair's answers.")
        boolean blind;

        @Override
        public Integer call() {
            LabelQueueSpec s = new LabelQueueSpec(name, schema, run, prompt, version, model, split, failed, unlabelled,
                    sample, seed, pairs, overlap, blind);
            LabelQueueCreated made;
            try (Studio studio = parent.parent.root.openStudio()) {
                made = labelling(studio).create(s);
            }
            LabelQueueSummary q = made.queue();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Created queue '%s': %d item%s (%s) of %s, overlap %d%s%s.%n", q.name(), q.items(),
                    q.items() == 1 ? "" : "s", q.itemKind().id(), q.schema(), q.overlap(),
                    q.blind() ? ", blind" : "", q.filterText().isEmpty() ? "" : " (" + q.filterText() + ")");
            for (String note : made.notes()) out.println(note);
            out.printf("Label it: studio labels next --queue %s, then studio labels add --queue %s --item N --value V%n",
                    q.name(), q.name());
            out.flush();
            return 0;
        }
    }

    /** {@code studio labels queue list}. */
    @Command(name = "list", description = "List the labelling queues with their progress.")
    static final class QueueList implements Callable<Integer> {

        @ParentCommand
        Queue parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<LabelQueueSummary> queues;
            try (Studio studio = parent.parent.root.openStudio()) {
                queues = labelling(studio).queues();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (queues.isEmpty()) {
                out.println("No labelling queue yet (studio labels queue create NAME --schema S ...).");
                out.flush();
                return 0;
            }
            List<String[]> table = new ArrayList<>();
            table.add(new String[] {"NAME", "SCHEMA", "KIND", "ITEMS", "DONE", "LABELS", "OVERLAP", "BLIND", "CREATED",
                "BY", "FILTER"});
            for (LabelQueueSummary q : queues) {
                table.add(new String[] {q.name(), q.schema(), q.itemKind().id(), String.valueOf(q.items()),
                    String.valueOf(q.itemsComplete()), q.labels() + "/" + q.labelsWanted(), String.valueOf(q.overlap()),
                    q.blind() ? "yes" : "no", CallFormat.time(q.createdAt(), ZoneId.systemDefault()),
                    q.createdBy() == null ? "-" : q.createdBy(), q.filterText().isEmpty() ? "-" : q.filterText()});
            }
            CallFormat.table(out, table, new boolean[] {false, false, false, true, true, true, true, false, false,
                false, false});
            out.flush();
            return 0;
        }
    }

    /** Who labels: {@code --annotator}, else the studio's identity. */
    static final class Who {
        @Option(names = "--annotator", paramLabel = "NAME",
                description = "Who labels (default: the studio's identity, the name commits are made under).")
        String annotator;
    }

    /** {@code studio labels next --queue Q}. */
    @Command(name = "next", description = "Show the next item of a queue to label.")
    static final class Next implements Callable<Integer> {

        @ParentCommand
        LabelsCommand parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--queue", required = true, paramLabel = "Q", description = "The queue.")
        String queue;

        @CommandLine.Mixin
        Who who = new Who();

        @Override
        public Integer call() {
            Optional<LabelTask> task;
            String name;
            try (Studio studio = parent.root.openStudio()) {
                task = labelling(studio).next(queue, who.annotator);
                name = who.annotator != null ? who.annotator : labelling(studio).annotator();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (task.isEmpty()) {
                out.println("Nothing left to label in '" + queue + "' for " + name + ".");
                out.flush();
                return 0;
            }
            LabelTask t = task.get();
            out.printf("Item %d of %d (%s, schema %s)%n", t.position(), t.items(), t.queue(), t.schema().name());
            out.println("Input:");
            out.println(indent(t.input()));
            if (t.context() != null) {
                out.println("Context:");
                out.println(indent(t.context()));
            }
            char letter = 'A';
            for (LabelTask.Answer a : t.answers()) {
                String head = t.answers().size() == 1 ? "Answer" : "Answer " + letter++;
                out.println(head + (a.model() == null ? "" : " (" + a.model() + ", call " + a.callId() + ")") + ":");
                out.println(indent(a.output()));
            }
            for (String line : scale(t)) out.println(line);
            out.printf("Label it: studio labels add --queue %s --item %d --value V%n", t.queue(), t.position());
            out.flush();
            return 0;
        }

        /** The values the item's schema takes, as the window lists them: points with descriptions, numbered choices. */
        static List<String> scale(LabelTask t) {
            LabelSchema s = t.schema();
            List<String> out = new ArrayList<>();
            switch (s.type()) {
                case RATING -> {
                    out.add("Scale (" + s.name() + ", " + s.min() + " to " + s.max() + "):");
                    for (int v = s.min(); v <= s.max(); v++) {
                        String desc = s.points().get(v);
                        out.add("  " + v + (desc == null ? "" : "  " + StudioCommand.oneLine(desc)));
                    }
                }
                case THUMBS -> out.add("Values: up, down");
                case CATEGORY, CATEGORIES -> {
                    out.add(s.type() == LabelSchema.Type.CATEGORY ? "Categories (one, by name or number):"
                            : "Categories (several, by name or number, separated by ;):");
                    for (int i = 0; i < s.categories().size(); i++) out.add("  " + (i + 1) + "  " + s.categories().get(i));
                }
                case PAIRWISE -> {
                    out.add("Values:");
                    out.add("  A    Answer A is better");
                    out.add("  B    Answer B is better");
                    out.add("  tie  Neither is better");
                }
                case RANKING -> out.add("Value: the answers' call ids, best first (12,15,18)");
                case CORRECTION -> out.add("Value: the ideal answer's text");
                case COMMENT -> out.add("Value: the comment's text");
            }
            if (s.comment() && s.type() != LabelSchema.Type.COMMENT) {
                out.add(s.type() == LabelSchema.Type.PAIRWISE ? "With --comment TEXT: the reason."
                        : "With --comment TEXT: a comment.");
            }
            return out;
        }

        private static String indent(String text) {
            return "  " + text.strip().replace("\n", "\n  ");
        }
    }

    /** {@code studio labels add}. */
    @Command(name = "add", description = {"Give a label: to item N of a queue (--queue Q --item N), or to a call"
        + " outside queues (--call ID [--call-b ID] --schema S).",
        "A value as typed: a rating 4, thumbs up/down, a category, categories a;b, a correction's text,"
            + " a preference A/B/tie (as shown), call ids best first for a ranking, or JSON."},
            footer = {"", "Examples:",
                "  studio labels add --queue help-run7 --item 3 --value 4 --comment \"misses the price\"",
                "  studio labels add --queue prefs --item 1 --value B",
                "  studio labels add --call 812 --schema thumbs --value up"})
    static final class Add implements Callable<Integer> {

        @ParentCommand
        LabelsCommand parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--queue", paramLabel = "Q", description = "The queue.")
        String queue;

        @Option(names = "--item", paramLabel = "N", converter = Numbers.Count.class,
                description = "The item's position in the queue (1 first).")
        Integer item;

        @Option(names = "--call", paramLabel = "ID", converter = Numbers.Id.class, description = "A call, outside queues.")
        Long call;

        @Option(names = "--call-b", paramLabel = "ID", converter = Numbers.Id.class,
                description = "The second call of a pairwise label outside queues.")
        Long callB;

        @Option(names = "--schema", paramLabel = "S", description = "The schema of a label outside queues.")
        String schema;

        @Option(names = "--value", required = true, paramLabel = "V", description = "The label.")
        String value;

        @Option(names = "--comment", paramLabel = "TEXT", description = "A comment (for a pair: the reason).")
        String comment;

        @CommandLine.Mixin
        Who who = new Who();

        @Override
        public Integer call() {
            LabelRecord stored;
            LabelTask task = null;
            try (Studio studio = parent.root.openStudio()) {
                Labelling labelling = labelling(studio);
                if (queue != null) {
                    if (item == null) throw usage("--queue needs --item N (the item's position)");
                    if (call != null || schema != null) throw usage("give --queue and --item, or --call and --schema");
                    LabelTask t = labelling.task(queue, item, who.annotator);
                    LabelValue v = parse(t.schema(), value, comment);
                    if (v.preference() != null && t.answers().size() == 2) {
                        v = new LabelValue(null, null, null, null, null, t.truePreference(v.preference()), v.reason(),
                                null, v.comment());
                    }
                    stored = labelling.submit(t.itemId(), who.annotator, v);
                    task = t;
                } else {
                    if (call == null || schema == null) throw usage("give --queue and --item, or --call and --schema");
                    LabelValue v = parse(labelling.schema(schema), value, comment);
                    stored = labelling.label(call, callB, schema, who.annotator, v);
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (task != null && task.blind()) {
                // a blind queue's order and calls stay hidden: the value as given on the answers shown
                out.printf("Label %d stored: %s %s on item %d of queue %s by %s.%n", stored.id(), stored.schemaName(),
                        value(task.shown(stored.value())), task.position(), task.queue(), stored.annotator());
            } else {
                out.printf("Label %d stored: %s %s on call %d%s by %s.%n", stored.id(), stored.schemaName(),
                        value(stored.value()), stored.callId(), stored.callIdB() == null ? "" : " vs "
                        + stored.callIdB(), stored.annotator());
            }
            out.flush();
            return 0;
        }

        private CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }

        /**
         * A category's number as {@code labels next} lists them (1 first) read as its name, for a category schema;
         * {@code 1;3} for several. A number that is itself a category's name stays as typed.
         */
        static String byNumber(LabelSchema schema, String text) {
            if (text == null || schema.type() != LabelSchema.Type.CATEGORY
                    && schema.type() != LabelSchema.Type.CATEGORIES) {
                return text;
            }
            if (text.strip().startsWith("{")) return text; // JSON, as typed
            if (schema.type() == LabelSchema.Type.CATEGORY) return category(schema, text.strip());
            List<String> out = new ArrayList<>();
            for (String part : text.split("[;,]")) out.add(category(schema, part.strip()));
            return String.join(";", out);
        }

        private static String category(LabelSchema schema, String text) {
            if (!text.matches("\\d{1,3}") || schema.categories().contains(text)) return text;
            int n = Integer.parseInt(text);
            return n >= 1 && n <= schema.categories().size() ? schema.categories().get(n - 1) : text;
        }

        static LabelValue parse(LabelSchema schema, String text, String comment) {
            LabelValue v;
            try {
                v = LabelValue.fromText(schema, byNumber(schema, text));
            } catch (IllegalArgumentException e) {
                throw new org.promptstudio.model.StudioException(e.getMessage());
            }
            if (comment == null) return v;
            if (v.preference() != null) {
                return new LabelValue(null, null, null, null, null, v.preference(), comment, null, v.comment());
            }
            return v.withComment(comment);
        }
    }

    /** {@code studio labels undo --queue Q}. */
    @Command(name = "undo", description = "Delete your last label in a queue.")
    static final class Undo implements Callable<Integer> {

        @ParentCommand
        LabelsCommand parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--queue", required = true, paramLabel = "Q", description = "The queue.")
        String queue;

        @CommandLine.Mixin
        Who who = new Who();

        @Override
        public Integer call() {
            String said;
            try (Studio studio = parent.root.openStudio()) {
                Labelling labelling = labelling(studio);
                Optional<LabelRecord> undone = labelling.undoLast(queue, who.annotator);
                said = undone.map(l -> {
                    LabelTask t = labelling.task(l.itemId(), who.annotator);
                    // a blind queue's order and calls stay hidden: the value as given on the answers shown
                    return "Deleted label " + l.id() + " (" + (t.blind() ? value(t.shown(l.value())) + " on item "
                            + t.position() : value(l.value()) + " on call " + l.callId()) + ").";
                }).orElse("No label by " + (who.annotator == null || who.annotator.isBlank() ? labelling.annotator()
                        : who.annotator.strip()) + " in '" + queue + "' to undo.");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(said);
            out.flush();
            return 0;
        }
    }

    /** {@code studio labels progress [--queue Q]}. */
    @Command(name = "progress", description = "How far each queue is, in all and per annotator.")
    static final class Progress implements Callable<Integer> {

        @ParentCommand
        LabelsCommand parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--queue", paramLabel = "Q", description = "Only this queue.")
        String queue;

        @Override
        public Integer call() {
            List<LabelProgress> all;
            try (Studio studio = parent.root.openStudio()) {
                all = queue != null ? List.of(labelling(studio).progress(queue)) : labelling(studio).progress();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (all.isEmpty()) {
                out.println("No labelling queue yet (studio labels queue create NAME --schema S ...).");
                out.flush();
                return 0;
            }
            for (LabelProgress p : all) {
                out.printf("%s: %d of %d items done, %d of %d labels (%s)%n", p.queue(), p.itemsComplete(), p.items(),
                        p.labels(), p.labelsWanted(), percent(p.labels(), p.labelsWanted()));
                for (LabelProgress.Annotator a : p.annotators()) {
                    out.printf("  %s: %d label%s, %d item%s open%n", a.name(), a.labels(), a.labels() == 1 ? "" : "s",
                            a.available(), a.available() == 1 ? "" : "s");
                }
            }
            out.flush();
            return 0;
        }

        private static String percent(int part, int whole) {
            return whole == 0 ? "-" : Math.round(100.0 * part / whole) + "%";
        }
    }

    /** {@code studio labels disagreements --queue Q}. */
    @Command(name = "disagreements", description = "The items of a queue whose annotators disagree, for an adjudicator.")
    static final class Disagreements implements Callable<Integer> {

        @ParentCommand
        LabelsCommand parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--queue", required = true, paramLabel = "Q", description = "The queue.")
        String queue;

        @Override
        public Integer call() {
            List<LabelConsensus> items;
            try (Studio studio = parent.root.openStudio()) {
                items = labelling(studio).disagreements(queue);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (items.isEmpty()) {
                out.println("No item of '" + queue + "' is in disagreement.");
                out.flush();
                return 0;
            }
            for (LabelConsensus c : items) {
                // a pair's values in the item's true order (A its first call), whatever order a blind queue showed
                out.printf("item %d (%s):%n", c.position(), c.callIdB() == null ? "call " + c.callId()
                        : "A = call " + c.callId() + ", B = call " + c.callIdB()
                        + "; in this order, whichever side each annotator was shown first");
                for (LabelRecord l : c.labels()) out.printf("  %s: %s%n", l.annotator(), value(l.value()));
            }
            out.printf("%d item%s in disagreement; decide with studio labels adjudicate --queue %s --item N --value V%n",
                    items.size(), items.size() == 1 ? "" : "s", queue);
            out.flush();
            return 0;
        }
    }

    /** {@code studio labels adjudicate --queue Q --item N --value V}. */
    @Command(name = "adjudicate", description = "Record an adjudicator's decision on an item: the final label, which wins.")
    static final class Adjudicate implements Callable<Integer> {

        @ParentCommand
        LabelsCommand parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--queue", required = true, paramLabel = "Q", description = "The queue.")
        String queue;

        @Option(names = "--item", required = true, paramLabel = "N", converter = Numbers.Count.class,
                description = "The item's position in the queue.")
        int item;

        @Option(names = "--value", required = true, paramLabel = "V",
                description = "The decision (a pair's preference in the true order: A is the item's first call).")
        String value;

        @Option(names = "--adjudicator", paramLabel = "NAME", description = "Who decides (default: the studio's identity).")
        String adjudicator;

        @Option(names = "--comment", paramLabel = "TEXT",
                description = "Why, stored with the decision (for a pair: the reason).")
        String comment;

        @Override
        public Integer call() {
            LabelRecord stored;
            try (Studio studio = parent.root.openStudio()) {
                Labelling labelling = labelling(studio);
                LabelTask t = labelling.task(queue, item, adjudicator);
                stored = labelling.adjudicate(t.itemId(), adjudicator, Add.parse(t.schema(), value, comment));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Item %d of '%s' decided: %s (final, by %s).%n", item, queue, value(stored.value()),
                    stored.annotator());
            out.flush();
            return 0;
        }
    }

    /** {@code studio labels import FILE.csv [--schema S]}. */
    @Command(name = "import", description = "Import labels made in another tool from CSV: columns item (a call id;"
            + " 12+15 for a pair), annotator, label, and optionally schema.")
    static final class Import implements Callable<Integer> {

        @ParentCommand
        LabelsCommand parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE.csv", description = "The CSV file.")
        Path file;

        @Option(names = "--schema", paramLabel = "S", description = "The schema of rows without a schema column.")
        String schema;

        @Override
        public Integer call() {
            LabelImportSummary summary;
            try (Studio studio = parent.root.openStudio()) {
                summary = labelling(studio).importCsv(file, schema);
            }
            PrintWriter out = spec.commandLine().getOut();
            List<String> parts = new ArrayList<>();
            summary.bySchema().forEach((name, n) -> parts.add(name + " " + n));
            if (summary.labels() == 0) {
                out.printf("Imported 0 labels from %s.%n", file);
            } else {
                out.printf("Imported %d label%s from %s by %d annotator%s: %s.%n", summary.labels(),
                        summary.labels() == 1 ? "" : "s", file, summary.annotators(),
                        summary.annotators() == 1 ? "" : "s", String.join(", ", parts));
            }
            if (summary.alreadyThere() > 0) {
                out.printf("%d already there (the same label is stored): not imported again.%n", summary.alreadyThere());
            }
            for (String note : summary.notes()) out.println("note: " + note);
            out.flush();
            return 0;
        }
    }
}
