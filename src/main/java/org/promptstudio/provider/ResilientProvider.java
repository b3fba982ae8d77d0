package org.promptstudio.provider;

import org.promptstudio.model.ErrorText;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps an adapter with the model's {@link ModelGate} and the {@link RetryPolicy}. A call that fails in a way worth
 * retrying is tried again after the policy's wait; the last error is thrown when it gives up. An attempt that has
 * already streamed text is not retried (the listener would see the answer twice). After cancel no new attempt
 * starts, and a wait in progress ends at once. Every call ends with a result or a {@link ProviderException}.
 */
public final class ResilientProvider implements ModelProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ResilientProvider.class);

    private final ModelProvider inner;
    private final String modelId;
    private final RetryPolicy policy;
    private final ModelGate gate;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public ResilientProvider(ModelProvider inner, String modelId, RetryPolicy policy, ModelGate gate, Sleeper sleeper,
                             DoubleSupplier random) {
        this.inner = inner;
        this.modelId = modelId;
        this.policy = policy;
        this.gate = gate;
        this.sleeper = sleeper;
        this.random = random;
    }

    public ResilientProvider(ModelProvider inner, String modelId, RetryPolicy policy, ModelGate gate) {
        this(inner, modelId, policy, gate, Sleeper.system(), () -> ThreadLocalRandom.current().nextDouble());
    }

    @Override
    public ChatResult chat(ChatRequest request, StreamListener listener) {
        StreamListener out = listener == null ? StreamListener.NONE : listener;
        for (int attempt = 1; ; attempt++) {
            if (request.cancellation().isCancelled()) throw new CallCancelledException(modelId);
            AtomicBoolean streamed = new AtomicBoolean();
            StreamListener counting = out == StreamListener.NONE ? out : delta -> {
                streamed.set(true);
                out.onText(delta);
            };
            ProviderException failure;
            ModelGate.Permit permit = gate.enter(request.cancellation());
            try {
                return inner.chat(request, counting);
            } catch (CallCancelledException e) {
                throw e;
            } catch (ProviderException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new ProviderException(modelId + ": unexpected failure: " + ErrorText.reason(e),
                        false, -1, 0, e);
            } finally {
                permit.close();
            }
            if (request.cancellation().isCancelled()) throw new CallCancelledException(modelId);
            long delay = streamed.get() ? -1 : policy.delayMillis(attempt, failure, random.getAsDouble());
            if (delay < 0) {
                if (attempt > 1) LOG.debug("{}: giving up after {} attempts", modelId, attempt);
                throw withTries(failure, attempt);
            }
            LOG.info("{}; attempt {} of {} in {} ms", failure.getMessage(), attempt + 1, policy.maxAttempts(), delay);
            sleeper.sleep(delay, request.cancellation());
        }
    }

    private static final String TIMEOUT = " (timeout)";

    /**
     * {@code failure} saying how many tries were made when it is a timeout tried more than once: the call took
     * {@code tries} times the timeout (plus the waits between), which "within 3 s" alone hides.
     */
    static ProviderException withTries(ProviderException failure, int tries) {
        String message = failure.getMessage();
        if (tries < 2 || failure.getClass() != ProviderException.class || message == null
                || !message.endsWith(TIMEOUT)) {
            return failure;
        }
        String said = message.substring(0, message.length() - TIMEOUT.length()) + ", " + tries + " tries" + TIMEOUT;
        return failure.withMessage(said);
    }

    @Override
    public Readiness readiness() {
        return inner.readiness();
    }
}
