package org.promptstudio.template;

import java.util.List;
import org.promptstudio.model.Message;

/** The result of rendering: the messages a model receives and the merged metadata (config, schemas, ...). */
public record RenderedPrompt(List<Message> messages, PromptMetadata metadata) {
    public RenderedPrompt {
        messages = List.copyOf(messages);
    }
}
