package org.promptstudio.index;

import org.promptstudio.model.StudioException;

/** A document that cannot be read, or an index that cannot be opened or written; the message names the place. */
public class IndexException extends StudioException {
    private static final long serialVersionUID = 1L;

    public IndexException(String message) {
        super(message);
    }

    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
