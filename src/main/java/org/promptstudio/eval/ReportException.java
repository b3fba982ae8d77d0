package org.promptstudio.eval;

import org.promptstudio.model.StudioException;

/** A test report that cannot be written; the message names what and why, in one line. */
public class ReportException extends StudioException {

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
