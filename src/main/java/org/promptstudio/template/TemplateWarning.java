package org.promptstudio.template;

/**
 * Something in a template that renders but is probably not what its author meant, with its place.
 *
 * @param source  the file, e.g. {@code prompts/answer.prompt} or {@code prompts/_rules.prompt}
 * @param line    1-based line in that file (front matter counted)
 * @param column  1-based column
 * @param message what is wrong, e.g. {@code variable 'questoin' is not declared in the input schema ...}
 */
public record TemplateWarning(String source, int line, int column, String message) {

    /** {@code file:line:column: warning: message}, the form the command line prints. */
    @Override
    public String toString() {
        return source + ":" + line + ":" + column + ": warning: " + message;
    }
}
