package org.promptstudio.cli;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM while a long command runs: the first one cancels the command's calls instead of ending
 * the JVM, so the command records what ended, closes the database itself and says where it stopped; a second one
 * ends the process at once, as it would have without this. Not a shutdown hook on purpose: shutdown hooks run at the
 * same time as H2's own, which closes the database under the calls that are still being recorded.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported, kept for exactly this use): the JDK has no other way to
 * handle SIGINT without starting the JVM's shutdown. Where a signal cannot be handled (ignored by the parent
 * process, or taken by the VM) it is left alone.
 */
final class StopSignal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final List<Runnable> stops = new ArrayList<>();
    private volatile int received;

    private StopSignal() {
    }

    /** Handles SIGINT and SIGTERM until {@link #close()}: the first one runs what {@link #onStop} was given. */
    static StopSignal install() {
        StopSignal stop = new StopSignal();
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                SignalHandler old = Signal.handle(signal, stop::handle);
                stop.signals.add(signal);
                stop.previous.add(old);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
        return stop;
    }

    private void handle(Signal signal) {
        if (received != 0) {
            // The second Ctrl-C: do what the JVM would have done.
            SignalHandler old = previous.get(signals.indexOf(signal));
            if (old != null && old != SignalHandler.SIG_DFL && old != SignalHandler.SIG_IGN) {
                old.handle(signal);
            } else {
                Runtime.getRuntime().exit(128 + signal.getNumber());
            }
            return;
        }
        List<Runnable> todo;
        synchronized (this) {
            received = signal.getNumber();
            todo = List.copyOf(stops);
        }
        todo.forEach(Runnable::run);
    }

    /** Runs {@code stop} on the first signal; at once when one has already come (a stop before the work began). */
    void onStop(Runnable stop) {
        synchronized (this) {
            if (received == 0) {
                stops.add(stop);
                return;
            }
        }
        stop.run();
    }

    /** Whether a signal stopped the command. */
    boolean received() {
        return received != 0;
    }

    /** The exit code for a command a signal stopped: 128 + its number (130 for Ctrl-C), as shells report it. */
    int exitCode() {
        return received == 0 ? 130 : 128 + received;
    }

    /** Gives the signals back to the handlers they had. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            try {
                Signal.handle(signals.get(i), previous.get(i));
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot restore SIG{}: {}", signals.get(i).getName(), e.getMessage());
            }
        }
    }
}
