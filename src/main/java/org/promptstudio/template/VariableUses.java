package org.promptstudio.template;

import java.util.List;
import java.util.Set;

/**
 * The top-level input variables a template reads (with the partials it includes on the same data), and those
 * whose presence it tests itself ({@code {{#if x}}}, {@code {{#unless x}}}, {@code {{#x}}}, {@code {{^x}}}), so
 * a case may leave them out on purpose.
 *
 * @param used   names in the order they first appear
 * @param tested names the template tests for presence
 */
public record VariableUses(List<String> used, Set<String> tested) {
    public VariableUses {
        used = List.copyOf(used);
        tested = Set.copyOf(tested);
    }
}
