package org.promptstudio.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code is-json} and {@code json-schema}. An answer wrapped in one Markdown code fence is read inside it, as models
 * often fence JSON. The schema is the assertion's {@code value} (a mapping or JSON text), else the prompt's
 * {@code output.schema}; a failure names the JSON path ({@code $.items[0].price: string found, number expected}).
 * {@link #schemaProblem} is the same check for the schema guardrail (decision 0143).
 */
public final class StructureChecks {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final Pattern FENCE = Pattern.compile("^```[\\w-]*\\s*\\n(.*?)\\n?```$", Pattern.DOTALL);
    private static final int MAX_SCHEMAS = 256;
    private static final Map<Object, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private StructureChecks() {
    }

    static void register(Map<String, Check> into) {
        into.put("is-json", (s, c) -> {
            try {
                JsonNode node = parse(c.output());
                return Specs.yesNo(s, true, "is JSON (" + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ")");
            } catch (JsonProcessingException e) {
                return Specs.yesNo(s, false, "is not JSON: " + describe(e));
            }
        });
        into.put("json-schema", StructureChecks::schemaCheck);
    }

    private static AssertionResult schemaCheck(AssertionSpec s, EvalContext c) {
        Object schema = s.value() != null ? s.value() : c.outputSchema();
        if (schema == null) {
            return Specs.yesNo(s, false, "no schema: the prompt has no output.schema and the assertion gives no 'value'");
        }
        // Against the prompt's own output.schema the reason says so: it may be the implicit check of a declared output.
        String against = s.value() != null ? "" : "the prompt's output.schema: ";
        JsonNode answer;
        try {
            answer = parse(c.output());
        } catch (JsonProcessingException e) {
            return Specs.yesNo(s, false, against + "is not JSON: " + describe(e));
        }
        List<ValidationMessage> errors = List.copyOf(compile(schema).validate(answer));
        if (errors.isEmpty()) return Specs.yesNo(s, true, "matches " + (s.value() != null ? "the schema" : "the prompt's output.schema"));
        StringBuilder reason = new StringBuilder(against);
        errors.stream().limit(3).forEach(m -> reason.append(reason.length() == against.length() ? "" : "; ")
                .append(m.getMessage()).append(found(m)));
        if (errors.size() > 3) reason.append(" (and ").append(errors.size() - 3).append(" more)");
        return Specs.yesNo(s, false, reason.toString());
    }

    /**
     * Why {@code output} is not JSON that follows {@code schema}, as the {@code json-schema} assertion says it
     * ({@code is not JSON: ...}, or up to three schema problems, each its JSON path and the rule it breaks:
     * {@link #valueFree}), or empty when it is. A schema problem names paths, rules and the schema's own limits and
     * types, never a value or a key found in the answer (they may be personal data), unlike the validator's messages.
     *
     * @param output the answer's text (one Markdown code fence around it is read inside); null reads as empty
     * @param schema a JSON Schema as maps and lists, or as JSON text
     * @throws EvalException when {@code schema} cannot be read as a schema
     */
    public static java.util.Optional<String> schemaProblem(String output, Object schema) {
        JsonNode answer;
        try {
            answer = parse(output == null ? "" : output);
        } catch (JsonProcessingException e) {
            return java.util.Optional.of("is not JSON: " + describe(e));
        }
        JsonSchema compiled = compile(schema);
        List<ValidationMessage> errors = List.copyOf(compiled.validate(answer));
        if (errors.isEmpty()) return java.util.Optional.empty();
        java.util.Set<String> declared = new java.util.HashSet<>();
        declaredNames(compiled.getSchemaNode(), declared);
        // the validator's own messages may quote the answer (a const's or a format's value, a key): ours never do
        List<String> problems = errors.stream().map(m -> valueFree(m, declared)).distinct().toList();
        StringBuilder reason = new StringBuilder();
        problems.stream().limit(3).forEach(p -> reason.append(reason.length() == 0 ? "" : "; ").append(p));
        if (problems.size() > 3) reason.append(" (and ").append(problems.size() - 3).append(" more)");
        return java.util.Optional.of(reason.toString());
    }

    /**
     * One schema problem as its JSON path and the rule it breaks, from the schema alone: {@code $.priority: not one
     * of the allowed values}, {@code $.age: expected integer, got string}, {@code $.age: below the minimum 18}. A
     * path step that is a key the schema does not declare (it came from the answer) is shown as {@code *}.
     */
    static String valueFree(ValidationMessage m, java.util.Set<String> declared) {
        String path = path(m.getInstanceLocation(), declared);
        JsonNode rule = m.getSchemaNode();
        String limit = rule != null && rule.isNumber() ? " " + rule.asText() : "";
        String keyword = m.getType() == null ? "" : m.getType();
        String what = switch (keyword) {
            case "type" -> "expected " + expectedType(rule) + ", got " + typeOf(m.getInstanceNode());
            case "enum" -> "not one of the allowed values";
            case "const" -> "not the required constant value";
            case "pattern" -> "does not match the pattern";
            case "format" -> "not in the " + (rule != null && rule.isTextual() ? plain(rule.textValue()) + " " : "")
                    + "format";
            case "required" -> "missing the required property"
                    + (m.getProperty() != null && declared.contains(m.getProperty()) ? " '" + m.getProperty() + "'" : "");
            case "additionalProperties" -> "has a property the schema does not allow";
            case "unevaluatedProperties" -> "has a property the schema does not describe";
            case "minimum" -> "below the minimum" + limit;
            case "maximum" -> "above the maximum" + limit;
            case "exclusiveMinimum" -> "not above the exclusive minimum" + limit;
            case "exclusiveMaximum" -> "not below the exclusive maximum" + limit;
            case "multipleOf" -> "not a multiple of" + limit;
            case "minLength" -> "shorter than the minimum length" + limit;
            case "maxLength" -> "longer than the maximum length" + limit;
            case "minItems" -> "fewer items than the minimum" + limit;
            case "maxItems" -> "more items than the maximum" + limit;
            case "uniqueItems" -> "has duplicate items";
            case "minProperties" -> "fewer properties than the minimum" + limit;
            case "maxProperties" -> "more properties than the maximum" + limit;
            default -> "breaks the schema's " + (plain(keyword).isEmpty() ? "" : "'" + plain(keyword) + "' ") + "rule";
        };
        return path + ": " + what;
    }

    /** {@code $.items[0].price}, each key the schema does not declare shown as {@code *}. */
    private static String path(com.networknt.schema.JsonNodePath at, java.util.Set<String> declared) {
        StringBuilder out = new StringBuilder("$");
        if (at == null) return out.toString();
        for (int i = 0; i < at.getNameCount(); i++) {
            Object step = at.getElement(i);
            if (step instanceof Integer n) out.append('[').append(n).append(']');
            else out.append('.').append(step != null && declared.contains(step.toString()) ? step : "*");
        }
        return out.toString();
    }

    /** Every property name {@code schema} declares ({@code properties} keys, {@code required} entries), at any depth. */
    private static void declaredNames(JsonNode schema, java.util.Set<String> into) {
        if (schema == null) return;
        if (schema.isObject()) {
            JsonNode properties = schema.get("properties");
            if (properties != null && properties.isObject()) properties.fieldNames().forEachRemaining(into::add);
            JsonNode required = schema.get("required");
            if (required != null && required.isArray()) {
                for (JsonNode r : required) if (r.isTextual()) into.add(r.textValue());
            }
        }
        for (JsonNode child : schema) declaredNames(child, into);
    }

    /** A {@code type} rule's types: {@code integer}, {@code string or null}. */
    private static String expectedType(JsonNode rule) {
        if (rule == null) return "another type";
        if (rule.isTextual()) return plain(rule.textValue());
        List<String> types = new java.util.ArrayList<>();
        for (JsonNode t : rule) if (t.isTextual()) types.add(plain(t.textValue()));
        return types.isEmpty() ? "another type" : String.join(" or ", types);
    }

    /** The JSON type of {@code node} ({@code string}, {@code integer}, {@code number}, ...), never its value. */
    private static String typeOf(JsonNode node) {
        if (node == null || node.isMissingNode()) return "nothing";
        if (node.isIntegralNumber()) return "integer";
        if (node.isNumber()) return "number";
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Schema words only (letters, digits, {@code -_$}), at most 40 characters. */
    private static String plain(String word) {
        String w = word == null ? "" : word.replaceAll("[^A-Za-z0-9_$-]", "");
        return w.length() > 40 ? w.substring(0, 40) : w;
    }

    /** The value found at the failing path, as JSON, when there is a scalar one: {@code  (found "soon")}. */
    private static String found(ValidationMessage m) {
        JsonNode node = m.getInstanceNode();
        if (node == null || node.isContainerNode() || node.isMissingNode()) return "";
        String json = node.toString();
        return " (found " + (json.length() > 60 ? json.substring(0, 57) + "..." : json) + ")";
    }

    private static JsonSchema compile(Object schema) {
        if (COMPILED.size() > MAX_SCHEMAS) COMPILED.clear();
        return COMPILED.computeIfAbsent(schema, k -> {
            try {
                JsonNode node = k instanceof String text ? JSON.readTree(text) : JSON.valueToTree(k);
                return SCHEMAS.getSchema(node);
            } catch (JsonProcessingException | RuntimeException e) {
                throw new EvalException("json-schema: the schema cannot be read: " + e.getMessage(), e);
            }
        });
    }

    static JsonNode parse(String output) throws JsonProcessingException {
        String text = output.strip();
        Matcher m = FENCE.matcher(text);
        if (m.matches()) text = m.group(1).strip();
        if (text.isEmpty()) throw new JsonProcessingException("the answer is empty") { };
        return JSON.readTree(text);
    }

    private static String describe(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        String first = msg == null ? "" : msg.lines().findFirst().orElse("");
        return e.getLocation() == null ? first
                : first + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }
}
