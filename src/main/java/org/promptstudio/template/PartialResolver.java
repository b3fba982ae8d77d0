package org.promptstudio.template;

/** Finds the source of a partial ({@code {{> name}}}); null when there is none. */
@FunctionalInterface
public interface PartialResolver {
    String resolve(String name);

    /** How messages name the partial's file, e.g. {@code prompts/_rules.prompt}. */
    default String sourceName(String name) {
        return "partial '" + name + "'";
    }

    static PartialResolver none() {
        return name -> null;
    }
}
