package org.promptstudio.provider;

import java.util.List;
import org.promptstudio.model.GuardFinding;

/**
 * A call a guardrail set to {@code block} stopped (decision 0143). Stopped at the input, the request never left: it
 * is not {@link #sent()}, reached neither the response cache nor the provider, and cost nothing. Stopped at the
 * output, the answer came back (and is billed): {@link #result()} holds it, so the record keeps the text for audit,
 * with its tokens and cost, while the call counts as blocked, never as an answer. Never retried.
 */
public class CallBlockedException extends ProviderException {
    private static final long serialVersionUID = 1L;

    private final transient List<GuardFinding> findings;
    private final transient ChatResult result;
    private final boolean cached;

    /**
     * @param modelId  the model the call was for
     * @param findings every finding of the call, the blocking one(s) among them, in the order the checks ran
     * @param result   the answer that an output check blocked; null when the input was blocked (nothing sent)
     * @param cached   whether that answer came from the response cache
     */
    public CallBlockedException(String modelId, List<GuardFinding> findings, ChatResult result, boolean cached) {
        super(message(modelId, findings), false, -1, 0, null);
        this.findings = List.copyOf(findings);
        this.result = result;
        this.cached = cached;
    }

    private static String message(String modelId, List<GuardFinding> findings) {
        GuardFinding first = findings.stream().filter(GuardFinding::blocks).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no finding blocks"));
        return modelId + ": the " + first.check().id() + " guardrail blocked the " + first.stage().id()
                + (first.detail().isEmpty() ? "" : " (" + first.detail() + ")");
    }

    /** Every finding of the call, in the order the checks ran. */
    public List<GuardFinding> findings() {
        return findings;
    }

    /** The answer an output check blocked, or null when the input was blocked. */
    public ChatResult result() {
        return result;
    }

    /** Whether the blocked answer came from the response cache (then it cost nothing this time). */
    public boolean cached() {
        return cached;
    }

    /** False when the input was blocked: nothing reached the provider. */
    @Override
    public boolean sent() {
        return result != null && !cached;
    }
}
