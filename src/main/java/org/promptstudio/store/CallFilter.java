package org.promptstudio.store;

/**
 * Which recorded calls the call browser shows ({@link CallRepository#page}, {@link CallRepository#count}); every
 * field is optional (null: any).
 *
 * @param runId        only the calls of this run
 * @param promptPath   only the calls of this prompt file, as recorded ({@code prompts/answer.prompt})
 * @param commitPrefix only the calls made with a prompt version whose commit starts with this (at least 4 hex digits)
 * @param model        only the calls of this model id, as recorded
 * @param failedOnly   only the calls that did not answer (status {@code error} or {@code cancelled})
 * @param withFeedback only the calls someone gave feedback on (a label of any schema, the grid's thumbs included)
 */
public record CallFilter(Long runId, String promptPath, String commitPrefix, String model, boolean failedOnly,
                         boolean withFeedback) {

    public CallFilter {
        promptPath = blankToNull(promptPath);
        commitPrefix = blankToNull(commitPrefix);
        model = blankToNull(model);
        if (commitPrefix != null && !commitPrefix.matches("[0-9a-fA-F]{4,64}")) {
            throw new IllegalArgumentException("a version's commit is 4 to 64 hex digits, not '" + commitPrefix + "'");
        }
    }

    /** Every recorded call. */
    public static CallFilter all() {
        return new CallFilter(null, null, null, null, false, false);
    }

    public CallFilter inRun(Long id) {
        return new CallFilter(id, promptPath, commitPrefix, model, failedOnly, withFeedback);
    }

    public CallFilter ofPrompt(String path) {
        return new CallFilter(runId, path, commitPrefix, model, failedOnly, withFeedback);
    }

    public CallFilter atCommit(String prefix) {
        return new CallFilter(runId, promptPath, prefix, model, failedOnly, withFeedback);
    }

    public CallFilter ofModel(String id) {
        return new CallFilter(runId, promptPath, commitPrefix, id, failedOnly, withFeedback);
    }

    public CallFilter failed(boolean only) {
        return new CallFilter(runId, promptPath, commitPrefix, model, only, withFeedback);
    }

    public CallFilter withFeedback(boolean only) {
        return new CallFilter(runId, promptPath, commitPrefix, model, failedOnly, only);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
