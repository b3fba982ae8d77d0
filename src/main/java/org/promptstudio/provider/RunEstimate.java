package org.promptstudio.provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

/**
 * What a run will cost before it starts: input tokens counted locally, output tokens at most each call's
 * {@code maxOutputTokens} (or {@link #DEFAULT_OUTPUT_TOKENS} where none is set), and a cost range from "no output"
 * to "every call writes its maximum". A cost is null when a model in it has no prices.
 */
public record RunEstimate(int calls, long inputTokens, long outputTokens, Double minCost, Double maxCost,
                          List<ModelLine> byModel) {

    /** The output length assumed for a call that sets no {@code maxOutputTokens}. */
    public static final int DEFAULT_OUTPUT_TOKENS = 512;

    public RunEstimate {
        byModel = List.copyOf(byModel);
    }

    /** One planned call; {@code maxOutputTokens} is the value after all overrides, null when none is set. */
    public record Call(ModelRef model, List<Message> messages, Integer maxOutputTokens) {
        public Call {
            messages = List.copyOf(messages);
        }
    }

    /** The share of one model, in the order models first appear. */
    public record ModelLine(String modelId, int calls, long inputTokens, long outputTokens, Double minCost,
                            Double maxCost) {
    }

    /** Whether every model in the run has prices, so the total cost is known. */
    public boolean costKnown() {
        return minCost != null;
    }

    public static RunEstimate of(List<Call> calls, TokenCounter tokens) {
        Map<String, Totals> perModel = new LinkedHashMap<>();
        for (Call call : calls) {
            ModelRef model = call.model();
            int in = tokens.countMessages(model.model(), call.messages());
            int out = call.maxOutputTokens() != null ? call.maxOutputTokens() : DEFAULT_OUTPUT_TOKENS;
            perModel.computeIfAbsent(model.id(), id -> new Totals(Pricing.of(model))).add(in, out);
        }
        List<ModelLine> lines = new ArrayList<>();
        int count = 0;
        long in = 0;
        long out = 0;
        Double min = 0.0;
        Double max = 0.0;
        for (Map.Entry<String, Totals> entry : perModel.entrySet()) {
            Totals t = entry.getValue();
            Double lineMin = t.pricing.cost(t.in, 0);
            Double lineMax = t.pricing.cost(t.in, t.out);
            lines.add(new ModelLine(entry.getKey(), t.calls, t.in, t.out, lineMin, lineMax));
            count += t.calls;
            in += t.in;
            out += t.out;
            min = min == null || lineMin == null ? null : min + lineMin;
            max = max == null || lineMax == null ? null : max + lineMax;
        }
        return new RunEstimate(count, in, out, min, max, lines);
    }

    private static final class Totals {
        final Pricing pricing;
        int calls;
        long in;
        long out;

        Totals(Pricing pricing) {
            this.pricing = pricing;
        }

        void add(int inputTokens, int outputTokens) {
            calls++;
            in += inputTokens;
            out += outputTokens;
        }
    }
}
