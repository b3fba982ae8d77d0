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
 * letter, digit or underscore right before or after it ({@code cat} is not in {@code concatenate}). Thread-safe.
 */
public final class Blocklist {

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
            StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}_])");
            String[] words = normal.split(" ");
            for (int w = 0; w < words.length; w++) {
                if (w > 0) regex.append("\\s+");
                regex.append(Pattern.quote(words[w]));
            }
            regex.append("(?![\\p{L}\\p{N}_])");
            compiled.add(new Term(normal, Pattern.compile(regex.toString(),
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
        }
        this.terms = List.copyOf(compiled);
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
