package org.promptstudio.model;

/**
 * The base of the project's own exceptions. Its message is written for the user and names the place
 * ({@code prompts/summarise.prompt:4:12: unclosed {{#if}}}); the cause keeps the details.
 */
public class StudioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StudioException(String message) {
        super(message);
    }

    public StudioException(String message, Throwable cause) {
        super(message, cause);
    }
}
