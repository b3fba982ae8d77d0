package org.promptstudio.testsupport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.provider.ChatRequest;
import org.promptstudio.provider.ChatResult;
import org.promptstudio.provider.ModelProvider;
import org.promptstudio.provider.ProviderException;
import org.promptstudio.provider.StreamListener;

/**
 * A model that makes the finishing order of a run's calls whatever a test wants, without any sleep: it holds every
 * call until all {@code expected} calls of the plan have arrived, then lets them finish one at a time in the order
 * given (by plan position, e.g. last cell first). The next call is let go only when the runner has recorded the
 * previous one (this is also the run's {@link ExperimentRunner.Progress}), so the database ids follow that order
 * too. The run's concurrency must be at least {@code expected}, or the calls never all arrive (the held calls then
 * fail after a generous two minutes, naming why, rather than hang the build).
 */
public final class OrderedReleaseModel implements ModelProvider, ExperimentRunner.Progress {

    private final int expected;
    private final Map<String, Deque<Integer>> positions;
    private final Function<ChatRequest, ChatResult> answer;
    private final TreeMap<Integer, CountDownLatch> held;
    private final List<Integer> finished = Collections.synchronizedList(new ArrayList<>());
    private int arrived;

    private OrderedReleaseModel(int expected, Map<String, Deque<Integer>> positions, Comparator<Integer> order,
                                Function<ChatRequest, ChatResult> answer) {
        this.expected = expected;
        this.positions = positions;
        this.answer = answer;
        this.held = new TreeMap<>(order);
    }

    /**
     * A model for {@code plan}: each call is known by its model id and rendered messages ({@code runner.prepare}), so
     * its plan position is known; identical requests (samples of one cell) take their cell's positions in turn.
     *
     * @param refs   the model of each model id of the plan
     * @param order  the order, by plan position, in which calls finish ({@code Comparator.reverseOrder()}: last first)
     * @param answer what the model answers a request
     */
    public static OrderedReleaseModel forPlan(RunPlan plan, ExperimentRunner runner, Function<String, ModelRef> refs,
                                              Comparator<Integer> order, Function<ChatRequest, ChatResult> answer) {
        Map<String, Deque<Integer>> positions = new HashMap<>();
        for (int i = 0; i < plan.cells().size(); i++) {
            RunPlan.Cell cell = plan.cells().get(i);
            ExperimentRunner.Prepared p = runner.prepare(plan, cell, refs.apply(cell.modelId()));
            positions.computeIfAbsent(key(cell.modelId(), p.rendered().messages()), k -> new ArrayDeque<>()).add(i);
        }
        return new OrderedReleaseModel(plan.cells().size(), positions, order, answer);
    }

    private static String key(String modelId, List<Message> messages) {
        StringBuilder b = new StringBuilder(modelId);
        for (Message m : messages) b.append('\n').append(m.role()).append(": ").append(m.text());
        return b.toString();
    }

    /** Plan positions in the order the calls finished and were recorded. */
    public List<Integer> finishOrder() {
        synchronized (finished) {
            return List.copyOf(finished);
        }
    }

    @Override
    public ChatResult chat(ChatRequest request, StreamListener listener) {
        CountDownLatch go = new CountDownLatch(1);
        int position;
        synchronized (this) {
            Deque<Integer> free = positions.get(key(request.model().id(), request.messages()));
            if (free == null || free.isEmpty()) {
                throw new ProviderException("ordered-release: a request that is not in the plan", false, -1, 0, null);
            }
            position = free.poll();
            held.put(position, go);
            if (++arrived == expected) releaseNext();
        }
        try {
            if (!go.await(2, TimeUnit.MINUTES)) {
                throw new ProviderException("ordered-release: only " + arrived + " of " + expected
                        + " calls arrived; is the run's concurrency below the number of calls?", false, -1, 0, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("ordered-release: interrupted", false, -1, 0, null);
        }
        finished.add(position);
        return answer.apply(request);
    }

    /** The runner recorded a call: let the next one go. */
    @Override
    public void update(ExperimentRunner.Snapshot snapshot, CallRecord call) {
        synchronized (this) {
            releaseNext();
        }
    }

    private void releaseNext() {
        Map.Entry<Integer, CountDownLatch> next = held.pollFirstEntry();
        if (next != null) next.getValue().countDown();
    }
}
