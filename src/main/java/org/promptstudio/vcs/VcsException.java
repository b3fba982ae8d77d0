package org.promptstudio.vcs;

import org.promptstudio.model.StudioException;

/** A git operation that failed; the message names the repository folder and what could not be done. */
public class VcsException extends StudioException {
    private static final long serialVersionUID = 1L;

    public VcsException(String message) {
        super(message);
    }

    public VcsException(String message, Throwable cause) {
        super(message, cause);
    }
}
