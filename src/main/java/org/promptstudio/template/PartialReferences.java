package org.promptstudio.template;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The partials a template calls ({@code {{> rules}}}, {@code {{#> layout}}...{{/layout}}}), comments left out. */
public final class PartialReferences {

    private static final Pattern COMMENT = Pattern.compile("\\{\\{!--.*?--}}|\\{\\{![^}]*}}", Pattern.DOTALL);
    private static final Pattern PARTIAL = Pattern.compile("(?<!\\\\)\\{\\{~?\\s*#?>\\s*([A-Za-z0-9_][A-Za-z0-9_.-]*)");

    private PartialReferences() {
    }

    /** The names of the partials {@code template} calls directly, in the order they first appear. */
    public static Set<String> in(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PARTIAL.matcher(COMMENT.matcher(template).replaceAll(""));
        while (m.find()) names.add(m.group(1));
        return names;
    }
}
