package org.promptstudio.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a value is a JSON Schema: it is validated against the draft-07 meta-schema
 * (json-schema.org/draft-07/schema, bundled with networknt json-schema-validator), the draft the studio validates
 * answers, inputs and tool arguments with. Dotprompt's own {@code type: any} (picoschema.ts,
 * {@code JSON_SCHEMA_SCALAR_TYPES}) is allowed where JSON Schema has a type name. Shared by prompt schemas
 * ({@code template}) and tool input schemas ({@code workspace}); decision 0104.
 */
public final class JsonSchemaCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema META = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
            .getSchema(SchemaLocation.of(SchemaId.V7));
    private static final List<String> TYPES = List.of("string", "number", "integer", "boolean", "null", "object",
            "array");
    /** Schemas already found good; a schema is checked once, not at every render or call. */
    private static final Set<Object> CHECKED = Collections.newSetFromMap(
            Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
                    return size() > 256;
                }
            }));

    private JsonSchemaCheck() {
    }

    /**
     * The first fault that keeps {@code schema} from being a JSON Schema, as one line.
     *
     * @param where  the place of the schema, e.g. {@code output.schema} or {@code inputSchema}
     * @param schema a JSON Schema as maps, lists and scalars; null passes
     * @return empty when {@code schema} is a JSON Schema, else one line naming the fault's place below {@code where},
     *         e.g. {@code inputSchema.properties.city.type: 12 is not a JSON Schema type (string, number, integer,
     *         boolean, null, object, array)}; when several faults exist the one with the first place is named
     */
    public static Optional<String> problem(String where, Object schema) {
        if (schema == null || CHECKED.contains(schema)) return Optional.empty();
        JsonNode node = JSON.valueToTree(schema);
        if (!node.isObject() && !node.isBoolean()) {
            return Optional.of(where + ": a schema is a mapping, found " + node);
        }
        JsonNode checked = node.deepCopy();
        allowAny(checked);
        Set<ValidationMessage> errors = META.validate(checked);
        if (!errors.isEmpty()) {
            ValidationMessage first = errors.stream()
                    .min(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                            .thenComparing(ValidationMessage::getMessage))
                    .orElseThrow();
            return Optional.of(describe(where, first));
        }
        CHECKED.add(schema);
        return Optional.empty();
    }

    private static String describe(String where, ValidationMessage m) {
        String path = m.getInstanceLocation().toString(); // $.properties.city.type, $.required[0]
        String place = where + (path.length() > 1 ? path.substring(1).replaceAll("\\[(\\d+)]", ".$1") : "");
        JsonNode value = m.getInstanceNode();
        if (place.endsWith(".type") && value != null) {
            return place + ": " + value + " is not a JSON Schema type (" + String.join(", ", TYPES) + ")";
        }
        String message = m.getMessage();
        // networknt starts its message with the instance path; the place above says it in the file's words
        int colon = message.indexOf(": ");
        if (message.startsWith("$") && colon > 0) message = message.substring(colon + 2);
        return place + ": " + message;
    }

    /** Dotprompt passes {@code type: any} through; the meta-schema has no such type, so it is taken out to check. */
    private static void allowAny(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode type = object.get("type");
            if (type != null && type.isTextual() && type.asText().equals("any")) object.remove("type");
            if (type instanceof ArrayNode list) {
                for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
                    if ("any".equals(it.next().asText(null))) it.remove();
                }
            }
            object.elements().forEachRemaining(JsonSchemaCheck::allowAny);
        } else if (node instanceof ArrayNode list) {
            list.elements().forEachRemaining(JsonSchemaCheck::allowAny);
        }
    }
}
