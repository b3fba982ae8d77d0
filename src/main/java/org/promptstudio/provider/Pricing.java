package org.promptstudio.provider;

import org.promptstudio.model.ModelRef;

/**
 * A model's prices per million tokens and the cost of its calls. A price left out is unknown, and so is any cost
 * that needs it: null, never 0. The built-in offline models cost nothing unless the workspace gives them prices.
 */
public record Pricing(Double inputPerMillion, Double outputPerMillion) {

    public static final Pricing UNKNOWN = new Pricing(null, null);
    public static final Pricing FREE = new Pricing(0.0, 0.0);

    public static Pricing of(ModelRef model) {
        if (model.inputPricePerMillion() == null && model.outputPricePerMillion() == null
                && BuiltInModels.isBuiltIn(model.provider())) {
            return FREE;
        }
        return new Pricing(model.inputPricePerMillion(), model.outputPricePerMillion());
    }

    public boolean isKnown() {
        return inputPerMillion != null && outputPerMillion != null;
    }

    /** in/1e6 × input price + out/1e6 × output price; null when a price the tokens need is unknown. */
    public Double cost(long inputTokens, long outputTokens) {
        double total = 0;
        if (inputTokens > 0) {
            if (inputPerMillion == null) return null;
            total += inputTokens / 1e6 * inputPerMillion;
        }
        if (outputTokens > 0) {
            if (outputPerMillion == null) return null;
            total += outputTokens / 1e6 * outputPerMillion;
        }
        return total;
    }

    /**
     * The cost of a call's usage; null when the usage or a needed price is unknown. Reasoning ("thinking") tokens are
     * part of {@link ChatResult.Usage#outputTokens()} and cost the output price, as every provider bills them
     * (OpenAI, Anthropic, Gemini thinking, see docs/decisions/0037-reasoning-tokens.md), so they are not added again.
     * Usage flagged implausible ({@link ChatResult.Usage#implausible()}) has no cost: null, never a made-up figure.
     */
    public Double cost(ChatResult.Usage usage) {
        return usage == null || !usage.plausible() ? null : cost(usage.inputTokens(), usage.outputTokens());
    }
}
