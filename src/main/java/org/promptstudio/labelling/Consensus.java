package org.promptstudio.labelling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import org.promptstudio.model.LabelConsensus;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelValue;

/**
 * The one rule for what the labels of a unit say together (decision 0123): an adjudicator's final label wins (the
 * latest, if several); else, taking each annotator's latest label, the value when all agree ({@link
 * org.promptstudio.model.LabelValue#agreesWith}: comments and reasons do not count) and, for a queue item, at least
 * the queue's overlap k annotators gave one (fewer, all agreeing: incomplete, not settled); else the unit is in
 * disagreement. A unit is a queue item, or, for labels given outside queues, a call (and its pair partner) in one
 * schema; outside queues one label settles.
 *
 * <p>Over every place a call was labelled in (decision 0130), {@link #byCall} makes one unit per schema and call (or
 * pair of calls, or set of ranked calls): each annotator's latest label over all places counts once, the latest
 * adjudication over all places settles, and each queue item of the call still needs its queue's k annotators ({@link
 * Call#settle}). Calibration, the exports and the few-shot pool, and the figures over all labels read this.
 */
public final class Consensus {

    private Consensus() {
    }

    /**
     * Where a queue item stands in its queue.
     *
     * @param position the item's place in its queue, 1 first
     * @param overlap  the labels, from different annotators, the queue wants of each item (k, at least 1)
     */
    public record Place(int position, int overlap) {

        public Place {
            if (overlap < 1) throw new IllegalArgumentException("overlap must be at least 1, not " + overlap);
        }
    }

    /**
     * The consensus of each unit among {@code labels} (any schemas and items), in the order of each unit's first label.
     *
     * @param places each queue item's place and overlap by item id; pass every item the labels name: an item missing
     *               from it gets a null position and is taken as overlap 1
     */
    public static List<LabelConsensus> of(List<LabelRecord> labels, Map<Long, Place> places) {
        Map<List<Object>, List<LabelRecord>> units = new LinkedHashMap<>();
        for (LabelRecord l : labels) {
            List<Object> key = l.itemId() != null ? java.util.Arrays.asList("item", l.itemId(), l.schemaName())
                    : java.util.Arrays.asList("call", l.callId(), l.callIdB(), l.schemaName());
            units.computeIfAbsent(key, k -> new ArrayList<>()).add(l);
        }
        List<LabelConsensus> out = new ArrayList<>();
        for (List<LabelRecord> unit : units.values()) out.add(ofUnit(unit, places));
        return out;
    }

    /**
     * The consensus of the labels of one unit (not empty), in the order given.
     *
     * @param places as in {@link #of(List, Map)}; may be null (every item then taken as overlap 1, no position)
     */
    public static LabelConsensus ofUnit(List<LabelRecord> unit, Map<Long, Place> places) {
        LabelRecord first = unit.get(0);
        Place place = first.itemId() == null || places == null ? null : places.get(first.itemId());
        Integer position = place == null ? null : place.position();
        int wanted = place == null ? 1 : place.overlap();
        LabelRecord decided = null;
        Map<String, LabelRecord> latest = new LinkedHashMap<>();
        for (LabelRecord l : unit) {
            if (l.isFinal()) decided = l;
            else latest.put(l.annotator(), l);
        }
        List<LabelRecord> considered = new ArrayList<>(latest.values());
        if (decided != null) {
            considered.add(decided);
            return new LabelConsensus(first.itemId(), position, first.callId(), first.callIdB(), first.schemaName(),
                    LabelConsensus.State.FINAL, decided.value(), considered);
        }
        LabelRecord one = considered.get(0);
        boolean all = considered.stream().allMatch(l -> l.value().agreesWith(one.value()));
        LabelConsensus.State state = !all ? LabelConsensus.State.DISAGREEMENT
                : considered.size() < wanted ? LabelConsensus.State.INCOMPLETE : LabelConsensus.State.UNANIMOUS;
        return new LabelConsensus(first.itemId(), position, first.callId(), first.callIdB(), first.schemaName(),
                state, state == LabelConsensus.State.UNANIMOUS ? one.value() : null, considered);
    }

    /**
     * One call (or pair of calls, or set of ranked calls) labelled in one schema, with its labels from every place it
     * was labelled in (queues, the grid, imports): one unit with all its raters, never one unit per place
     * (decision 0130).
     *
     * @param schema  the schema's name
     * @param name    {@code call 12}, {@code call 12/13} (the lower call id first), {@code calls 12, 13, 15}
     * @param a       the unit's first call id: for a pair the lower id (A in {@code latest} and {@code decided}); for
     *                a ranked set its lowest id
     * @param b       a pair's other call id, null otherwise
     * @param places  the consensus of each place (queue item, or the labels outside queues) it was labelled in
     * @param latest  each annotator's latest label over all places (adjudications left out), pairs oriented as
     *                {@code a} / {@code b}, by annotator in the order first seen
     * @param decided the latest adjudicator's decision over all places, oriented likewise, or null
     * @param twice   annotators who labelled it in more than one place (only their latest label counts), sorted
     * @param waiting  whether a queue item of the call has fewer annotators than its queue's overlap k
     */
    public record Call(String schema, String name, long a, Long b, List<LabelConsensus> places,
                       Map<String, LabelRecord> latest, LabelRecord decided, List<String> twice, boolean waiting) {

        public Call {
            places = List.copyOf(places);
            latest = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(latest));
            twice = List.copyOf(twice);
        }

