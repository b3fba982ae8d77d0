package org.promptstudio.store;

/**
 * Which recorded calls to list: optionally only those of one run, or of one prompt file ({@code promptPath} as
 * recorded, e.g. {@code prompts/answer.prompt}); at most {@code limit}. One run's calls are listed in its plan's order,
 * otherwise newest first ({@link CallRepository#list}).
 */
public record CallQuery(Long runId, String promptPath, int limit) {

    public CallQuery {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }

    /** The {@code limit} newest calls of any run and prompt. */
    public static CallQuery latest(int limit) {
        return new CallQuery(null, null, limit);
    }

    public CallQuery inRun(Long id) {
        return new CallQuery(id, promptPath, limit);
    }

    public CallQuery ofPrompt(String path) {
        return new CallQuery(runId, path, limit);
    }
}
