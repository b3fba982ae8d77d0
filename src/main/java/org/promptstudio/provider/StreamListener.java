package org.promptstudio.provider;

/** Receives text as a model streams it. Called on the adapter's thread; keep it quick. */
@FunctionalInterface
public interface StreamListener {

    StreamListener NONE = delta -> { };

    void onText(String delta);
}