        /**
         * What the call's labels say together: the adjudicator's decision; else, when the annotators' latest labels
         * all {@code agree}, the value once every queue item of the call has its k annotators (else incomplete); else
         * in disagreement. The result has no item (null id and position), {@link #a()} and {@link #b()} as its calls,
         * and the labels considered (the latest of each annotator, then the decision).
         *
         * @param agree when two values count as the same ({@link LabelValue#agreesWith} for exports; calibration
         *              compares pass / fail)
         */
        public LabelConsensus settle(BiPredicate<LabelValue, LabelValue> agree) {
            List<LabelRecord> considered = new ArrayList<>(latest.values());
            if (decided != null) {
                considered.add(decided);
                return new LabelConsensus(null, null, a, b, schema, LabelConsensus.State.FINAL, decided.value(),
                        considered);
            }
            LabelValue one = considered.isEmpty() ? null : considered.get(0).value();
            boolean all = one != null && considered.stream().allMatch(l -> agree.test(l.value(), one));
            LabelConsensus.State state = !all ? LabelConsensus.State.DISAGREEMENT
                    : waiting ? LabelConsensus.State.INCOMPLETE : LabelConsensus.State.UNANIMOUS;
            return new LabelConsensus(null, null, a, b, schema, state, state == LabelConsensus.State.UNANIMOUS ? one
                    : null, considered);
        }
    }

    /**
     * {@code labels} gathered per schema and call, pair or ranked set, in the order first seen (decision 0130). A pair
     * stored as 13/12 in one place and 12/13 in another is one unit, its preferences read in the order 12/13.
     *
     * @param places as in {@link #of(List, Map)}
     */
    public static List<Call> byCall(List<LabelRecord> labels, Map<Long, Place> places) {
        Map<List<String>, List<LabelConsensus>> groups = new LinkedHashMap<>();
        for (LabelConsensus unit : of(labels, places)) {
            groups.computeIfAbsent(List.of(unit.schema(), callKey(unit)), k -> new ArrayList<>()).add(unit);
        }
        List<Call> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<LabelConsensus>> group : groups.entrySet()) {
            LabelConsensus first = group.getValue().get(0);
            // a ranked set is kept with its lowest call, whatever second call a label stored (rows made before a
            // queue's ranking stopped storing one)
            boolean rankedSet = group.getKey().get(1).startsWith(RANKED);
            long a = first.callIdB() == null || rankedSet ? first.callId() : Math.min(first.callId(), first.callIdB());
            Long b = first.callIdB() == null || rankedSet ? null : Math.max(first.callId(), first.callIdB());
            Map<String, LabelRecord> latest = new LinkedHashMap<>();
            Map<String, Integer> seen = new HashMap<>();
            LabelRecord decided = null;
            boolean waiting = false;
            for (LabelConsensus place : group.getValue()) {
                Set<String> here = new TreeSet<>();
                for (LabelRecord label : place.labels()) {
                    LabelRecord l = oriented(label);
                    List<Long> ranked = l.value().ranking();
                    if (b == null && ranked != null && ranked.size() >= 2) a = Math.min(a, java.util.Collections.min(ranked));
                    if (l.isFinal()) {
                        if (decided == null || later(l, decided)) decided = l;
                        continue;
                    }
                    here.add(l.annotator());
                    latest.merge(l.annotator(), l, (old, now) -> later(now, old) ? now : old);
                }
                for (String annotator : here) seen.merge(annotator, 1, Integer::sum);
                Place item = place.itemId() == null || places == null ? null : places.get(place.itemId());
                if (place.itemId() != null && here.size() < (item == null ? 1 : item.overlap())) waiting = true;
            }
            List<String> twice = new ArrayList<>(new TreeSet<>(seen.entrySet().stream()
                    .filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList()));
            out.add(new Call(first.schema(), group.getKey().get(1), a, b, group.getValue(), latest, decided, twice,
                    waiting));
        }
        return out;
    }

    private static final String RANKED = "ranked calls ";

    /** How a unit is named outside one queue: its call, its pair (lower id first), or its ranked calls (sorted). */
    private static String callKey(LabelConsensus unit) {
        for (LabelRecord label : unit.labels()) {
            List<Long> ranked = label.value().ranking();
            if (ranked != null && ranked.size() >= 2) {
                List<String> ids = ranked.stream().sorted().map(String::valueOf).toList();
                return RANKED + String.join(", ", ids);
            }
        }
        if (unit.callIdB() == null) return "call " + unit.callId();
        return "calls " + Math.min(unit.callId(), unit.callIdB()) + " vs " + Math.max(unit.callId(), unit.callIdB());
    }

    /** {@code label} with a pair's calls in ascending order, its preference swapped when they were not. */
    private static LabelRecord oriented(LabelRecord label) {
        if (label.callIdB() == null || label.callId() < label.callIdB()) return label;
        return new LabelRecord(label.id(), label.itemId(), label.callIdB(), label.callId(), label.schemaName(),
                label.schemaVersion(), label.annotator(), label.value().inShownOrder(true, List.of()), label.isFinal(),
                label.createdAt());
    }

    /** Whether {@code x} was given after {@code y} (the later stored one when given in the same microsecond). */
    private static boolean later(LabelRecord x, LabelRecord y) {
        int c = x.createdAt().compareTo(y.createdAt());
        if (c != 0) return c > 0;
        return x.id() != null && y.id() != null && x.id() > y.id();
    }
}
