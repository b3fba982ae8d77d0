package org.promptstudio.monitor;

import java.util.List;

/**
 * The answer to a {@link MonitorRequest}: one {@link MonitorBucket} per bucket of the period in time order (buckets
 * with no call and no feedback included, with zero counts, so a chart's axis is even), and the {@code total} of the
 * period (its {@code start} is the request's {@code from}; percentiles from the summed histograms, never averaged).
 */
public record MonitorReport(MonitorRequest request, List<MonitorBucket> buckets, MonitorBucket total) {

    public MonitorReport {
        buckets = List.copyOf(buckets);
    }
}
