package org.promptstudio.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prompt's schema that is no JSON Schema is refused at render in one line naming the file and the place in the
 * front matter. Reference: the draft-07 meta-schema (json-schema.org/draft-07/schema: {@code type} is one of the
 * seven simple types or a list of them, {@code properties} an object of schemas, {@code required} a list of strings);
 * Dotprompt's Picoschema rules (picoschema.ts; conformance file spec/picoschema.yaml, run whole by
 * DotpromptConformanceTest) for what must still pass.
 */
class OutputSchemaCheckTest {

    @TempDir
    Path workspace;
    Path prompts;

    @BeforeEach
    void makePromptsFolder() throws IOException {
        prompts = Files.createDirectories(workspace.resolve("prompts"));
    }

    private String problemOf(String frontMatter) throws IOException {
        Files.writeString(prompts.resolve("s.prompt"), "---\n" + frontMatter + "---\nCity: {{city}}\n");
        PromptLibrary lib = new PromptLibrary(prompts);
        try {
            lib.render(lib.require("s"), RenderData.of(Map.of("city", "Oslo")), Map.of());
        } catch (TemplateException e) {
            return e.getMessage();
        }
        return null;
    }

    @Test
    void misspelledTypeIsRefusedWithItsPlace() throws IOException {
        assertThat(problemOf("output:\n  format: json\n  schema:\n    type: object\n    properties:\n"
                + "      city: {type: strin}\n"))
                .isEqualTo("prompts/s.prompt:7:7: output.schema.properties.city.type: \"strin\" is not a JSON Schema "
                        + "type (string, number, integer, boolean, null, object, array)");
        assertThat(problemOf("output:\n  format: json\n  schema: {type: [string, strin]}\n"))
                .startsWith("prompts/s.prompt:4:3: output.schema.type: [\"string\",\"strin\"] is not a JSON Schema type");
    }

    @Test
    void propertiesThatAreNoMappingAreRefused() throws IOException {
        assertThat(problemOf("output:\n  format: json\n  schema:\n    type: object\n    properties: 3\n"))
                .isEqualTo("prompts/s.prompt:6:5: output.schema.properties: integer found, object expected");
    }

    @Test
    void requiredThatIsNoListAndItemsThatAreNoSchemaAreRefused() throws IOException {
        assertThat(problemOf("output:\n  format: json\n  schema:\n    type: object\n    required: city\n"))
                .isEqualTo("prompts/s.prompt:6:5: output.schema.required: string found, array expected");
        assertThat(problemOf("output:\n  format: json\n  schema:\n    type: array\n    items: 7\n"))
                .startsWith("prompts/s.prompt:6:5: output.schema.items: ");
    }

    @Test
    void badPicoschemaTypeInTheOutputNamesTheField() throws IOException {
        assertThat(problemOf("output:\n  format: json\n  schema:\n    answer: string\n    score: numbr\n"))
                .isEqualTo("prompts/s.prompt:6:5: output.schema: Picoschema: at 'score' unknown type 'numbr' "
                        + "(expected string, number, integer, boolean, null, any, or a named schema)");
    }

    /** A fault deep in a Picoschema names the nested field's line; a schema given only in code names no line. */
    @Test
    void aNestedPicoschemaFaultNamesTheNestedFieldsLine() throws IOException {
        assertThat(problemOf("output:\n  format: json\n  schema:\n    # the reply\n    user?(object, who asked):\n"
                + "      name: string\n      age: numbr, in years\n    name: string\n"))
                .startsWith("prompts/s.prompt:8:7: output.schema: Picoschema: at 'user.age' unknown type 'numbr'");
        ParsedPrompt inCode = new ParsedPrompt("inline", PromptParser.fromRaw(Map.of("output",
                Map.of("schema", Map.of("x", "strin")))), "{{x}}", 1);
        assertThatThrownBy(() -> new PromptLibrary(prompts).render(inCode, RenderData.of(Map.of()), Map.of()))
                .hasMessageStartingWith("inline: output.schema: Picoschema");
    }

    @Test
    void inputSchemasAreCheckedTheSameWay() throws IOException {
        assertThat(problemOf("input:\n  schema:\n    type: object\n    properties:\n      city: {type: text}\n"))
                .startsWith("prompts/s.prompt:6:7: input.schema.properties.city.type: \"text\" is not a JSON Schema type");
    }

    @Test
    void validSchemasStillPass() throws IOException {
        // Picoschema forms from spec/picoschema.yaml: optional fields, arrays, enums, nested objects, wildcard, any
        assertThat(problemOf("output:\n  format: json\n  schema:\n    answer: string, the answer\n"
                + "    score?: number\n    tags(array): string\n    mood(enum): [HAPPY, SAD]\n"
                + "    obj?(object):\n      nest1?: string\n    extra: any\n    (*): string\n")).isNull();
        // JSON Schema as it is, with Dotprompt's own 'any' and a type list
        assertThat(problemOf("output:\n  format: json\n  schema:\n    type: object\n    properties:\n"
                + "      city: {type: [string, \"null\"], minLength: 1}\n      v: {type: any}\n"
                + "    required: [city]\n")).isNull();
        assertThatCode(() -> problemOf("output:\n  schema: string\n")).doesNotThrowAnyException();
        assertThat(problemOf("output:\n  schema: string\n")).isNull();
    }
}
