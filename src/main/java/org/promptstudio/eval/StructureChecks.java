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
     * ({@code is not JSON: ...}, or up to three schema problems with their JSON paths), or empty when it is. The
     * reason names paths and expected types, never the values found (they may be personal data).
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
        List<ValidationMessage> errors = List.copyOf(compile(schema).validate(answer));
        if (errors.isEmpty()) return java.util.Optional.empty();
        StringBuilder reason = new StringBuilder();
        errors.stream().limit(3).forEach(m -> reason.append(reason.length() == 0 ? "" : "; ").append(m.getMessage()));
        if (errors.size() > 3) reason.append(" (and ").append(errors.size() - 3).append(" more)");
        return java.util.Optional.of(reason.toString());
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
