package org.promptstudio.ui.dashboards;

import java.util.List;
import org.promptstudio.monitor.AbReport;
import org.promptstudio.monitor.AbRequest;
import org.promptstudio.monitor.MonitorReport;
import org.promptstudio.monitor.MonitorRequest;

/**
 * What the dashboards view needs from the workspace's monitor figures, in the view's own terms. Every method may be
 * slow (the database): the view model calls them through the task runner only. Errors are thrown as exceptions whose
 * message is one line a user can act on. {@link StudioMonitorSource} gives it over the open workspace.
 */
public interface MonitorSource {

    /** A rating's integer scale, {@code min} below {@code max} (a rating schema's, "1..5"). */
    record RatingScale(int min, int max) {
    }

    /**
     * What the filters offer, each list in the order shown: prompt ids with recorded calls, models with recorded
     * calls, run ids (newest first), git labels of those prompts; and the scale of the rating whose mean the
     * figures give (the workspace's first rating schema; null: none).
     */
    record Choices(List<String> prompts, List<String> models, List<Long> runs, List<String> labels,
                   RatingScale ratingScale) {

        /** Nothing to choose from (no call recorded yet). */
        public static final Choices NONE = new Choices(List.of(), List.of(), List.of(), List.of());

        /** Choices with no rating scale known. */
        public Choices(List<String> prompts, List<String> models, List<Long> runs, List<String> labels) {
            this(prompts, models, runs, labels, null);
        }

        public Choices {
            prompts = prompts == null ? List.of() : List.copyOf(prompts);
            models = models == null ? List.of() : List.copyOf(models);
            runs = runs == null ? List.of() : List.copyOf(runs);
            labels = labels == null ? List.of() : List.copyOf(labels);
        }
    }

    /** The figures of {@code request}'s period in buckets of its grain, with the period's total. */
    MonitorReport report(MonitorRequest request);

    /** Two sides over the same period, with their compared figures. */
    AbReport compare(AbRequest request);

    /** What the filters offer now. */
    Choices choices();
}
