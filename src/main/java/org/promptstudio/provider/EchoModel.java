package org.promptstudio.provider;

import java.util.List;
import java.util.Optional;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

/**
 * Answers with the rendered prompt's last user message, streamed word by word: for wiring and tests. It keeps to
 * {@code maxOutputTokens} (finish reason {@code length}) and, with {@code options.delayMillis}, waits that long
 * before each word, so streaming and cancelling can be watched.
 */
public final class EchoModel implements ModelProvider {

    public static final String KIND = "echo";

    private final ModelRef model;
    private final TokenCounter tokens;

    public EchoModel(ModelRef model, TokenCounter tokens) {
        this.model = model;
        this.tokens = tokens;
    }

    @Override
    public Optional<ModelCard> card() {
        return Optional.of(new ModelCard(model.id(), KIND,
                "Offline test model: answers with the last user message of the rendered prompt, word by word.",
                "Not a model: it shows what the prompt sends, nothing more. Token counts are cl100k estimates."));
    }

    @Override
    public ChatResult chat(ChatRequest request, StreamListener listener) {
        BuiltInModels.refuseTools(model.id(), request);
        // The latency is the call's, not the one-time load of the token vocabulary (issue 12: the first cell was slow).
        tokens.load(model.model());
        long start = System.nanoTime();
        String text = lastUserText(request.messages());
        Integer max = request.params().maxOutputTokens();
        boolean truncated = false;
        if (max != null && max >= 0 && tokens.count(model.model(), text) > max) {
            text = tokens.truncate(model.model(), text, max);
            truncated = true;
        }
        long delay = delayMillis();
        Long firstToken = null;
        for (String word : text.split("(?<=\\s)(?=\\S)")) {
            if (word.isEmpty()) continue;
            pause(request, delay);
            if (firstToken == null) firstToken = (System.nanoTime() - start) / 1_000_000;
            listener.onText(word);
        }
        if (request.cancellation().isCancelled()) throw cancelled();
        ChatResult.Usage usage = new ChatResult.Usage(tokens.countMessages(model.model(), request.messages()),
                tokens.count(model.model(), text), true);
        return new ChatResult(text, truncated ? "length" : "stop", usage, (System.nanoTime() - start) / 1_000_000,
                firstToken, KIND);
    }

    static String lastUserText(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (Message.USER.equals(messages.get(i).role())) return messages.get(i).text();
        }
        return "";
    }

    private void pause(ChatRequest request, long delay) {
        if (request.cancellation().isCancelled()) throw cancelled();
        if (delay <= 0) return;
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled();
        }
        if (request.cancellation().isCancelled()) throw cancelled();
    }

    private long delayMillis() {
        Object value = model.options().get("delayMillis");
        if (value == null) return 0;
        try {
            return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ProviderException("model '" + model.id() + "': option 'delayMillis' must be a whole number, found '"
                    + value + "'");
        }
    }

    private ProviderException cancelled() {
        return new ProviderException("model '" + model.id() + "': call cancelled");
    }
}
