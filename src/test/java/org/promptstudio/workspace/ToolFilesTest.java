package org.promptstudio.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.ToolDefinition;

/** Tool definitions in tools/ and inline in a prompt (decision 0084): read, checked, errors in one line with the place. */
class ToolFilesTest {

    @TempDir
    Path root;
    ToolFiles tools;

    @BeforeEach
    void folder() throws Exception {
        Files.createDirectories(root.resolve("tools"));
        tools = ToolFiles.of(root);
    }

    private void write(String file, String text) throws Exception {
        Files.writeString(root.resolve("tools").resolve(file), text);
    }

    @Test
    void aYamlOrJsonFileDefinesTheToolNamedByItsFile() throws Exception {
        write("weather.yaml", """
                description: Current weather in a city
                inputSchema:
                  properties:
                    city: { type: string }
                """);
        write("stock.json", """
                {"name": "stock", "description": "Items in stock", "inputSchema": {"type": "object"},
                 "outputSchema": {"type": "integer"}}
                """);

        List<ToolDefinition> offered = tools.resolve(List.of("weather", "stock"), null, "prompts/a.prompt");

        assertThat(offered).extracting(ToolDefinition::name).containsExactly("weather", "stock");
        assertThat(offered.get(0).inputSchema()).as("type object is implied")
                .isEqualTo(Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))));
        assertThat(offered.get(0).source()).isEqualTo("tools/weather.yaml");
        assertThat(offered.get(1).outputSchema()).isEqualTo(Map.of("type", "integer"));
    }

    @Test
    void inlineToolDefsWinOverFilesAndAreOfferedEvenWhenNotNamed() throws Exception {
        write("weather.yaml", "description: from the file\ninputSchema: {type: object}\n");
        List<Object> defs = List.of(
                Map.of("name", "weather", "description", "inline", "inputSchema", Map.of("type", "object")),
                Map.of("name", "clock", "description", "The time", "inputSchema", Map.of()));

        List<ToolDefinition> offered = tools.resolve(List.of("weather"), defs, "prompts/a.prompt");

        assertThat(offered).extracting(ToolDefinition::name, ToolDefinition::description)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("weather", "inline"),
                        org.assertj.core.groups.Tuple.tuple("clock", "The time"));
        assertThat(offered.get(1).source()).isEqualTo("prompts/a.prompt (toolDefs[1])");
    }

    @Test
    void anUnknownToolNamesThePromptAndTheFileToAdd() {
        assertThatThrownBy(() -> tools.resolve(List.of("weather"), null, "prompts/a.prompt"))
                .isInstanceOf(WorkspaceException.class)
                .hasMessage("prompts/a.prompt: tool 'weather' is not defined: add tools/weather.yaml "
                        + "(description, inputSchema) or define it under 'toolDefs'");
    }

    @Test
    void eachKindOfBadDefinitionIsOneLineNamingTheFileAndTheKey() throws Exception {
        write("a.yaml", "description: x\ninputSchema: {type: string}\n");
        write("b.yaml", "inputSchema: {type: object}\n");
        write("c.yaml", "description: x\ninputSchema: [city]\n");
        write("d.yaml", "description: x\ninputSchema: {}\nparameters: {}\n");
        write("e.yaml", "name: other\ndescription: x\ninputSchema: {}\n");
        write("f.yaml", "description: x\ninputSchema: {type: object\n");

        assertThatThrownBy(() -> tools.find("a")).hasMessage("tools/a.yaml:2:15: inputSchema.type must be 'object' "
                + "(arguments are named), not 'string'");
        assertThatThrownBy(() -> tools.find("b")).hasMessage("tools/b.yaml: 'description' is missing (the model reads "
                + "it to decide when to call b)");
        assertThatThrownBy(() -> tools.find("c")).hasMessage("tools/c.yaml:2:1: 'inputSchema' must be a mapping: the JSON "
                + "Schema of c's arguments, with type: object");
        assertThatThrownBy(() -> tools.find("d")).hasMessage("tools/d.yaml: unknown key 'parameters' (a tool has name, "
                + "description, inputSchema, outputSchema)");
        assertThatThrownBy(() -> tools.find("e")).hasMessage("tools/e.yaml:1:1: name 'other' differs from the file's name 'e'");
        assertThatThrownBy(() -> tools.find("f")).isInstanceOf(WorkspaceException.class)
                .hasMessageStartingWith("tools/f.yaml:").hasMessageNotContaining("Exception").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> tools.resolve(List.of(Map.of("x", 1)), null, "prompts/a.prompt"))
                .hasMessage("prompts/a.prompt: each of 'tools' must be a tool's name, found '{x=1}'");
    }

    @Test
    void anInputSchemaThatIsNoJsonSchemaIsRefusedWithItsPlace() throws Exception {
        // the draft-07 meta-schema (json-schema.org/draft-07/schema) allows only these type names, a string or a list
        write("weather.yaml", "description: w\ninputSchema: {type: object, properties: {city: {type: 12}}}\n");
        write("typo.yaml", "description: w\ninputSchema: {type: object, properties: {city: {type: strnig}}}\n");
        write("req.yaml", "description: w\ninputSchema: {type: object, required: city}\n");
        write("out.yaml", "description: w\ninputSchema: {}\noutputSchema: {type: [string, 7]}\n");
        write("good.yaml", "description: w\ninputSchema: {properties: {city: {type: [string, 'null']}}, "
                + "required: [city]}\n");

        assertThatThrownBy(() -> tools.find("weather")).isInstanceOf(WorkspaceException.class)
                .hasMessage("tools/weather.yaml:2:49: inputSchema.properties.city.type: 12 is not a JSON Schema type "
                        + "(string, number, integer, boolean, null, object, array)");
        assertThatThrownBy(() -> tools.find("typo")).hasMessage("tools/typo.yaml:2:49: inputSchema.properties.city.type: "
                + "\"strnig\" is not a JSON Schema type (string, number, integer, boolean, null, object, array)");
        assertThatThrownBy(() -> tools.find("req")).hasMessageStartingWith("tools/req.yaml:2:29: inputSchema.required: ")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> tools.find("out")).hasMessageStartingWith("tools/out.yaml:3:16: outputSchema.type");
        assertThat(tools.find("good")).isPresent();
        // written in block style, the fault's key is found on its own line (as a prompt's front matter, decision 0104)
        write("block.yaml", """
                description: w
                inputSchema:
                  type: object
                  properties:
                    city:
                      description: the city
                      type: strnig
                """);
        assertThatThrownBy(() -> tools.find("block")).hasMessage("tools/block.yaml:7:7: inputSchema.properties.city"
                + ".type: \"strnig\" is not a JSON Schema type (string, number, integer, boolean, null, object, array)");
        List<Object> inline = List.of(Map.of("name", "clock", "description", "c",
                "inputSchema", Map.of("properties", Map.of("tz", Map.of("type", "strnig")))));
        assertThatThrownBy(() -> tools.resolve(List.of(), inline, "prompts/a.prompt"))
                .hasMessage("prompts/a.prompt (toolDefs[0]): inputSchema.properties.tz.type: \"strnig\" is not a JSON "
                        + "Schema type (string, number, integer, boolean, null, object, array)");
    }

    @Test
    void noFolderMeansNoToolButInlineOnes() {
        assertThat(ToolFiles.none().find("weather")).isEmpty();
        assertThat(ToolFiles.of(root.resolve("missing")).find("weather")).isEmpty();
    }
}
