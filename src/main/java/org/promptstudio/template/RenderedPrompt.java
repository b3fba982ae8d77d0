package org.promptstudio.template;

import java.util.List;
import org.promptstudio.model.Message;

/**
 * The result of rendering: the messages a model receives, the merged metadata (config, schemas, ...) and the
 * warnings about the template found while rendering (variables the input schema does not declare), in the order
 * they appear in the files.
 */
public record RenderedPrompt(List<Message> messages, PromptMetadata metadata, List<TemplateWarning> warnings) {
    public RenderedPrompt {
        messages = List.copyOf(messages);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public RenderedPrompt(List<Message> messages, PromptMetadata metadata) {
        this(messages, metadata, List.of());
    }
}
