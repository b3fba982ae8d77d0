package org.promptstudio.model;

import java.util.List;

/**
 * One item of a labelling queue (the {@code label_items} and {@code label_item_calls} tables): the calls to label, in
 * their true order (slot 0 = A, 1 = B, ...), and the order they are shown in. {@code id} is null until stored.
 *
 * @param position   the item's place in its queue, 1 first
 * @param callIds    the calls, true order
 * @param shownOrder a permutation of the slots as shown ({@code [1, 0]}: B is shown first); the identity unless blind
 * @param caseId     the dataset case the calls answered, null when none
 */
public record LabelItem(Long id, long queueId, int position, List<Long> callIds, List<Integer> shownOrder,
                        String caseId) {

    public LabelItem {
        if (callIds == null || callIds.isEmpty()) throw new IllegalArgumentException("an item needs a call");
        callIds = List.copyOf(callIds);
        if (shownOrder == null) {
            Integer[] identity = new Integer[callIds.size()];
            for (int i = 0; i < identity.length; i++) identity[i] = i;
            shownOrder = List.of(identity);
        }
        shownOrder = List.copyOf(shownOrder);
        if (shownOrder.size() != callIds.size()) throw new IllegalArgumentException("shown order of another size");
    }

    /** The first call (slot 0, A). */
    public long callId() {
        return callIds.get(0);
    }

    /** The second call (slot 1, B), or null for an item of one call. */
    public Long callIdB() {
        return callIds.size() > 1 ? callIds.get(1) : null;
    }
}
