package org.promptstudio.registry;

import org.promptstudio.model.StudioException;

/**
 * Publishing to or pulling from a registry failed. The message is one line that names the registry (and the prompt
 * version where there is one) and never holds a password or token from the registry's URL.
 */
public class RegistryException extends StudioException {
    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
