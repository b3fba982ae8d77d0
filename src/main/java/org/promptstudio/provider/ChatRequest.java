package org.promptstudio.provider;

import java.util.List;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.ToolDefinition;

/**
 * One call: the model, the rendered messages, the settings after all overrides, and the tools the model may call
 * (empty: none; an adapter whose model cannot call tools refuses a request that has some, with one line).
 */
public record ChatRequest(ModelRef model, List<Message> messages, GenerationParams params, Cancellation cancellation,
                          List<ToolDefinition> tools) {

    public ChatRequest {
        messages = List.copyOf(messages);
        params = params == null ? GenerationParams.NONE : params;
        cancellation = cancellation == null ? new Cancellation() : cancellation;
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    public ChatRequest(ModelRef model, List<Message> messages, GenerationParams params, Cancellation cancellation) {
        this(model, messages, params, cancellation, List.of());
    }

    public ChatRequest(ModelRef model, List<Message> messages, GenerationParams params) {
        this(model, messages, params, new Cancellation());
    }

    /** This request with other messages (a conversation continued after a tool's result). */
    public ChatRequest withMessages(List<Message> other) {
        return new ChatRequest(model, other, params, cancellation, tools);
    }
}
