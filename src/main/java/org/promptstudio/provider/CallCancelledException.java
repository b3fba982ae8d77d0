package org.promptstudio.provider;

/** A call that stopped because its {@link Cancellation} was cancelled; never retried. */
public class CallCancelledException extends ProviderException {
    private static final long serialVersionUID = 1L;

    public CallCancelledException(String modelId) {
        super(modelId + ": cancelled", false, -1, 0, null);
    }
}
