package org.promptstudio.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.promptstudio.model.GuardFinding;
import org.promptstudio.provider.CallBlockedException;
import org.promptstudio.provider.CallOutcome;
import org.promptstudio.provider.ChatRequest;
import org.promptstudio.provider.ChatResult;
import org.promptstudio.provider.ModelCard;
import org.promptstudio.provider.ModelProvider;
import org.promptstudio.provider.Readiness;
import org.promptstudio.provider.StreamListener;

/**
 * Puts the workspace's {@link Guardrails} around a model, outside the response cache (decision 0143): the input
 * checks run before anything else, so a blocked request reaches neither the cache nor the server; the output checks
 * run on the answer, from the cache or the model. A blocking finding throws {@link CallBlockedException} (with the
 * answer when an output check blocked it); the other findings come back in {@link CallOutcome#guard()}. When an
 * output check is set to block, a streamed answer is held back and given to the listener in one piece once the
 * checks let it pass, so a blocked answer is never shown (decision 0144).
 */
final class GuardedProvider implements ModelProvider {

    private final ModelProvider delegate;
    private final Guardrails guardrails;

    GuardedProvider(ModelProvider delegate, Guardrails guardrails) {
        this.delegate = delegate;
        this.guardrails = guardrails;
    }

    /** The wrapped provider (the cache in front of the model). */
    ModelProvider delegate() {
        return delegate;
    }

    @Override
    public CallOutcome call(ChatRequest request, StreamListener listener) {
        if (guardrails.problem() != null) {
            // the checks cannot run: nothing is sent unchecked (not sent, not retried)
            throw new org.promptstudio.provider.ProviderException(request.model().id() + ": " + guardrails.problem(),
                    false, -1, 0, null, false);
        }
        List<GuardFinding> findings = new ArrayList<>(guardrails.input(request.messages()));
        if (findings.stream().anyMatch(GuardFinding::blocks)) {
            throw new CallBlockedException(request.model().id(), findings, null, false);
        }
        boolean hold = guardrails.holdsStreamedOutput();
        CallOutcome outcome = delegate.call(request, hold ? StreamListener.NONE : listener);
        ChatResult result = outcome.result();
        findings.addAll(guardrails.output(result, request.params()));
        if (findings.stream().anyMatch(GuardFinding::blocks)) {
            throw new CallBlockedException(request.model().id(), findings, result, outcome.cached());
        }
        if (hold && result.text() != null && !result.text().isEmpty()) listener.onText(result.text());
        return outcome.withGuard(findings);
    }

    @Override
    public ChatResult chat(ChatRequest request, StreamListener listener) {
        return call(request, listener).result();
    }

    @Override
    public Readiness readiness() {
        return delegate.readiness();
    }

    @Override
    public Optional<ModelCard> card() {
        return delegate.card();
    }
}
