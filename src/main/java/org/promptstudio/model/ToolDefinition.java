package org.promptstudio.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tool a model may call, as Dotprompt's {@code ToolDefinition}: its name, what it does (the model reads this to
 * decide), and the JSON Schema of its arguments. {@code outputSchema} is optional (null) and only documents what the
 * tool returns. {@code source} says where it is defined ({@code tools/weather.yaml}, or the prompt file for an inline
 * definition), for messages.
 */
public record ToolDefinition(String name, String description, Map<String, Object> inputSchema,
                             Map<String, Object> outputSchema, String source) {

    public ToolDefinition {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("tool name is empty");
        description = description == null ? "" : description;
        inputSchema = inputSchema == null ? Map.of("type", "object")
                : Collections.unmodifiableMap(new LinkedHashMap<>(inputSchema));
        outputSchema = outputSchema == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(outputSchema));
    }
}
