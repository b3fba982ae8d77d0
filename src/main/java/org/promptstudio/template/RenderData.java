package org.promptstudio.template;

import java.util.List;
import java.util.Map;
import org.promptstudio.model.Message;

/**
 * What a prompt is rendered with: its {@code input} variables, {@code context} data items (reached as
 * {@code @name}, e.g. {@code @state}), earlier {@code messages} (for {@code {{history}}}) and {@code docs}.
 */
public record RenderData(Map<String, Object> input, Map<String, Object> context, List<Message> messages,
                         List<Object> docs) {

    public RenderData {
        input = input == null ? Map.of() : input;
        context = context == null ? Map.of() : context;
        messages = messages == null ? List.of() : List.copyOf(messages);
        docs = docs == null ? List.of() : docs;
    }

    public static RenderData of(Map<String, Object> input) {
        return new RenderData(input, Map.of(), List.of(), List.of());
    }

    public static RenderData empty() {
        return of(Map.of());
    }
}
