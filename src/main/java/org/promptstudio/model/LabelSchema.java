package org.promptstudio.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What annotators say about an answer, as {@code studio.yaml}'s {@code labels:} defines it: a name ({@code [a-z0-9-]+},
 * unique in the workspace), a {@link Type}, a description, for a rating its integer scale ({@code min}..{@code max})
 * with optional descriptions of some points, for categories the choices, and whether a free-text comment goes with
 * each label. {@link #THUMBS} exists in every workspace (the compare grid's thumbs and comments).
 *
 * <p>A label stores the schema's name and {@link #version()}; its value is self-describing ({@link LabelValue}), so a
 * schema changed later keeps old labels readable.
 *
 * @param min        the lowest rating (rating only; else null)
 * @param max        the highest rating (rating only; else null)
 * @param points     descriptions of rating points, by point (may be empty, never null)
 * @param categories the choices of a category / categories schema, in order (empty for other types)
 */
public record LabelSchema(String name, Type type, String description, Integer min, Integer max,
                          Map<Integer, String> points, List<String> categories, boolean comment) {

    /** What a schema's name may be. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9-]+");

    /** The built-in schema: thumbs up or down with an optional comment (the compare grid's rating buttons). */
    public static final LabelSchema THUMBS = new LabelSchema("thumbs", Type.THUMBS,
            "Thumbs up or down, with an optional comment", null, null, Map.of(), List.of(), true);

    /** The kinds of label. */
    public enum Type {
        RATING, THUMBS, CATEGORY, CATEGORIES, CORRECTION, PAIRWISE, RANKING, COMMENT;

        /** As written in studio.yaml: {@code rating}, {@code thumbs}, ... */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The type written {@code id} in studio.yaml, or null when there is none of that name. */
        public static Type of(String id) {
            for (Type t : values()) {
                if (t.id().equals(id)) return t;
            }
            return null;
        }

        /** Every type's id, comma-separated, for messages. */
        public static String known() {
            List<String> out = new ArrayList<>();
            for (Type t : values()) out.add(t.id());
            return String.join(", ", out);
        }
    }

    public LabelSchema {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("label schema name '" + name + "' may hold only a-z, 0-9 and -");
        }
        if (type == null) throw new IllegalArgumentException("label schema '" + name + "' has no type");
        points = points == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(points));
        categories = categories == null ? List.of() : List.copyOf(categories);
        if (type == Type.RATING) {
            if (min == null || max == null || min >= max) {
                throw new IllegalArgumentException("rating '" + name + "' needs a scale with min below max");
            }
        } else {
            min = null;
            max = null;
        }
        if ((type == Type.CATEGORY || type == Type.CATEGORIES)) {
            if (categories.isEmpty()) throw new IllegalArgumentException("'" + name + "' needs categories");
            if (new LinkedHashSet<>(categories).size() != categories.size()) {
                throw new IllegalArgumentException("'" + name + "' lists a category twice");
            }
        }
    }

    /**
     * The schema's version: the first 12 hex digits of SHA-256 over a canonical text of what a label's value depends
     * on (type, scale, categories), not over the descriptions: re-wording a point keeps the version.
     */
    public String version() {
        StringBuilder canonical = new StringBuilder("type=").append(type.id()).append('\n');
        if (type == Type.RATING) canonical.append("scale=").append(min).append("..").append(max).append('\n');
        if (!categories.isEmpty()) canonical.append("categories=").append(String.join("\u001f", categories)).append('\n');
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    /** What one item of a queue of this schema holds: {@code pair} for pairwise, {@code ranking}, else {@code single}. */
    public LabelItemKind itemKind() {
        return switch (type) {
            case PAIRWISE -> LabelItemKind.PAIR;
            case RANKING -> LabelItemKind.RANKING;
            default -> LabelItemKind.SINGLE;
        };
    }

    /**
     * Why {@code value} is not a label of this schema, or null when it is one: the part its type needs is there and
     * inside the scale / among the categories; a ranking names exactly {@code callIds} (the item's calls), when given.
     *
     * @param callIds the item's calls for a ranking (may be null: not checked)
     */
    public String problem(LabelValue value, List<Long> callIds) {
        if (value == null) return "no value";
        String need = "a " + type.id() + " label of '" + name + "' needs ";
        switch (type) {
            case RATING -> {
                if (value.rating() == null) return need + "a rating from " + min + " to " + max;
                if (value.rating() < min || value.rating() > max) {
                    return "rating " + value.rating() + " is outside " + min + ".." + max + " of '" + name + "'";
                }
            }
            case THUMBS -> {
                if (value.thumbs() == null) return need + "thumbs up or down";
            }
            case CATEGORY -> {
                if (value.category() == null) return need + "one of " + String.join(", ", categories);
                if (!categories.contains(value.category())) {
                    return "'" + value.category() + "' is not a category of '" + name + "' (known: "
                            + String.join(", ", categories) + ")";
                }
            }
            case CATEGORIES -> {
                if (value.categories() == null) return need + "a list of categories of " + String.join(", ", categories);
                for (String c : value.categories()) {
                    if (!categories.contains(c)) {
                        return "'" + c + "' is not a category of '" + name + "' (known: " + String.join(", ", categories)
                                + ")";
                    }
                }
            }
            case CORRECTION -> {
                if (value.correction() == null) return need + "a correction (the ideal answer)";
            }
            case PAIRWISE -> {
                if (value.preference() == null) return need + "a preference A, B or tie";
            }
            case RANKING -> {
                if (value.ranking() == null) return need + "a ranking of the item's calls, best first";
                if (callIds != null && !(value.ranking().size() == callIds.size()
                        && new LinkedHashSet<>(value.ranking()).equals(new LinkedHashSet<>(callIds)))) {
                    return "the ranking must name each of calls " + callIds + " once";
                }
            }
            case COMMENT -> {
                if (value.comment() == null) return need + "a comment";
            }
            default -> throw new IllegalStateException(type.name());
        }
        if (value.comment() != null && !comment && type != Type.COMMENT) {
            return "'" + name + "' takes no comment (add 'comment: true' to it in studio.yaml)";
        }
        return null;
    }

    /** The description of rating point {@code point}, or null when it has none. */
    public String point(int point) {
        return points.get(point);
    }
}
