package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class EmbeddingsTest {

    private final Embeddings embeddings = Embeddings.shared();

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        List<float[]> v = embeddings.embedAll(List.of(
                "How long do I have to return my thermostat?",
                "You can return any hardware within 30 days of delivery.",
                "The radiator valve runs on two AA batteries."));
        assertThat(v).allSatisfy(vector -> assertThat(vector).hasSize(Embeddings.DIMENSION));
        assertThat(Embeddings.cosine(v.get(0), v.get(1))).isGreaterThan(Embeddings.cosine(v.get(0), v.get(2)) + 0.1);
        assertThat(Embeddings.cosine(v.get(0), v.get(0))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void givesTheSameVectorAloneInABatchAndFromManyThreads() throws Exception {
        String text = "Orders placed before 14:00 leave the warehouse the same day.";
        float[] alone = embeddings.embed(text);
        embeddings.forgetRemembered();   // so the batch computes it again
        assertThat(embeddings.embedAll(List.of("Something else entirely.", text)).get(1)).containsExactly(alone);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            embeddings.forgetRemembered();
            List<Future<float[]>> futures = pool.invokeAll(List.of(
                    () -> embeddings.embed(text + " One."), () -> embeddings.embed(text + " One."),
                    () -> embeddings.embed(text + " One."), () -> embeddings.embed(text + " One.")));
            float[] first = futures.get(0).get();
            for (Future<float[]> f : futures) assertThat(f.get()).containsExactly(first);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void callersCannotChangeRememberedVectors() {
        float[] v = embeddings.embed("The Bridge needs 2.4 GHz Wi-Fi.");
        float original = v[0];
        v[0] = 42f;
        assertThat(embeddings.embed("The Bridge needs 2.4 GHz Wi-Fi.")[0]).isEqualTo(original);
    }

    @Test
    void blankTextIsTheZeroVectorAndCosineMathHolds() {
        assertThat(embeddings.embed("  ")).containsOnly(0f);
        assertThat(Embeddings.cosine(new float[] {1, 0}, new float[] {0, 1})).isZero();
        assertThat(Embeddings.cosine(new float[] {1, 1}, new float[] {2, 2})).isCloseTo(1.0, within(1e-9));
        assertThat(Embeddings.cosine(new float[] {1, 0}, new float[] {-1, 0})).isCloseTo(-1.0, within(1e-9));
        assertThat(Embeddings.cosine(new float[] {0, 0}, new float[] {1, 0})).isZero();
        assertThat(Embeddings.centroid(List.of(new float[] {1, 3}, new float[] {3, 1}))).containsExactly(2f, 2f);
    }
}
