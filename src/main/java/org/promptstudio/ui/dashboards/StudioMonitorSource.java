package org.promptstudio.ui.dashboards;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import org.promptstudio.app.AbComparison;
import org.promptstudio.app.CallText;
import org.promptstudio.app.Studio;
import org.promptstudio.monitor.AbReport;
import org.promptstudio.monitor.AbRequest;
import org.promptstudio.monitor.MonitorReport;
import org.promptstudio.monitor.MonitorRequest;
import org.promptstudio.vcs.PromptLabel;

/**
 * {@link MonitorSource} over the open workspace: reports from {@code reports} (the workspace's monitor figures,
 * {@code app.Monitoring.report}), an A/B view as two reports narrowed to each side and compared by
 * {@code app.AbComparison}, and the filter choices from the recorded calls and the prompts' git labels. Safe to call
 * from any thread, as the use cases are.
 */
public final class StudioMonitorSource implements MonitorSource {

    private final Studio studio;
    private final Function<MonitorRequest, MonitorReport> reports;

    /**
     * @param studio  the open workspace (choices)
     * @param reports the figures of a request (the workspace's monitor), throwing a one-line error when it cannot
     */
    public StudioMonitorSource(Studio studio, Function<MonitorRequest, MonitorReport> reports) {
        this.studio = studio;
        this.reports = reports;
    }

    /** The source of the open workspace's own figures ({@code app.Monitoring}). */
    public StudioMonitorSource(Studio studio) {
        this(studio, studio.monitoring()::report);
    }

    @Override
    public MonitorReport report(MonitorRequest request) {
        return reports.apply(request);
    }

    @Override
    public AbReport compare(AbRequest request) {
        MonitorReport a = reports.apply(AbComparison.request(request.base(), request.a()));
        MonitorReport b = reports.apply(AbComparison.request(request.base(), request.b()));
        return AbComparison.report(request, a, b);
    }

    @Override
    public Choices choices() {
        Map<Long, SortedSet<String>> byRun = studio.calls().promptsByRun();
        TreeSet<String> prompts = new TreeSet<>();
        byRun.values().forEach(paths -> paths.forEach(p -> prompts.add(CallText.promptId(p))));
        prompts.remove("-");
        List<Long> runs = new ArrayList<>(byRun.keySet());
        runs.sort(java.util.Comparator.reverseOrder());
        TreeSet<String> labels = new TreeSet<>();
        for (String prompt : prompts) {
            try {
                for (PromptLabel l : studio.versions().labels(prompt)) labels.add(l.name());
            } catch (RuntimeException gone) {
                // a prompt with calls whose file was since removed or renamed has no labels to offer
            }
        }
        MonitorSource.RatingScale scale = null;
        for (org.promptstudio.model.LabelSchema s : studio.labelling().schemas()) {
            // the figures' mean rating is of the first rating schema (app.Monitoring): its scale is the chart's axis
            if (s.type() == org.promptstudio.model.LabelSchema.Type.RATING && s.min() != null && s.max() != null) {
                scale = new MonitorSource.RatingScale(s.min(), s.max());
                break;
            }
        }
        return new Choices(List.copyOf(prompts), studio.calls().models(), runs, List.copyOf(labels), scale);
    }
}
