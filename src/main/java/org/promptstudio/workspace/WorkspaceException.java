package org.promptstudio.workspace;

import org.promptstudio.model.StudioException;

/** A folder that cannot be used as a workspace, or a workspace file that cannot be read; the message names it. */
public class WorkspaceException extends StudioException {
    private static final long serialVersionUID = 1L;

    public WorkspaceException(String message) {
        super(message);
    }

    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
