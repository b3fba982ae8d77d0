package org.promptstudio.labelling.export;

import java.util.List;
import java.util.Map;
import org.promptstudio.model.Message;

/**
 * One recorded call with what its labels settled on: the input of an export.
 *
 * @param callId       the call's id in the store
 * @param promptPath   the template it came from ({@code prompts/support.prompt}), null for a call of no template
 * @param promptCommit the git commit of that template, null when unknown
 * @param model        the model that answered ({@code openai/gpt-4o-mini})
 * @param messages     the messages sent, as recorded ({@code call_texts.messages_json})
 * @param answer       the model's answer (output text), null when the call gave none
 * @param labels       the consensus per schema name
 */
public record LabelledCall(long callId, String promptPath, String promptCommit, String model, List<Message> messages,
                           String answer, Map<String, ConsensusLabel> labels) {

    public LabelledCall {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("model is empty");
        messages = List.copyOf(messages);
        labels = Map.copyOf(labels);
    }
}
