package org.promptstudio.template.prompty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.promptstudio.model.Message;
import org.promptstudio.template.ParsedPrompt;
import org.promptstudio.template.PromptMetadata;
import org.promptstudio.template.PromptParser;
import org.promptstudio.template.PromptRenderer;
import org.promptstudio.template.RenderData;
import org.promptstudio.template.TemplateException;
import org.promptstudio.template.prompty.PromptyConversion.Finding;

class PromptyImporterTest {

    @TempDir
    Path dir;

    private final PromptyImporter importer = new PromptyImporter();

    /** The chat example most Prompty projects start from, with a few more parameters. */
    private static final String SUPPORT_CHAT = """
            ---
            name: Support Chat
            description: Answers a customer's question about an order.
            authors:
              - ana
              - ben
            version: 1.0
            model:
              api: chat
              configuration:
                type: azure_openai
                azure_endpoint: ${env:AZURE_OPENAI_ENDPOINT}
                azure_deployment: gpt-4o-mini
                api_key: sk-do-not-copy-me
                api_version: 2024-07-01-preview
              parameters:
                max_tokens: 400
                temperature: 0.2
                top_p: 0.9
                stop: "###"
                seed: 7
                frequency_penalty: 0.5
            inputs:
              customer:
                type: string
                description: The customer's first name
                default: there
                sample: Jane
              question:
                type: string
                description: What the customer asks
                sample: Where is my parcel?
            ---
            system:
            You are the support assistant of a small web shop.
            Greet {{ customer }} by name and answer briefly.

            user:
            {{question}}
            """;

    @Test
    void chatWithSystemAndUserRendersTheSampleToTheSameMessages() throws IOException {
        PromptyConversion c = convert(SUPPORT_CHAT, "support.prompty");

        assertThat(c.problems()).isEmpty();
        assertThat(c.datasetRow()).containsExactly(Map.entry("customer", "Jane"),
                Map.entry("question", "Where is my parcel?"));
        List<Message> messages = render(c, c.datasetRow());
        assertThat(messages).extracting(Message::role).containsExactly("system", "user");
        assertThat(messages.get(0).text().strip()).isEqualTo(
                "You are the support assistant of a small web shop.\nGreet Jane by name and answer briefly.");
        assertThat(messages.get(1).text().strip()).isEqualTo("Where is my parcel?");
    }

    @Test
    void frontMatterMapsModelParametersInputsAndKeepsTheRestUnderMetadata() {
        PromptyConversion c = convert(SUPPORT_CHAT, "support.prompty");
        PromptMetadata meta = PromptParser.parse(c.promptSource(), "support.prompt").metadata();

        assertThat(meta.name()).isEqualTo("Support Chat");
        assertThat(meta.description()).isEqualTo("Answers a customer's question about an order.");
        assertThat(meta.version()).isEqualTo("1.0");
        assertThat(meta.model()).isEqualTo("azure-openai/gpt-4o-mini");
        assertThat(meta.config()).containsEntry("maxOutputTokens", 400L).containsEntry("temperature", 0.2)
                .containsEntry("topP", 0.9).containsEntry("stopSequences", List.of("###")).containsEntry("seed", 7L)
                .containsEntry("frequency_penalty", 0.5).doesNotContainKeys("max_tokens", "top_p", "stop");
        assertThat(meta.raw().get("input")).isEqualTo(Map.of(
                "schema", Map.of("customer?", "string, The customer's first name",
                        "question", "string, What the customer asks"),
                "default", Map.of("customer", "there")));
        Map<String, Object> prompty = PromptMetadataView.map(meta.metadata().get("prompty"));
        assertThat(prompty).containsEntry("authors", List.of("ana", "ben"));
        assertThat(PromptMetadataView.map(prompty.get("connection")))
                .containsEntry("azure_endpoint", "${env:AZURE_OPENAI_ENDPOINT}")
                .containsEntry("api_version", "2024-07-01-preview");
        assertThat(c.promptSource()).doesNotContain("sk-do-not-copy-me").doesNotContain("api_key");
        assertThat(c.notes()).extracting(Finding::toString).contains(
                "support.prompty:4: 'authors' kept as metadata.prompty.authors",
                "support.prompty:14: model.configuration.api_key left out: secrets are not kept in the workspace"
                        + " (set them in the environment)");
    }

