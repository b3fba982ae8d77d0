package org.promptstudio.labelling;

/**
 * A label refused because its item already has labels from as many other annotators as its queue's overlap asks for;
 * the message is one line saying so. Nothing was stored.
 */
public class ItemFullException extends LabellingException {

    /** @param message one line naming the item and its queue */
    public ItemFullException(String message) {
        super(message);
    }
}
