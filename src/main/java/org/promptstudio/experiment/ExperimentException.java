package org.promptstudio.experiment;

import org.promptstudio.model.StudioException;

/** An experiment that cannot be read or run; the message names the file and place. */
public class ExperimentException extends StudioException {
    private static final long serialVersionUID = 1L;

    public ExperimentException(String message) {
        super(message);
    }

    public ExperimentException(String message, Throwable cause) {
        super(message, cause);
    }
}
