package org.promptstudio.eval;

import org.promptstudio.model.StudioException;

/** A bad assertion declaration or an evaluation that cannot be done; the message names where it was declared. */
public class EvalException extends StudioException {
    private static final long serialVersionUID = 1L;

    public EvalException(String message) {
        super(message);
    }

    public EvalException(String message, Throwable cause) {
        super(message, cause);
    }
}
