package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.Message;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.testsupport.ToolCallServer;
import org.promptstudio.testsupport.Workspaces;

/**
 * Tool calls in the playground (issue 12 section 4, decisions 0085, 0093) against a local server speaking OpenAI's
 * chat completions with {@link ToolCallServer}'s script: asked "Weather in X?" it calls {@code weather} with
 * that city; given the tool's result ({@code role: tool}) it answers "Tool said: " and the result.
 */
class PlaygroundToolsTest {

    @TempDir
    Path dir;
    Studio studio;
    ToolCallServer server;
    Playground playground;
    static final ObjectMapper JSON = new ObjectMapper();

    // Sends stream, as the window's do (the script gives a streamed call the id call_CITY and the city argument).

    @BeforeEach
    void workspace() throws Exception {
        server = ToolCallServer.start();
        Workspaces.toolChat(dir, server);
        studio = Studio.open(dir);
        playground = studio.playground(studio.models(CachePolicy.OFF));
    }

    @AfterEach
    void close() {
        studio.close();
        server.close();
    }

    @Test
    void aToolCallWaitsInItsColumnAndTheTypedResultLetsTheModelAnswer() {
        Playground.Session s = playground.open("chat", null, List.of("local", "echo"), Map.of());
        assertThat(s.tools()).extracting(t -> t.name()).containsExactly("weather", "forecast");

        Playground.Turn asked = playground.send(s, "Weather in Oslo?", new PlaygroundTest.Recorder(), new Cancellation());

        Playground.Reply local = asked.replies().get(0);
        assertThat(local.waiting()).isTrue();
        assertThat(local.toolCalls()).extracting(ToolCalls::describe).containsExactly("weather({\"city\":\"Oslo\"})");
        assertThat(server.requests().get(0).get("tools")).extracting(t -> t.get("function").get("name").asText())
                .containsExactly("weather", "forecast");
        // decision 0084: the offline model's one line, in its own column; the turn goes on
        assertThat(asked.replies().get(1).error()).isEqualTo("echo: this offline model cannot call tools (the prompt "
                + "declares weather, forecast); choose a model that can, or remove 'tools'");

        // a model's history must answer its tool call before anything else is said (decision 0101)
        assertThatThrownBy(() -> playground.send(s, "And tomorrow?", null, new Cancellation()))
                .isInstanceOf(StudioException.class).hasMessage("local waits on the result of "
                        + "weather({\"city\":\"Oslo\"}): send the result first, or Edit or Resend the turn");
        assertThat(s.turns()).hasSize(1);

        PlaygroundTest.Recorder seen = new PlaygroundTest.Recorder();
        Object result = playground.toolResult(s, "weather", "minus 3, snow");
        Playground.Turn answered = playground.answerTools(s, 0, Map.of("call_Oslo", result), seen);

        Playground.Reply reply = answered.replies().get(0);
        assertThat(reply.waiting()).isFalse();
        assertThat(reply.text()).isEqualTo("Tool said: minus 3, snow");
        assertThat(seen.deltas.get("0/0")).hasToString("Tool said: minus 3, snow");
        assertThat(seen.replies).containsExactly(reply);
        assertThat(reply.exchange()).extracting(Message::role).containsExactly("model", "tool");
        // the script reports 10 in / 4 out per call: the call and its continuation are summed
        assertThat(reply.tokensIn()).isEqualTo(20);
        assertThat(reply.call().finishReason()).isEqualTo("stop");
        assertThat(answered.replies().get(1)).isEqualTo(asked.replies().get(1));
        assertThat(s.turns()).containsExactly(answered);

        // the next turn carries the exchange in the column's history, in OpenAI's wire format
        playground.send(s, "Weather in Rome?", new PlaygroundTest.Recorder(), new Cancellation());
        JsonNode sent = server.requests().get(server.requests().size() - 1);
        List<String> roles = new ArrayList<>();
        sent.get("messages").forEach(m -> roles.add(m.get("role").asText()));
        assertThat(roles).containsExactly("system", "user", "assistant", "tool", "assistant", "user");
        assertThat(sent.get("messages").get(2).get("tool_calls").get(0).get("id").asText()).isEqualTo("call_Oslo");
        assertThat(sent.get("messages").get(3).get("content").asText()).isEqualTo("minus 3, snow");
        assertThat(sent.get("messages").get(4).get("content").asText()).isEqualTo("Tool said: minus 3, snow");
    }

