package org.promptstudio.template;

/** Finds the source of a partial ({@code {{> name}}}); null when there is none. */
@FunctionalInterface
public interface PartialResolver {
    String resolve(String name);

    static PartialResolver none() {
        return name -> null;
    }
}
