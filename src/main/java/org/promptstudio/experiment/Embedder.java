package org.promptstudio.experiment;

import java.util.List;

/** Turns texts into vectors for "nearest" few-shot selection (the in-process MiniLM model in practice). */
@FunctionalInterface
public interface Embedder {
    List<float[]> embed(List<String> texts);

    /** The in-process MiniLM model ({@link org.promptstudio.provider.Embeddings#shared()}), loaded on first use. */
    static Embedder miniLm() {
        return texts -> org.promptstudio.provider.Embeddings.shared().embedAll(texts);
    }
}