    @Test
    void savedAndKeptTheExchangeIsRecordedAndARunReplaysItFromTheCase() throws Exception {
        Playground.Session s = playground.open("chat", null, List.of("local"), Map.of());
        playground.send(s, "Weather in Oslo?", new PlaygroundTest.Recorder(), new Cancellation());
        assertThatThrownBy(() -> playground.addToDataset(s, 0, 0, "weather")).isInstanceOf(StudioException.class)
                .hasMessage("turn 1 of local waits on the result of weather({\"city\":\"Oslo\"}): send the result first");
        playground.answerTools(s, 0, Map.of("call_Oslo", playground.toolResult(s, "weather", "{\"temp\": -3}")), null);

        Playground.Saved saved = playground.saveAsRun(s, "tools chat");
        CallRecord call = StudioParts.calls(studio).find(
                StudioParts.calls(studio).inRunWithAnswers(saved.runId()).get(0).id()).orElseThrow();
        assertThat(call.texts().output()).isEqualTo("Tool said: {\"temp\":-3}");
        assertThat(ToolCalls.exchange(call)).extracting(Object::toString).containsExactly(
                "ToolRequest[ref=call_Oslo, name=weather, input={city=Oslo}]",
                "ToolResponse[ref=call_Oslo, name=weather, output={temp=-3}]");
        assertThat(ToolCalls.pending(call)).isEmpty();

        assertThat(playground.addToDataset(s, 0, 0, "weather")).isEqualTo("datasets/weather.jsonl:1");
        var row = JSON.readTree(Files.readString(dir.resolve("datasets/weather.jsonl")).strip());
        assertThat(row.get("tool_results")).hasToString("{\"weather\":{\"temp\":-3}}");
        assertThat(row.get("expected").asText()).isEqualTo("Tool said: {\"temp\":-3}");

        // a run of the case: the model calls the tool again and the case's mock answers it, as the user did
        Files.writeString(dir.resolve("experiments/weather.yaml"), """
                prompts: [chat]
                models: [local]
                dataset: weather
                assertions:
                  - { type: answer-equals }
                """);
        Runs.Outcome outcome = studio.runs().plan(new Runs.Request("weather", null, null, null, CachePolicy.OFF))
                .start(Runs.Progress.NONE).outcome();
        CallRecord replayed = studio.runs().calls(outcome.runId()).get(0);
        assertThat(StudioParts.calls(studio).find(replayed.id()).orElseThrow().texts().output())
                .isEqualTo("Tool said: {\"temp\":-3}");
        assertThat(Scoreboards.of(studio).evaluateAndStore(outcome.runId(), null).results())
                .hasSize(1).allMatch(r -> r.pass());
    }

    @Test
    void theSessionInputsMocksAnswerTheToolWithoutTheUser() {
        Playground.Session s = playground.open("chat", null, List.of("local"),
                Map.of("tool_results", Map.of("weather", Map.of("temp", 21))));

        Playground.Reply reply = playground.send(s, "Weather in Paris?", null, new Cancellation()).replies().get(0);

        assertThat(reply.waiting()).isFalse();
        assertThat(reply.text()).isEqualTo("Tool said: {\"temp\":21}");
        assertThat(reply.exchange()).extracting(Message::role).containsExactly("model", "tool");
    }

    @Test
    void aTypedResultIsJsonWhenItParsesAndMustBeWhenTheOutputSchemaSaysSo() {
        Playground.Session s = playground.open("chat", null, List.of("local", "echo"), Map.of());

        assertThat(playground.toolResult(s, "weather", "minus 3, snow")).isEqualTo("minus 3, snow");
        assertThat(playground.toolResult(s, "weather", " {\"temp\": 3} ")).isEqualTo(Map.of("temp", 3));
        assertThat(playground.toolResult(s, "forecast", "{\"temp\": 3}")).isEqualTo(Map.of("temp", 3));
        assertThatThrownBy(() -> playground.toolResult(s, "forecast", "{\"temp\": 3"))
                .isInstanceOf(StudioException.class)
                .hasMessageStartingWith("result of forecast: not JSON, which its outputSchema asks for (line 1, column ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Source", "\n"));
        assertThatThrownBy(() -> playground.toolResult(s, "forecast", "minus 3")).hasMessageStartingWith(
                "result of forecast: not JSON, which its outputSchema asks for (line 1, column ");
        assertThatThrownBy(() -> playground.toolResult(s, "forecast", "  ")).hasMessage(
                "result of forecast: type the tool's result first");

        playground.send(s, "Weather in Oslo?", new PlaygroundTest.Recorder(), new Cancellation());
        assertThatThrownBy(() -> playground.answerTools(s, 1, Map.of("call_Oslo", "x"), null))
                .isInstanceOf(StudioException.class).hasMessage("echo waits on no tool in turn 1");
        assertThatThrownBy(() -> playground.answerTools(s, 0, Map.of(), null)).isInstanceOf(StudioException.class)
                .hasMessage("no result for the call of tool 'weather' (call_Oslo): type one, or give the case a "
                        + "tool_results.weather field");
        assertThat(s.turns().get(0).replies().get(0).waiting()).as("the tool call stays, to answer again").isTrue();
    }
}
