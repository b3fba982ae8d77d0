package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

class PricingTest {

    private static ModelRef priced(String id, Double in, Double out) {
        return new ModelRef(id, "openai", "gpt-4o-mini", null, GenerationParams.NONE, in, out, null, null, null, Map.of());
    }

    @Test
    void costIsTokensPerMillionTimesPrice() {
        Pricing pricing = Pricing.of(priced("mini", 0.15, 0.60));
        assertThat(pricing.cost(1_000_000, 1_000_000)).isCloseTo(0.75, within(1e-12));
        assertThat(pricing.cost(new ChatResult.Usage(2_000, 500, false))).isCloseTo(0.0006, within(1e-12));
    }

    @Test
    void unknownPriceMeansUnknownCostNotZero() {
        assertThat(Pricing.of(priced("local", null, null)).cost(100, 10)).isNull();
        Pricing inputOnly = Pricing.of(priced("half", 1.0, null));
        assertThat(inputOnly.cost(1_000_000, 1)).isNull();
        assertThat(inputOnly.cost(1_000_000, 0)).isEqualTo(1.0);
        assertThat(Pricing.of(priced("local", null, null)).cost(null)).isNull();
    }

    @Test
    void builtInModelsAreFreeUnlessPriced() {
        assertThat(Pricing.of(ModelRef.of("echo", "echo", null)).cost(1_000, 1_000)).isEqualTo(0.0);
        assertThat(Pricing.of(ModelRef.of("llama", "ollama", "llama3.2")).cost(1_000, 1_000)).isNull();
    }

    @Test
    void estimateCountsInputAndBoundsOutputAndCost() {
        TokenCounter tokens = new TokenCounter();
        ModelRef mini = priced("mini", 0.15, 0.60);
        ModelRef local = ModelRef.of("llama", "ollama", "llama3.2");
        List<Message> prompt = List.of(Message.text(Message.USER, "2 + 2 = 4"));
        int in = tokens.countMessages("gpt-4o-mini", prompt);

        RunEstimate priced = RunEstimate.of(List.of(
                new RunEstimate.Call(mini, prompt, 100),
                new RunEstimate.Call(mini, prompt, null)), tokens);
        assertThat(priced.calls()).isEqualTo(2);
        assertThat(priced.inputTokens()).isEqualTo(2L * in);
        assertThat(priced.outputTokens()).isEqualTo(100 + RunEstimate.DEFAULT_OUTPUT_TOKENS);
        assertThat(priced.minCost()).isCloseTo(2.0 * in / 1e6 * 0.15, within(1e-12));
        assertThat(priced.maxCost()).isCloseTo(2.0 * in / 1e6 * 0.15 + 612 / 1e6 * 0.60, within(1e-12));
        assertThat(priced.costKnown()).isTrue();

        RunEstimate mixed = RunEstimate.of(List.of(
                new RunEstimate.Call(mini, prompt, 100),
                new RunEstimate.Call(local, prompt, 100)), tokens);
        assertThat(mixed.costKnown()).isFalse();
        assertThat(mixed.maxCost()).isNull();
        assertThat(mixed.byModel()).extracting(RunEstimate.ModelLine::modelId).containsExactly("mini", "llama");
        assertThat(mixed.byModel().get(0).maxCost()).isNotNull();
        assertThat(mixed.byModel().get(1).maxCost()).isNull();
    }
}
