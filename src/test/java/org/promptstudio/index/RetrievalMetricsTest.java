package org.promptstudio.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.promptstudio.index.RetrievalMetrics.Judged;
import org.promptstudio.model.Chunk;

/** Values computed by hand in the comments. */
class RetrievalMetricsTest {

    @Test
    void chunksAreReducedToDocumentsAtTheRankOfTheirFirstChunk() {
        assertThat(RetrievalMetrics.documents(List.of("a.md", "a.md", "b.md", "a.md", "c.md", "b.md")))
                .containsExactly("a.md", "b.md", "c.md");
    }

    @Test
    void recallAtKCountsDocumentsNotChunks() {
        // chunks a a b c d -> documents a b c d; relevant {b, d}
        List<String> ranked = List.of("a.md", "a.md", "b.md", "c.md", "d.md");
        Set<String> relevant = Set.of("b.md", "d.md");
        assertThat(RetrievalMetrics.recallAtK(ranked, relevant, 1)).isEqualTo(0.0); // {a}
        assertThat(RetrievalMetrics.recallAtK(ranked, relevant, 2)).isEqualTo(0.5); // {a, b}: 1 of 2
        assertThat(RetrievalMetrics.recallAtK(ranked, relevant, 3)).isEqualTo(0.5); // {a, b, c}
        assertThat(RetrievalMetrics.recallAtK(ranked, relevant, 4)).isEqualTo(1.0); // {a, b, c, d}
        assertThat(RetrievalMetrics.recallAtK(ranked, relevant, 50)).isEqualTo(1.0); // fewer results than k
        assertThat(RetrievalMetrics.recallAtK(List.of(), relevant, 5)).isEqualTo(0.0);
    }

    @Test
    void recallOfThreeRelevantDocuments() {
        // documents x r1 y r2; relevant {r1, r2, r3}: recall@4 = 2/3
        assertThat(RetrievalMetrics.recallAtK(List.of("x", "r1", "r1", "y", "r2"), Set.of("r1", "r2", "r3"), 4))
                .isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void reciprocalRankOfTheFirstRelevantDocument() {
        // chunks a a b c -> documents a b c; first relevant c at document rank 3 (chunk rank 4)
        assertThat(RetrievalMetrics.reciprocalRank(List.of("a", "a", "b", "c"), Set.of("c", "z")))
                .isCloseTo(1.0 / 3, within(1e-12));
        assertThat(RetrievalMetrics.reciprocalRank(List.of("c", "a"), Set.of("c"))).isEqualTo(1.0);
        assertThat(RetrievalMetrics.reciprocalRank(List.of("a", "b"), Set.of("c"))).isEqualTo(0.0);
    }

    @Test
    void meansOverQuestions() {
        List<Judged> questions = List.of(
                new Judged(List.of("a", "b"), Set.of("a")),            // recall@1 1,   RR 1
                new Judged(List.of("x", "x", "b"), Set.of("b", "c")),   // recall@1 0,   recall@2 0.5, RR 1/2
                new Judged(List.of("x", "y", "z", "w"), Set.of("q")));  // recall 0,     RR 0
        assertThat(RetrievalMetrics.meanRecallAtK(questions, 1)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(RetrievalMetrics.meanRecallAtK(questions, 2)).isCloseTo((1 + 0.5 + 0) / 3, within(1e-12));
        assertThat(RetrievalMetrics.meanReciprocalRank(questions)).isCloseTo((1 + 0.5 + 0) / 3, within(1e-12));
        assertThat(RetrievalMetrics.meanReciprocalRank(List.of())).isEqualTo(0.0);
    }

    @Test
    void sourcesOfSearchHitsKeepRankOrder() {
        List<SearchHit> hits = List.of(hit("docs/b.md", 1), hit("docs/a.md", 2), hit("docs/b.md", 3));
        assertThat(RetrievalMetrics.sources(hits)).containsExactly("docs/b.md", "docs/a.md", "docs/b.md");
        assertThat(RetrievalMetrics.reciprocalRank(RetrievalMetrics.sources(hits), Set.of("docs/a.md"))).isEqualTo(0.5);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> RetrievalMetrics.recallAtK(List.of("a"), Set.of("a"), 0))
                .hasMessage("k must be at least 1, was 0");
        assertThatThrownBy(() -> new Judged(List.of("a"), Set.of()))
                .hasMessage("a judged question needs a relevant document");
    }

    private static SearchHit hit(String source, int rank) {
        Chunk chunk = new Chunk(source, rank, "t", List.of(), "text", 0, 4, 1, false);
        return new SearchHit(new IndexedChunk(chunk, new float[0], List.of(), List.of()), rank, 1.0 / rank, "text", 0, 0);
    }
}
