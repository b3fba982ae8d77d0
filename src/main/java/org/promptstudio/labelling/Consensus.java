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
 * org.promptstudio.model.LabelValue#agreesWith}: comments and reasons do not count); else the unit is in disagreement.
 * A unit is a queue item, or, for labels given outside queues, a call (and its pair partner) in one schema.
 */
public final class Consensus {

    private Consensus() {
    }

    /**
     * The consensus of each unit among {@code labels} (any schemas and items), in the order of each unit's first label.
     *
     * @param positions each queue item's position by item id (items missing from it get a null position)
     */
    public static List<LabelConsensus> of(List<LabelRecord> labels, Map<Long, Integer> positions) {
        Map<List<Object>, List<LabelRecord>> units = new LinkedHashMap<>();
        for (LabelRecord l : labels) {
            List<Object> key = l.itemId() != null ? java.util.Arrays.asList("item", l.itemId(), l.schemaName())
                    : java.util.Arrays.asList("call", l.callId(), l.callIdB(), l.schemaName());
            units.computeIfAbsent(key, k -> new ArrayList<>()).add(l);
        }
        List<LabelConsensus> out = new ArrayList<>();
        for (List<LabelRecord> unit : units.values()) out.add(ofUnit(unit, positions));
        return out;
    }

    /** The consensus of the labels of one unit (not empty), in the order given. */
    public static LabelConsensus ofUnit(List<LabelRecord> unit, Map<Long, Integer> positions) {
        LabelRecord first = unit.get(0);
        Integer position = first.itemId() == null || positions == null ? null : positions.get(first.itemId());
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
        return new LabelConsensus(first.itemId(), position, first.callId(), first.callIdB(), first.schemaName(),
                all ? LabelConsensus.State.UNANIMOUS : LabelConsensus.State.DISAGREEMENT, all ? one.value() : null,
                considered);
    }
}
