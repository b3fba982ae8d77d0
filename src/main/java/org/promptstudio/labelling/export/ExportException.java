package org.promptstudio.labelling.export;

import org.promptstudio.model.StudioException;

/** An export that cannot be made: a rule that does not parse or names no schema. The message is one line. */
public class ExportException extends StudioException {
    private static final long serialVersionUID = 1L;

    public ExportException(String message) {
        super(message);
    }
}
