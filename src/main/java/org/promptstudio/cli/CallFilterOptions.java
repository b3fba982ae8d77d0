package org.promptstudio.cli;

import picocli.CommandLine.Option;

/**
 * The options {@code studio calls} and {@code studio feedback} share, mixed into both with {@code @Mixin}: which
 * recorded calls to keep (one run's, one prompt's) and the output format. Each command keeps its own {@code --limit}:
 * it counts different things (calls, ratings) with different defaults.
 */
final class CallFilterOptions {

    /** How a listing is printed: a text table or a JSON array. */
    enum Format { table, json }

    @Option(names = "--run", paramLabel = "ID", converter = Numbers.Id.class,
            description = "Only this run's calls (with feedback: the ratings on them).")
    Long run;

    @Option(names = "--prompt", paramLabel = "PROMPT",
            description = "Only this prompt's calls (with feedback: the ratings on them): "
                    + "id (answer, answer.formal) or file (prompts/answer.prompt).")
    String prompt;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    /**
     * Refuses a {@code --prompt} that names nothing: a prompt neither in prompts/ nor on any recorded call (a
     * deleted prompt's calls stay findable). Nothing is checked when {@code --prompt} is not given.
     *
     * @throws org.promptstudio.model.StudioException one line, {@code --prompt: no prompt 'x' (prompts: a, b)}
     */
    void checkPrompt(org.promptstudio.app.Studio studio) {
        if (prompt == null) return;
        String path = CallFormat.promptPath(prompt);
        if (!studio.calls().list(org.promptstudio.store.CallQuery.latest(1).ofPrompt(path)).isEmpty()) return;
        studio.experiments().checkChosen("--prompt", org.promptstudio.app.CallText.promptId(path), null, null);
    }

    /** Whether {@code --run} or {@code --prompt} narrows the listing. */
    boolean narrowed() {
        return run != null || prompt != null;
    }
}
