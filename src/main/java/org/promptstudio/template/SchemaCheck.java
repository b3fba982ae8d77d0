package org.promptstudio.template;

import org.promptstudio.format.JsonSchemaCheck;

/**
 * Checks that a prompt's schema (after Picoschema is converted) is a JSON Schema, with the draft-07 meta-schema
 * check shared with tool input schemas ({@link JsonSchemaCheck}; decision 0104).
 */
final class SchemaCheck {

    private SchemaCheck() {
    }

    /**
     * Refuses {@code schema} when it is no JSON Schema.
     *
     * @param where  the place of the schema in the front matter, e.g. {@code output.schema}
     * @param schema a JSON Schema as maps, lists and scalars; null passes
     * @throws Picoschema.SchemaException naming the first fault's place below {@code where}, e.g.
     *                                    {@code output.schema.properties.city.type: 'strin' is not a JSON Schema type
     *                                    (string, number, integer, boolean, null, object, array)}
     */
    static void check(String where, Object schema) {
        JsonSchemaCheck.problem(where, schema).ifPresent(p -> {
            throw new Picoschema.SchemaException(p);
        });
    }
}
