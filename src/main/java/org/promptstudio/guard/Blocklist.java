package org.promptstudio.guard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The workspace's blocklist (studio.yaml {@code guard.blocklist}): terms found in a text as whole words, ignoring
 * case, any run of blanks in a term matching any run of blanks in the text. A term is a word or a phrase taken
 * literally (no regular expression), so {@code c++} or {@code a.b} match only themselves; "whole word" means no
 * letter, digit or underscore (of a spaced script) right before or after it ({@code cat} is not in
 * {@code concatenate}). An end of a term
 * in a script written without spaces between words (Chinese, Japanese kana, Thai, Lao, Khmer, Myanmar and the like;
 * not Korean, which has spaces) has no such boundary: {@code 数据} is found in {@code 我的数据}. Thread-safe.
 */
public final class Blocklist {

    /** Scripts written without spaces between words (Unicode's scripts, Character.UnicodeScript). */
    private static final java.util.Set<Character.UnicodeScript> UNSPACED = java.util.EnumSet.of(
            Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA, Character.UnicodeScript.KATAKANA,
            Character.UnicodeScript.THAI, Character.UnicodeScript.LAO, Character.UnicodeScript.KHMER,
            Character.UnicodeScript.MYANMAR, Character.UnicodeScript.TIBETAN, Character.UnicodeScript.JAVANESE,
            Character.UnicodeScript.BALINESE, Character.UnicodeScript.YI);

    /**
     * A character that continues a word of a spaced script: a letter, digit or underscore, but not one of a script
     * written without spaces, so {@code AI} is a whole word in {@code 用AI训练}.
     */
    private static final String WORD_CHAR = "[\\p{L}\\p{N}_&&[^" + UNSPACED.stream()
            .map(script -> "\\p{Is" + script.name() + "}").collect(java.util.stream.Collectors.joining()) + "]]";

    /** No terms: finds nothing. */
    public static final Blocklist EMPTY = new Blocklist(List.of());

    private record Term(String text, Pattern pattern) {
    }

    private final List<Term> terms;

    /**
     * @param terms the terms, in order; repeated terms (ignoring case and blanks) count once
     * @throws GuardException naming the entry ({@code blocklist term 3 is empty}) when a term is null or blank
     */
    public Blocklist(List<String> terms) {
        List<Term> compiled = new ArrayList<>();
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < terms.size(); i++) {
            String t = terms.get(i);
            if (t == null || t.isBlank()) throw new GuardException("blocklist term " + (i + 1) + " is empty");
            String normal = t.strip().replaceAll("\\s+", " ");
            if (!seen.add(normal.toLowerCase(Locale.ROOT))) continue;
            // an end in a script written without spaces between words (数据 in 我的数据) has no word boundary to
            // look for: it matches inside a run of letters there
            StringBuilder regex = new StringBuilder(unspaced(normal.codePointAt(0)) ? "" : "(?<!" + WORD_CHAR + ")");
            String[] words = normal.split(" ");
            for (int w = 0; w < words.length; w++) {
                if (w > 0) regex.append("\\s+");
                regex.append(Pattern.quote(words[w]));
            }
            if (!unspaced(normal.codePointBefore(normal.length()))) regex.append("(?!" + WORD_CHAR + ")");
            compiled.add(new Term(normal, Pattern.compile(regex.toString(),
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
        }
        this.terms = List.copyOf(compiled);
    }

    /** Whether {@code codePoint} is of a script written without spaces, where words have no boundary to match. */
    private static boolean unspaced(int codePoint) {
        return UNSPACED.contains(Character.UnicodeScript.of(codePoint));
    }

    /**
     * The terms of a blocklist file: one a line, blank lines and lines starting with {@code #} left out, each stripped.
     */
    public static List<String> termsOf(String fileText) {
        List<String> out = new ArrayList<>();
        for (String line : fileText.split("\\R")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) out.add(t);
        }
        return out;
    }

    /** The terms found in {@code text}, as written in the list (blanks made single), in list order; empty for null. */
    public List<String> find(String text) {
        if (text == null || text.isEmpty()) return List.of();
        List<String> found = new ArrayList<>();
        for (Term t : terms) {
            if (t.pattern().matcher(text).find()) found.add(t.text());
        }
        return found;
    }

    /** How many distinct terms the list holds. */
    public int size() {
        return terms.size();
    }
}
