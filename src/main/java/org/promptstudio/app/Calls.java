package org.promptstudio.app;

import java.util.List;
import java.util.Optional;
import org.promptstudio.model.CallRecord;
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
}
