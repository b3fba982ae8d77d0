package org.promptstudio.ui.common;

import java.util.List;

/**
 * Text with the style classes of its ranges, worked out away from the JavaFX thread and applied to a
 * {@link SourceArea} in one go. Ranges are sorted and do not overlap; text between them has no style.
 */
public record HighlightedText(String text, List<Range> ranges) {

    public static final HighlightedText EMPTY = new HighlightedText("", List.of());

    /** {@code [start, end)} of the text carries {@code styleClass}. */
    public record Range(int start, int end, String styleClass) {
        public Range {
            if (start < 0 || end < start) throw new IllegalArgumentException("bad range " + start + ".." + end);
        }
    }

    public HighlightedText {
        ranges = List.copyOf(ranges);
    }

    public static HighlightedText plain(String text) {
        return new HighlightedText(text, List.of());
    }

    /** {@code text} as a Dotprompt source: front matter and Handlebars tags. */
    public static HighlightedText prompt(String text) {
        return new HighlightedText(text, PromptSyntax.ranges(text));
    }

    /** The text a style class covers, for tests and debugging: every range of it, in order. */
    public List<String> textOf(String styleClass) {
        return ranges.stream().filter(r -> r.styleClass().equals(styleClass))
                .map(r -> text.substring(r.start(), r.end())).toList();
    }
}
