package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

class ExtractiveModelTest {

    private static final TokenCounter TOKENS = new TokenCounter();

    private static ModelRef ref(Map<String, Object> options) {
        return new ModelRef("extractive", "extractive", null, null, null, null, null, null, null, null, options);
    }

    private static ExtractiveModel model(Map<String, Object> options) {
        return new ExtractiveModel(ref(options), Embeddings.shared(), TOKENS);
    }

    private static ChatResult ask(ExtractiveModel model, List<Message> messages, Integer maxOutputTokens,
                                  StreamListener listener) {
        GenerationParams params = new GenerationParams(0.0, null, null, maxOutputTokens, null, null, null, null, null);
        return model.chat(new ChatRequest(ref(Map.of()), messages, params), listener);
    }

    @Test
    void answersFromThePassageThatHoldsTheAnswerAndCitesIt() {
        List<Message> prompt = OfflinePrompts.rag("How many days do I have to send back a thermostat I bought?");

        ChatResult one = ask(model(Map.of("sentences", 1)), prompt, null, StreamListener.NONE);
        assertThat(one.text()).isEqualTo(OfflinePrompts.RETURNS_SENTENCE + " [returns-policy]");

        ChatResult three = ask(model(Map.of()), prompt, null, StreamListener.NONE);
        assertThat(three.text()).contains(OfflinePrompts.RETURNS_SENTENCE + " This includes the 14-day right of "
                + "withdrawal that EU law gives you, and goes beyond it. [returns-policy]");
        assertThat(three.text())
                .doesNotContain("How many days")            // not the question
                .doesNotContain("Use only facts")           // not an instruction
                .doesNotContain("You are the customer support assistant");
        assertThat(three.finishReason()).isEqualTo("stop");
    }

    @Test
    void sameInputSameAnswer() {
        List<Message> prompt = OfflinePrompts.rag("Is the Bridge covered by a warranty?");
        String first = ask(model(Map.of()), prompt, 80, StreamListener.NONE).text();
        for (int i = 0; i < 3; i++) {
            assertThat(ask(model(Map.of()), prompt, 80, StreamListener.NONE).text()).isEqualTo(first);
        }
        assertThat(first).contains("The Dial and the Bridge have a 2-year warranty.").endsWith("[warranty]");
    }

    @Test
    void keepsWithinMaxOutputTokens() {
        List<Message> prompt = OfflinePrompts.rag("What are the conditions for a return?");
        ChatResult roomy = ask(model(Map.of("sentences", 10)), prompt, 500, StreamListener.NONE);
        ChatResult tight = ask(model(Map.of("sentences", 10)), prompt, 40, StreamListener.NONE);
        ChatResult tiny = ask(model(Map.of()), prompt, 4, StreamListener.NONE);

        assertThat(roomy.usage().outputTokens()).isGreaterThan(40);
        assertThat(tight.usage().outputTokens()).isLessThanOrEqualTo(40).isPositive();
        // whole sentences below the limit: the answer stopped, it was not cut (issue 12, sample's extractive model
        // said "cut off at the token limit (max 120 tokens)" with 80 output tokens); only a sentence cut in the middle
        // is a cut-off
        assertThat(tight.finishReason()).isEqualTo("stop");
        assertThat(tight.text().strip()).endsWith("]");
        assertThat(tiny.usage().outputTokens()).isLessThanOrEqualTo(4).isPositive();
        assertThat(tiny.finishReason()).isEqualTo("length");
    }

    @Test
    void summarisesWithTheMostCentralSentencesInTheirOrder() {
        ChatResult result = ask(model(Map.of()), OfflinePrompts.summarise(), null, StreamListener.NONE);
        List<String> lines = result.text().lines().toList();

        assertThat(lines).hasSize(3).allSatisfy(line -> assertThat(line).containsAnyOf("Dial", "E42", "boiler"));
        assertThat(result.text()).doesNotContain("cat").doesNotContain("Summarise").doesNotContain("bullet");
        String conversation = OfflinePrompts.summarise().get(1).text();
        assertThat(lines).isSortedAccordingTo((a, b) -> Integer.compare(conversation.indexOf(a), conversation.indexOf(b)));
    }

    @Test
    void fewShotAnswersComeFromEarlierModelTurnsNotExampleQuestions() {
        ChatResult result = ask(model(Map.of("sentences", 1)), OfflinePrompts.fewShot("Which payment methods do you accept?"),
                null, StreamListener.NONE);
        assertThat(result.text()).isEqualTo("We accept cards, PayPal, Apple Pay, Google Pay, iDEAL and Bancontact.");
    }

    @Test
    void streamsOneSentenceAtATime() {
        List<String> deltas = new ArrayList<>();
        ChatResult result = ask(model(Map.of()), OfflinePrompts.rag("How much does delivery in the Netherlands cost?"),
                null, deltas::add);
        assertThat(deltas).hasSize(3);
        assertThat(String.join("", deltas)).isEqualTo(result.text());
        assertThat(result.firstTokenMillis()).isNotNull().isLessThanOrEqualTo(result.latencyMillis());
        assertThat(result.usage().estimated()).isTrue();
        assertThat(result.usage().inputTokens()).isEqualTo(TOKENS.countMessages(null,
                OfflinePrompts.rag("How much does delivery in the Netherlands cost?")));
    }

    @Test
    void withoutAnyMaterialItAnswersFromTheInstructionsNotTheQuestion() {
        List<Message> prompt = List.of(
                Message.text(Message.SYSTEM, "Never ask for passwords or full card numbers. Keep answers under 120 words."),
                Message.text(Message.USER, "Should I send you my password?"));
        ChatResult result = ask(model(Map.of("sentences", 1)), prompt, null, StreamListener.NONE);
        assertThat(result.text()).isEqualTo("Never ask for passwords or full card numbers.");
    }

    @Test
    void saysWhatItIsAndRefusesABadOption() {
        assertThat(model(Map.of()).card()).get().satisfies(card -> {
            assertThat(card.kind()).isEqualTo("extractive");
            assertThat(card.description()).contains("non-generative", "all-MiniLM-L6-v2");
            assertThat(card.limitations()).contains("never writes new text");
        });
        assertThatThrownBy(() -> ask(model(Map.of("sentences", "many")), OfflinePrompts.rag("x y z?"), null,
                StreamListener.NONE)).isInstanceOf(ProviderException.class).hasMessageContaining("'sentences'");
    }

    @Test
    void aCancelledCallDoesNotAnswer() {
        ChatRequest request = new ChatRequest(ref(Map.of()), OfflinePrompts.rag("Where do you ship from?"), null);
        request.cancellation().cancel();
        assertThatThrownBy(() -> model(Map.of()).chat(request, StreamListener.NONE))
                .isInstanceOf(ProviderException.class).hasMessageContaining("cancelled");
    }
}
