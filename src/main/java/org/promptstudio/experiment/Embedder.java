package org.promptstudio.experiment;

import java.util.List;

/** Turns texts into vectors for "nearest" few-shot selection (the in-process MiniLM model in practice). */
@FunctionalInterface
public interface Embedder {
    List<float[]> embed(List<String> texts);
}
