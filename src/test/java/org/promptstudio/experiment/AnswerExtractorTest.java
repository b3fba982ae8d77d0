package org.promptstudio.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AnswerExtractorTest {

    @Test
    void regexTakesTheLastMatchAndNormalisesNumbers() {
        AnswerExtractor x = new AnswerExtractor("Answer:\\s*(-?[0-9.,]+)", null);
        assertThat(x.extract("Try Answer: 3 first... no.\nSo 1,200 + 34.50 = 1,234.50\nAnswer: 1,234.50")).isEqualTo("1234.5");
        assertThat(x.extract("no final line")).isNull();
    }

    @Test
    void lastNumberIsTheDefault() {
        AnswerExtractor x = new AnswerExtractor(null, null);
        assertThat(x.extract("48 / 4 = 12, then 36 + 7 = 43.")).isEqualTo("43");
        assertThat(x.extract("It drops to -6 degrees")).isEqualTo("-6");
        assertThat(x.extract("3.0")).isEqualTo("3");
    }

    @Test
    void jsonFieldIsReadFromTheObjectInTheText() {
        AnswerExtractor x = new AnswerExtractor(null, "result.category");
        assertThat(x.extract("Here you go:\n{\"result\": {\"category\": \"billing\"}}\n")).isEqualTo("billing");
        assertThat(x.extract("{broken")).isNull();
    }

    @Test
    void majorityVoteTakesTheMostFrequentAndBreaksTiesByFirstSeen() {
        MajorityVote.Result r = MajorityVote.of(Arrays.asList("42", "41", "42", null, "41", "42"));
        assertThat(r.answer()).isEqualTo("42");
        assertThat(r.votes()).isEqualTo(3);
        assertThat(r.voters()).isEqualTo(5);
        assertThat(MajorityVote.of(Arrays.asList("a", "b", "b", "a")).answer()).isEqualTo("a");
        assertThat(MajorityVote.of(Arrays.asList(null, null)).answer()).isNull();
    }
}
