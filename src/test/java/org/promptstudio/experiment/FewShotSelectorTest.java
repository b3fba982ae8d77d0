package org.promptstudio.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FewShotSelectorTest {

    private static final List<FewShotSelector.Example> POOL = List.of(
            new FewShotSelector.Example("p1", Map.of("question", "How do I return a thermostat?", "answer", "Within 30 days.")),
            new FewShotSelector.Example("p2", Map.of("question", "What does shipping to Germany cost?", "answer", "4.95")),
            new FewShotSelector.Example("p3", Map.of("question", "Can I return an opened valve?", "answer", "Yes.")),
            new FewShotSelector.Example("p4", Map.of("question", "How long is the warranty?", "answer", "Two years.")));

    /** A toy embedding by shared words, so "nearest" is checkable without the model. */
    private static final Embedder WORDS = texts -> {
        List<String> vocab = List.of("return", "shipping", "warranty", "valve", "thermostat", "cost");
        List<float[]> out = new ArrayList<>();
        for (String t : texts) {
            float[] v = new float[vocab.size()];
            for (int i = 0; i < vocab.size(); i++) v[i] = t.toLowerCase().contains(vocab.get(i)) ? 1 : 0;
            out.add(v);
        }
        return out;
    };

    @Test
    void fixedTakesTheFirstK() {
        FewShotSelector s = new FewShotSelector(POOL, 2, "fixed", null, null);
        assertThat(s.select("c1", Map.of("question", "anything"))).extracting(FewShotSelector.Example::id)
                .containsExactly("p1", "p2");
    }

    @Test
    void randomIsRepeatableForTheSameSeedAndCase() {
        FewShotSelector a = new FewShotSelector(POOL, 2, "random", 7L, null);
        FewShotSelector b = new FewShotSelector(POOL, 2, "random", 7L, null);
        Map<String, Object> input = Map.of("question", "q");
        assertThat(a.select("c9", input)).isEqualTo(b.select("c9", input)).hasSize(2);
    }

    @Test
    void nearestWithoutTheEmbeddingModelPlansButSaysSoWhenAskedToPick() {
        // a recorded run read back plans its cases without the model (RunGrids); picking needs it
        FewShotSelector s = new FewShotSelector(POOL, 2, "nearest", null, null);
        assertThat(s.poolSize()).isEqualTo(POOL.size());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.select("q", Map.of("question", "x")))
                .isInstanceOf(ExperimentException.class)
                .hasMessage("few-shot 'nearest' selection needs the embedding model");
    }

    @Test
    void nearestPicksTheMostSimilarWithTheClosestLast() {
        FewShotSelector s = new FewShotSelector(POOL, 2, "nearest", null, WORDS);
        List<FewShotSelector.Example> chosen = s.select("c1", Map.of("question", "I want to return my valve"));
        assertThat(chosen).extracting(FewShotSelector.Example::id).containsExactly("p1", "p3");
    }

    @Test
    void theCaseUnderTestIsNeverItsOwnExample() {
        FewShotSelector byId = new FewShotSelector(POOL, 4, "fixed", null, null);
        assertThat(byId.select("p2", Map.of("question", "x"))).extracting(FewShotSelector.Example::id)
                .doesNotContain("p2").hasSize(3);
        FewShotSelector byText = new FewShotSelector(POOL, 4, "nearest", null, WORDS);
        assertThat(byText.select("other", Map.of("question", "How long is the warranty?")))
                .extracting(FewShotSelector.Example::id).doesNotContain("p4");
    }
}
