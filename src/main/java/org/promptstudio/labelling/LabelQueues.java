package org.promptstudio.labelling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.LabelConsensus;
import org.promptstudio.model.LabelItem;
import org.promptstudio.model.LabelItemKind;
import org.promptstudio.model.LabelProgress;
import org.promptstudio.model.LabelQueue;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelSchema;
import org.promptstudio.model.LabelValue;
import org.promptstudio.store.LabelQueueRepository;
import org.promptstudio.store.LabelRepository;

/**
 * Labelling queues over the store: making one from recorded calls, handing each annotator their next item (overlap k:
 * k different annotators per item, each sees an item at most once), taking labels (each written at once), undoing an
 * annotator's last label, progress, the items in disagreement and an adjudicator's decision. Stateless: every answer
 * is read from the database, so several windows and commands on one workspace agree.
 */
public final class LabelQueues {

    private final LabelQueueRepository queues;
    private final LabelRepository labels;

    public LabelQueues(LabelQueueRepository queues, LabelRepository labels) {
        this.queues = queues;
        this.labels = labels;
    }

    /**
     * Makes and stores queue {@code queue} with the items {@link QueueBuilder} makes of {@code calls}.
     *
     * @param sample at most this many items, drawn with the queue's seed; null for all
     * @return the stored queue with its items
     * @throws LabellingException when a queue of that name exists or no item can be made of the calls
     */
    public Created create(LabelQueue queue, List<CallRecord> calls, Integer sample) {
        if (queues.find(queue.name()).isPresent()) {
            throw new LabellingException("a labelling queue named '" + queue.name() + "' exists already");
        }
        List<LabelItem> items = QueueBuilder.build(calls, queue.itemKind(), sample, queue.seed(), queue.blind());
        if (items.isEmpty()) {
            String what = switch (queue.itemKind()) {
                case SINGLE -> "no recorded call matches";
                case PAIR -> "no two calls on the same input (run, dataset case, sample) from different models or"
                        + " prompt versions match";
                case RANKING -> "no input with two or more calls matches";
            };
            throw new LabellingException(what + (queue.filterText().isEmpty() ? "" : " " + queue.filterText())
                    + ": queue '" + queue.name() + "' would be empty");
        }
        LabelQueue stored = queues.insert(queue, items);
        return new Created(stored, queues.items(stored.id()), QueueBuilder.count(calls, queue.itemKind()));
    }

    /**
     * A queue just made, with its items.
     *
     * @param matching the items the calls made before a sample was drawn (the items' count when none was)
     */
    public record Created(LabelQueue queue, List<LabelItem> items, int matching) {
    }

    /**
     * Queue {@code name}.
     *
     * @throws LabellingException naming it when there is none
     */
    public LabelQueue queue(String name) {
        return queues.find(name).orElseThrow(() -> new LabellingException("no labelling queue '" + name
                + "' (see 'studio labels queue list')"));
    }

    /** Every queue, oldest first. */
    public List<LabelQueue> queues() {
        return queues.list();
    }

    /** The items of {@code queue} by position. */
    public List<LabelItem> items(LabelQueue queue) {
        return queues.items(queue.id());
    }

    /**
     * The item at {@code position} (1 first) of {@code queue}.
     *
     * @throws LabellingException when the queue has no such position
     */
    public LabelItem itemAt(LabelQueue queue, int position) {
        return itemAt(queue, position, items(queue));
    }

    /** As {@link #itemAt(LabelQueue, int)}, among {@code items} (the queue's, as {@link #items} read them). */
    public LabelItem itemAt(LabelQueue queue, int position, List<LabelItem> items) {
        if (position < 1 || position > items.size()) {
            throw new LabellingException("queue '" + queue.name() + "' has items 1 to " + items.size() + ", not "
                    + position);
        }
        return items.get(position - 1);
    }

