package org.promptstudio.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Review 14b: "ms" (milliseconds) is on the abbreviation list, so a sentence ending in a duration swallows the next. */
class SentenceSplitReviewTest {

    @Test
    void aSentenceEndingInMillisecondsEndsThere() {
        assertThat(ContextRetrieval.sentences("The valve opens within 50 ms. The pump then starts at low speed."))
                .containsExactly("The valve opens within 50 ms.", "The pump then starts at low speed.");
    }
}
