package org.promptstudio.provider;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Sleeper} that records each wait and returns at once. */
final class RecordingSleeper implements Sleeper {

    final List<Long> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(long millis, Cancellation cancellation) {
        waits.add(millis);
    }
}
