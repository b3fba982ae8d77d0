-- Decision 0150 (addendum): a call counts as of unknown cost only when it was answered and its model has no price
-- (CallRecord.unpriced); a failed or cancelled call without a cost (refused before sending, a missing key, an error
-- answer) now adds a known $0. The sums kept so far counted those as unknown, so every sum is counted again from the
-- calls at the next start (MonitorAggregates.backfillIfPending rebuilds all of them while this row is here).
INSERT INTO monitor_backfill (pending) VALUES (1);