    /**
     * Item {@code itemId} and its queue.
     *
     * @throws LabellingException when there is no such item
     */
    public Located locate(long itemId) {
        LabelItem item = queues.item(itemId).orElseThrow(() -> new LabellingException("no labelling item " + itemId));
        return new Located(queues.queueOfItem(itemId).orElseThrow(), item);
    }

    /** An item with its queue. */
    public record Located(LabelQueue queue, LabelItem item) {
    }

    /**
     * {@code annotator}'s next item in {@code queue}: the lowest position they have not labelled whose labels come from
     * fewer than the queue's overlap annotators (an adjudicator's decision does not count); empty when none is left
     * for them.
     */
    public Optional<LabelItem> next(LabelQueue queue, String annotator) {
        return queues.nextFor(queue.id(), annotator, queue.overlap());
    }

    /** How many items {@code queue} has. */
    public int size(LabelQueue queue) {
        return queues.size(queue.id());
    }

    /** {@code annotator}'s label of {@code item} (their latest, not a final decision), or null when none. */
    public LabelRecord given(LabelItem item, String annotator) {
        LabelRecord out = null;
        for (LabelRecord l : labels.forItem(item.id())) {
            if (!l.isFinal() && l.annotator().equals(annotator)) out = l;
        }
        return out;
    }

    /**
     * Writes {@code annotator}'s label {@code value} of item {@code itemId} at once, in place of the one they gave it
     * before; {@code schema} is the queue's schema as the workspace defines it now (its version is recorded).
     *
     * @return the stored label
     * @throws ItemFullException when the item already has labels from as many other annotators as the queue's overlap
     *                           (checked in the database, in the same transaction as the write: nothing is stored)
     * @throws LabellingException when the item does not exist, the value is not one of the schema, or the schema
     *                            is not the queue's (or changed its kind of item since)
     */
    public LabelRecord submit(long itemId, String annotator, LabelSchema schema, LabelValue value, Instant at) {
        return write(itemId, annotator, schema, value, false, at);
    }

    /**
     * Records {@code adjudicator}'s decision {@code value} on item {@code itemId}: a final label, which wins over the
     * annotators' (a new decision replaces an earlier one).
     *
     * @throws LabellingException as {@link #submit}
     */
    public LabelRecord adjudicate(long itemId, String adjudicator, LabelSchema schema, LabelValue value, Instant at) {
        return write(itemId, adjudicator, schema, value, true, at);
    }

    private LabelRecord write(long itemId, String annotator, LabelSchema schema, LabelValue value, boolean decision,
                              Instant at) {
        if (annotator == null || annotator.isBlank()) throw new LabellingException("a label needs an annotator's name");
        Located found = locate(itemId);
        LabelQueue queue = found.queue();
        if (!schema.name().equals(queue.schemaName())) {
            throw new LabellingException("queue '" + queue.name() + "' labels '" + queue.schemaName() + "', not '"
                    + schema.name() + "'");
        }
        if (schema.itemKind() != queue.itemKind()) {
            throw new LabellingException("schema '" + schema.name() + "' is now a " + schema.type().id()
                    + ", which does not fit the " + queue.itemKind().id() + " items of queue '" + queue.name() + "'");
        }
        String problem = schema.problem(value, found.item().callIds());
        if (problem != null) throw new LabellingException(problem);
        LabelItem item = found.item();
        // only a pair's label has a B: a ranking's calls are in its value, and a stored B would make it a pair's label
        Long callIdB = schema.itemKind() == LabelItemKind.PAIR ? item.callIdB() : null;
        return labels.replace(new LabelRecord(null, item.id(), item.callId(), callIdB, schema.name(),
                schema.version(), annotator.strip(), value, decision, at)).orElseThrow(() -> new ItemFullException(
                "item " + item.position() + " of queue '" + queue.name() + "' already has its " + queue.overlap()
                + " label" + (queue.overlap() == 1 ? "" : "s") + " from other annotators (overlap "
                + queue.overlap() + "): your label was not stored"));
    }

