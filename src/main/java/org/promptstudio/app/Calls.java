package org.promptstudio.app;

import java.util.List;
import java.util.Optional;
import org.promptstudio.model.CallRecord;
import org.promptstudio.store.CallFilter;
import org.promptstudio.store.CallRepository;
import org.promptstudio.store.CallQuery;

/** The "look at recorded calls" use case ({@code studio calls}, the window's call list): find and list model calls. */
public final class Calls {

    private final Studio studio;

    Calls(Studio studio) {
        this.studio = studio;
    }

    /** The calls {@code query} selects, newest first, at most its limit. */
    public List<CallRecord> list(CallQuery query) {
        return studio.callRepository().list(query);
    }

    /** Call {@code id} with its full texts, or empty when there is none. */
    public Optional<CallRecord> find(long id) {
        return studio.callRepository().find(id);
    }

    /**
     * Counts the calls {@code filter} selects and notes the newest of them, in one read: what the window's call
     * browser opens with; its pages ({@link #page}) hold only these calls, however many are recorded meanwhile.
     */
    public CallRepository.Snapshot snapshot(CallFilter filter) {
        return studio.callRepository().snapshot(filter);
    }

    /**
     * A page of the calls {@code filter} selected at {@code at}, newest first: {@code limit} calls from position
     * {@code offset}. What the window's call browser reads, one page at a time.
     */
    public List<CallRecord> page(CallFilter filter, CallRepository.Snapshot at, long offset, int limit) {
        return studio.callRepository().page(filter, at, offset, limit);
    }

    /** How many recorded calls {@code filter} selects. */
    public long count(CallFilter filter) {
        return studio.callRepository().count(filter);
    }

    /** The models of the recorded calls, sorted: the call browser's model choices. */
    public List<String> models() {
        return studio.callRepository().models();
    }

    /** The whole record of call {@code id} as {@code studio calls show} prints it, or empty when there is none. */
    public Optional<String> record(long id, java.time.ZoneId zone) {
        return find(id).map(c -> CallText.record(c, zone, redacted(id)));
    }

    /**
     * Whether call {@code id}'s texts were redacted before they were stored: the flag the store keeps with each call
     * (column {@code calls.redacted}, V16), set when privacy.redactBeforeStore was on as it was recorded; false when
     * there is no such call.
     */
    public boolean redacted(long id) {
        return studio.database().privacy().redacted(id);
    }

    /** Per run id, the models its calls used, sorted (runs with no call are absent). */
    public java.util.Map<Long, java.util.SortedSet<String>> modelsByRun() {
        return studio.callRepository().distinctByRun("model");
    }

    /** Per run id, the prompt files its calls used ({@code prompts/answer.prompt}), sorted. */
    public java.util.Map<Long, java.util.SortedSet<String>> promptsByRun() {
        return studio.callRepository().distinctByRun("prompt_path");
    }
}
