package org.promptstudio.labelling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.model.LabelConsensus;
import org.promptstudio.model.LabelRecord;

/**
 * The one rule for what the labels of a unit say together (decision 0123): an adjudicator's final label wins (the
 * latest, if several); else, taking each annotator's latest label, the value when all agree ({@link
 * org.promptstudio.model.LabelValue#agreesWith}: comments and reasons do not count) and, for a queue item, at least
 * the queue's overlap k annotators gave one (fewer, all agreeing: incomplete, not settled); else the unit is in
 * disagreement. A unit is a queue item, or, for labels given outside queues, a call (and its pair partner) in one
 * schema; outside queues one label settles.
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
}
