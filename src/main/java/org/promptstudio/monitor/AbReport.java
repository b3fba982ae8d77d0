package org.promptstudio.monitor;

import java.util.List;

/** An A/B view: each side's report over the same period (series for the charts) and the compared figures. */
public record AbReport(AbRequest request, MonitorReport a, MonitorReport b, List<AbFigure> figures) {

    public AbReport {
        figures = List.copyOf(figures);
    }
}
