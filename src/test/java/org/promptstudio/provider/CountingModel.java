package org.promptstudio.provider;

import java.util.concurrent.atomic.AtomicInteger;

/** Stands in for a remote model: answers "answer N" to its Nth call, or fails when told to. */
final class CountingModel implements ModelProvider {

    final AtomicInteger calls = new AtomicInteger();
    volatile boolean failing;

    @Override
    public ChatResult chat(ChatRequest request, StreamListener listener) {
        int n = calls.incrementAndGet();
        if (failing) throw new ProviderException("model '" + request.model().id() + "': HTTP 500", true, -1, 500, null);
        String text = "answer " + n;
        listener.onText(text);
        return new ChatResult(text, "stop", new ChatResult.Usage(12, 2, false), 800 + n, 300L, "gpt-4o-mini-2024-07-18");
    }
}
