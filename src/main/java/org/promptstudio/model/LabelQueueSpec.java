package org.promptstudio.model;

/**
 * What a new labelling queue is made of: its name and schema, which recorded calls (each filter null or false for
 * any), how items are formed, and how they are labelled.
 *
 * @param runId          only calls of this run
 * @param prompt         only calls of this prompt (an id such as {@code answer} or a file {@code prompts/answer.prompt})
 * @param version        only calls of prompt versions whose commit starts with this prefix
 * @param model          only calls of this model (the model id as recorded, or {@code provider/model})
 * @param split          only calls on dataset cases of this split ({@code dev}, {@code test})
 * @param failedChecks   only calls with at least one failed check (an assertion that did not pass)
 * @param notLabelled    only calls with no label of this schema yet
 * @param sample         a random sample of this many items (null: all), drawn with {@code seed}
 * @param seed           the seed of the sample and of the blind order (null: with a sample, one picked at random
 *                       and recorded by {@code Labelling.create}; else 0)
 * @param pairs          items are pairs of calls on the same input (implied by a pairwise schema)
 * @param overlap        labels wanted per item from different annotators (k, at least 1)
 * @param blind          hide model and prompt names; shuffle the order of a pair's answers and record it
 */
public record LabelQueueSpec(String name, String schema, Long runId, String prompt, String version, String model,
                             String split, boolean failedChecks, boolean notLabelled, Integer sample, Long seed,
                             boolean pairs, int overlap, boolean blind) {

    /** A queue of every recorded call for {@code schema}, overlap 1, not blind. */
    public static LabelQueueSpec of(String name, String schema) {
        return new LabelQueueSpec(name, schema, null, null, null, null, null, false, false, null, null, false, 1, false);
    }

    public LabelQueueSpec withRun(Long id) {
        return new LabelQueueSpec(name, schema, id, prompt, version, model, split, failedChecks, notLabelled, sample,
                seed, pairs, overlap, blind);
    }

    public LabelQueueSpec withPrompt(String p, String v) {
        return new LabelQueueSpec(name, schema, runId, p, v, model, split, failedChecks, notLabelled, sample, seed,
                pairs, overlap, blind);
    }

    public LabelQueueSpec withModel(String m) {
        return new LabelQueueSpec(name, schema, runId, prompt, version, m, split, failedChecks, notLabelled, sample,
                seed, pairs, overlap, blind);
    }

    public LabelQueueSpec withSplit(String s) {
        return new LabelQueueSpec(name, schema, runId, prompt, version, model, s, failedChecks, notLabelled, sample,
                seed, pairs, overlap, blind);
    }

    public LabelQueueSpec withFailedChecks(boolean only) {
        return new LabelQueueSpec(name, schema, runId, prompt, version, model, split, only, notLabelled, sample, seed,
                pairs, overlap, blind);
    }

    public LabelQueueSpec withNotLabelled(boolean only) {
        return new LabelQueueSpec(name, schema, runId, prompt, version, model, split, failedChecks, only, sample, seed,
                pairs, overlap, blind);
    }

    public LabelQueueSpec withSample(Integer n, Long s) {
        return new LabelQueueSpec(name, schema, runId, prompt, version, model, split, failedChecks, notLabelled, n, s,
                pairs, overlap, blind);
    }

    public LabelQueueSpec withSeed(Long s) {
        return new LabelQueueSpec(name, schema, runId, prompt, version, model, split, failedChecks, notLabelled, sample,
                s, pairs, overlap, blind);
    }

    public LabelQueueSpec withPairs(boolean p) {
        return new LabelQueueSpec(name, schema, runId, prompt, version, model, split, failedChecks, notLabelled, sample,
                seed, p, overlap, blind);
    }

    public LabelQueueSpec withOverlap(int k) {
        return new LabelQueueSpec(name, schema, runId, prompt, version, model, split, failedChecks, notLabelled, sample,
                seed, pairs, k, blind);
    }

    public LabelQueueSpec withBlind(boolean b) {
        return new LabelQueueSpec(name, schema, runId, prompt, version, model, split, failedChecks, notLabelled, sample,
                seed, pairs, overlap, b);
    }

    /** The filters as one line for display ({@code run=3 prompt=answer model=echo sample=20 seed=7}); empty for none. */
    public String filterText() {
        StringBuilder sb = new StringBuilder();
        if (runId != null) sb.append(" run=").append(runId);
        if (prompt != null) sb.append(" prompt=").append(prompt);
        if (version != null) sb.append(" version=").append(version);
        if (model != null) sb.append(" model=").append(model);
        if (split != null) sb.append(" split=").append(split);
        if (failedChecks) sb.append(" failed-checks");
        if (notLabelled) sb.append(" not-labelled");
        if (sample != null) sb.append(" sample=").append(sample);
        if (seed != null) sb.append(" seed=").append(seed);
        if (pairs) sb.append(" pairs");
        return sb.toString().strip();
    }
}
