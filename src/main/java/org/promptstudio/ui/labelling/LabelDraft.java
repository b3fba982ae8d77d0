package org.promptstudio.ui.labelling;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The label being made for one item of one schema, from the keys pressed: a digit picks a rating point, a category
 * (or toggles one of several), thumbs up (1) or down (2), or the next answer of a ranking; {@code a}/{@code b}/{@code t}
 * a preference; a correction and a comment are typed. {@link #json()} gives the value JSON LABELLING-DESIGN.md fixes,
 * with a pair's preference in the item's true order. Not thread-safe: the UI thread owns it.
 */
final class LabelDraft {

    private final LabelSource.Schema schema;
    private final int answers;
    private Integer rating;
    private String thumbs;
    private String category;
    private final Set<String> categories = new LinkedHashSet<>();
    private String preference;
    private final List<Integer> ranking = new ArrayList<>();
    private String correction;
    private String reason = "";
    private String comment = "";

    /** A blank draft for {@code schema} on an item of {@code answers} answers. */
    LabelDraft(LabelSource.Schema schema, int answers) {
        this.schema = schema;
        this.answers = answers;
    }

    String type() {
        return schema.type();
    }

    /**
     * Digit {@code d} (0-9) pressed; returns the one line saying why it means nothing here, or null when taken.
     * A rating scale up to 10 takes 0 as 10.
     */
    String digit(int d) {
        switch (type()) {
            case "rating" -> {
                int min = schema.min() == null ? 1 : schema.min();
                int max = schema.max() == null ? 5 : schema.max();
                int v = d == 0 && max == 10 && min > 0 ? 10 : d;
                if (v < min || v > max) return d + " is not on the scale " + min + "-" + max;
                rating = v;
            }
            case "thumbs" -> {
                if (d != 1 && d != 2) return "thumbs: 1 is up, 2 is down";
                thumbs = d == 1 ? "up" : "down";
            }
            case "category", "categories" -> {
                List<String> c = schema.categories();
                if (d < 1 || d > c.size()) return "no category " + d + " (1-" + c.size() + ")";
                String name = c.get(d - 1);
                if (type().equals("category")) {
                    category = name;
                } else if (!categories.remove(name)) {
                    categories.add(name);
                }
            }
            case "ranking" -> {
                if (d < 1 || d > answers) return "no answer " + d + " (1-" + answers + ")";
                if (ranking.contains(d - 1)) ranking.clear();
                ranking.add(d - 1);
            }
            default -> {
                return "digits choose nothing in a " + type() + " label";
            }
        }
        return null;
    }

    /** {@code a}, {@code b} or {@code t} pressed (shown order); returns why not, or null when taken. */
    String prefer(String shown) {
        if (!type().equals("pairwise")) return "a, b and t are for pairwise labels";
        preference = shown;
        return null;
    }

    void correction(String text) {
        correction = text;
    }

    void reason(String text) {
        reason = text == null ? "" : text;
    }

    void comment(String text) {
        comment = text == null ? "" : text;
    }

    Integer rating() {
        return rating;
    }

    String thumbs() {
        return thumbs;
    }

    String category() {
        return category;
    }

    Set<String> categories() {
        return Set.copyOf(categories);
    }

    /** The preference as shown ({@code A}, {@code B}, {@code tie}), or null. */
    String preference() {
        return preference;
    }

    List<Integer> ranking() {
        return List.copyOf(ranking);
    }

    String correctionText() {
        return correction;
    }

    /** What is still missing before the label can be stored, or null when it is complete. */
    String missing() {
        return switch (type()) {
            case "rating" -> rating == null ? "press a digit for the rating first (" + scale() + ")" : null;
            case "thumbs" -> thumbs == null ? "press 1 (up) or 2 (down) first" : null;
            case "category" -> category == null ? "press the digit of a category first" : null;
            case "categories" -> categories.isEmpty() ? "press the digit of at least one category first" : null;
            case "pairwise" -> preference == null ? "press a, b or t (tie) first" : null;
            case "ranking" -> ranking.size() < answers ? "press the answers' digits best first ("
                    + ranking.size() + " of " + answers + " ranked)" : null;
            case "correction" -> correction == null ? "press e to write the correction first" : null;
            case "comment" -> comment.isBlank() ? "write the comment first" : null;
            default -> "labels of type " + type() + " cannot be made here";
        };
    }

    private String scale() {
        return (schema.min() == null ? 1 : schema.min()) + "-" + (schema.max() == null ? 5 : schema.max());
    }

    /**
     * The value JSON of the complete draft; {@code swapped} says the shown A is the item's second call, so the
     * stored preference names the true order; {@code callIds} are the shown answers' calls (a ranking stores them).
     */
    String json(boolean swapped, List<Long> callIds) {
        StringBuilder b = new StringBuilder("{");
        switch (type()) {
            case "rating" -> b.append("\"rating\":").append(rating);
            case "thumbs" -> b.append("\"thumbs\":").append(quote(thumbs));
            case "category" -> b.append("\"category\":").append(quote(category));
            case "categories" -> b.append("\"categories\":[").append(String.join(",",
                    schema.categories().stream().filter(categories::contains).map(LabelDraft::quote).toList())).append(']');
            case "pairwise" -> {
                String p = preference.equals("tie") || !swapped ? preference : preference.equals("A") ? "B" : "A";
                b.append("\"preference\":").append(quote(p));
                if (!reason.isBlank()) b.append(",\"reason\":").append(quote(reason.strip()));
            }
            case "ranking" -> b.append("\"ranking\":[").append(String.join(",",
                    ranking.stream().map(i -> String.valueOf(callIds.get(i))).toList())).append(']');
            case "correction" -> b.append("\"correction\":").append(quote(correction));
            case "comment" -> b.append("\"comment\":").append(quote(comment.strip()));
            default -> throw new IllegalStateException("type " + type());
        }
        if (!type().equals("comment") && !comment.isBlank()) b.append(",\"comment\":").append(quote(comment.strip()));
        return b.append('}').toString();
    }

    /** {@code s} as a JSON string. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
