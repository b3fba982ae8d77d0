package org.promptstudio.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * One label's value, read from its self-describing JSON ({@link #json()}, the {@code value_json} column): each part
 * is null when the label has none. The JSON per type: rating {@code {"rating":4}}, thumbs {@code {"thumbs":"up"}},
 * category {@code {"category":"billing"}}, categories {@code {"categories":["billing","setup"]}}, correction
 * {@code {"correction":"..."}}, pairwise {@code {"preference":"A","reason":"..."}} (A is the item's first call as
 * stored, never the order shown), ranking {@code {"ranking":[12,9,15]}} (call ids, best first), comment
 * {@code {"comment":"..."}}; any type may add {@code "comment"}.
 *
 * @param thumbs     {@code up} or {@code down}
 * @param preference {@code A}, {@code B} or {@code tie}, in the item's true order
 * @param ranking    call ids, best first
 */
public record LabelValue(Integer rating, String thumbs, String category, List<String> categories, String correction,
                         String preference, String reason, List<Long> ranking, String comment) {

    public LabelValue {
        if (thumbs != null && !thumbs.equals("up") && !thumbs.equals("down")) {
            throw new IllegalArgumentException("thumbs must be up or down, not '" + thumbs + "'");
        }
        if (preference != null && !preference.equals("A") && !preference.equals("B") && !preference.equals("tie")) {
            throw new IllegalArgumentException("a preference must be A, B or tie, not '" + preference + "'");
        }
        categories = categories == null ? null : List.copyOf(categories);
        ranking = ranking == null ? null : List.copyOf(ranking);
        comment = blankToNull(comment);
        reason = blankToNull(reason);
    }

    public static LabelValue ofRating(int rating) {
        return new LabelValue(rating, null, null, null, null, null, null, null, null);
    }

    /** @param up true for thumbs up */
    public static LabelValue ofThumbs(boolean up) {
        return new LabelValue(null, up ? "up" : "down", null, null, null, null, null, null, null);
    }

    public static LabelValue ofCategory(String category) {
        return new LabelValue(null, null, category, null, null, null, null, null, null);
    }

    public static LabelValue ofCategories(List<String> categories) {
        return new LabelValue(null, null, null, categories, null, null, null, null, null);
    }

    public static LabelValue ofCorrection(String correction) {
        return new LabelValue(null, null, null, null, correction, null, null, null, null);
    }

    /** @param preference {@code A}, {@code B} or {@code tie} in the item's true order; reason may be null */
    public static LabelValue ofPreference(String preference, String reason) {
        return new LabelValue(null, null, null, null, null, preference, reason, null, null);
    }

    /** @param ranking call ids, best first */
    public static LabelValue ofRanking(List<Long> ranking) {
        return new LabelValue(null, null, null, null, null, null, null, ranking, null);
    }

    public static LabelValue ofComment(String comment) {
        return new LabelValue(null, null, null, null, null, null, null, null, comment);
    }

    /**
     * This (true-order) value as the annotator gave it on the answers shown, for saying it back without telling a blind
     * queue's order: a pair's preference in the order shown ({@code A} the first answer shown), a ranking as answer
     * numbers (1 the first answer shown) instead of call ids; other values unchanged.
     *
     * @param swapped       for a pair: whether the first answer shown is the item's second call
     * @param shownCallIds  the call ids of the answers in the order shown
     */
    public LabelValue inShownOrder(boolean swapped, List<Long> shownCallIds) {
        String p = preference == null || !swapped || preference.equals("tie") ? preference
                : preference.equals("A") ? "B" : "A";
        List<Long> r = ranking == null ? null : ranking.stream().map(id -> shownCallIds.contains(id)
                ? (long) shownCallIds.indexOf(id) + 1 : id).toList();
        return new LabelValue(rating, thumbs, category, categories, correction, p, reason, r, comment);
    }

    /** This value with {@code text} as its comment (null or blank: none). */
    public LabelValue withComment(String text) {
        return new LabelValue(rating, thumbs, category, categories, correction, preference, reason, ranking, text);
    }

    /**
     * The value as compact JSON, parts in a fixed order (rating, thumbs, category, categories, correction, preference,
     * reason, ranking, comment), absent parts left out.
     */
    public String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (rating != null) m.put("rating", rating);
        if (thumbs != null) m.put("thumbs", thumbs);
        if (category != null) m.put("category", category);
        if (categories != null) m.put("categories", categories);
        if (correction != null) m.put("correction", correction);
        if (preference != null) m.put("preference", preference);
        if (reason != null) m.put("reason", reason);
        if (ranking != null) m.put("ranking", ranking);
        if (comment != null) m.put("comment", comment);
        return InputText.json(m);
    }

    /**
     * Reads a value from its JSON. Keys it does not know are ignored (a later version may add some); the grid's
     * ratings as stored before labels, {@code {"rating":"up"}}, read as thumbs.
     *
     * @throws IllegalArgumentException one line, when the text is not a JSON object or a part has the wrong kind
     */
    public static LabelValue parse(String json) {
        if (json == null) throw new IllegalArgumentException("no label value");
        Object read = LabelJson.read(json);
        if (!(read instanceof Map<?, ?> m)) throw new IllegalArgumentException("a label value must be a JSON object");
        Object rating = m.get("rating");
        String thumbs = text(m, "thumbs");
        if (thumbs == null && ("up".equals(rating) || "down".equals(rating))) {
            // the compare grid's ratings as stored before labels ({"rating":"up"}): thumbs
            thumbs = (String) rating;
            rating = null;
        }
        Integer r = null;
        if (rating instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            r = l.intValue();
        } else if (rating instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e9) {
            r = (int) (double) d;
        } else if (rating != null) {
            throw new IllegalArgumentException("\"rating\" must be an integer");
        }
        List<Long> ranking = null;
        if (m.get("ranking") != null) {
            ranking = new ArrayList<>();
            for (Object o : list(m, "ranking")) {
                if (!(o instanceof Long id)) throw new IllegalArgumentException("\"ranking\" must list call ids");
                ranking.add(id);
            }
        }
        List<String> categories = null;
        if (m.get("categories") != null) {
            categories = new ArrayList<>();
            for (Object o : list(m, "categories")) {
                if (!(o instanceof String s)) throw new IllegalArgumentException("\"categories\" must list texts");
                categories.add(s);
            }
        }
        return new LabelValue(r, thumbs, text(m, "category"), categories, text(m, "correction"),
                text(m, "preference"), text(m, "reason"), ranking, text(m, "comment"));
    }

    /**
     * Reads a value of {@code schema} from what a person typed (a CSV cell, a command-line option): JSON when it
     * starts with <code>{</code>; else, by the schema's type, a rating's integer, {@code up} / {@code down} (also
     * {@code 1} / {@code 0}), a category, categories separated by {@code ;} or {@code ,}, a correction's or comment's
     * text, {@code A} / {@code B} / {@code tie} (or {@code a} / {@code b} / {@code t}), call ids separated by commas
     * (best first).
     *
     * @throws IllegalArgumentException one line saying what was expected
     */
    public static LabelValue fromText(LabelSchema schema, String text) {
        if (text == null) throw new IllegalArgumentException("no label value");
        String t = text.strip();
        if (t.startsWith("{")) return parse(t);
        switch (schema.type()) {
            case RATING -> {
                try {
                    return ofRating(Integer.parseInt(t));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + t + "' is not a rating (an integer from " + schema.min()
                            + " to " + schema.max() + ")");
                }
            }
            case THUMBS -> {
                String v = t.toLowerCase(Locale.ROOT);
                if (v.equals("up") || v.equals("1") || v.equals("+1")) return ofThumbs(true);
                if (v.equals("down") || v.equals("0") || v.equals("-1")) return ofThumbs(false);
                throw new IllegalArgumentException("'" + t + "' is not thumbs (up or down)");
            }
            case CATEGORY -> {
                return ofCategory(t);
            }
            case CATEGORIES -> {
                List<String> out = new ArrayList<>();
                for (String part : t.split("[;,]")) {
                    if (!part.isBlank()) out.add(part.strip());
                }
                return ofCategories(out);
            }
            case CORRECTION -> {
                return ofCorrection(text);
            }
            case PAIRWISE -> {
                // a, b, t as the window's keys
                String v = t.equalsIgnoreCase("tie") || t.equalsIgnoreCase("t") ? "tie" : t.toUpperCase(Locale.ROOT);
                if (!v.equals("A") && !v.equals("B") && !v.equals("tie")) {
                    throw new IllegalArgumentException("'" + t + "' is not a preference (A, B or tie; a, b, t)");
                }
                return ofPreference(v, null);
            }
            case RANKING -> {
                List<Long> ids = new ArrayList<>();
                for (String part : t.split(",")) {
                    try {
                        ids.add(Long.parseLong(part.strip()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'" + t + "' is not a ranking (call ids, best first, "
                                + "separated by commas)");
                    }
                }
                return ofRanking(ids);
            }
            case COMMENT -> {
                return ofComment(text);
            }
            default -> throw new IllegalStateException(schema.type().name());
        }
    }

    /**
     * The value as one nominal key for agreement: the rating's digits, {@code up}/{@code down}, the category, the
     * categories sorted and joined by {@code ;}, the correction's or comment's text, {@code A}/{@code B}/{@code tie},
     * the ranking's ids joined by {@code ,}; null when the value has none of these.
     */
    public String nominal() {
        if (rating != null) return String.valueOf(rating);
        if (thumbs != null) return thumbs;
        if (category != null) return category;
        if (categories != null) return String.join(";", new TreeSet<>(categories));
        if (correction != null) return correction;
        if (preference != null) return preference;
        if (ranking != null) {
            List<String> ids = new ArrayList<>();
            for (Long id : ranking) ids.add(String.valueOf(id));
            return String.join(",", ids);
        }
        return comment;
    }

    /**
     * The value as a number for agreement on interval or ratio data: the rating; thumbs up 1, down 0; preference
     * A 1, B 0, tie 0.5; null for the other types.
     */
    public Double numeric() {
        if (rating != null) return rating.doubleValue();
        if (thumbs != null) return thumbs.equals("up") ? 1.0 : 0.0;
        if (preference != null) return preference.equals("A") ? 1.0 : preference.equals("B") ? 0.0 : 0.5;
        return null;
    }

    /** Whether {@code other} says the same (the nominal keys are equal; the comment and reason do not count). */
    public boolean agreesWith(LabelValue other) {
        return other != null && java.util.Objects.equals(nominal(), other.nominal());
    }

    private static List<?> list(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof List<?> l)) throw new IllegalArgumentException("\"" + key + "\" must be a list");
        return l;
    }

    private static String text(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) return null;
        if (!(v instanceof String s)) throw new IllegalArgumentException("\"" + key + "\" must be a text");
        return s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
