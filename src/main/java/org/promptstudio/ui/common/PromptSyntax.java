package org.promptstudio.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.promptstudio.ui.common.HighlightedText.Range;

/**
 * Finds what to colour in a {@code .prompt} source: the YAML front matter (its keys apart) and the Handlebars tags
 * of the body, told apart by kind. A regular-expression pass, cheap enough for any prompt; it never fails, even on
 * a broken prompt, because the user needs to see the source most when it is broken.
 */
final class PromptSyntax {

    static final String FRONT_MATTER = "front-matter";
    static final String FM_DELIMITER = "fm-delimiter";
    static final String FM_KEY = "fm-key";
    static final String TAG_VARIABLE = "hb-variable";
    static final String TAG_BLOCK = "hb-block";
    static final String TAG_PARTIAL = "hb-partial";
    static final String TAG_ROLE = "hb-role";
    static final String TAG_COMMENT = "hb-comment";

    private static final Pattern FRONT = Pattern.compile(
            "\\A(---)[ \\t]*(?:\\r\\n|\\r|\\n)([\\s\\S]*?)(?:\\r\\n|\\r|\\n)(---)[ \\t]*(?=\\r\\n|\\r|\\n|\\z)");
    private static final Pattern EMPTY_FRONT = Pattern.compile(
            "\\A(---)[ \\t]*(?:\\r\\n|\\r|\\n)(---)[ \\t]*(?=\\r\\n|\\r|\\n|\\z)");
    /** A YAML mapping key at the start of a line, possibly indented or after a list dash. */
    private static final Pattern KEY = Pattern.compile("(?m)^[ \\t]*(?:- )?([^\\s:#\"'][^:#\\r\\n]*?):(?=[ \\t]|$)");
    private static final Pattern TAG = Pattern.compile("\\{\\{!--[\\s\\S]*?--}}|\\{\\{\\{?[\\s\\S]*?}}}?");

    private PromptSyntax() {
    }

    static List<Range> ranges(String text) {
        List<Range> out = new ArrayList<>();
        int body = frontMatter(text, out);
        Matcher tag = TAG.matcher(text).region(body, text.length());
        while (tag.find()) {
            out.add(new Range(tag.start(), tag.end(), classify(tag.group())));
        }
        return out;
    }

    /** Adds the front matter's ranges and returns where the body starts (0 without front matter). */
    private static int frontMatter(String text, List<Range> out) {
        Matcher empty = EMPTY_FRONT.matcher(text);
        if (empty.lookingAt()) {
            out.add(new Range(empty.start(1), empty.end(1), FM_DELIMITER));
            out.add(new Range(empty.start(2), empty.end(2), FM_DELIMITER));
            return empty.end();
        }
        Matcher m = FRONT.matcher(text);
        if (!m.lookingAt()) return 0;
        out.add(new Range(m.start(1), m.end(1), FM_DELIMITER));
        int at = m.start(2);
        Matcher key = KEY.matcher(text).region(m.start(2), m.end(2));
        while (key.find()) {
            if (key.start(1) > at) out.add(new Range(at, key.start(1), FRONT_MATTER));
            out.add(new Range(key.start(1), key.end(1), FM_KEY));
            at = key.end(1);
        }
        if (m.end(2) > at) out.add(new Range(at, m.end(2), FRONT_MATTER));
        out.add(new Range(m.start(3), m.end(3), FM_DELIMITER));
        return m.end();
    }

    private static String classify(String tag) {
        String inner = tag.replaceFirst("^\\{\\{\\{?~?\\s*", "");
        if (inner.startsWith("!")) return TAG_COMMENT;
        if (inner.startsWith(">")) return TAG_PARTIAL;
        if (inner.startsWith("#") || inner.startsWith("/") || inner.startsWith("^")
                || inner.matches("(?s)else\\b.*")) {
            return TAG_BLOCK;
        }
        if (inner.matches("(?s)(role|history|section)\\b.*")) return TAG_ROLE;
        return TAG_VARIABLE;
    }
}
