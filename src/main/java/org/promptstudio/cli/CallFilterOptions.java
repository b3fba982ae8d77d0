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

    /** Whether {@code --run} or {@code --prompt} narrows the listing. */
    boolean narrowed() {
        return run != null || prompt != null;
    }
}
