package org.promptstudio.eval;

import java.util.List;
import org.promptstudio.provider.Embeddings;

/** Turns texts into vectors for similarity; MiniLM in-process by default, anything in tests. */
@FunctionalInterface
public interface Embedder {

    List<float[]> embedAll(List<String> texts);

    /** all-MiniLM-L6-v2, shared by the whole process, with its cache of recent texts. */
    static Embedder miniLm() {
        return texts -> Embeddings.shared().embedAll(texts);
    }
}
