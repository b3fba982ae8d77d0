package org.promptstudio.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SentimentTest {

    @Test
    void clearlyPositiveMessagesScoreAboveHalf() {
        assertThat(Sentiment.compound("Thanks, this answer is great and really helpful.")).isGreaterThan(0.5);
        assertThat(Sentiment.compound("I love it, perfect summary")).isGreaterThan(0.5);
    }

    @Test
    void clearlyNegativeMessagesScoreBelowMinusHalf() {
        assertThat(Sentiment.compound("This is wrong and useless, a terrible answer.")).isLessThan(-0.5);
        assertThat(Sentiment.compound("I hate how slow and broken this is")).isLessThan(-0.5);
    }

    @Test
    void neutralTextScoresAboutZero() {
        assertThat(Sentiment.compound("Please summarise the attached report in three bullet points."))
                .isCloseTo(0, within(0.05));
        assertThat(Sentiment.compound("What is the capital of France?")).isZero();
        assertThat(Sentiment.compound("")).isZero();
        assertThat(Sentiment.compound(null)).isZero();
    }

    @Test
    void aNegationFlipsTheSign() {
        double good = Sentiment.compound("The answer was good");
        double notGood = Sentiment.compound("The answer was not good");
        assertThat(good).isPositive();
        assertThat(notGood).isNegative();
        assertThat(Sentiment.compound("It isn't helpful at all")).isNegative();
        assertThat(Sentiment.compound("I don't hate it")).isPositive();
        // The negation damps as it flips (x -0.74): "not good" is weaker than "good".
        assertThat(Math.abs(notGood)).isLessThan(good);
    }

    @Test
    void intensifiersAndDampenersMoveTheScore() {
        double good = Sentiment.compound("The answer was good");
        assertThat(Sentiment.compound("The answer was very good")).isGreaterThan(good);
        assertThat(Sentiment.compound("The answer was slightly good")).isLessThan(good).isPositive();
        assertThat(Sentiment.compound("The answer was extremely bad"))
                .isLessThan(Sentiment.compound("The answer was bad"));
        assertThat(Sentiment.compound("This is kind of useful")).isLessThan(Sentiment.compound("This is useful"))
                .isPositive();
        // "pretty" and "super" before a judgement are intensifiers, not praise of their own.
        assertThat(Sentiment.compound("pretty bad")).isLessThan(Sentiment.compound("bad"));
    }

    @Test
    void theClauseAfterButWeighsMore() {
        assertThat(Sentiment.compound("The answer was good but the format was terrible")).isNegative();
        assertThat(Sentiment.compound("The answer was slow but excellent")).isPositive();
    }

    @Test
    void capitalsAndExclamationMarksEmphasise() {
        double good = Sentiment.compound("this is good");
        assertThat(Sentiment.compound("this is GOOD")).isGreaterThan(good);
        assertThat(Sentiment.compound("this is good!!!")).isGreaterThan(good);
        assertThat(Sentiment.compound("this is bad!!")).isLessThan(Sentiment.compound("this is bad"));
        // All capitals emphasise nothing: the whole message shouts.
        assertThat(Sentiment.compound("THIS IS GOOD")).isCloseTo(good, within(1e-12));
    }

    @Test
    void theScoreIsNormalisedIntoMinusOneToOne() {
        assertThat(Sentiment.normalize(0)).isZero();
        assertThat(Sentiment.normalize(1)).isCloseTo(1 / Math.sqrt(16), within(1e-12));
        String gushing = "great ".repeat(200) + "!!!!!!!";
        assertThat(Sentiment.compound(gushing)).isLessThanOrEqualTo(1).isGreaterThan(0.99);
    }

    @Test
    void theLexiconHasHundredsOfWordsOnVadersScale() {
        assertThat(Sentiment.lexicon()).hasSizeGreaterThan(300);
        assertThat(Sentiment.lexicon().values()).allSatisfy(v -> assertThat(v).isBetween(-4.0, 4.0));
    }
}
