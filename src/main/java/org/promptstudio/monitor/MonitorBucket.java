package org.promptstudio.monitor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.promptstudio.model.GuardCheck;

/**
 * The figures of one time bucket starting at {@code start} (or of a whole period, for a report's total).
 *
 * <p>Counts of calls: {@code calls} in all, of which {@code ok}, {@code errors}, {@code blocked} (stopped by a
 * guardrail), {@code cancelled}, and {@code cached} (answered from the response cache). Feedback on these calls:
 * {@code thumbsUp}, {@code thumbsDown} (the latest thumb of each annotator) and {@code rating} (the latest rating of
 * each annotator in the request's rating schema). {@code answerChars}: length of the answers in characters (code
 * points). {@code p50Ms}, {@code p95Ms}: latency percentiles in ms from log-bucket histograms (relative error at most
 * about 11%), null with no timed call. Tokens and characters in and out are sums over the {@code tokensKnown} and
 * {@code charsKnown} calls that reported them. Cost: {@code knownCost} in USD over {@code knownCostCalls}; the
 * {@code unknownCostCalls} had no price and are not counted as $0. {@code guard}: calls with at least one finding of
 * each check (every check present, 0 when none). {@code sessions}: playground sessions saved in the bucket, with their
 * {@code turns}. {@code sentiment}: the lexicon sentiment of the users' last messages, from -1 to 1.
 */
public record MonitorBucket(Instant start, long calls, long ok, long errors, long blocked, long cancelled, long cached,
        long thumbsUp, long thumbsDown, Mean rating, Mean answerChars, Long p50Ms, Long p95Ms,
        long tokensIn, long tokensOut, long tokensKnown, long charsIn, long charsOut, long charsKnown,
        BigDecimal knownCost, long knownCostCalls, long unknownCostCalls, Map<GuardCheck, Long> guard,
        long sessions, Mean turns, Mean sentiment) {

    public MonitorBucket {
        rating = rating == null ? Mean.NONE : rating;
        answerChars = answerChars == null ? Mean.NONE : answerChars;
        turns = turns == null ? Mean.NONE : turns;
        sentiment = sentiment == null ? Mean.NONE : sentiment;
        knownCost = knownCost == null ? BigDecimal.ZERO : knownCost;
        java.util.EnumMap<GuardCheck, Long> g = new java.util.EnumMap<>(GuardCheck.class);
        for (GuardCheck c : GuardCheck.values()) g.put(c, guard == null ? 0L : guard.getOrDefault(c, 0L));
        guard = java.util.Collections.unmodifiableMap(g);
    }

    /** Share of thumbs that are up, from 0 to 1; null with no thumb. */
    public Double thumbsUpShare() {
        long n = thumbsUp + thumbsDown;
        return n == 0 ? null : (double) thumbsUp / n;
    }

    /** The guard counts summed over the checks (a call with findings of two checks counts twice). */
    public long guardFindings() {
        return guard.values().stream().mapToLong(Long::longValue).sum();
    }
}
