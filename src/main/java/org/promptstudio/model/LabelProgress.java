package org.promptstudio.model;

import java.util.List;

/**
 * How far a queue is: items complete (with {@code overlap} labels), labels given of those wanted, and per annotator.
 *
 * @param annotators each annotator who gave a label in the queue, by name
 */
public record LabelProgress(String queue, int items, int itemsComplete, int labels, int labelsWanted,
                            List<Annotator> annotators) {

    public LabelProgress {
        annotators = List.copyOf(annotators);
    }

    /**
     * One annotator's part.
     *
     * @param labels    labels this annotator gave in the queue
     * @param available items this annotator may still label (not labelled by them, still short of labels)
     */
    public record Annotator(String name, int labels, int available) {
    }
}
