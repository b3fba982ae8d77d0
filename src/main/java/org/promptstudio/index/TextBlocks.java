package org.promptstudio.index;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Blocks of a plain-text file. Paragraphs are split on blank lines. Plain text has no markup, so a short line that
 * reads like a heading (at most 8 words and 60 characters, starting with a capital or digit, no closing punctuation)
 * is taken as one when text follows it: a first such line in capitals is the title (level 1), the others level 2.
 * A paragraph whose lines all start with a list marker ({@code -}, {@code *}, {@code 1.}) is a list. Lines keep their
 * breaks.
 */
final class TextBlocks {

    private static final Pattern LIST_ITEM = Pattern.compile("\\s*([-*\u2022]|\\d{1,3}[.)])\\s+\\S.*");
    private static final Pattern HEADING = Pattern.compile("[\\p{Lu}\\p{N}][^\\n]{0,59}");

    private TextBlocks() {
    }

    static DocumentReader.Read read(String text) {
        List<SourceDocument.Block> blocks = new ArrayList<>();
        String title = null;
        String[] paragraphs = text.split("\\n[ \\t\\f]*\\n");
        for (int p = 0; p < paragraphs.length; p++) {
            List<String> lines = new ArrayList<>();
            for (String line : paragraphs[p].split("\\n")) {
                if (!line.isBlank()) lines.add(line.stripTrailing());
            }
            if (lines.isEmpty()) continue;
            boolean more = lines.size() > 1 || hasTextAfter(paragraphs, p);
            if (more && heading(lines.get(0))) {
                String h = lines.get(0).strip();
                boolean top = blocks.isEmpty() && h.equals(h.toUpperCase(java.util.Locale.ROOT))
                        && h.chars().anyMatch(Character::isLetter);
                blocks.add(new SourceDocument.Block(SourceDocument.Kind.HEADING, top ? 1 : 2, h, false));
                if (top) title = h;
                lines = lines.subList(1, lines.size());
                if (lines.isEmpty()) continue;
            }
            boolean list = lines.stream().allMatch(l -> LIST_ITEM.matcher(l).matches());
            String body = String.join("\n", lines.stream().map(String::strip).toList());
            blocks.add(new SourceDocument.Block(list ? SourceDocument.Kind.LIST : SourceDocument.Kind.PARAGRAPH, 0,
                    body, false));
        }
        return new DocumentReader.Read(title, blocks);
    }

    private static boolean hasTextAfter(String[] paragraphs, int p) {
        for (int i = p + 1; i < paragraphs.length; i++) {
            if (!paragraphs[i].isBlank()) return true;
        }
        return false;
    }

    private static boolean heading(String line) {
        String s = line.strip();
        if (!HEADING.matcher(s).matches() || LIST_ITEM.matcher(s).matches()) return false;
        char last = s.charAt(s.length() - 1);
        if (".,;:!?".indexOf(last) >= 0) return false;
        return s.split("\\s+").length <= 8;
    }
}