    /**
     * Deletes label {@code labelId} when it is {@code annotator}'s (not an adjudicator's decision): the undo of exactly
     * the label a session stored.
     *
     * @return the label deleted, or empty when there is no such label of theirs
     */
    public Optional<LabelRecord> undo(long labelId, String annotator) {
        return labels.delete(labelId, annotator);
    }

    /**
     * The items of {@code queue} after position {@code after} (1 first; 0: from the start) that {@code annotator} may
     * still label, as {@link #next} chooses them (not labelled by them, fewer than the overlap's annotators), at most
     * {@code max}, by position.
     */
    public List<LabelItem> open(LabelQueue queue, String annotator, int after, int max) {
        return queues.openFor(queue.id(), annotator, queue.overlap(), after, max);
    }

    /**
     * Deletes {@code annotator}'s latest label in {@code queue} (not an adjudicator's decision).
     *
     * @return the label deleted, or empty when they gave none there
     */
    public Optional<LabelRecord> undoLast(LabelQueue queue, String annotator) {
        return labels.deleteLast(queue.id(), annotator);
    }

    /**
     * How far {@code queue} is: items with overlap labels from different annotators, labels given (each annotator's
     * per item counted once; decisions not counted) of items times overlap, and per annotator (by name) the labels
     * they gave and the items still open to them.
     */
    public LabelProgress progress(LabelQueue queue) {
        List<LabelItem> items = items(queue);
        Map<Long, Set<String>> by = annotatorsByItem(labels.forQueue(queue.id()));
        int complete = 0;
        int given = 0;
        Map<String, Integer> perAnnotator = new TreeMap<>();
        for (LabelItem item : items) {
            Set<String> who = by.getOrDefault(item.id(), Set.of());
            int counted = Math.min(who.size(), queue.overlap());
            given += counted;
            if (who.size() >= queue.overlap()) complete++;
            for (String a : who) perAnnotator.merge(a, 1, Integer::sum);
        }
        List<LabelProgress.Annotator> annotators = new ArrayList<>();
        for (Map.Entry<String, Integer> e : perAnnotator.entrySet()) {
            int open = 0;
            for (LabelItem item : items) {
                Set<String> who = by.getOrDefault(item.id(), Set.of());
                if (!who.contains(e.getKey()) && who.size() < queue.overlap()) open++;
            }
            annotators.add(new LabelProgress.Annotator(e.getKey(), e.getValue(), open));
        }
        return new LabelProgress(queue.name(), items.size(), complete, given, items.size() * queue.overlap(),
                annotators);
    }

    /** The consensus of each labelled item of {@code queue}, by position ({@link Consensus}). */
    public List<LabelConsensus> consensus(LabelQueue queue) {
        Map<Long, Consensus.Place> places = new HashMap<>();
        for (LabelItem item : items(queue)) places.put(item.id(), new Consensus.Place(item.position(), queue.overlap()));
        List<LabelConsensus> out = new ArrayList<>(Consensus.of(labels.forQueue(queue.id()), places));
        out.sort(java.util.Comparator.comparing(LabelConsensus::position));
        return out;
    }

    /** The items of {@code queue} whose annotators disagree and that no one has decided yet, by position. */
    public List<LabelConsensus> disagreements(LabelQueue queue) {
        return consensus(queue).stream().filter(c -> c.state() == LabelConsensus.State.DISAGREEMENT).toList();
    }

    private static Map<Long, Set<String>> annotatorsByItem(List<LabelRecord> all) {
        Map<Long, Set<String>> out = new LinkedHashMap<>();
        for (LabelRecord l : all) {
            if (l.isFinal() || l.itemId() == null) continue;
            out.computeIfAbsent(l.itemId(), k -> new HashSet<>()).add(l.annotator());
        }
        return out;
    }
}
