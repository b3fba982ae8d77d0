package org.promptstudio.monitor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The sentiment of a user's message from a word list and a few rules, in the manner of VADER (C. J. Hutto and
 * E. Gilbert, "VADER: A Parsimonious Rule-based Model for Sentiment Analysis of Social Media Text", ICWSM 2014): each
 * word of the lexicon ({@code sentiment-lexicon.txt}, our own list on VADER's -4..4 scale) adds its valence, changed by
 * the rules VADER describes: a negation in the three words before flips and damps it (x -0.74), an intensifier
 * ("very", "extremely") or a dampener ("slightly") right before moves it away from or towards 0, a word in capitals
 * in a message that is not all capitals is emphasised, the words after "but" weigh 1.5 and those before 0.5, and
 * exclamation marks (up to four) push the sum further from 0. The sum s is normalised to s / sqrt(s^2 + 15), so a
 * score is always within -1..1. No model and no network: cheap enough to run on every recorded user message.
 */
public final class Sentiment {

    /** VADER's alpha: the normalisation x / sqrt(x^2 + 15). */
    static final double ALPHA = 15;
    /** How much a negation scales a word's valence. */
    static final double NEGATION = -0.74;
    /** What an intensifier adds to (a dampener takes from) a word's absolute valence. */
    static final double BOOST = 0.293;
    /** What capitals add to a word's absolute valence (or to a booster's). */
    static final double CAPS = 0.733;
    /** What each exclamation mark adds to the sum's absolute value, at most four of them. */
    static final double EXCLAMATION = 0.292;

    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nobody", "nothing", "neither",
            "nor", "nowhere", "without", "cannot", "cant", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt",
            "werent", "wont", "wouldnt", "shouldnt", "couldnt", "hasnt", "havent", "hadnt", "aint", "neednt", "rarely",
            "seldom", "hardly", "barely");
    private static final Set<String> INTENSIFIERS = Set.of("very", "really", "extremely", "so", "too", "totally",
            "absolutely", "completely", "incredibly", "highly", "hugely", "enormously", "especially", "exceptionally",
            "particularly", "remarkably", "truly", "utterly", "super", "pretty", "most", "more", "quite", "thoroughly",
            "terribly", "awfully", "deeply", "entirely", "fully", "insanely", "seriously", "such");
    private static final Set<String> DAMPENERS = Set.of("slightly", "somewhat", "barely", "hardly", "kinda",
            "sorta", "little", "marginally", "occasionally", "partly", "scarcely", "less", "fairly", "almost",
            "rather", "mostly");

    private static final Map<String, Double> LEXICON = load();

    private Sentiment() {
    }

    /**
     * The compound sentiment of {@code text}, from -1 (most negative) to 1 (most positive); 0 for a text with no
     * sentiment word, an empty text or null. Above about 0.05 reads as positive, below -0.05 as negative.
     */
    public static double compound(String text) {
        if (text == null || text.isBlank()) return 0;
        List<String> raw = tokens(text);
        if (raw.isEmpty()) return 0;
        boolean shouting = allCaps(raw);
        List<String> words = new ArrayList<>(raw.size());
        for (String t : raw) words.add(plain(t));
        double[] valences = new double[words.size()];
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            Double v = LEXICON.get(w);
            if (v == null) continue;
            // A word that is also a rule ("no", "super", "pretty") before a lexicon word is only that rule.
            boolean modifier = NEGATIONS.contains(w) || INTENSIFIERS.contains(w) || DAMPENERS.contains(w);
            if (modifier && i + 1 < words.size() && LEXICON.containsKey(words.get(i + 1))) continue;
            if (w.equals("kind") && i + 1 < words.size() && words.get(i + 1).equals("of")) continue; // a dampener
            if (w.equals("like") && i > 0 && isAuxiliary(words.get(i - 1))) continue; // "would like": no judgement
            double valence = v;
            if (!shouting && isCaps(raw.get(i))) valence += Math.signum(valence) * CAPS;
            for (int back = 1; back <= 3 && i - back >= 0; back++) {
                double scalar = boost(raw.get(i - back), words.get(i - back), valence, shouting);
                if (words.get(i - back).equals("of") && i - back - 1 >= 0
                        && (words.get(i - back - 1).equals("kind") || words.get(i - back - 1).equals("sort"))) {
                    scalar = valence < 0 ? BOOST : -BOOST; // "kind of useful": a dampener
                }
                if (back == 2) scalar *= 0.95;
                if (back == 3) scalar *= 0.9;
                valence += scalar;
            }
            for (int back = 1; back <= 3 && i - back >= 0; back++) {
                if (isNegation(words.get(i - back))) {
                    valence *= NEGATION;
                    break;
                }
            }
            valences[i] = valence;
        }
        int but = words.indexOf("but");
        if (but >= 0) {
            for (int i = 0; i < valences.length; i++) {
                if (i < but) valences[i] *= 0.5;
                else if (i > but) valences[i] *= 1.5;
            }
        }
        double sum = 0;
        for (double v : valences) sum += v;
        if (sum != 0) {
            long bangs = Math.min(4, text.chars().filter(c -> c == '!').count());
            sum += Math.signum(sum) * bangs * EXCLAMATION;
        }
        return normalize(sum);
    }

    /** s / sqrt(s^2 + 15), within -1..1. */
    static double normalize(double score) {
        double n = score / Math.sqrt(score * score + ALPHA);
        return Math.max(-1, Math.min(1, n));
    }

    /** The words of the lexicon with their valences (-4..4); for tests and for the decision record's counts. */
    static Map<String, Double> lexicon() {
        return LEXICON;
    }

    private static double boost(String raw, String word, double valence, boolean shouting) {
        double scalar;
        if (INTENSIFIERS.contains(word)) scalar = BOOST;
        else if (DAMPENERS.contains(word) && !NEGATIONS.contains(word)) scalar = -BOOST;
        else return 0;
        if (!shouting && isCaps(raw)) scalar += CAPS * Math.signum(scalar);
        return valence < 0 ? -scalar : scalar;
    }

    private static boolean isNegation(String word) {
        return NEGATIONS.contains(word);
    }

    private static boolean isAuxiliary(String word) {
        return switch (word) {
            case "would", "i'd", "id", "feel", "feels", "looks", "look", "seems", "just", "something", "anything" -> true;
            default -> false;
        };
    }

    /** Words split on white space, with the punctuation around them taken off (apostrophes inside are kept). */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.trim().split("\\s+")) {
            int start = 0;
            int end = part.length();
            while (start < end && !Character.isLetterOrDigit(part.codePointAt(start))) start++;
            while (end > start && !Character.isLetterOrDigit(part.codePointBefore(end))) end--;
            if (end - start >= 1) out.add(part.substring(start, end));
        }
        return out;
    }

    /** Lower case, apostrophes dropped ("Don't" -> "dont", "isn’t" -> "isnt"). */
    private static String plain(String token) {
        return token.toLowerCase(Locale.ROOT).replace("'", "").replace("\u2019", "");
    }

    private static boolean isCaps(String token) {
        boolean letter = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (Character.isLowerCase(c)) return false;
            if (Character.isLetter(c)) letter = true;
        }
        return letter && token.length() > 1;
    }

    /** Whether every word with letters is in capitals: then capitals emphasise nothing (VADER's "differential"). */
    private static boolean allCaps(List<String> tokens) {
        int caps = 0;
        int lettered = 0;
        for (String t : tokens) {
            if (t.chars().anyMatch(Character::isLetter)) {
                lettered++;
                if (isCaps(t)) caps++;
            }
        }
        return caps == lettered;
    }

    private static Map<String, Double> load() {
        Map<String, Double> map = new HashMap<>();
        try (InputStream in = Sentiment.class.getResourceAsStream("sentiment-lexicon.txt")) {
            if (in == null) throw new IllegalStateException("sentiment-lexicon.txt is missing from the build");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                int space = line.lastIndexOf(' ');
                map.put(line.substring(0, space).strip(), Double.parseDouble(line.substring(space + 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sentiment-lexicon.txt: cannot be read", e);
        }
        return Map.copyOf(map);
    }
}
