package org.promptstudio.model;

import java.util.List;

/**
 * A labelling queue just made, with what its maker should know, one line each: the sample drawn and its seed (also
 * a seed the studio picked), a sample larger than the matching items, pairs whose two answers had different prompts.
 *
 * @param queue the queue with its figures
 * @param notes the lines to show, in that order; empty when there is nothing to say
 */
public record LabelQueueCreated(LabelQueueSummary queue, List<String> notes) {

    public LabelQueueCreated {
        notes = List.copyOf(notes);
    }
}
