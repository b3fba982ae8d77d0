package org.promptstudio.monitor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.promptstudio.model.GuardCheck;

/** Builds {@link MonitorBucket}s for tests: every figure 0 or empty until set. */
public final class Buckets {

    private Instant start = Instant.parse("2026-11-30T00:00:00Z");
    private long calls, ok, errors, blocked, cancelled, cached, thumbsUp, thumbsDown;
    private Mean rating = Mean.NONE, answerChars = Mean.NONE, turns = Mean.NONE, sentiment = Mean.NONE;
    private Long p50, p95;
    private long tokensIn, tokensOut, tokensKnown, charsIn, charsOut, charsKnown;
    private BigDecimal cost = BigDecimal.ZERO;
    private long costCalls, unknownCost, sessions;
    private final Map<GuardCheck, Long> guard = new EnumMap<>(GuardCheck.class);

    public static Buckets at(Instant start) {
        Buckets b = new Buckets();
        b.start = start;
        return b;
    }

    public static Buckets at(String start) {
        return at(Instant.parse(start));
    }

    /** {@code calls} calls of which {@code errors} failed and {@code blocked} were blocked; the rest ok. */
    public Buckets calls(long calls, long errors, long blocked) {
        this.calls = calls;
        this.errors = errors;
        this.blocked = blocked;
        this.ok = calls - errors - blocked;
        return this;
    }

    public Buckets thumbs(long up, long down) {
        thumbsUp = up;
        thumbsDown = down;
        return this;
    }

    public Buckets rating(double... values) {
        rating = mean(values);
        return this;
    }

    public Buckets answerChars(double... values) {
        answerChars = mean(values);
        return this;
    }

    public Buckets sentiment(double... values) {
        sentiment = mean(values);
        return this;
    }

    public Buckets turns(long sessions, double... values) {
        this.sessions = sessions;
        turns = mean(values);
        return this;
    }

    public Buckets latency(long p50, long p95) {
        this.p50 = p50;
        this.p95 = p95;
        return this;
    }

    public Buckets tokens(long in, long out, long known) {
        tokensIn = in;
        tokensOut = out;
        tokensKnown = known;
        return this;
    }

    public Buckets chars(long in, long out, long known) {
        charsIn = in;
        charsOut = out;
        charsKnown = known;
        return this;
    }

    public Buckets cost(String usd, long knownCalls, long unknownCalls) {
        cost = new BigDecimal(usd);
        costCalls = knownCalls;
        unknownCost = unknownCalls;
        return this;
    }

    public Buckets guard(GuardCheck check, long count) {
        guard.put(check, count);
        return this;
    }

    public MonitorBucket build() {
        return new MonitorBucket(start, calls, ok, errors, blocked, cancelled, cached, thumbsUp, thumbsDown, rating,
                answerChars, p50, p95, tokensIn, tokensOut, tokensKnown, charsIn, charsOut, charsKnown, cost, costCalls,
                unknownCost, guard, sessions, turns, sentiment);
    }

    public static Mean mean(double... values) {
        Mean m = Mean.NONE;
        for (double v : values) m = m.plus(new Mean(1, v, v * v));
        return m;
    }

    /** A one-bucket report over the day of {@code total}'s start. */
    public static MonitorReport report(MonitorBucket total) {
        MonitorRequest r = MonitorRequest.all(total.start(), total.start().plus(Grain.DAY.width()), Grain.DAY);
        return new MonitorReport(r, java.util.List.of(total), total);
    }
}
