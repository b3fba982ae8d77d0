package org.promptstudio.monitor;

import java.time.Instant;

/**
 * Which figures a dashboard or {@code studio monitor} asks for: calls made from {@code from} (inclusive) to
 * {@code to} (exclusive), in buckets of {@code by}, narrowed by any of: {@code prompt} (a prompt id such as
 * {@code support-reply}, or null for all), {@code version} (a version spec of that prompt: number, label or commit;
 * needs {@code prompt}), {@code label} (a git label such as {@code production}: the version each prompt's label points
 * at now), {@code model} (a model id), {@code run} (a run id). {@code ratingSchema} names the rating schema whose mean
 * is reported (null: the workspace's first rating schema). Null filters match everything.
 */
public record MonitorRequest(Instant from, Instant to, Grain by, String prompt, String version, String label,
        String model, Long run, String ratingSchema) {

    public MonitorRequest {
        if (from == null || to == null) throw new IllegalArgumentException("from and to are required");
        if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
        if (by == null) by = Grain.HOUR;
    }

    /**
     * The one rule for "the last 7 days" (or 24 hours, 90 minutes...), used by {@code studio monitor --since 7d} and by
     * the Dashboards view alike: whole UTC buckets of {@code by}, the last one being the bucket that holds now, and as
     * many of them as {@code length} fills (rounded up). So "last 7 days" by day is today and the 6 whole days before
     * it, from 00:00 UTC six days ago to 00:00 UTC tomorrow; "last 24 hours" by hour is this hour and the 23 before.
     *
     * @param length how far back, at least a second
     * @param by     the bucket width
     * @param clock  where "now" comes from (tests fix it)
     * @return the request of that period with no filter
     * @throws IllegalArgumentException when {@code length} is not positive
     */
    public static MonitorRequest last(java.time.Duration length, Grain by, java.time.Clock clock) {
        if (length == null || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("the period must be longer than zero");
        }
        long width = by.width().toSeconds();
        long end = endOfCurrentBucket(by, clock).getEpochSecond();
        long buckets = Math.max(1, (length.getSeconds() + (length.getNano() > 0 ? 1 : 0) + width - 1) / width);
        return all(Instant.ofEpochSecond(end - buckets * width), Instant.ofEpochSecond(end), by);
    }

    /** The end of the bucket of {@code by} that holds {@code clock}'s now: where every period of a report ends. */
    public static Instant endOfCurrentBucket(Grain by, java.time.Clock clock) {
        long width = by.width().toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(clock.instant().getEpochSecond(), width) * width + width);
    }

    /** Every call from {@code from} to {@code to} in buckets of {@code by}, with no filter. */
    public static MonitorRequest all(Instant from, Instant to, Grain by) {
        return new MonitorRequest(from, to, by, null, null, null, null, null, null);
    }

    public MonitorRequest withPrompt(String p) {
        return new MonitorRequest(from, to, by, p, version, label, model, run, ratingSchema);
    }

    public MonitorRequest withVersion(String v) {
        return new MonitorRequest(from, to, by, prompt, v, label, model, run, ratingSchema);
    }

    public MonitorRequest withLabel(String l) {
        return new MonitorRequest(from, to, by, prompt, version, l, model, run, ratingSchema);
    }

    public MonitorRequest withModel(String m) {
        return new MonitorRequest(from, to, by, prompt, version, label, m, run, ratingSchema);
    }

    public MonitorRequest withRun(Long r) {
        return new MonitorRequest(from, to, by, prompt, version, label, model, r, ratingSchema);
    }

    public MonitorRequest withGrain(Grain g) {
        return new MonitorRequest(from, to, g, prompt, version, label, model, run, ratingSchema);
    }

    public MonitorRequest withRatingSchema(String s) {
        return new MonitorRequest(from, to, by, prompt, version, label, model, run, s);
    }
}
