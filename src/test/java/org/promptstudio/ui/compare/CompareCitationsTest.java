package org.promptstudio.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.ContextChunk;

/**
 * The cell detail's citation links read an answer as {@code cites-sources} does (decision 0141): each number of
 * {@code [1, 2]} leads to its chunk, a range to the chunks in it; words and numbers of no chunk given lead nowhere.
 */
class CompareCitationsTest {

    private static final List<ContextChunk> GIVEN = List.of(
            new ContextChunk(1, "docs/refunds.md#0", "docs/refunds.md", 0, 0.03, "Refunds take 14 days."),
            new ContextChunk(2, "docs/shipping.md#1", "docs/shipping.md", 1, 0.02, "Shipping is free above 50 euros."),
            new ContextChunk(3, "docs/warranty.md#0", "docs/warranty.md", 0, 0.01, "The warranty lasts two years."));

    private static CompareViewModel.SampleDetail sample(List<ContextChunk> given) {
        CallRecord call = CallRecord.builder().id(1L).model("builtin", "extractive").createdAt(Instant.now())
                .texts(new CallTexts("[]", "x", null, null)).context(given).build();
        return new CompareViewModel.SampleDetail(0, "", "x", null, call);
    }

    @Test
    void eachNumberOfAListAndEachRangeLeadsToItsChunks() {
        String text = "Refunds and shipping [1, 2]. All three [1-3]. Later [TODO] in [2024] and [4].";
        List<CompareViewModel.Cited> cited = sample(GIVEN).cited(text);
        assertThat(cited).extracting(c -> text.substring(c.start(), c.end())).containsExactly("1", "2", "[1-3]");
        assertThat(cited.get(1).sources()).extracting(CompareViewModel.Source::where)
                .containsExactly("docs/shipping.md#1");
        assertThat(cited.get(2).sources()).extracting(CompareViewModel.Source::n).containsExactly(1, 2, 3);
        assertThat(sample(List.of()).cited(text)).isEmpty();
    }

    @Test
    void aCellWhoseRetrievalFoundNothingSaysSoInItsMetricsLine() {
        CompareViewModel.CellState noted = new CompareViewModel.CellState(CompareViewModel.Status.DONE, "x", null, 812L,
                35L, 120L, null, List.of(), null, Double.NaN, null, CompareViewModel.Versus.NONE, null, null, false,
                "retrieval found no chunk for query \"refund\"");
        assertThat(noted.metrics()).isEqualTo("812 ms \u00b7 35\u2192120 tok \u00b7 no chunk retrieved");
        CompareViewModel.CellState plain = new CompareViewModel.CellState(CompareViewModel.Status.DONE, "x", null, 812L,
                35L, 120L, null, List.of(), null, Double.NaN, null, CompareViewModel.Versus.NONE, null, null, false);
        assertThat(plain.metrics()).isEqualTo("812 ms \u00b7 35\u2192120 tok");
    }
}
