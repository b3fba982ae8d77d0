package org.promptstudio.ui.dashboards;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.app.AbComparison;
import org.promptstudio.monitor.AbReport;
import org.promptstudio.monitor.AbRequest;
import org.promptstudio.monitor.Buckets;
import org.promptstudio.monitor.Mean;
import org.promptstudio.monitor.MonitorBucket;
import org.promptstudio.monitor.MonitorReport;
import org.promptstudio.monitor.MonitorRequest;

/**
 * A {@link MonitorSource} from planted buckets: per model (null key: every model), the buckets whose start falls in a
 * request's period, the rest filled with empty buckets, the total summed. Records every request.
 */
final class FakeMonitorSource implements MonitorSource {

    final Map<String, List<MonitorBucket>> byModel = new HashMap<>();
    final List<MonitorRequest> requests = new ArrayList<>();
    Choices choices = new Choices(List.of("support-reply"), List.of("echo", "extractive"), List.of(7L, 3L),
            List.of("production"), new RatingScale(1, 5));
    RuntimeException failure;

    FakeMonitorSource plant(String model, MonitorBucket... buckets) {
        byModel.computeIfAbsent(model, m -> new ArrayList<>()).addAll(List.of(buckets));
        return this;
    }

    @Override
    public synchronized MonitorReport report(MonitorRequest request) {
        requests.add(request);
        if (failure != null) throw failure;
        List<MonitorBucket> planted = byModel.getOrDefault(request.model(), List.of());
        List<MonitorBucket> out = new ArrayList<>();
        for (Instant t = request.from(); t.isBefore(request.to()); t = t.plus(request.by().width())) {
            Instant start = t;
            out.add(planted.stream().filter(b -> b.start().equals(start)).findFirst()
                    .orElseGet(() -> Buckets.at(start).build()));
        }
        return new MonitorReport(request, out, sum(request.from(), out));
    }

    @Override
    public AbReport compare(AbRequest request) {
        MonitorReport a = report(AbComparison.request(request.base(), request.a()));
        MonitorReport b = report(AbComparison.request(request.base(), request.b()));
        return AbComparison.report(request, a, b);
    }

    @Override
    public Choices choices() {
        return choices;
    }

    /** The buckets added up (percentiles: the largest, which is enough for a fake). */
    static MonitorBucket sum(Instant start, List<MonitorBucket> bs) {
        long calls = 0, ok = 0, errors = 0, blocked = 0, up = 0, down = 0, tin = 0, tout = 0, tk = 0, cin = 0,
                cout = 0, ck = 0, costCalls = 0, unknown = 0, sessions = 0;
        Long p50 = null, p95 = null;
        Mean rating = Mean.NONE, chars = Mean.NONE, turns = Mean.NONE, sentiment = Mean.NONE;
        java.math.BigDecimal cost = java.math.BigDecimal.ZERO;
        Map<org.promptstudio.model.GuardCheck, Long> guard = new java.util.EnumMap<>(
                org.promptstudio.model.GuardCheck.class);
        for (MonitorBucket b : bs) {
            calls += b.calls();
            ok += b.ok();
            errors += b.errors();
            blocked += b.blocked();
            up += b.thumbsUp();
            down += b.thumbsDown();
            tin += b.tokensIn();
            tout += b.tokensOut();
            tk += b.tokensKnown();
            cin += b.charsIn();
            cout += b.charsOut();
            ck += b.charsKnown();
            costCalls += b.knownCostCalls();
            unknown += b.unknownCostCalls();
            sessions += b.sessions();
            cost = cost.add(b.knownCost());
            rating = rating.plus(b.rating());
            chars = chars.plus(b.answerChars());
            turns = turns.plus(b.turns());
            sentiment = sentiment.plus(b.sentiment());
            if (b.p50Ms() != null) p50 = p50 == null ? b.p50Ms() : Math.max(p50, b.p50Ms());
            if (b.p95Ms() != null) p95 = p95 == null ? b.p95Ms() : Math.max(p95, b.p95Ms());
            b.guard().forEach((c, n) -> guard.merge(c, n, Long::sum));
        }
        return new MonitorBucket(start, calls, ok, errors, blocked, 0, 0, up, down, rating, chars, p50, p95, tin,
                tout, tk, cin, cout, ck, cost, costCalls, unknown, guard, sessions, turns, sentiment);
    }
}
