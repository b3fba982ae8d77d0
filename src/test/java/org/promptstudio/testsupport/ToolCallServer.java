package org.promptstudio.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A local server on 127.0.0.1 speaking OpenAI's chat completions (platform.openai.com/docs/guides/function-calling)
 * with a scripted model that calls a {@code weather} tool: asked "Weather in X?", it calls {@code weather} with that
 * city, streamed in pieces; given the tool's result ({@code role: tool}), it answers "Tool said: " and the result.
 * Built on {@link OpenAiChatServer}; used by the tool-call tests of the grid and the playground.
 */
public final class ToolCallServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiChatServer server;
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());

    private ToolCallServer(java.util.function.Function<ToolCallServer, OpenAiChatServer> start) {
        this.server = start.apply(this);
    }

    /** Starts the server on a free port of 127.0.0.1 ({@link OpenAiChatServer} answering with {@link #answer}). */
    public static ToolCallServer start() {
        return new ToolCallServer(self -> OpenAiChatServer.start(reply -> {
            JsonNode body = JSON.readTree(reply.body());
            self.requests.add(body);
            reply.send(200, "text/event-stream", answer(body));
        }));
    }

    /** {@code http://127.0.0.1:PORT}, for {@link Workspaces#openAiModel}. */
    public String url() {
        return server.url();
    }

    /** The base URL for studio.yaml, {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return server.url() + "/v1";
    }

    /** The request bodies received so far, in order of arrival. */
    public List<JsonNode> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * The scripted model's reply to {@code body} (a chat-completions request): streamed or not as asked; a tool
     * call {@code weather({"city": X})} (id {@code call_X}), whole or streamed in pieces, for a last message
     * "Weather in X?"; when streamed, also two calls (X, then Y) for "Weather in X and Y?" and {@code forecast} instead
     * for "Forecast for X?"; {@code Tool said: RESULT} when the last message is a tool's result ({@code Tool said: A; B}
     * for the results of two calls); 10 tokens in and 4 out per call.
     */
    public static String answer(JsonNode body) {
        JsonNode messages = body.get("messages");
        JsonNode last = messages.get(messages.size() - 1);
        String head = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"local-llm\",\"choices\":[{\"index\":0,\"delta\":";
        String usage = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":4,\"total_tokens\":14}}\n\n";
        String city = last.get("content").asText().replaceAll("(?s).*Weather in (\\w+)\\?.*", "$1");
        if (!body.path("stream").asBoolean(false)) {
            String message = "tool".equals(last.get("role").asText())
                    ? "{\"role\":\"assistant\",\"content\":" + q("Tool said: " + last.get("content").asText()) + "}"
                    : "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_" + city
                    + "\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":"
                    + q("{\"city\": \"" + city + "\"}") + "}}]}";
            return "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"local-llm\",\"choices\":[{\"index\":0,"
                    + "\"message\":" + message + ",\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":4,\"total_tokens\":14}}";
        }
        if ("tool".equals(last.get("role").asText())) {
            // every result of the round, in order: "Tool said: A; B"
            List<String> said = new ArrayList<>();
            for (int i = messages.size() - 1; i >= 0 && "tool".equals(messages.get(i).get("role").asText()); i--) {
                said.add(0, messages.get(i).get("content").asText());
            }
            return head + "{\"content\":" + q("Tool said: " + String.join("; ", said)) + "},\"finish_reason\":\"stop\"}]}\n\n"
                    + usage + "data: [DONE]\n\n";
        }
        java.util.regex.Matcher asked = java.util.regex.Pattern.compile("(Weather in|Forecast for) (\\w+)(?: and (\\w+))?\\?")
                .matcher(last.get("content").asText());
        List<String> cities = new ArrayList<>();
        String tool = "weather";
        if (asked.find()) {
            tool = asked.group(1).startsWith("Forecast") ? "forecast" : "weather";
            cities.add(asked.group(2));
            if (asked.group(3) != null) cities.add(asked.group(3));
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cities.size(); i++) {
            String one = cities.get(i);
            out.append(head).append(i == 0 ? "{\"role\":\"assistant\",\"content\":null," : "{").append("\"tool_calls\":[{\"index\":")
                    .append(i).append(",\"id\":\"call_").append(one).append("\",\"type\":\"function\",\"function\":{\"name\":")
                    .append(q(tool)).append(",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n")
                    .append(head).append("{\"tool_calls\":[{\"index\":").append(i).append(",\"function\":{\"arguments\":")
                    .append(q("{\"city\": \"" + one + "\"}")).append("}}]},\"finish_reason\":null}]}\n\n");
        }
        return out + head + "{},\"finish_reason\":\"tool_calls\"}]}\n\n" + usage + "data: [DONE]\n\n";
    }

    private static String q(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
