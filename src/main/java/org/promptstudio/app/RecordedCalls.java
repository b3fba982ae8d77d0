package org.promptstudio.app;

import java.util.ArrayList;
import java.util.List;
import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.model.CallRecord;
import org.promptstudio.store.CallRepository;

/**
 * The calls of a new run as the runner recorded them, kept in memory so that the run is judged and reported without
 * reading it back from the database (docs/decisions/0156; issue 16, part 4). Each call is kept as the database would
 * give it back ({@link CallRepository#asReadBack}): the same redaction, rounding and texts, so the results and the
 * reports are those a read-back gives. Told of each call on the runner's threads; thread-safe.
 */
final class RecordedCalls implements ExperimentRunner.Progress {

    private final CallRepository repository;
    private final ExperimentRunner.Progress next;
    private final List<CallRecord> calls = new ArrayList<>();
    /** Set when a call came without its id: the run is read back instead. */
    private boolean incomplete;

    /**
     * Keeps what {@code repository} recorded and passes each update on to {@code next}.
     */
    RecordedCalls(CallRepository repository, ExperimentRunner.Progress next) {
        this.repository = repository;
        this.next = next == null ? ExperimentRunner.Progress.NONE : next;
    }

    @Override
    public void update(ExperimentRunner.Snapshot snapshot, CallRecord finished) {
        if (finished != null) {
            CallRecord kept = finished.id() == null ? null : repository.asReadBack(finished);
            synchronized (this) {
                if (kept == null) incomplete = true;
                else calls.add(kept);
            }
        }
        next.update(snapshot, finished);
    }

    /**
     * The run's calls in the plan's order, as {@link CallRepository#inRunWithAnswers} reads them; null when they may
     * not all be here (a call came without its id, or the runner counted more calls done than it told of), and the
     * run must be read back.
     *
     * @param done the calls the runner says ended ({@link ExperimentRunner.Snapshot#done()})
     */
    synchronized List<CallRecord> inPlanOrder(int done) {
        if (incomplete || calls.size() != done) return null;
        return CallRepository.inPlanOrder(calls);
    }
}
