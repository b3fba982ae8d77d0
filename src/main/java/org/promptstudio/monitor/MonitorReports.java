package org.promptstudio.monitor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.model.LatencyBuckets;
import org.promptstudio.store.MonitorRepository;

/**
 * Makes a {@link MonitorReport} from the sums the store keeps: one {@link MonitorBucket} per bucket of the period
 * (empty ones included, so a chart's axis is even) and the total, whose means and percentiles come from the summed
 * sums and histograms, never from averaged buckets.
 */
public final class MonitorReports {

    /** At most this many buckets in one report (a year by the hour is 8,784). */
    public static final int MAX_BUCKETS = 10_000;

    private final MonitorRepository repository;

    public MonitorReports(MonitorRepository repository) {
        this.repository = repository;
    }

    /**
     * The report of {@code request}, with its prompt, version and label already resolved to prompt files
     * ({@code paths}, null: any) and versions ({@code versions}, null: any), and its rating schema to
     * {@code ratingSchema} (null: every schema).
     *
     * @throws IllegalArgumentException when the period holds more than {@link #MAX_BUCKETS} buckets
     * @throws org.promptstudio.store.StoreException one line, when the database cannot be read
     */
    public MonitorReport report(MonitorRequest request, List<String> paths, List<MonitorRepository.Version> versions,
                                String ratingSchema) {
        long width = request.by().width().toSeconds();
        long first = Math.floorDiv(request.from().getEpochSecond(), width) * width;
        long end = request.to().getEpochSecond() + (request.to().getNano() > 0 ? 1 : 0);
        long count = (end - first + width - 1) / width;
        if (count > MAX_BUCKETS) {
            throw new IllegalArgumentException("the period holds " + count + " " + request.by().id()
                    + "s, more than " + MAX_BUCKETS + ": choose a shorter period or a wider bucket");
        }
        List<MonitorRepository.Sums> sums = repository.sums(new MonitorRepository.Query(request.from(), request.to(),
                request.by() == Grain.DAY, paths, versions, request.model(), request.run(), ratingSchema));
        Map<Instant, MonitorRepository.Sums> byStart = new HashMap<>();
        for (MonitorRepository.Sums s : sums) byStart.put(s.start(), s);
        List<MonitorBucket> buckets = new ArrayList<>();
        MonitorRepository.Sums total = empty(request.from());
        for (long t = first; t < end; t += width) {
            Instant start = Instant.ofEpochSecond(t);
            MonitorRepository.Sums s = byStart.getOrDefault(start, empty(start));
            buckets.add(bucket(s));
            total = plus(total, s);
        }
        return new MonitorReport(request, buckets, bucket(total));
    }

    /** The figures of {@code s}. */
    public static MonitorBucket bucket(MonitorRepository.Sums s) {
        return new MonitorBucket(s.start(), s.calls(), s.ok(), s.errors(), s.blocked(), s.cancelled(), s.cached(),
                s.thumbsUp(), s.thumbsDown(), new Mean(s.ratingN(), s.ratingSum(), s.ratingSq()),
                new Mean(s.answerN(), s.answerSum(), s.answerSq()), s.latency().quantile(0.5),
                s.latency().quantile(0.95), s.tokensIn(), s.tokensOut(), s.tokensKnown(), s.charsIn(), s.charsOut(),
                s.charsKnown(), s.knownCost(), s.knownCostCalls(), s.unknownCostCalls(), s.guard(), s.sessions(),
                new Mean(s.turnsN(), s.turnsSum(), s.turnsSq()),
                new Mean(s.sentimentN(), s.sentimentSum(), s.sentimentSq()));
    }

    static MonitorRepository.Sums empty(Instant start) {
        return new MonitorRepository.Sums(start, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, LatencyBuckets.EMPTY, 0, 0,
                0, 0, 0, 0, BigDecimal.ZERO, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0);
    }

    /** {@code a} and {@code b} added up, at {@code a}'s start. */
    static MonitorRepository.Sums plus(MonitorRepository.Sums a, MonitorRepository.Sums b) {
        Map<GuardCheck, Long> guard = new EnumMap<>(GuardCheck.class);
        for (GuardCheck g : GuardCheck.values()) guard.put(g, a.guard().get(g) + b.guard().get(g));
        BigDecimal cost = a.knownCost().add(b.knownCost());
        return new MonitorRepository.Sums(a.start(), a.calls() + b.calls(), a.ok() + b.ok(), a.errors() + b.errors(),
                a.blocked() + b.blocked(), a.cancelled() + b.cancelled(), a.cached() + b.cached(),
                a.thumbsUp() + b.thumbsUp(), a.thumbsDown() + b.thumbsDown(), a.ratingN() + b.ratingN(),
                a.ratingSum() + b.ratingSum(), a.ratingSq() + b.ratingSq(), a.answerN() + b.answerN(),
                a.answerSum() + b.answerSum(), a.answerSq() + b.answerSq(), a.latency().plus(b.latency()),
                a.tokensIn() + b.tokensIn(), a.tokensOut() + b.tokensOut(), a.tokensKnown() + b.tokensKnown(),
                a.charsIn() + b.charsIn(), a.charsOut() + b.charsOut(), a.charsKnown() + b.charsKnown(),
                cost.signum() == 0 ? BigDecimal.ZERO : cost.stripTrailingZeros(),
                a.knownCostCalls() + b.knownCostCalls(), a.unknownCostCalls() + b.unknownCostCalls(), guard,
                a.sessions() + b.sessions(), a.turnsN() + b.turnsN(), a.turnsSum() + b.turnsSum(),
                a.turnsSq() + b.turnsSq(), a.sentimentN() + b.sentimentN(), a.sentimentSum() + b.sentimentSum(),
                a.sentimentSq() + b.sentimentSq());
    }
}
