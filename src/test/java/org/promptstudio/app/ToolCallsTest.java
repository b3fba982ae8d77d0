package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.eval.Verdict;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.promptstudio.testsupport.ToolCallServer;
import org.promptstudio.testsupport.Workspaces;

/**
 * Tool calls through the grid and the continue API, against a local server speaking OpenAI's chat completions
 * (platform.openai.com/docs/guides/function-calling): asked about a city, it calls {@code weather} with that city,
 * streamed in pieces; given the tool's result ({@code role: tool}), it answers "Tool said: " and the result.
 */
class ToolCallsTest {

    @TempDir
    Path dir;
    Studio studio;
    OpenAiChatServer server;
    final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void workspace() throws Exception {
        server = OpenAiChatServer.start(reply -> {
            JsonNode body = JSON.readTree(reply.body());
            requests.add(body);
            reply.send(200, "text/event-stream", answer(body));
        });
        Workspaces.init(dir, "tools", Workspaces.openAiModel("local", "local-llm", server.url())
                + "  - id: echo\n    provider: echo\n");
        Workspaces.weatherTool(dir);
        studio = Studio.open(dir);
    }

    @AfterEach
    void close() {
        studio.close();
        server.close();
    }

    /** The scripted model: {@link ToolCallServer#answer} (shared with the playground's tool tests). */
    private static String answer(JsonNode body) {
        return ToolCallServer.answer(body);
    }

    private StreamingCompare.Result grid(String model) {
        StreamingCompare compare = studio.compare(studio.models(CachePolicy.fromFlags(true, false, false)));
        StreamingCompare.Prepared grid = compare.prepareGrid(new StreamingCompare.GridRequest("ask",
                List.of("working"), List.of(model), "cities", null, null, null, null, 1));
        return compare.run(grid, new StreamingCompareTest.Recorder(),
                new Cancellation());
    }

    @Test
    void theDeclaredToolIsSentAndTheCaseMockContinuesTheCell() {
        StreamingCompare.Result result = grid("local");

        StreamingCompare.Answer paris = result.answers().get(0);
        assertThat(paris.text()).isEqualTo("Tool said: {\"temp\":21}");
        assertThat(paris.call().finishReason()).isEqualTo("stop");
        assertThat(paris.call().tokensIn()).as("both rounds are counted").isEqualTo(20);
        assertThat(ToolCalls.pending(paris.call())).isEmpty();
        assertThat(ToolCalls.exchange(paris.call())).extracting(Object::toString).containsExactly(
                "ToolRequest[ref=call_Paris, name=weather, input={city=Paris}]",
                "ToolResponse[ref=call_Paris, name=weather, output={temp=21}]");
        JsonNode first = requests.stream().filter(r -> r.get("messages").size() == 1
                && r.get("messages").get(0).get("content").asText().contains("Paris")).findFirst().orElseThrow();
        assertThat(first.get("tools").get(0).get("function").get("name").asText()).isEqualTo("weather");
        assertThat(first.get("tools").get(0).get("function").get("parameters").get("required")).hasToString("[\"city\"]");
    }

