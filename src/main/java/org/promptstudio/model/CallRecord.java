package org.promptstudio.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One model call as the studio records it: which template version it came from ({@code promptPath} inside the
 * workspace, e.g. {@code prompts/answer.prompt}, and the git commit of that file), which model answered, with what
 * parameters (JSON text), how it ended, its tokens, cost (in US dollars), latency, and its large {@link CallTexts}.
 *
 * <p>{@code id} is null until stored. {@code texts} is null on rows read by a listing, which leaves the large texts
 * in the database; a call read on its own has them. {@code createdAt} is when the call was made, kept to the
 * microsecond as the database keeps it. {@code sampleIndex} numbers repeated samples of the same cell (0 first);
 * {@code caseId} names the dataset case, if any. {@code planIndex} is the call's position in its run's plan (0 first;
 * see {@code RunPlan}): reports list a run's calls in that order, never in the order they happened to finish. It is
 * null for calls recorded before the studio kept it. {@code cached} says the answer came from the response cache
 * (no request was sent; its latency is the recording's); false for calls recorded before the studio kept it.
 * {@code reasoningTokens} is how many of {@code tokensOut} were the model's reasoning ("thinking"): they are counted
 * in {@code tokensOut} and priced as output; 0 when the model reported none, null for calls recorded before the
 * studio kept it. Token counts are longs, whole as the provider reported them. {@code usageNote} is null when the
 * counts can be true; else one line saying which figure is impossible (decision 0114): the counts are kept as
 * reported, and {@code cost} is null (unknown) rather than priced from them. {@code context} lists the chunks the
 * call was given by retrieval ({@code retrieve:}), each with the number the prompt showed for it; empty when none
 * (never null). {@code retrievalNote} is one line when the call's {@code retrieve:} found no chunk
 * ({@code retrieval found no chunk for query "..."}): the call was still sent, with an empty context; null otherwise.
 * {@code guard} lists what the guardrails found on the call (warnings, and the finding that blocked it), in the order
 * they ran; empty when nothing was found or the call was recorded before the studio kept them (never null).
 */
public record CallRecord(Long id, Long runId, String promptPath, String promptCommit, String variant,
        String provider, String model, String paramsJson, CallStatus status, String finishReason,
        Long tokensIn, Long tokensOut, BigDecimal cost, Long latencyMs, String error, Instant createdAt,
        String cacheKey, int sampleIndex, String caseId, Integer planIndex, CallTexts texts, boolean cached,
        Long reasoningTokens, String usageNote, java.util.List<ContextChunk> context, String retrievalNote,
        java.util.List<GuardFinding> guard) {

    /** A call on which no guardrail found anything (as recorded before the studio kept guard findings). */
    public CallRecord(Long id, Long runId, String promptPath, String promptCommit, String variant, String provider,
            String model, String paramsJson, CallStatus status, String finishReason, Long tokensIn,
            Long tokensOut, BigDecimal cost, Long latencyMs, String error, Instant createdAt, String cacheKey,
            int sampleIndex, String caseId, Integer planIndex, CallTexts texts, boolean cached, Long reasoningTokens,
            String usageNote, java.util.List<ContextChunk> context, String retrievalNote) {
        this(id, runId, promptPath, promptCommit, variant, provider, model, paramsJson, status, finishReason, tokensIn,
                tokensOut, cost, latencyMs, error, createdAt, cacheKey, sampleIndex, caseId, planIndex, texts, cached,
                reasoningTokens, usageNote, context, retrievalNote, java.util.List.of());
    }

    /** A call whose retrieval, if any, found chunks (or that retrieved nothing): no retrieval note. */
    public CallRecord(Long id, Long runId, String promptPath, String promptCommit, String variant, String provider,
            String model, String paramsJson, CallStatus status, String finishReason, Long tokensIn,
            Long tokensOut, BigDecimal cost, Long latencyMs, String error, Instant createdAt, String cacheKey,
            int sampleIndex, String caseId, Integer planIndex, CallTexts texts, boolean cached, Long reasoningTokens,
            String usageNote, java.util.List<ContextChunk> context) {
        this(id, runId, promptPath, promptCommit, variant, provider, model, paramsJson, status, finishReason, tokensIn,
                tokensOut, cost, latencyMs, error, createdAt, cacheKey, sampleIndex, caseId, planIndex, texts, cached,
                reasoningTokens, usageNote, context, null);
    }

    public CallRecord {
        context = context == null ? java.util.List.of() : java.util.List.copyOf(context);
        guard = guard == null ? java.util.List.of() : java.util.List.copyOf(guard);
        if (provider == null || provider.isBlank()) throw new IllegalArgumentException("provider is empty");
        if (model == null || model.isBlank()) throw new IllegalArgumentException("model is empty");
        if (status == null) throw new IllegalArgumentException("status is null");
        if (createdAt == null) throw new IllegalArgumentException("createdAt is null");
        if (sampleIndex < 0) throw new IllegalArgumentException("sampleIndex is negative");
        if (planIndex != null && planIndex < 0) throw new IllegalArgumentException("planIndex is negative");
        if (reasoningTokens != null && reasoningTokens < 0) throw new IllegalArgumentException("reasoningTokens is negative");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        // 0.5 and 0.50 are the same price; the database gives back its own scale.
        cost = cost == null ? null : cost.signum() == 0 ? BigDecimal.ZERO : cost.stripTrailingZeros();
    }

    /** A call given no retrieved chunks (as recorded before the studio kept them). */
    public CallRecord(Long id, Long runId, String promptPath, String promptCommit, String variant, String provider,
            String model, String paramsJson, CallStatus status, String finishReason, Long tokensIn,
            Long tokensOut, BigDecimal cost, Long latencyMs, String error, Instant createdAt, String cacheKey,
            int sampleIndex, String caseId, Integer planIndex, CallTexts texts, boolean cached, Long reasoningTokens,
            String usageNote) {
        this(id, runId, promptPath, promptCommit, variant, provider, model, paramsJson, status, finishReason, tokensIn,
                tokensOut, cost, latencyMs, error, createdAt, cacheKey, sampleIndex, caseId, planIndex, texts, cached,
                reasoningTokens, usageNote, java.util.List.of());
    }

    /** A call without a count of reasoning tokens (as recorded before the studio kept it). */
    public CallRecord(Long id, Long runId, String promptPath, String promptCommit, String variant, String provider,
            String model, String paramsJson, CallStatus status, String finishReason, Long tokensIn,
            Long tokensOut, BigDecimal cost, Long latencyMs, String error, Instant createdAt, String cacheKey,
            int sampleIndex, String caseId, Integer planIndex, CallTexts texts, boolean cached) {
        this(id, runId, promptPath, promptCommit, variant, provider, model, paramsJson, status, finishReason, tokensIn,
                tokensOut, cost, latencyMs, error, createdAt, cacheKey, sampleIndex, caseId, planIndex, texts, cached,
                null, null);
    }

    /** A call not known to have come from the cache (as recorded before the studio kept that). */
    public CallRecord(Long id, Long runId, String promptPath, String promptCommit, String variant, String provider,
            String model, String paramsJson, CallStatus status, String finishReason, Long tokensIn,
            Long tokensOut, BigDecimal cost, Long latencyMs, String error, Instant createdAt, String cacheKey,
            int sampleIndex, String caseId, Integer planIndex, CallTexts texts) {
        this(id, runId, promptPath, promptCommit, variant, provider, model, paramsJson, status, finishReason, tokensIn,
                tokensOut, cost, latencyMs, error, createdAt, cacheKey, sampleIndex, caseId, planIndex, texts, false,
                null, null);
    }

    /**
     * What this call cost when it was made, in US dollars: nothing for an answer from the response cache (no request
     * was sent; {@link #cost()} keeps what the answer cost when it was recorded), else {@link #cost()} (null when the
     * model has no prices). Spend figures (a run's cost, a scoreboard's, the budget) add this up.
     */
    public BigDecimal spent() {
        return cached ? BigDecimal.ZERO : cost;
    }

    /**
     * Whether what this call cost is not known: it was sent and answered (status {@code ok}, or {@code blocked} at the
     * output: the answer came back and cost what it cost) and not from the cache, and its model has no price. A call
     * blocked at the input was never sent and costs a known $0; a failed call is not counted.
     */
    public boolean unpriced() {
        return (status == CallStatus.OK || status == CallStatus.BLOCKED) && spent() == null;
    }

    public CallRecord withId(long newId) {
        return new CallRecord(newId, runId, promptPath, promptCommit, variant, provider, model, paramsJson, status,
                finishReason, tokensIn, tokensOut, cost, latencyMs, error, createdAt, cacheKey, sampleIndex, caseId,
                planIndex, texts, cached, reasoningTokens, usageNote, context, retrievalNote, guard);
    }

    /** This call under run {@code newRunId} (a playground turn made before its session was saved as a run). */
    public CallRecord withRunId(Long newRunId) {
        return new CallRecord(id, newRunId, promptPath, promptCommit, variant, provider, model, paramsJson, status,
                finishReason, tokensIn, tokensOut, cost, latencyMs, error, createdAt, cacheKey, sampleIndex, caseId,
                planIndex, texts, cached, reasoningTokens, usageNote, context, retrievalNote, guard);
    }

    public CallRecord withPlanIndex(Integer newPlanIndex) {
        return new CallRecord(id, runId, promptPath, promptCommit, variant, provider, model, paramsJson, status,
                finishReason, tokensIn, tokensOut, cost, latencyMs, error, createdAt, cacheKey, sampleIndex, caseId,
                newPlanIndex, texts, cached, reasoningTokens, usageNote, context, retrievalNote, guard);
    }

    public CallRecord withTexts(CallTexts newTexts) {
        return new CallRecord(id, runId, promptPath, promptCommit, variant, provider, model, paramsJson, status,
                finishReason, tokensIn, tokensOut, cost, latencyMs, error, createdAt, cacheKey, sampleIndex, caseId,
                planIndex, newTexts, cached, reasoningTokens, usageNote, context, retrievalNote, guard);
    }

    /** This call with the chunks it was given by retrieval ({@code null}: none). */
    public CallRecord withContext(java.util.List<ContextChunk> chunks) {
        return new CallRecord(id, runId, promptPath, promptCommit, variant, provider, model, paramsJson, status,
                finishReason, tokensIn, tokensOut, cost, latencyMs, error, createdAt, cacheKey, sampleIndex, caseId,
                planIndex, texts, cached, reasoningTokens, usageNote, chunks, retrievalNote, guard);
    }

    /** This call with {@code note} as its retrieval note (null: none). */
    public CallRecord withRetrievalNote(String note) {
        return new CallRecord(id, runId, promptPath, promptCommit, variant, provider, model, paramsJson, status,
                finishReason, tokensIn, tokensOut, cost, latencyMs, error, createdAt, cacheKey, sampleIndex, caseId,
                planIndex, texts, cached, reasoningTokens, usageNote, context, note, guard);
    }

    /** This call with {@code newError} as its error text (null: none); its status as it was. */
    public CallRecord withError(String newError) {
        return new CallRecord(id, runId, promptPath, promptCommit, variant, provider, model, paramsJson, status,
                finishReason, tokensIn, tokensOut, cost, latencyMs, newError, createdAt, cacheKey, sampleIndex, caseId,
                planIndex, texts, cached, reasoningTokens, usageNote, context, retrievalNote, guard);
    }

    /** This call with {@code findings} as what the guardrails found ({@code null}: nothing). */
    public CallRecord withGuard(java.util.List<GuardFinding> findings) {
        return new CallRecord(id, runId, promptPath, promptCommit, variant, provider, model, paramsJson, status,
                finishReason, tokensIn, tokensOut, cost, latencyMs, error, createdAt, cacheKey, sampleIndex, caseId,
                planIndex, texts, cached, reasoningTokens, usageNote, context, retrievalNote, findings);
    }

    /** The finding that blocked this call, if a guardrail did. */
    public java.util.Optional<GuardFinding> blockedBy() {
        return guard.stream().filter(GuardFinding::blocks).findFirst();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a call field by field; {@code createdAt} defaults to now and {@code status} to {@code OK}. */
    public static final class Builder {
        private Long id;
        private Long runId;
        private String promptPath;
        private String promptCommit;
        private String variant;
        private String provider;
        private String model;
        private String paramsJson;
        private CallStatus status = CallStatus.OK;
        private String finishReason;
        private Long tokensIn;
        private Long tokensOut;
        private BigDecimal cost;
        private Long latencyMs;
        private String error;
        private Instant createdAt;
        private String cacheKey;
        private int sampleIndex;
        private String caseId;
        private Integer planIndex;
        private CallTexts texts;
        private boolean cached;
        private Long reasoningTokens;
        private String usageNote;
        private java.util.List<ContextChunk> context;
        private String retrievalNote;
        private java.util.List<GuardFinding> guard;

        private Builder() {
        }

        public Builder id(Long value) { id = value; return this; }
        public Builder runId(Long value) { runId = value; return this; }
        public Builder prompt(String path, String commit) { promptPath = path; promptCommit = commit; return this; }
        public Builder variant(String value) { variant = value; return this; }
        public Builder model(String providerName, String modelName) { provider = providerName; model = modelName; return this; }
        public Builder paramsJson(String value) { paramsJson = value; return this; }
        public Builder status(CallStatus value) { status = value; return this; }
        public Builder finishReason(String value) { finishReason = value; return this; }
        public Builder tokens(Long in, Long out) { tokensIn = in; tokensOut = out; return this; }
        public Builder tokens(long in, long out) { tokensIn = in; tokensOut = out; return this; }
        public Builder cost(BigDecimal value) { cost = value; return this; }
        public Builder latencyMs(Long value) { latencyMs = value; return this; }
        public Builder createdAt(Instant value) { createdAt = value; return this; }
        public Builder cacheKey(String value) { cacheKey = value; return this; }
        public Builder sampleIndex(int value) { sampleIndex = value; return this; }
        public Builder caseId(String value) { caseId = value; return this; }
        public Builder planIndex(Integer value) { planIndex = value; return this; }
        public Builder texts(CallTexts value) { texts = value; return this; }
        public Builder cached(boolean value) { cached = value; return this; }
        /** How many of the output tokens were reasoning ("thinking"); they stay counted in the output tokens. */
        public Builder reasoningTokens(Long value) { reasoningTokens = value; return this; }
        public Builder reasoningTokens(long value) { reasoningTokens = value; return this; }
        /** Why the provider's token counts cannot be true (then the cost is unknown); null when they can. */
        public Builder usageNote(String value) { usageNote = value; return this; }
        /** The chunks the call was given by retrieval, each with the number the prompt showed. */
        public Builder context(java.util.List<ContextChunk> value) { context = value; return this; }
        /** Why the call's retrieval gave it no chunk ({@code retrieval found no chunk for query "..."}); null: none. */
        public Builder retrievalNote(String value) { retrievalNote = value; return this; }
        /** What the guardrails found on the call, in the order they ran. */
        public Builder guard(java.util.List<GuardFinding> value) { guard = value; return this; }

        /** A failed call: status {@code ERROR} and the error's one-line message. */
        public Builder error(String message) {
            error = message;
            status = CallStatus.ERROR;
            return this;
        }

        public CallRecord build() {
            return new CallRecord(id, runId, promptPath, promptCommit, variant, provider, model, paramsJson, status,
                    finishReason, tokensIn, tokensOut, cost, latencyMs, error,
                    createdAt == null ? Instant.now() : createdAt, cacheKey, sampleIndex, caseId, planIndex, texts, cached,
                    reasoningTokens, usageNote, context, retrievalNote, guard);
        }
    }
}
