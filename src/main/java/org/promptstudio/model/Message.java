package org.promptstudio.model;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One message of a rendered prompt or a conversation. Roles follow Dotprompt: {@code system}, {@code user},
 * {@code model} (the assistant) and {@code tool}.
 */
public record Message(String role, List<Part> content, Map<String, Object> metadata) {

    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String MODEL = "model";
    /** The role of a message that carries tool results ({@link Part.ToolResponse}). */
    public static final String TOOL = "tool";

    public Message {
        if (role == null || role.isBlank()) throw new IllegalArgumentException("role is empty");
        content = List.copyOf(content);
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    public Message(String role, List<Part> content) {
        this(role, content, Map.of());
    }

    public static Message text(String role, String text) {
        return new Message(role, List.of(new Part.Text(text)));
    }

    /** The tool calls this message asks for, in order (empty when none). */
    public List<Part.ToolRequest> toolRequests() {
        return content.stream().filter(Part.ToolRequest.class::isInstance).map(Part.ToolRequest.class::cast).toList();
    }

    /** The text parts joined, media and pending parts left out. */
    public String text() {
        return content.stream()
                .filter(Part.Text.class::isInstance)
                .map(p -> ((Part.Text) p).text())
                .collect(Collectors.joining());
    }
}
