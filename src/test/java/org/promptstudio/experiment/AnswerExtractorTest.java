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
    void lastNumberReadsNumbersAsModelsWriteThem() {
        AnswerExtractor x = new AnswerExtractor(null, null);
        // issue 9: both read as 500 before.
        assertThat(x.extract("The profit is $\\boxed{9{,}500}$ dollars")).isEqualTo("9500");
        assertThat(x.extract("The population is 12\u202F500.")).isEqualTo("12500");
        // The last \\boxed is the answer even when numbers follow it (MATH's last_boxed_only_string).
        assertThat(x.extract("So \\boxed{8,000}. Check: 8000 / 4 = 2000")).isEqualTo("8000");
        assertThat(x.extract("The answer is \\boxed{B}.")).isEqualTo("B");
        assertThat(x.extract("Natalia sold 48+24 = 72 clips, altogether")).isEqualTo("72");
        assertThat(x.extract("It drops to \u22126 degrees")).isEqualTo("-6");
        assertThat(x.extract("a rise of 45%")).isEqualTo("45%");
        assertThat(x.extract("no number at all")).isNull();
    }

    @Test
    void aCapturedGroupIsNormalisedByTheSameRule() {
        AnswerExtractor x = new AnswerExtractor("Answer:\\s*(.+)", null);
        assertThat(x.extract("...\nAnswer: $\\boxed{9{,}500}$")).isEqualTo("9500");
        assertThat(x.extract("...\nAnswer: 70\u00A0000 €")).isEqualTo("70000");
        assertThat(x.extract("...\nAnswer: \\frac{3}{4}")).isEqualTo("0.75");
        assertThat(x.extract("...\nAnswer: Paris.")).isEqualTo("Paris.");
        AnswerExtractor sample = new AnswerExtractor("Answer:\\s*(-?[0-9.,]+)", null);
        assertThat(sample.extract("Answer: 60.")).isEqualTo("60");
        assertThat(new AnswerExtractor(null, "total").extract("{\"total\": \"$1,234.50\"}")).isEqualTo("1234.5");
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

    @Test
    void answersVoteByTheirNormalisedForm() {
        // 9500 and 9,500 are one answer; the winner is shown as first written.
        MajorityVote.Result r = MajorityVote.of(Arrays.asList("9,500", "9400", "9500", "$9,500.00", "9400"));
        assertThat(r.answer()).isEqualTo("9,500");
        assertThat(r.votes()).isEqualTo(3);
        assertThat(r.voters()).isEqualTo(5);
        assertThat(MajorityVote.of(Arrays.asList("Lyon", "Paris.", "paris", "Lyon", "PARIS")).answer()).isEqualTo("Paris.");
    }
}
