package org.promptstudio.eval;

/**
 * An experiment that {@code studio test} could not run, and why: a template that does not parse, an unknown model,
 * an experiment file that cannot be read. The reports show it as an error of that experiment, so a broken prompt
 * is a red test in CI with its place, never a missing report.
 *
 * @param experiment the experiment's name ({@code ci-smoke})
 * @param message    the one-line error, naming the file and line where there is one
 *                   ({@code prompts/classify-ticket.prompt:22:3: ...})
 */
public record ReportProblem(String experiment, String message) {

    /** The error as one line for the console: the message, prefixed by the experiment unless it names its file. */
    public String line() {
        return message.contains("experiments/" + experiment + ".y") ? message
                : "experiment " + experiment + ": " + message;
    }
}
