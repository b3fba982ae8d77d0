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

class EchoModelTest {

    private final ModelRef ref = ModelRef.of("echo", "echo", null);
    private final EchoModel echo = new EchoModel(ref, new TokenCounter());

    @Test
    void answersWithTheLastUserMessageStreamedWordByWord() {
        List<Message> messages = List.of(
                Message.text(Message.SYSTEM, "Be brief."),
                Message.text(Message.USER, "first question"),
                Message.text(Message.MODEL, "first answer"),
                Message.text(Message.USER, "How long does delivery\nto Amsterdam take?"));
        List<String> deltas = new ArrayList<>();

        ChatResult result = echo.chat(new ChatRequest(ref, messages, null), deltas::add);

        assertThat(result.text()).isEqualTo("How long does delivery\nto Amsterdam take?");
        assertThat(deltas).hasSize(7);
        assertThat(String.join("", deltas)).isEqualTo(result.text());
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(result.usage().estimated()).isTrue();
        assertThat(result.usage().outputTokens()).isEqualTo(new TokenCounter().count(null, result.text()));
        assertThat(result.usage().inputTokens()).isGreaterThan(result.usage().outputTokens());
        assertThat(result.firstTokenMillis()).isNotNull();
        assertThat(result.providerModel()).isEqualTo("echo");
        assertThat(echo.card()).get().extracting(ModelCard::kind).isEqualTo("echo");
    }

    @Test
    void keepsToMaxOutputTokens() {
        GenerationParams params = new GenerationParams(null, null, null, 3, null, null, null, null, null);
        ChatResult result = echo.chat(new ChatRequest(ref,
                List.of(Message.text(Message.USER, "tiktoken is great!")), params), StreamListener.NONE);
        assertThat(result.text()).isEqualTo("tiktoken");
        assertThat(result.finishReason()).isEqualTo("length");
    }

    @Test
    void aPromptWithoutUserMessageGivesAnEmptyAnswer() {
        ChatResult result = echo.chat(new ChatRequest(ref, List.of(Message.text(Message.SYSTEM, "x")), null),
                StreamListener.NONE);
        assertThat(result.text()).isEmpty();
    }

    @Test
    void aCancelledCallStopsStreaming() {
        ModelRef slow = new ModelRef("slow-echo", "echo", null, null, null, null, null, null, null, null,
                Map.of("delayMillis", 5));
        ChatRequest request = new ChatRequest(slow, List.of(Message.text(Message.USER, "one two three four five")), null);
        List<String> deltas = new ArrayList<>();
        assertThatThrownBy(() -> new EchoModel(slow, new TokenCounter()).chat(request, delta -> {
            deltas.add(delta);
            if (deltas.size() == 2) request.cancellation().cancel();
        })).isInstanceOf(ProviderException.class).hasMessage("model 'slow-echo': call cancelled");
        assertThat(deltas).hasSize(2);
    }
}