    @Test
    void inputWithADefaultIsOptionalAndTheDefaultFillsAMissingValue() {
        PromptyConversion c = convert(SUPPORT_CHAT, "support.prompty");

        List<Message> messages = render(c, Map.of("question", "Can I pay by card?"));

        assertThat(messages.get(0).text()).contains("Greet there by name");
        assertThatThrownBy(() -> render(c, Map.of("customer", "Jane")))
                .isInstanceOf(TemplateException.class).hasMessageContaining("missing required field 'question'");
    }

    @Test
    void ifElifElseBecomesAnElseIfChainThatPicksTheSameBranch() {
        PromptyConversion c = convert("""
                ---
                name: plans
                ---
                system:
                {% if tier == "gold" %}
                Gold customer: be generous.
                {% elif not tier %}
                No plan on file.
                {% elif vip %}
                A VIP without a plan.
                {% else %}
                Plan {{ tier }}.
                {% endif %}
                """, "plans.prompty");

        assertThat(c.problems()).isEmpty();
        assertThat(c.promptSource()).contains("{{#ifEquals tier \"gold\"}}", "{{else unless tier}}",
                "{{else if vip}}", "{{else}}", "{{/ifEquals}}");
        assertThat(systemText(c, Map.of("tier", "gold"))).isEqualTo("Gold customer: be generous.");
        assertThat(systemText(c, Map.of())).isEqualTo("No plan on file.");
        assertThat(systemText(c, Map.of("tier", "basic"))).isEqualTo("Plan basic.");
    }

    @Test
    void notEqualAndNegatedConditionsBecomeUnlessHelpers() {
        PromptyConversion c = convert("""
                {% if lang != "en" %}Answer in {{ lang }}.{% endif %}
                {% if not (short) %}x{% endif %}{% if not done %}Not done.{% endif %}
                """, "lang.prompty");

        assertThat(c.promptSource()).contains("{{#unlessEquals lang \"en\"}}", "{{#unless done}}");
        assertThat(c.problems()).extracting(Finding::line).containsExactly(2);
        assertThat(systemText(c, Map.of("lang", "nl", "done", true))).startsWith("Answer in nl.");
        assertThat(systemText(c, Map.of("lang", "en", "done", false))).endsWith("Not done.");
    }

    @Test
    void forLoopUsesThisForTheItemAndAtNamesForTheLoopVariables() {
        PromptyConversion c = convert("""
                ---
                name: catalogue
                sample:
                  shop: Thermalyn
                  products:
                    - name: Dial
                      price: 99
                    - name: Valve
                      price: 39
                ---
                system:
                Products of {{ shop }}:
                {% for p in products %}
                {{ loop.index0 }}: {{ p.name }} ({{ p.price }} EUR, {{ shop }}){% if loop.first %} best seller{% endif %}{% if loop.last %} last{% endif %}
                {% else %}
                nothing
                {% endfor %}
                """, "catalogue.prompty");

        assertThat(c.problems()).isEmpty();
        assertThat(c.promptSource()).contains("{{#each products}}", "{{@index}}: {{this.name}}", "{{@root.shop}}",
                "{{#if @first}}", "{{#if @last}}", "{{/each}}");
        assertThat(systemText(c, c.datasetRow())).isEqualTo("Products of Thermalyn:\n"
                + "0: Dial (99 EUR, Thermalyn) best seller\n1: Valve (39 EUR, Thermalyn) last");
        assertThat(systemText(c, Map.of("shop", "X", "products", List.of()))).isEqualTo("Products of X:\nnothing");
    }

    @Test
    void nestedLoopsReachTheOuterItemThroughTheParentPath() {
        PromptyConversion c = convert("""
                {% for order in orders %}{% for line in order.lines %}{{ order.id }}/{{ line }} {% endfor %}{% endfor %}
                """, "orders.prompty");

        assertThat(c.problems()).isEmpty();
        assertThat(c.promptSource()).contains("{{../this.id}}/{{this}}");
        assertThat(systemText(c, Map.of("orders", List.of(Map.of("id", "A", "lines", List.of(1, 2)),
                Map.of("id", "B", "lines", List.of(3)))))).isEqualTo("A/1 A/2 B/3");
    }

    @Test
    void loopOverItemsOfAMapGivesTheKeyAndTheValue() {
        PromptyConversion c = convert("{% for key, value in facts.items() %}{{ key }}={{ value }};{% endfor %}",
                "facts.prompty");

        assertThat(c.promptSource()).contains("{{#each facts}}{{@key}}={{this}};{{/each}}");
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("plan", "Plus");
        facts.put("country", "NL");
        assertThat(systemText(c, Map.of("facts", facts))).isEqualTo("plan=Plus;country=NL;");
    }

