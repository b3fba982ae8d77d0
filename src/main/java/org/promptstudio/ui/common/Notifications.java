package org.promptstudio.ui.common;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.promptstudio.model.ErrorText;
import org.promptstudio.model.StudioException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the window tells the user in passing: a short message, with the details (the causes and where they were
 * thrown) on demand. Errors are logged here, once, where they are handled. Newest last; at most {@link #KEPT}.
 * Called on the UI thread (task runners call their handlers there).
 */
public final class Notifications {

    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

    /** How many notices are kept; older ones go. */
    public static final int KEPT = 4;

    public enum Level { INFO, ERROR }

    /**
     * One notice.
     *
     * @param message one line the user can act on, never a class name
     * @param details what a developer needs (causes, stack frames), empty when there is nothing more
     */
    public record Notice(Level level, String message, String details) {
    }

    private final ObservableList<Notice> notices = FXCollections.observableArrayList();
    private final ObservableList<Notice> noticesView = FXCollections.unmodifiableObservableList(notices);

    /** Shows {@code message}. */
    public void info(String message) {
        add(new Notice(Level.INFO, message, ""));
    }

    /**
     * Shows {@code what} (what failed: "Cannot rename prompts/a.prompt") with the reason taken from {@code error};
     * the causes and stack frames go to the details and to the log.
     */
    public void error(String what, Throwable error) {
        String reason = ErrorText.reason(error);
        String message = reason.isEmpty() ? what : what + ": " + reason;
        if (error instanceof StudioException) LOG.info("{}", message, error);
        else LOG.warn("{}", message, error);
        add(new Notice(Level.ERROR, message, details(error)));
    }

    /**
     * Shows {@code message}, a notice about a precondition ("Select a prompt in the tree first."), until
     * {@code met} is true: it goes away by itself then (or when dismissed). Nothing is shown when {@code met} already
     * holds.
     *
     * @param message one line saying what to do first
     * @param met     true once that is done; watched on the UI thread
     */
    public void until(String message, javafx.beans.value.ObservableBooleanValue met) {
        if (met.get()) return;
        Notice notice = new Notice(Level.INFO, message, "");
        add(notice);
        javafx.beans.value.ChangeListener<Boolean> gone = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean is) {
                if (!is && notices.contains(notice)) return;
                met.removeListener(this);
                notices.remove(notice);
            }
        };
        met.addListener(gone);
    }

    /** Removes {@code notice}. */
    public void dismiss(Notice notice) {
        notices.remove(notice);
    }

    /** The notices to show, oldest first. */
    public ObservableList<Notice> notices() {
        return noticesView;
    }

    private void add(Notice notice) {
        notices.add(notice);
        while (notices.size() > KEPT) notices.remove(0);
    }

    /** The cause chain with each cause's frames, as a stack trace reads, without calling printStackTrace. */
    static String details(Throwable error) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth < 10; t = t.getCause(), depth++) {
            out.append(depth == 0 ? "" : "Caused by: ").append(t).append('\n');
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, 25); i++) out.append("    at ").append(frames[i]).append('\n');
            if (frames.length > 25) out.append("    ... ").append(frames.length - 25).append(" more\n");
        }
        return out.toString().strip();
    }
}
