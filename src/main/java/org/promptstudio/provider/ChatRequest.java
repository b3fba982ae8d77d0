package org.promptstudio.provider;

import java.util.List;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;

/** One call: the model, the rendered messages, and the settings after all overrides. */
public record ChatRequest(ModelRef model, List<Message> messages, GenerationParams params, Cancellation cancellation) {

    public ChatRequest {
        messages = List.copyOf(messages);
        params = params == null ? GenerationParams.NONE : params;
        cancellation = cancellation == null ? new Cancellation() : cancellation;
    }

    public ChatRequest(ModelRef model, List<Message> messages, GenerationParams params) {
        this(model, messages, params, new Cancellation());
    }
}
