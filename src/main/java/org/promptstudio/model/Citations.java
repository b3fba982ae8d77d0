package org.promptstudio.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The citations of an answer given retrieved chunks (decision 0141): the numbers the prompt showed its chunks with,
 * written in square brackets. One parser for the {@code cites-sources} assertion and the grid's citation links.
 * <p>
 * A citation is a bracket not followed by {@code (} (that is a Markdown link) that holds only numbers of one to four
 * digits, separated by commas or semicolons, each number alone or a range {@code n-m} (hyphen or en dash):
 * {@code [2]}, {@code [1, 3]}, {@code [2-4]}; {@code [1][3]} is two citations. Anything else in brackets is no
 * citation: {@code [TODO]}, {@code [returns-policy]}, {@code [EMAIL_1]}, {@code [^1]}, {@code [see 2]}. A bracketed
 * number is a citation whatever its size: {@code [2024]} in an answer given four chunks is a citation of a chunk it
 * was not given (an answer writes a year without brackets). {@code [0]} is a citation too; it points at a chunk only
 * when the template numbered the chunks from 0 ({@code {{@index}}}; {@link ContextChunk#n()} records the number
 * shown).
 */
public final class Citations {

    /** The widest range read as the numbers in it; a wider one is read as its two ends. */
    static final int MAX_RANGE = 100;

    private static final Pattern BRACKET = Pattern.compile("\\[([^\\[\\]\\n]{1,200})](?!\\()");
    private static final Pattern LIST = Pattern.compile(
            "\\s*\\d{1,4}(?:\\s*[-\u2013]\\s*\\d{1,4})?(?:\\s*[,;]\\s*\\d{1,4}(?:\\s*[-\u2013]\\s*\\d{1,4})?)*\\s*");
    private static final Pattern REFERENCE = Pattern.compile("(\\d{1,4})(?:\\s*[-\u2013]\\s*(\\d{1,4}))?");

    /**
     * One reference inside a citation: a number or a range, with its place in the text.
     *
     * @param start the offset of its first character in the text (0-based, in chars)
     * @param end   the offset just after its last character
     * @param from  the number, or the range's first
     * @param to    the number again, or the range's last
     */
    public record Reference(int start, int end, int from, int to) {

        /**
         * The numbers it cites, in order: {@code from}; a range's numbers from {@code from} to {@code to}; a range
         * wider than {@value Citations#MAX_RANGE} or written backwards, its two ends.
         */
        public List<Integer> numbers() {
            if (from == to) return List.of(from);
            if (to < from || to - from > MAX_RANGE) return List.of(from, to);
            List<Integer> out = new ArrayList<>();
            for (int n = from; n <= to; n++) out.add(n);
            return out;
        }

        /** As written: {@code 2} or {@code 2-4}. */
        public String text() {
            return from == to ? String.valueOf(from) : from + "-" + to;
        }
    }

    private Citations() {
    }

    /** Every reference cited in {@code text}, in the order written; empty for null or none. */
    public static List<Reference> in(String text) {
        List<Reference> out = new ArrayList<>();
        if (text == null) return out;
        Matcher bracket = BRACKET.matcher(text);
        while (bracket.find()) {
            if (!LIST.matcher(bracket.group(1)).matches()) continue;
            Matcher ref = REFERENCE.matcher(bracket.group(1));
            while (ref.find()) {
                int from = Integer.parseInt(ref.group(1));
                int to = ref.group(2) == null ? from : Integer.parseInt(ref.group(2));
                out.add(new Reference(bracket.start(1) + ref.start(), bracket.start(1) + ref.end(), from, to));
            }
        }
        return out;
    }

    /** Every number cited in {@code text}, in the order written, repeats kept. */
    public static List<Integer> numbers(String text) {
        List<Integer> out = new ArrayList<>();
        for (Reference r : in(text)) out.addAll(r.numbers());
        return out;
    }
}
