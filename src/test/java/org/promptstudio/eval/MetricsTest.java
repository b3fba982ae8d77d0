package org.promptstudio.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reference values come from the papers' and packages' own documentation (NLTK's bleu_score docstrings, the
 * rouge_score README); neither package is installed here, so the hand computations are in the comments.
 */
class MetricsTest {

    private static List<String> t(String s) {
        return Arrays.asList(s.split(" "));
    }

    // NLTK bleu_score docstring example (from Papineni et al.'s own example), case kept as given.
    private static final List<String> HYP1 = t("It is a guide to action which ensures that the military always obeys the commands of the party");
    private static final List<String> REF1A = t("It is a guide to action that ensures that the military will forever heed Party commands");
    private static final List<String> REF1B = t("It is the guiding principle which guarantees the military forces always being under the command of the Party");
    private static final List<String> REF1C = t("It is the practical guide for the army always to heed the directions of the party");
    private static final List<String> HYP2 = t("he read the book because he was interested in world history");
    private static final List<String> REF2A = t("he was interested in world history because he read the book");

    @Test
    void corpusBleuMatchesNltksDocumentedValue() {
        // nltk.translate.bleu_score.corpus_bleu([[ref1a, ref1b, ref1c], [ref2a]], [hyp1, hyp2]) == 0.5920778868801042
        double bleu = Metrics.corpusBleu(List.of(List.of(REF1A, REF1B, REF1C), List.of(REF2A)), List.of(HYP1, HYP2));
        assertThat(bleu).isCloseTo(0.5920778868801042, within(1e-12));
    }

    @Test
    void sentenceBleuMatchesNltksDocumentedValue() {
        // nltk sentence_bleu([reference1, reference2, reference3], hypothesis1) == 0.5045666840058485. By hand:
        // p1 = 17/18, p2 = 10/17, p3 = 8/16, p4 = 5/15 (clipped), hypothesis 18 words, closest reference 18: BP = 1;
        // (17/18 * 10/17 * 1/2 * 1/3)^(1/4) = 0.50457. Every precision is above 0, so smoothing changes nothing.
        double bleu = Metrics.sentenceBleu(List.of(REF1A, REF1B, REF1C), HYP1);
        assertThat(bleu).isCloseTo(0.5045666840058485, within(1e-12));
    }

    @Test
    void identicalSentencesHaveBleuOne() {
        assertThat(Metrics.bleu("the cat sat on the mat", List.of("The cat sat on the mat."))).isEqualTo(1.0);
    }

    @Test
    void sentenceBleuIsSmoothedWhereUnsmoothedWouldBeZero() {
        // "the cat sat" vs "the cat ran": p1 = 2/3, p2 = 1/2, p3 = 0 -> 0.1/1, p4: no 4-gram -> 0.1/1.
        // BP = 1 (same length). (2/3 * 1/2 * 0.1 * 0.1)^(1/4) = (1/300)^(1/4) = 0.24028
        assertThat(Metrics.bleu("the cat sat", List.of("the cat ran"))).isCloseTo(Math.pow(1.0 / 300, 0.25), within(1e-12));
        assertThat(Metrics.corpusBleu(List.of(List.of(t("the cat ran"))), List.of(t("the cat sat")))).isZero();
        assertThat(Metrics.bleu("dogs bark", List.of("the cat ran"))).isZero();
    }

    @Test
    void shortCandidateIsPenalisedForBrevity() {
        // 3 of a 6-word reference, all n-grams present: precisions 1, BP = exp(1 - 6/3) = e^-1; p4: no 4-gram -> 0.1.
        double bleu = Metrics.bleu("the cat sat", List.of("the cat sat on the mat"));
        assertThat(bleu).isCloseTo(Math.exp(-1) * Math.pow(0.1, 0.25), within(1e-12));
    }

    @Test
    void rougeLMatchesTheRougeScoreReadme() {
        // rouge_score README: score(target='The quick brown fox jumps over the lazy dog',
        // prediction='The quick brown dog jumps on the log.') -> rougeL precision 0.625, recall 0.5556, f 0.5882.
        // By hand: LCS = "the quick brown jumps the" = 5; P = 5/8, R = 5/9, F = 2PR/(P+R) = 10/17.
        Metrics.Prf prf = Metrics.rougeL(Metrics.words("The quick brown dog jumps on the log."),
                Metrics.words("The quick brown fox jumps over the lazy dog"));
        assertThat(prf.precision()).isEqualTo(0.625);
        assertThat(prf.recall()).isCloseTo(5.0 / 9, within(1e-12));
        assertThat(prf.f()).isCloseTo(10.0 / 17, within(1e-12));
        assertThat(Metrics.rougeL("The quick brown dog jumps on the log.", "The quick brown fox jumps over the lazy dog"))
                .isCloseTo(0.5882352941176471, within(1e-12));
    }

    @Test
    void rougeLOfNothingInCommonOrEmptyIsZero() {
        assertThat(Metrics.rougeL("alpha beta", "gamma delta")).isZero();
        assertThat(Metrics.rougeL("", "gamma")).isZero();
    }

    @Test
    void levenshteinOfKittenAndSittingIsThree() {
        assertThat(Metrics.levenshtein("kitten", "sitting")).isEqualTo(3);
        assertThat(Metrics.levenshteinRatio("kitten", "sitting")).isCloseTo(1 - 3.0 / 7, within(1e-12));
        assertThat(Metrics.levenshtein("", "abc")).isEqualTo(3);
        assertThat(Metrics.levenshteinRatio("", "")).isEqualTo(1.0);
        assertThat(Metrics.levenshteinRatio("abc", "xyz")).isZero();
    }

    @Test
    void similarityUsesTheGivenEmbedder() {
        Metrics m = new Metrics(texts -> texts.stream()
                .map(s -> s.contains("refund") ? new float[] {1, 0} : new float[] {0.6f, 0.8f}).toList());
        assertThat(m.similarity("refund in 30 days", "a refund")).isCloseTo(1.0, within(1e-9));
        assertThat(m.similarity("refund", "shipping")).isCloseTo(0.6, within(1e-6));
        assertThat(m.similarity("", "shipping")).isZero();
    }
}
