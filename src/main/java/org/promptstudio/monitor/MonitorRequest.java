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
