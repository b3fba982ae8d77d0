package org.promptstudio.eval;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What the call cost: {@code latency-max} (milliseconds), {@code cost-max} (US dollars), {@code tokens-max} (input
 * plus output tokens, or option {@code count: in|out}). A figure the call did not record fails.
 */
final class OperationChecks {

    private OperationChecks() {
    }

    static void register(Map<String, Check> into) {
        into.put("latency-max", validated((s, c) -> {
            if (c.latencyMs() == null) return Specs.yesNo(s, false, "no latency recorded");
            long max = (long) Specs.number(s);
            return Specs.yesNo(s, c.latencyMs() <= max, c.latencyMs() + " ms " + (c.latencyMs() <= max ? "<=" : ">") + " " + max + " ms");
        }));
        into.put("cost-max", validated((s, c) -> {
            if (c.cost() == null) return Specs.yesNo(s, false, "no cost recorded");
            BigDecimal max = BigDecimal.valueOf(Specs.number(s));
            boolean ok = c.cost().compareTo(max) <= 0;
            return Specs.yesNo(s, ok, "$" + c.cost().toPlainString() + (ok ? " <= $" : " > $") + max.stripTrailingZeros().toPlainString());
        }));
        into.put("tokens-max", validated((s, c) -> {
            String count = Specs.optionText(s, "count") == null ? "total" : Specs.optionText(s, "count");
            Long n = switch (count) {
                case "in" -> c.tokensIn();
                case "out" -> c.tokensOut();
                case "total" -> c.tokensIn() == null || c.tokensOut() == null ? null : c.tokensIn() + c.tokensOut();
                default -> throw new EvalException("tokens-max: option 'count' must be in, out or total, found '" + count + "'");
            };
            if (n == null) return Specs.yesNo(s, false, "no token count recorded");
            long max = (long) Specs.number(s);
            return Specs.yesNo(s, n <= max, n + " tokens (" + count + ") " + (n <= max ? "<=" : ">") + " " + max);
        }));
    }

    private static Check validated(Check check) {
        return new Check() {
            @Override
            public AssertionResult run(AssertionSpec spec, EvalContext ctx) {
                return check.run(spec, ctx);
            }

            @Override
            public void validate(AssertionSpec spec) {
                Specs.number(spec);
            }
        };
    }
}