    @Test
    void aFilterIsReportedWithItsLineInThePromptyFile() {
        PromptyConversion c = convert("""
                ---
                name: shout
                ---
                system:
                Be kind.
                user:
                Hello {{ name | upper }}!
                """, "shout.prompty");

        assertThat(c.problems()).extracting(Finding::toString)
                .containsExactly("shout.prompty:7: cannot convert filter '| upper'");
        assertThat(c.promptSource())
                .contains("Hello {{!-- TODO prompty: cannot convert filter '| upper': {{ name | upper }} --}}!");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
        "{{ items | join(', ') }} => cannot convert filter '| join'",
        "{{ name | default('friend') }} => cannot convert filter '| default'",
        "{% set greeting = 'hi' %} => cannot convert '{% set %}'",
        "{% macro row(x) %}{{ x }}{% endmacro %} => cannot convert '{% macro %}'",
        "{% include 'footer.jinja2' %} => cannot convert '{% include %}'",
        "{% if a and b %}x{% endif %} => cannot convert 'and' in 'a and b'",
        "{% if n > 3 %}x{% endif %} => cannot convert expression 'n > 3'",
        "{% if x is defined %}x{% endif %} => cannot convert test 'is defined'",
        "{{ a + b }} => cannot convert expression 'a + b'",
        "{{ user.get('name') }} => cannot convert call 'user.get(...)'",
        "{% for i in range(3) %}{{ i }}{% endfor %} => cannot convert call 'range(...)'",
        "{% for x in xs if x.ok %}{{ x }}{% endfor %} => cannot convert a loop filter 'if x.ok'",
        "{% for x in xs %}{{ loop.index }}{% endfor %} => cannot convert 'loop.index' (it counts from 1;"
            + " Handlebars' @index counts from 0 and cannot add 1)",
        "{% for x in xs %}{{ loop.length }}{% endfor %} => cannot convert 'loop.length'",
        "{% if x %}never closed => '{% if %}' is never closed with '{% endif %}'",
        "{{ unclosed => '{{' is never closed with '}}'",
    })
    void eachUnconvertibleConstructIsReportedAndTheForcedOutputStillRenders(String body, String problem) {
        PromptyConversion c = convert("---\nname: x\n---\nsystem:\nline one\n" + body + "\n", "x.prompty");

        assertThat(c.problems()).extracting(Finding::toString).first().isEqualTo("x.prompty:6: " + problem);
        assertThat(c.promptSource()).contains("{{!-- TODO prompty: ");
        render(c, Map.of("xs", List.of(Map.of("ok", true)), "items", List.of("a")));
    }

    @Test
    void whitespaceControlBecomesTildesAndCommentsBecomeHandlebarsComments() {
        PromptyConversion c = convert("""
                {# shown to the model as one line #}
                Items:
                {%- for i in items -%}
                  [{{- i -}}]
                {%- endfor %}
                done {#- trailing -#}   !
                """, "ws.prompty");

        assertThat(c.promptSource()).contains("{{!-- shown to the model as one line --}}", "{{~#each items~}}",
                "{{~this~}}", "{{~/each}}");
        assertThat(systemText(c, Map.of("items", List.of(1, 2)))).isEqualTo("Items:[1][2]\ndone!");
    }

    @Test
    void textBeforeTheFirstRoleLineIsASystemMessageAsInPrompty() {
        PromptyConversion c = convert("""
                ---
                name: plain
                ---
                You are terse.
                user:
                {{ q }}
                """, "plain.prompty");

        List<Message> messages = render(c, Map.of("q", "Why?"));
        assertThat(messages).extracting(Message::role).containsExactly("system", "user");
        assertThat(messages.get(0).text().strip()).isEqualTo("You are terse.");
    }

    @Test
    void assistantLinesBecomeModelMessagesAndRoleLinesIgnoreCaseAndHashes() {
        PromptyConversion c = convert("""
                # System:
                Translate to French.
                USER:
                cheese
                Assistant:
                fromage
                user :
                {{ word }}
                """, "fewshot.prompty");

        List<Message> messages = render(c, Map.of("word", "bread"));
        assertThat(messages).extracting(Message::role).containsExactly("system", "user", "model", "user");
        assertThat(messages).extracting(m -> m.text().strip())
                .containsExactly("Translate to French.", "cheese", "fromage", "bread");
    }

    @Test
    void aRoleWithTextOnTheSameLineStaysTextAsInPromptyAndIsNoted() {
        PromptyConversion c = convert("""
                system:
                Examples:
                User: where is my order?
                Assistant: It ships tomorrow.
                user:
                {{ q }}
                """, "examples.prompty");

        List<Message> messages = render(c, Map.of("q", "hi"));
        assertThat(messages).extracting(Message::role).containsExactly("system", "user");
        assertThat(messages.get(0).text()).contains("User: where is my order?\nAssistant: It ships tomorrow.");
        assertThat(c.notes()).extracting(Finding::line).containsExactly(0, 3, 4);
        assertThat(c.notes().get(1).message()).startsWith("'User: where is my order?' kept as text");
    }

    @Test
    void roleLinesTakenFromTheDataInAHistoryLoopBecomeMessages() {
        PromptyConversion c = convert("""
                ---
                name: chat
                sample:
                  question: And the price?
                  chat_history:
                    - role: user
                      content: Do you sell valves?
                    - role: assistant
                      content: Yes, the Thermalyn Valve.
                ---
                system:
                You sell radiator valves.

                {% for item in chat_history %}
                {{item.role}}:
                {{item.content}}
                {% endfor %}

                user:
                {{question}}
                """, "chat.prompty");

        assertThat(c.problems()).isEmpty();
        List<Message> messages = render(c, c.datasetRow());
        assertThat(messages).extracting(Message::role).containsExactly("system", "user", "model", "user");
        assertThat(messages).extracting(m -> m.text().strip()).containsExactly("You sell radiator valves.",
                "Do you sell valves?", "Yes, the Thermalyn Valve.", "And the price?");
        // Line 0: no inputs declared, so the schema is made from the sample and the template's variables.
        assertThat(c.notes()).extracting(Finding::line).containsExactly(0, 15);
    }

    @Test
    void perInputSamplesAndTheInlineSampleMakeOneRowWithTheInlineSampleWinning() {
        PromptyConversion c = convert("""
                ---
                name: row
                inputs:
                  firstName: Jane
                  lastName:
                    type: string
                    sample: Doe
                  age: number
                sample:
                  lastName: Smith
                  age: 41
                ---
                {{ firstName }} {{ lastName }} ({{ age }})
                """, "row.prompty");

        assertThat(c.datasetRow()).containsExactly(Map.entry("firstName", "Jane"), Map.entry("lastName", "Smith"),
                Map.entry("age", 41));
        assertThat(c.notes()).extracting(Finding::toString).contains(
                "row.prompty:4: inputs.firstName: the value \"Jane\" is taken as a sample (dataset row), not a default,"
                        + " as Prompty v1 reads a value in place of a property");
        assertThat(systemText(c, c.datasetRow())).isEqualTo("Jane Smith (41)");
    }

    @Test
    void aSampleFileNextToThePromptyFileBecomesTheRow() throws IOException {
        Files.writeString(dir.resolve("sample.json"), "{\"topic\": \"heat pumps\", \"words\": 50}");

        PromptyConversion c = convert("---\nname: s\nsample: ${file:sample.json}\n---\nWrite {{words}} words on {{topic}}.",
                "s.prompty");

        assertThat(c.datasetRow()).containsExactly(Map.entry("topic", "heat pumps"), Map.entry("words", 50));
        assertThat(systemText(c, c.datasetRow())).isEqualTo("Write 50 words on heat pumps.");
    }

    @Test
    void outputsAndJsonResponseFormatBecomeTheOutputSchemaAndFormat() {
        PromptyConversion c = convert("""
                ---
                name: classify
                model:
                  configuration:
                    type: openai
                    name: gpt-4o
                    organization: acme
                  parameters:
                    response_format:
                      type: json_object
                outputs:
                  category:
                    type: string
                    description: one of billing, shipping, other
                  urgent:
                    type: boolean
                  tags:
                    type: array
                ---
                Classify: {{ ticket }}
                """, "classify.prompty");
        PromptMetadata meta = new PromptRenderer().resolveMetadata(PromptParser.parse(c.promptSource(), "c"), Map.of());

        assertThat(meta.model()).isEqualTo("openai/gpt-4o");
        assertThat(meta.outputFormat()).isEqualTo("json");
        assertThat(meta.outputSchema()).containsEntry("required", List.of("category", "urgent", "tags"));
        assertThat(PromptMetadataView.map(PromptMetadataView.map(meta.outputSchema().get("properties")).get("category")))
                .containsEntry("type", "string").containsEntry("description", "one of billing, shipping, other");
        assertThat(c.notes()).extracting(Finding::message)
                .anyMatch(m -> m.startsWith("model.configuration organization kept as metadata.prompty.connection"));
    }

    @Test
    void jsonSchemaResponseFormatBecomesTheOutputSchemaAsWritten() {
        PromptyConversion c = convert("""
                ---
                name: extract
                model:
                  configuration:
                    azure_deployment: gpt-4o
                  parameters:
                    response_format:
                      type: json_schema
                      json_schema:
                        name: person
                        strict: true
                        schema:
                          type: object
                          properties:
                            name: {type: string}
                          required: [name]
                ---
                Extract the person from: {{ text }}
                """, "extract.prompty");
        PromptMetadata meta = new PromptRenderer().resolveMetadata(PromptParser.parse(c.promptSource(), "e"), Map.of());

        assertThat(meta.model()).isEqualTo("azure-openai/gpt-4o");
        assertThat(meta.outputFormat()).isEqualTo("json");
        assertThat(meta.outputSchema()).containsEntry("required", List.of("name"));
    }

    @Test
    void aVariableNamedLikeAHelperIsReadAsAVariable() {
        PromptyConversion c = convert("Role: {{ role }}. {% for m in history %}{{ m }}{% endfor %}", "h.prompty");

        assertThat(c.promptSource()).contains("{{this.role}}", "{{#each this.history}}");
        assertThat(systemText(c, Map.of("role", "tester", "history", List.of("a", "b")))).isEqualTo("Role: tester. ab");
    }

    @Test
    void aClosingBraceRightAfterAVariableStillParses() {
        PromptyConversion c = convert("Reply as JSON like {\"n\": {{ n }}}", "json.prompty");

        assertThat(systemText(c, Map.of("n", 3))).isEqualTo("Reply as JSON like {\"n\": 3}");
    }

    @Test
    void mustacheTemplatesKeepTheirTagsAndConvertRoleLines() {
        PromptyConversion c = convert("""
                ---
                name: m
                template: mustache
                ---
                system:
                {{#rules}}- {{.}}
                {{/rules}}
                user:
                {{question}}
                """, "m.prompty");

        assertThat(c.problems()).isEmpty();
        List<Message> messages = render(c, Map.of("rules", List.of("be brief", "be kind"), "question", "hi"));
        assertThat(messages).extracting(Message::role).containsExactly("system", "user");
        assertThat(messages.get(0).text().strip()).isEqualTo("- be brief\n- be kind");
    }

    @Test
    void anUnknownTemplateFormatIsAProblem() {
        PromptyConversion c = convert("---\nname: x\ntemplate:\n  format: handlebars\n---\nhi", "x.prompty");

        assertThat(c.problems()).extracting(Finding::toString)
                .containsExactly("x.prompty:3: cannot convert template format 'handlebars' (only jinja2 and mustache)");
    }

    @Test
    void invalidYamlIsRefusedNamingItsLine() {
        assertThatThrownBy(() -> convert("---\nname: x\nmodel: [unclosed\n---\nhi", "bad.prompty"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("bad.prompty:")
                .hasMessageContaining("invalid YAML in front matter");
    }

    @ParameterizedTest
    @CsvSource({
        "support.prompty, support",
        "My Chat Prompt.prompty, my-chat-prompt",
        "/tmp/x/Basic_JSON.PROMPTY, basic_json",
        "__hidden.prompty, hidden",
        "!!!.prompty, imported",
    })
    void promptNamesAreMadeOfLowerCaseLettersDigitsDashesAndUnderscores(String file, String name) {
        assertThat(PromptyImporter.promptNameFor(file)).isEqualTo(name);
    }

    private PromptyConversion convert(String source, String name) {
        return importer.convert(source, name, dir);
    }

    private static List<Message> render(PromptyConversion c, Map<String, Object> input) {
        ParsedPrompt parsed = PromptParser.parse(c.promptSource(), "converted.prompt");
        return new PromptRenderer().render(parsed, RenderData.of(input), Map.of()).messages();
    }

    private static String systemText(PromptyConversion c, Map<String, Object> input) {
        List<Message> messages = render(c, input);
        assertThat(messages).extracting(Message::role).containsExactly("system");
        return messages.get(0).text().strip();
    }

    /** Reads nested maps of the parsed front matter. */
    private static final class PromptMetadataView {
        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object o) {
            assertThat(o).isInstanceOf(Map.class);
            return (Map<String, Object>) o;
        }
    }
}
