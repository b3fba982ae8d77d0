package org.promptstudio.template;

import java.util.Map;

/** Looks up a named schema used in Picoschema ({@code foo: Foo}); null when there is none. */
@FunctionalInterface
public interface SchemaResolver {
    Map<String, Object> resolve(String name);
}
