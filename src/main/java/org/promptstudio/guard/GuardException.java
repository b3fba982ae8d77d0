package org.promptstudio.guard;

import org.promptstudio.model.StudioException;

/** A guard setting that cannot be used, such as a redaction pattern that does not compile; the message names it. */
public class GuardException extends StudioException {
    private static final long serialVersionUID = 1L;

    public GuardException(String message) {
        super(message);
    }
}
