package org.promptstudio.experiment;

import java.util.List;

/** Turns texts into vectors for "nearest" few-shot selection (the in-process MiniLM model in practice). */
@FunctionalInterface
public interface Embedder {
    List<float[]> embed(List<String> texts);

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
