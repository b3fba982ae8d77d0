package org.promptstudio.model;

import java.util.Optional;

/**
 * Finds the lines git leaves in a file it could not merge ({@code <<<<<<< ours}, {@code =======},
 * {@code >>>>>>> theirs}, and {@code |||||||} in diff3 style), so that every reader of workspace files (prompts,
 * partials, datasets, experiments, {@code studio.yaml}) refuses such a file instead of using both sides of it.
 * A line of seven {@code =} is not reported by itself, since Markdown uses it to underline a heading; git never
 * writes one without a {@code <<<<<<<} line before it. Each reader turns the result into its own located error.
 */
public final class ConflictMarkers {

    /**
     * The first marker of a file.
     *
     * @param line   1-based line number
     * @param marker the seven characters that start the line, e.g. {@code <<<<<<<}
     */
    public record Marker(int line, String marker) {

        /** The reason to show after {@code file:line:1: }. */
        public String reason() {
            return "unresolved git merge conflict (a line starting with '" + marker + "'): keep the right lines, "
                    + "delete the markers and save; in a merge, then run 'studio merge --continue' (or 'studio merge "
                    + "--abort')";
        }
    }

    private ConflictMarkers() {
    }

    /** The first conflict marker in {@code text}, if there is one. */
    public static Optional<Marker> find(CharSequence text) {
        int line = 1;
        int start = 0;
        int n = text.length();
        while (start <= n) {
            int end = start;
            while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') end++;
            String marker = markerAt(text, start, end);
            if (marker != null) return Optional.of(new Marker(line, marker));
            if (end < n && text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n') end++;
            start = end + 1;
            line++;
        }
        return Optional.empty();
    }

    private static String markerAt(CharSequence text, int start, int end) {
        if (end - start < 7) return null;
        char c = text.charAt(start);
        if (c != '<' && c != '>' && c != '|') return null;
        for (int i = start + 1; i < start + 7; i++) {
            if (text.charAt(i) != c) return null;
        }
        String marker = String.valueOf(c).repeat(7);
        return end - start == 7 || text.charAt(start + 7) == ' ' ? marker : null;
    }
}
