package org.promptstudio.labelling;

import org.promptstudio.model.StudioException;

/** A labelling request that cannot be done (no such queue, a value outside the schema); the message is one line. */
public class LabellingException extends StudioException {
    private static final long serialVersionUID = 1L;

    public LabellingException(String message) {
        super(message);
    }
}
