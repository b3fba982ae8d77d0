package org.promptstudio.ui.labelling;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.promptstudio.model.LabelValue;

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
     * The value JSON of the complete draft ({@code model.LabelValue}'s); {@code swapped} says the shown A is the item's
     * second call, so the stored preference names the true order; {@code callIds} are the shown answers' calls (a
     * ranking stores them).
     */
    String json(boolean swapped, List<Long> callIds) {
        String c = comment.isBlank() ? null : comment.strip();
        LabelValue v = switch (type()) {
            case "rating" -> new LabelValue(rating, null, null, null, null, null, null, null, c);
            case "thumbs" -> new LabelValue(null, thumbs, null, null, null, null, null, null, c);
            case "category" -> new LabelValue(null, null, category, null, null, null, null, null, c);
            case "categories" -> new LabelValue(null, null, null,
                    schema.categories().stream().filter(categories::contains).toList(), null, null, null, null, c);
            case "pairwise" -> new LabelValue(null, null, null, null, null,
                    preference.equals("tie") || !swapped ? preference : preference.equals("A") ? "B" : "A",
                    reason.isBlank() ? null : reason.strip(), null, c);
            case "ranking" -> new LabelValue(null, null, null, null, null, null, null,
                    ranking.stream().map(callIds::get).toList(), c);
            case "correction" -> new LabelValue(null, null, null, null, correction, null, null, null, c);
            case "comment" -> LabelValue.ofComment(c);
            default -> throw new IllegalStateException("type " + type());
        };
        return v.json();
    }
}