    @Test
    void withoutAMockTheCellShowsTheToolCallItWaitsOn() {
        StreamingCompare.Result result = grid("local");

        StreamingCompare.Answer oslo = result.answers().get(1);
        // recorded as the non-answer it is, so a list without texts says what calls show and the run table say
        assertThat(oslo.call().finishReason()).isEqualTo("empty:tool_calls");
        org.promptstudio.model.CallRecord listed = oslo.call().withTexts(null);
        assertThat(CallText.state(listed)).isEqualTo("no-answer");
        assertThat(CallText.status(listed, 48)).isEqualTo("no-answer: tool called, no result");
        assertThat(CallText.record(oslo.call(), java.time.ZoneOffset.UTC, false).lines().findFirst().orElseThrow())
                .endsWith(" · no-answer");
        assertThat(ToolCalls.pending(oslo.call())).extracting(ToolCalls::describe)
                .containsExactly("weather({\"city\":\"Oslo\"})");
        // A call left waiting on a tool has no answer text: like any non-answer it fails its case (decision 0040).
        assertThat(oslo.check().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(oslo.check().assertions()).extracting(a -> a.reason()).containsExactly("no answer: it called a tool and got no result");
    }

    @Test
    void continueWithGivesTheTypedResultToTheModelAndReturnsItsAnswer() throws Exception {
        CallRecord oslo = grid("local").answers().get(1).call();
        ToolCalls tools = studio.toolCalls(studio.models(CachePolicy.fromFlags(true, false, false)));
        List<Message> conversation = ToolCalls.transcript(oslo);
        StringBuilder streamed = new StringBuilder();

        ToolCalls.Continued next = tools.continueWith(new ToolCalls.Continuation("local", conversation,
                tools.offeredBy(Files.readString(dir.resolve("prompts/ask.prompt")), "prompts/ask.prompt"),
                null, Map.of("call_Oslo", "minus 3, snow"), Map.of()), streamed::append, new Cancellation());

        assertThat(next.result().text()).isEqualTo("Tool said: minus 3, snow").isEqualTo(streamed.toString());
        assertThat(next.pending()).isEmpty();
        assertThat(next.conversation()).extracting(Message::role).containsExactly("user", "model", "tool", "model");
        JsonNode sent = requests.get(requests.size() - 1);
        assertThat(sent.get("messages").get(2)).hasToString(
                "{\"role\":\"tool\",\"tool_call_id\":\"call_Oslo\",\"content\":\"minus 3, snow\"}");
        assertThat(sent.has("tools")).as("the tools are offered again").isTrue();
    }

    @Test
    void continueWithUsesTheCaseMockAndNamesAMissingResult() throws Exception {
        ToolCalls tools = studio.toolCalls(studio.models(CachePolicy.fromFlags(true, false, false)));
        List<Message> conversation = List.of(Message.text("user", "Weather in Rome?"),
                new Message("model", List.of(new Part.ToolRequest("call_Rome", "weather", Map.of("city", "Rome")))));

        assertThat(tools.continueWith(new ToolCalls.Continuation("local", conversation, List.of(), null, Map.of(),
                Map.of("tool_results", Map.of("weather", "sunny"))), null, new Cancellation()).result().text())
                .isEqualTo("Tool said: sunny");
        assertThatThrownBy(() -> tools.continueWith(new ToolCalls.Continuation("local", conversation, List.of(), null,
                Map.of(), Map.of()), null, new Cancellation()))
                .isInstanceOf(StudioException.class)
                .hasMessage("no result for the call of tool 'weather' (call_Rome): type one, or give the case a "
                        + "tool_results.weather field");
    }

    @Test
    void aPromptOffersItsNamedToolsAndItsInlineToolDefsFromItsFrontMatter() {
        ToolCalls tools = studio.toolCalls(studio.models(CachePolicy.fromFlags(true, false, false)));
        String text = """
                ---
                tools: [weather, clock]
                toolDefs:
                  - name: clock
                    description: The time in a city
                    inputSchema: { properties: { city: { type: string } } }
                ---
                Hi
                """;

        assertThat(tools.offeredBy(text, "prompts/t.prompt")).extracting(t -> t.name() + " <- " + t.source())
                .containsExactly("weather <- tools/weather.yaml", "clock <- prompts/t.prompt (toolDefs[0])");
    }

    @Test
    void anOfflineModelFailsItsCellInOneLineAndAnUnknownToolNamesThePlace() throws Exception {
        StreamingCompare.Answer echo = grid("echo").answers().get(0);
        assertThat(echo.error()).isEqualTo("echo: this offline model cannot call tools (the prompt declares weather); "
                + "choose a model that can, or remove 'tools'");

        Files.writeString(dir.resolve("prompts/ask.prompt"), "---\ntools: [weather, stock]\n---\nWeather in {{city}}?\n");
        StreamingCompare.Answer unknown = grid("local").answers().get(0);
        assertThat(unknown.error()).isEqualTo("prompts/ask.prompt: tool 'stock' is not defined: add tools/stock.yaml "
                + "(description, inputSchema) or define it under 'toolDefs'");
    }
}
