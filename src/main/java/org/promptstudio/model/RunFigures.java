package org.promptstudio.model;

import java.math.BigDecimal;

/**
 * A run and the sums over its recorded calls, as {@code studio runs} lists them: calls that answered ({@code ok}),
 * failed ({@code failed}: errors, and calls a guardrail blocked) and were cancelled by a stop ({@code cancelled}); how many answers came from the response
 * cache ({@code cached}); the cost spent (US dollars, over calls that did not come from the cache, whose answer
 * cost nothing this time), and how many such calls have no price ({@code unpriced}: then the cost is not known).
 */
public record RunFigures(RunRecord run, long ok, long failed, long cancelled, long cached, BigDecimal spent,
                         long unpriced) {

    public RunFigures {
        if (run == null) throw new IllegalArgumentException("run is null");
        spent = spent == null ? BigDecimal.ZERO : spent.signum() == 0 ? BigDecimal.ZERO : spent.stripTrailingZeros();
    }

    /** Whether the cost is known: every answered call that was not cached has a price. */
    public boolean costKnown() {
        return unpriced == 0;
    }
}
