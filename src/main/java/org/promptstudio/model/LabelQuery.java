package org.promptstudio.model;

/**
 * Which stored labels to read; each part null for any.
 *
 * @param schema    labels of this schema
 * @param queue     labels given in this queue
 * @param callId    labels of this call (as A or B)
 * @param annotator labels by this person
 */
public record LabelQuery(String schema, String queue, Long callId, String annotator) {

    /** Every label. */
    public static LabelQuery all() {
        return new LabelQuery(null, null, null, null);
    }

    public static LabelQuery ofSchema(String schema) {
        return new LabelQuery(schema, null, null, null);
    }

    public static LabelQuery ofQueue(String queue) {
        return new LabelQuery(null, queue, null, null);
    }

    public LabelQuery withSchema(String s) {
        return new LabelQuery(s, queue, callId, annotator);
    }

    public LabelQuery withQueue(String q) {
        return new LabelQuery(schema, q, callId, annotator);
    }

    public LabelQuery withCall(Long id) {
        return new LabelQuery(schema, queue, id, annotator);
    }

    public LabelQuery withAnnotator(String a) {
        return new LabelQuery(schema, queue, callId, a);
    }
}
