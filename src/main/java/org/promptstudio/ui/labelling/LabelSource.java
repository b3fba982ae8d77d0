package org.promptstudio.ui.labelling;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the labelling view needs from the workspace's labelling (queues, items, labels, figures, exports), in the
 * view's own terms. Every method may be slow (the database): the view model calls them through the task runner
 * only, one write at a time. Errors are thrown as exceptions whose message is one line a user can act on.
 * {@link StudioLabelSource} gives it over {@code app.Labelling} (decision 0129).
 */
public interface LabelSource {

    /** A label schema as the pane shows it. */
    record Schema(String name, String version, String type, String description, Integer min, Integer max,
                  Map<Integer, String> points, List<String> categories, boolean comment) {
        public Schema {
            points = points == null ? Map.of() : Map.copyOf(points);
            categories = categories == null ? List.of() : List.copyOf(categories);
            description = description == null ? "" : description;
        }
    }

    /**
     * A queue with its progress.
     *
     * @param items    items in the queue
     * @param complete items with all the labels the overlap asks for
     * @param labels   labels given, by everyone
     * @param wanted   labels the queue asks for (items x overlap)
     * @param mine     labels the annotator gave in it
     * @param filter   the filter as the user wrote it, or empty
     */
    record Queue(String name, Schema schema, String itemKind, int overlap, boolean blind, int items, int complete,
                 int labels, int wanted, int mine, String filter) {
        public Queue {
            filter = filter == null ? "" : filter;
        }
    }

    /**
     * One answer of an item, as shown.
     *
     * @param callId the recorded call
     * @param source model and prompt version ("gpt-4o · answer@1a2b3c4"), or null in a blind queue
     */
    record Answer(long callId, String text, String source) {
    }

    /**
     * One item to label.
     *
     * @param position its place in the queue (0 first)
     * @param context  the retrieved context, or null when the call had none
     * @param answers  the answers in the order shown (a blind pair's order is the queue's shuffle)
     * @param mine     the annotator's label of it (value JSON), or null when not labelled yet
     * @param swapped  for a pair: whether the shown A is the item's second call (labels store the true order)
     */
    record Item(long id, String queue, int position, String input, String context, List<Answer> answers, String mine,
                boolean swapped) {
        public Item {
            answers = List.copyOf(answers);
        }

        /** This item with the annotator's label {@code value} (null: none). */
        public Item withMine(String value) {
            return new Item(id, queue, position, input, context, answers, value, swapped);
        }
    }

    /**
     * What a new queue is made of, as the window's form gives it (null or false: no such filter).
     *
     * @param sample a random sample of this many items, drawn with {@code seed}; a pairwise schema's items are pairs of
     *               calls on the same input, a ranking's all the calls on one input
     */
    record NewQueue(String name, String schema, Long run, String prompt, String model, boolean failedOnly,
                    boolean notLabelled, Integer sample, Long seed, int overlap, boolean blind) {
    }

    /** The names of the workspace's label schemas, the built-in {@code thumbs} first. */
    List<String> schemaNames();

    /**
     * Makes queue {@code spec} of the recorded calls its filters select.
     *
     * @return what the maker should know, one line each (the sample and its seed, pairs of two different prompts)
     * @throws RuntimeException with a one-line message: a name in use, an unknown schema or run, no call matching
     */
    List<String> createQueue(NewQueue spec);

    /** The studio's annotator name (the identity commits are made under). */
    String annotator();

    /** The queues, by name. */
    List<Queue> queues();

    /**
     * Up to {@code max} items of {@code queue} after position {@code after} (-1: from the start) that {@code annotator}
     * may still label (not labelled by them, fewer labels than the overlap asks for), by position.
     */
    List<Item> upcoming(String queue, String annotator, int after, int max);

    /**
     * Stores {@code annotator}'s label {@code valueJson} (true order, as LABELLING-DESIGN.md fixes it) of {@code item}
     * at once; returns when it is in the database.
     *
     * @return the stored label's id (what {@link #undo} takes), or empty when the item already had labels from as many
     *         other annotators as its queue's overlap and nothing was stored
     */
    OptionalLong submit(Item item, String annotator, String valueJson);

    /**
     * Deletes label {@code labelId} when it is {@code annotator}'s: exactly the label {@link #submit} stored.
     *
     * @return whether it was deleted (false: it is no longer there)
     */
    boolean undo(long labelId, String annotator);

    /**
     * The agreement among annotators in {@code queue}: per schema, its items, labels and annotators, then each
     * coefficient fit for the type with its number of units, one per line.
     */
    List<String> figures(String queue);

    /**
     * Calibrates judge model {@code judgeModel} against the people's settled labels of {@code schema} (asks the judge:
     * model calls, recorded): TPR, TNR, Cohen's kappa, the number of items and the people's own agreement as the
     * ceiling with whose labels it compares and why that coefficient, the items left out and the notes, one per line,
     * a warning first when there are fewer than 50 items; when no item was compared, no figures but the line why
     * ({@code Nothing compared: ...}), the judge calls made and the notes.
     */
    List<String> calibrate(String judgeModel, String schema);

    /**
     * Exports the workspace's labels as {@code format} ({@code openai}, {@code vertex}, {@code dpo}, {@code csv}) with
     * the default rule, in one action; returns the one line saying what was written where, what was left out and why
     * ({@code left out: 2 in disagreement, 1 incomplete}, as {@code studio export finetune} says it) and a warning
     * under 100.
     */
    String export(String format);
}
