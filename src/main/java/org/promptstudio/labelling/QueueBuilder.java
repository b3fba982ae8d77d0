package org.promptstudio.labelling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.LabelItem;
import org.promptstudio.model.LabelItemKind;

/**
 * Makes a queue's items from recorded calls: one item per call; or, for preferences, every pair of calls on the same
 * input (same run, dataset case and sample) that differ in model or prompt version; or, for a ranking, all calls on
 * one input. A sample of N items is drawn with the queue's seed (the same seed gives the same items), and in a blind
 * queue the order the calls are shown in is shuffled with the seed too and recorded. Deterministic throughout: the
 * items and their order depend only on the calls and the seed.
 */
public final class QueueBuilder {

    private QueueBuilder() {
    }

    /**
     * The items, positions 1.. in the order of their first call's id, with queue id 0 (set when stored).
     *
     * @param calls  the candidate calls (any order)
     * @param kind   single calls, pairs or rankings
     * @param sample at most this many items, drawn at random with {@code seed}; null for all
     * @param blind  shuffle the order shown (pairs and rankings) with {@code seed}
     */
    public static List<LabelItem> build(List<CallRecord> calls, LabelItemKind kind, Integer sample, long seed,
                                        boolean blind) {
        if (sample != null && sample < 1) throw new IllegalArgumentException("a sample needs at least 1 item");
        List<CallRecord> sorted = new ArrayList<>(calls);
        sorted.sort(Comparator.comparingLong(CallRecord::id));
        List<Draft> drafts = switch (kind) {
            case SINGLE -> singles(sorted);
            case PAIR -> pairs(sorted);
            case RANKING -> rankings(sorted);
        };
        if (sample != null && sample < drafts.size()) {
            List<Draft> shuffled = new ArrayList<>(drafts);
            Collections.shuffle(shuffled, new Random(seed));
            java.util.Set<Draft> drawn = new java.util.HashSet<>(shuffled.subList(0, sample));
            drafts = drafts.stream().filter(drawn::contains).toList(); // drawn at random, kept in the calls' order
        }
        Random order = new Random(seed ^ 0x5DEECE66DL);
        List<LabelItem> out = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            List<Integer> shown = new ArrayList<>();
            for (int s = 0; s < d.calls.size(); s++) shown.add(s);
            if (blind && shown.size() > 1) Collections.shuffle(shown, order);
            out.add(new LabelItem(null, 0, i + 1, d.calls, shown, d.caseId));
        }
        return out;
    }

    /**
     * How many items {@link #build} makes of {@code calls} before any sample is drawn.
     *
     * @param calls the candidate calls (any order)
     * @param kind  single calls, pairs or rankings
     * @return the number of items, 0 or more
     */
    public static int count(List<CallRecord> calls, LabelItemKind kind) {
        return switch (kind) {
            case SINGLE -> calls.size();
            case PAIR -> pairs(calls).size();
            case RANKING -> rankings(calls).size();
        };
    }

    private record Draft(List<Long> calls, String caseId) {
    }

    private static List<Draft> singles(List<CallRecord> calls) {
        List<Draft> out = new ArrayList<>();
        for (CallRecord c : calls) out.add(new Draft(List.of(c.id()), c.caseId()));
        return out;
    }

    /** The calls on one input: same run, case and sample; calls without a case have no known input to share. */
    private static Map<List<Object>, List<CallRecord>> byInput(List<CallRecord> calls) {
        Map<List<Object>, List<CallRecord>> groups = new LinkedHashMap<>();
        for (CallRecord c : calls) {
            if (c.caseId() == null) continue;
            groups.computeIfAbsent(java.util.Arrays.asList(c.runId(), c.caseId(), c.sampleIndex()),
                    k -> new ArrayList<>()).add(c);
        }
        return groups;
    }

    private static List<Draft> pairs(List<CallRecord> calls) {
        List<Draft> out = new ArrayList<>();
        for (List<CallRecord> group : byInput(calls).values()) {
            for (int i = 0; i < group.size(); i++) {
                for (int j = i + 1; j < group.size(); j++) {
                    CallRecord a = group.get(i);
                    CallRecord b = group.get(j);
                    if (sameSource(a, b)) continue;
                    out.add(new Draft(List.of(a.id(), b.id()), a.caseId()));
                }
            }
        }
        out.sort(Comparator.comparingLong((Draft d) -> d.calls.get(0)).thenComparingLong(d -> d.calls.get(1)));
        return out;
    }

    private static List<Draft> rankings(List<CallRecord> calls) {
        List<Draft> out = new ArrayList<>();
        for (List<CallRecord> group : byInput(calls).values()) {
            if (group.size() < 2) continue;
            out.add(new Draft(group.stream().map(CallRecord::id).toList(), group.get(0).caseId()));
        }
        return out;
    }

    /** Same model and same prompt version: two samples of one cell, not a comparison. */
    private static boolean sameSource(CallRecord a, CallRecord b) {
        return a.provider().equals(b.provider()) && a.model().equals(b.model())
                && Objects.equals(a.promptPath(), b.promptPath()) && Objects.equals(a.promptCommit(), b.promptCommit())
                && Objects.equals(a.variant(), b.variant());
    }
}
