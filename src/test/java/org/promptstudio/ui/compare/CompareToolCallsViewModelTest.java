package org.promptstudio.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.promptstudio.testsupport.Workspaces;

/**
 * The grid with tools and structured output (decisions 0085, 0086), without a window: a local server speaking
 * OpenAI's chat completions (platform.openai.com/docs/guides/function-calling, .../structured-outputs) calls the
 * declared tool, or answers JSON for a prompt with {@code output: {format: json, schema}}.
 */
class CompareToolCallsViewModelTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Studio studio;
    OpenAiChatServer server;
    final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void workspace() throws Exception {
        server = OpenAiChatServer.start(reply -> {
            JsonNode body = JSON.readTree(reply.body());
            requests.add(body);
            reply.send(200, body.path("stream").asBoolean(false) ? "text/event-stream" : "application/json",
                    answer(body));
        });
        Workspaces.init(dir, "grid", Workspaces.openAiModel("local", "local-llm", server.url()));
        Workspaces.weatherTool(dir);
        // Picoschema (the template package turns it into JSON Schema): temp is an integer
        Workspaces.write(dir, "prompts/report.prompt", """
                ---
                output:
                  format: json
                  schema:
                    city: string
                    temp: integer
                ---
                Report the weather in {{city}} as JSON.
                """);
        studio = Studio.open(dir);
    }

    @AfterEach
    void close() {
        studio.close();
        server.close();
    }

    /** Tools offered: call weather, or answer with the tool's result; JSON asked for: Paris right, Oslo's temp a word. */
    private static String answer(JsonNode body) throws java.io.IOException {
        JsonNode messages = body.get("messages");
        JsonNode last = messages.get(messages.size() - 1);
        String message;
        if (body.has("tools") && "tool".equals(last.get("role").asText())) {
            message = "{\"role\":\"assistant\",\"content\":" + JSON.writeValueAsString("It is " + last.get("content").asText()) + "}";
        } else if (body.has("tools")) {
            String city = last.get("content").asText().contains("Paris") ? "Paris" : "Oslo";
            message = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"weather\",\"arguments\":" + JSON.writeValueAsString("{\"city\":\"" + city + "\"}") + "}}]}";
        } else {
            String json = last.get("content").asText().contains("Paris") ? "{\"city\":\"Paris\",\"temp\":21}"
                    : "{\"city\":\"Oslo\",\"temp\":\"cold\"}";
            message = "{\"role\":\"assistant\",\"content\":" + JSON.writeValueAsString(json) + "}";
        }
        if (body.path("stream").asBoolean(false)) {
            // the grid watches its cells, so it streams: the whole message as one delta, then the end
            return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"local-llm\",\"choices\":"
                    + "[{\"index\":0,\"delta\":" + message + ",\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        }
        return "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"local-llm\",\"choices\":[{\"index\":0,\"message\":"
                + message + ",\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3}}";
    }

    private CompareViewModel run(String prompt) {
        CompareViewModel vm = new CompareViewModel(studio, TaskRunner.callingThread(), true);
        vm.promptProperty().set(prompt);
        vm.onLoadChoices();
        vm.versions().setAll("working");
        vm.models().setAll("local");
        vm.datasetProperty().set("cities");
        vm.onRun();
        assertThat(vm.errorProperty().get()).isEmpty();
        return vm;
    }

    @Test
    void aCellShowsTheToolCallItWaitsOnAndTheMockedOneItsAnswer() {
        CompareViewModel vm = run("ask");

        CompareViewModel.CellState paris = vm.rows().get(0).cell(0).get();
        CompareViewModel.CellState oslo = vm.rows().get(1).cell(0).get();
        assertThat(paris.text()).isEqualTo("It is {\"temp\":21}");
        assertThat(oslo.text()).isEqualTo("\u2192 tool call weather({\"city\":\"Oslo\"})");

        vm.onOpen(0, 0);
        CompareViewModel.SampleDetail opened = vm.openedProperty().get().samples().get(0);
        assertThat(opened.renderedPrompt()).contains("model:\n[tool call weather({\"city\":\"Paris\"})]")
                .contains("tool:\n[tool result weather: {\n  \"temp\": 21\n}]");
        vm.onOpen(1, 0);
        assertThat(vm.openedProperty().get().samples().get(0).response())
                .isEqualTo("\u2192 tool call weather({\"city\":\"Oslo\"})");
    }

    @Test
    void theInputColumnShowsStructuredInputsAsJsonNotJavaMapText() {
        CompareViewModel vm = run("ask");

        // the case {"id": "paris", "city": "Paris", "tool_results": {"weather": {"temp": 21}}} (Workspaces.weatherTool)
        assertThat(vm.rows().get(0).input()).isEqualTo("city: Paris\ntool_results: {\"weather\":{\"temp\":21}}");
        assertThat(vm.rows().get(1).input()).isEqualTo("city: Oslo");
    }

    @Test
    void jsonOutputIsAskedForCheckedAgainstTheSchemaAndShownFormatted() {
        CompareViewModel vm = run("report");

        JsonNode sent = requests.get(0);
        assertThat(sent.get("response_format").get("type").asText()).isEqualTo("json_schema");
        assertThat(sent.get("response_format").get("json_schema").get("schema").get("properties").get("temp"))
                .hasToString("{\"type\":\"integer\"}");
        CompareViewModel.CellState paris = vm.rows().get(0).cell(0).get();
        CompareViewModel.CellState oslo = vm.rows().get(1).cell(0).get();
        assertThat(paris.badges()).extracting(CompareViewModel.Badge::type, CompareViewModel.Badge::pass)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("json-schema", true));
        assertThat(oslo.badges()).singleElement().satisfies(b -> {
            assertThat(b.pass()).isFalse();
            assertThat(b.reason()).contains("$.temp").contains("integer").doesNotContain("\n");
        });

        vm.onOpen(0, 0);
        assertThat(vm.openedProperty().get().samples().get(0).response())
                .isEqualTo("{\n  \"city\": \"Paris\",\n  \"temp\": 21\n}");
    }
}
