package org.promptstudio.template.prompty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;
import org.promptstudio.template.ExampleInput;
import org.promptstudio.template.ParsedPrompt;
import org.promptstudio.template.PromptMetadata;
import org.promptstudio.template.PromptParser;
import org.promptstudio.template.PromptRenderer;
import org.promptstudio.template.RenderData;
import org.promptstudio.template.TemplateException;
import org.promptstudio.template.prompty.PromptyConversion.Finding;

/**
 * Every form Prompty's front matter takes, in its first version (the v1 Prompty.yaml schema and runtime, and the 2025
 * runtime's InputProperty) and in its second (the v2 specification, spec/spec.md sections 2.3 to 2.8, of
 * github.com/microsoft/prompty), converts to a Dotprompt prompt that our parser reads and that renders both with the
 * file's own sample and with example values. The fixtures in src/test/resources/prompty are ours; each names the
 * upstream file whose forms it mirrors.
 */
class PromptyFormsTest {

    @TempDir
    Path dir;

    private final PromptyImporter importer = new PromptyImporter();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1-property-inputs", "v1-history-loop", "v1-sample-file", "v1x-runtime-properties",
        "v2-list-inputs", "v2-thread", "v2-outputs-shorthand", "v2-multimodal"})
    void everyFormConvertsParsesAndRendersWithItsSampleAndWithExampleValues(String name) throws Exception {
        PromptyConversion c = fixture(name);

        assertThat(c.problems()).isEmpty();
        assertThat(c.notes()).extracting(Finding::message)
                .noneMatch(m -> m.startsWith("the sample does not fit") || m.contains("does not render"));
        ParsedPrompt parsed = PromptParser.parse(c.promptSource(), name + ".prompt");
        PromptRenderer renderer = new PromptRenderer();
        PromptMetadata meta = renderer.resolveMetadata(parsed, Map.of());
        // studio render --example
        List<Message> example = renderer.render(parsed, RenderData.of(ExampleInput.forPrompt(meta)), Map.of()).messages();
        assertThat(example).isNotEmpty();
        if (c.datasetRow() != null) {
            List<Message> sample = renderer.render(parsed, RenderData.of(c.datasetRow()), Map.of()).messages();
            assertThat(sample).isNotEmpty();
        }
        assertThat(c.promptSource()).doesNotContain("apiKey", "api_key");
    }

    /** The fault of issue 8: a property with an unknown key was read as a sample value and typed object. */
    @Test
    void v1PropertyWithAnUnknownKeyIsAPropertyAndTheFilesOwnSampleFits() throws Exception {
        PromptyConversion c = fixture("v1-property-inputs");
        PromptMetadata meta = metadata(c);

        Map<String, Object> shop = property(meta.inputSchema(), "shop");
        assertThat(shop.get("type")).isEqualTo(List.of("string", "null"));
        assertThat(shop).containsEntry("description", "The shop's name");
        assertThat(meta.inputDefaults()).containsEntry("shop", "Thermalyn").containsEntry("lastName", "Doe");
        assertThat(meta.inputSchema().get("required")).isEqualTo(List.of("firstName"));
        assertThat(c.datasetRow()).containsEntry("shop", "Thermalyn Outlet").containsEntry("question", "Where is my parcel?");
        assertThat(c.notes()).extracting(Finding::toString).contains(
                "v1-property-inputs.prompty:18: 'inputs.shop.internal' has no place in a Dotprompt schema;"
                        + " kept as metadata.prompty.inputs.shop.internal",
                "v1-property-inputs.prompty:29: sample field 'question' is not among the inputs; declared as an"
                        + " optional string",
                "v1-property-inputs.prompty:35: 'extra_rules' is used by the template but neither declared nor in the"
                        + " sample; declared as an optional 'any' (Prompty renders it as nothing when missing)");
        Map<String, Object> kept = map(map(map(meta.metadata().get("prompty")).get("inputs")).get("shop"));
        assertThat(kept).containsEntry("internal", true);
        List<Message> messages = render(c, c.datasetRow());
        assertThat(messages).extracting(m -> m.text().strip()).containsExactly(
                "You answer questions about orders at Thermalyn Outlet.\n\n\n# Customer\nYou are helping Jane Smith.",
                "Where is my parcel?");
    }

    @Test
    void aHistoryLoopGivesOneMessagePerItemAndNoRoleValueBreaksTheRendering() throws Exception {
        PromptyConversion c = fixture("v1-history-loop");
        List<Map<String, Object>> history = List.of(
                Map.of("role", "user", "content", "Do you sell valves?"),
                Map.of("role", "assistant", "content", "Yes, the Dial."),
                Map.of("role", "system", "content", "Be brief."),
                Map.of("role", "moderator", "content", "Odd role"),
                Map.of("content", "No role"));

        List<Message> messages = render(c, Map.of("firstName", "Jane", "input", "ctx", "chat_history", history));

        assertThat(messages).extracting(Message::role).containsExactly("system", "user", "model", "system", "user", "user");
        assertThat(messages).extracting(m -> m.text().strip()).endsWith("Odd role", "No role");
        assertThat(c.promptSource()).contains("{{#each chat_history}}", "{{else ifEquals this.role \"system\"}}");
        PromptMetadata meta = metadata(c);
        Map<String, Object> items = map(property(meta.inputSchema(), "chat_history").get("items"));
        assertThat(map(items.get("properties"))).containsKeys("role", "content");
    }

    @Test
    void aSampleFileGivesTheRowAndTheSchemaOfItsNestedObjectsAndLists() throws Exception {
        PromptyConversion c = fixture("v1-sample-file");

        assertThat(c.datasetRow()).containsKeys("question", "customer", "documentation");
        Map<String, Object> docs = property(metadata(c).inputSchema(), "documentation");
        assertThat(map(map(docs.get("items")).get("properties"))).containsKeys("id", "name", "price", "category");
        assertThat(render(c, c.datasetRow()).get(0).text()).contains("- Dial (99 EUR)\n- Valve (39 EUR)",
                "You are helping Sally Davis.");
    }

    @Test
    void runtimePropertiesWithSampleRequiredAndJsonSchemaBecomeAJsonSchema() throws Exception {
        PromptyConversion c = fixture("v1x-runtime-properties");
        PromptMetadata meta = metadata(c);

        assertThat(meta.model()).isEqualTo("azure-openai/gpt-4o");
        assertThat(meta.config()).containsEntry("maxOutputTokens", 300L).containsEntry("temperature", 0L);
        assertThat(meta.inputSchema().get("required")).isEqualTo(List.of("ticket", "customer", "priority"));
        assertThat(property(meta.inputSchema(), "priority")).containsEntry("enum", List.of("low", "normal", "high"));
        assertThat(c.datasetRow()).containsEntry("priority", "normal").containsEntry("ticket", "My valve leaks since Monday.");
        assertThat(meta.outputFormat()).isEqualTo("json");
        assertThat(meta.outputSchema()).containsEntry("required", List.of("category", "urgent"));
        Map<String, Object> row = new java.util.LinkedHashMap<>(c.datasetRow());
        row.put("priority", "urgent");
        assertThatThrownBy(() -> render(c, row)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("input does not match");
    }

    @Test
    void v2ListInputsModelOptionsAndTemplateObjectsConvert() throws Exception {
        PromptyConversion c = fixture("v2-list-inputs");
        PromptMetadata meta = metadata(c);

        assertThat(meta.model()).isEqualTo("openai/gpt-4o");
        assertThat(meta.config()).containsEntry("temperature", 0.7).containsEntry("maxOutputTokens", 1000L)
                .containsEntry("frequency_penalty", 0.5).containsEntry("stopSequences", List.of("###"))
                .containsEntry("logprobs", true);
        assertThat(meta.inputSchema().get("required")).isEqualTo(List.of("question"));
        assertThat(property(meta.inputSchema(), "tone").get("enum")).isEqualTo(java.util.Arrays.asList("friendly", "formal", null));
        assertThat(property(meta.inputSchema(), "age").get("type")).isEqualTo(List.of("integer", "null"));
        assertThat(meta.inputDefaults()).containsEntry("firstName", "Jane").containsEntry("tone", "friendly");
        assertThat(c.datasetRow()).containsExactly(Map.entry("question", "What is the meaning of life?"));
        assertThat(map(map(meta.metadata().get("prompty")).get("connection"))).containsEntry("kind", "key")
                .doesNotContainKey("apiKey");
        assertThat(c.notes()).extracting(Finding::toString).contains("v2-list-inputs.prompty:17:"
                + " model.connection.apiKey left out: secrets are not kept in the workspace (set them in the environment)");
        assertThat(render(c, Map.of("question", "Why?", "age", 41)).get(0).text())
                .contains("You are helping Jane; be friendly.\nThe customer is 41 years old.");
    }

    @Test
    void aV2ThreadBecomesItsMessagesAndTheTextAfterItKeepsTheRoleItStoodIn() throws Exception {
        PromptyConversion c = fixture("v2-thread");

        List<Message> messages = render(c, Map.of("question", "And the price?", "conversation", List.of(
                Map.of("role", "user", "content", "Do you sell valves?"),
                // v2 Message form (schema/model/contracts/conversation/message.tsp): role and text parts
                Map.of("role", "assistant", "parts", List.of(Map.of("kind", "text", "value", "Yes."))))));

        assertThat(messages).extracting(Message::role).containsExactly("system", "user", "model", "user");
        assertThat(messages).extracting(m -> m.text().strip())
                .containsExactly("You are a helpful assistant.", "Do you sell valves?", "Yes.", "And the price?");
        assertThat(render(c, Map.of())).extracting(m -> m.text().strip())
                .containsExactly("You are a helpful assistant.", "Hello");
    }

    @Test
    void v2ShorthandValuesAreDefaultsAndOutputsKeepTheirRequiredFlags() throws Exception {
        PromptyConversion c = fixture("v2-outputs-shorthand");
        PromptMetadata meta = metadata(c);

        assertThat(meta.model()).isEqualTo("gpt-4o");
        assertThat(meta.inputDefaults()).containsEntry("units", "metric");
        assertThat(meta.inputSchema()).doesNotContainKey("required");
        assertThat(map(property(meta.inputSchema(), "place")).get("required")).isEqualTo(List.of("country"));
        assertThat(property(meta.inputSchema(), "cities")).containsEntry("items", Map.of("type", "string"));
        assertThat(meta.outputSchema()).containsEntry("required", List.of("temperature", "condition"));
        assertThat(c.datasetRow()).isNull();
        assertThat(render(c, Map.of("place", Map.of("country", "FR"), "cities", List.of("Paris"))).get(0).text())
                .contains("Extract weather data (metric units) for FR.", "Known city: Paris");
    }

    @Test
    void v2ImageAndAudioInputsBecomeMediaPartsAndNothingWhenMissing() throws Exception {
        PromptyConversion c = fixture("v2-multimodal");

        assertThat(metadata(c).model()).isEqualTo("azure-openai/gpt-4o");
        List<Message> messages = render(c, c.datasetRow());
        assertThat(messages.get(0).content()).contains(new Part.Media("https://example.invalid/valve.png", null));
        assertThat(render(c, Map.of()).get(0).content()).noneMatch(p -> p instanceof Part.Media);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
        "'template: jinja2' => jinja2",
        "'template: {type: jinja2, parser: prompty}' => jinja2",
        "'template: {format: jinja2, parser: prompty}' => jinja2",
        "'template: {format: {kind: jinja2}, parser: {kind: prompty}}' => jinja2",
        "'template: {format: {kind: mustache}, parser: {kind: prompty}}' => mustache",
        "'template: mustache' => mustache",
    })
    void everyTemplateFormNamesTheEngine(String template, String engine) {
        boolean mustache = engine.equals("mustache");
        PromptyConversion c = importer.convert("---\nname: t\n" + template + "\n---\n"
                + (mustache ? "{{#items}}[{{.}}]{{/items}}" : "{% if x %}y{% endif %}"), "t.prompty", dir);

        assertThat(c.problems()).isEmpty();
        assertThat(c.promptSource()).contains(mustache ? "{{#items}}[{{.}}]{{/items}}" : "{{#if x}}y{{/if}}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
        "'template: {format: {kind: handlebars}}' => t.prompty:3: cannot convert template format 'handlebars' (only jinja2 and mustache)",
        "'template: {format: jinja2, parser: {kind: markdown}}' => t.prompty:3: cannot convert parser 'markdown' (only Prompty's role lines: system:, user:, assistant:)",
    })
    void anEngineOrParserWeCannotConvertIsAProblemWithItsLine(String template, String problem) {
        PromptyConversion c = importer.convert("---\nname: t\n" + template + "\n---\nhi", "t.prompty", dir);

        assertThat(c.problems()).extracting(Finding::toString).containsExactly(problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
        // Prompty v2 specification, section 2.4: a string is the model id.
        "'model: gpt-4o' => gpt-4o",
        "'model: {id: gpt-4o, provider: openai}' => openai/gpt-4o",
        "'model: {id: gpt-4o, provider: azure}' => azure-openai/gpt-4o",
        "'model: {id: gpt-4o, provider: foundry, apiType: chat}' => azure-openai/gpt-4o",
        "'model: {id: claude-sonnet-4, provider: anthropic}' => anthropic/claude-sonnet-4",
        // Prompty v1 schema (Prompty.yaml): configuration {type, azure_deployment | name}
        "'model: {api: chat, configuration: {type: openai, name: gpt-4o}}' => openai/gpt-4o",
        "'model: {api: chat, configuration: {type: azure_openai, azure_deployment: gpt-4o}}' => azure-openai/gpt-4o",
        "'model: {api: chat, configuration: {type: azure_openai_beta, azure_deployment: gpt-4o}}' => azure-openai/gpt-4o",
        // 2025 runtime (core.py ModelProperty): id with a connection that names the type
        "'model: {id: gpt-4o, connection: {type: azure_openai}}' => azure-openai/gpt-4o",
    })
    void everyModelFormNamesTheModel(String model, String expected) {
        PromptyConversion c = importer.convert("---\nname: m\n" + model + "\n---\nhi", "m.prompty", dir);

        assertThat(PromptParser.parse(c.promptSource(), "m.prompt").metadata().model()).isEqualTo(expected);
    }

    /**
     * Each form an input takes, and the JSON Schema it ends as (after Picoschema, where it is written so). Forms:
     * v1 Prompty.yaml / core.py PropertySettings and InputProperty; v2 spec section 2.7 and properties.tsp.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        // v1 property with an unknown key (the issue's basic.prompty form)
        "`{x: {type: string, default: a, internal: true}}` => `{\"type\":[\"string\",\"null\"]}` => ``",
        // v1 value shorthand: a sample, so required
        "`{x: Jane}` => `{\"type\":\"string\"}` => `x`",
        // v1 map of fields without a property key: a sample object
        "`{x: {city: Paris, zip: 75001}}` => `{\"type\":\"object\",\"properties\":{\"city\":{\"type\":[\"string\",\"null\"]},\"zip\":{\"type\":[\"number\",\"null\"]}},\"additionalProperties\":{}}` => `x`",
        // v1 type name shorthand
        "`{x: number}` => `{\"type\":\"number\"}` => `x`",
        // 2025 runtime: required false, sample
        "`{x: {type: boolean, required: false, sample: true}}` => `{\"type\":[\"boolean\",\"null\"]}` => ``",
        // v2 list: kind float, optional unless required
        "`[{name: x, kind: float}]` => `{\"type\":[\"number\",\"null\"]}` => ``",
        "`[{name: x, kind: integer, required: true, description: How many}]` => `{\"type\":\"integer\",\"description\":\"How many\"}` => `x`",
        // v2 nullable and required: only JSON Schema says both
        "`[{name: x, kind: string, nullable: true, required: true}]` => `{\"type\":[\"string\",\"null\"]}` => `x`",
        // v2 union
        "`[{name: x, kind: union, anyOf: [{kind: string}, {kind: integer}]}]` => `{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}` => ``",
        // v2 array of objects with named properties
        "`[{name: x, kind: array, required: true, items: {kind: object, properties: [{name: a, kind: string, required: true}]}}]` => `{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"additionalProperties\":false,\"required\":[\"a\"]}}` => `x`",
    })
    void everyInputFormBecomesThisSchema(String inputs, String property, String required) throws Exception {
        PromptyConversion c = importer.convert("---\nname: f\ninputs: " + inputs + "\n---\n{{x}}", "f.prompty", dir);
        PromptMetadata meta = metadata(c);

        assertThat(c.problems()).isEmpty();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readTree(json.writeValueAsString(property(meta.inputSchema(), "x"))))
                .isEqualTo(json.readTree(property));
        Object req = meta.inputSchema().get("required");
        assertThat(req == null ? List.of() : req).isEqualTo(required.isEmpty() ? List.of() : List.of(required));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"api_key", "apiKey", "client_secret", "token", "password"})
    void secretsOfEveryNamingAreLeftOut(String key) {
        String value = "fake-" + Long.toHexString(System.nanoTime());
        PromptyConversion c = importer.convert("---\nname: s\nmodel:\n  id: gpt-4o\n  connection:\n    kind: key\n    "
                + key + ": " + value + "\n---\nhi", "s.prompty", dir);

        assertThat(c.promptSource()).doesNotContain(value).doesNotContain(key + ":");
    }

    /** Mirrors runtime/prompty/tests/prompts/structured_output.prompty (v1): response_format read from a file. */
    @Test
    void aResponseFormatFileReferenceBecomesTheOutputSchema() throws IOException {
        Files.writeString(dir.resolve("event.json"), "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"event\","
                + " \"schema\": {\"type\": \"object\", \"properties\": {\"date\": {\"type\": \"string\"}},"
                + " \"required\": [\"date\"]}}}");
        PromptyConversion c = importer.convert("---\nname: so\nmodel:\n  api: chat\n  configuration:\n"
                + "    type: azure_openai_beta\n    azure_deployment: gpt-4o\n  parameters:\n"
                + "    response_format: ${file:event.json}\nsample:\n  statement: Friday\n---\n{{statement}}", "so.prompty", dir);
        PromptMetadata meta = metadata(c);

        assertThat(meta.model()).isEqualTo("azure-openai/gpt-4o");
        assertThat(meta.outputFormat()).isEqualTo("json");
        assertThat(meta.outputSchema()).containsEntry("required", List.of("date"));
        assertThat(c.promptSource()).doesNotContain("${file:");
    }

    @Test
    void aV2ApiTypeOtherThanChatIsKeptWithANote() {
        PromptyConversion c = importer.convert("---\nname: e\nmodel:\n  id: text-embedding-3-small\n  provider: openai\n"
                + "  apiType: embedding\n---\n{{text}}", "e.prompty", dir);

        assertThat(c.notes()).extracting(Finding::toString).contains("e.prompty:6: model.apiType 'embedding' kept as"
                + " metadata.prompty.model.apiType: a Dotprompt prompt is chat messages, sent to the chat API");
    }

    private PromptyConversion fixture(String name) throws IOException, URISyntaxException {
        Path source = Path.of(getClass().getResource("/prompty/" + name + ".prompty").toURI());
        return importer.convert(Files.readString(source), name + ".prompty", source.getParent());
    }

    private static PromptMetadata metadata(PromptyConversion c) {
        return new PromptRenderer().resolveMetadata(PromptParser.parse(c.promptSource(), "c.prompt"), Map.of());
    }

    private static List<Message> render(PromptyConversion c, Map<String, Object> input) {
        ParsedPrompt parsed = PromptParser.parse(c.promptSource(), "converted.prompt");
        return new PromptRenderer().render(parsed, RenderData.of(input), Map.of()).messages();
    }

    private static Map<String, Object> property(Map<String, Object> schema, String name) {
        return map(map(schema.get("properties")).get(name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }
}
