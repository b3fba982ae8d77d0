package org.promptstudio.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.ModelRef;

/**
 * One provider's documented wire format as a test server speaks it: the answer whole and streamed, where the
 * request goes, and a model that points at the local server.
 */
abstract class Dialect {

    static final String OPENAI_KEY = "sk-test-openai-0123456789abcdef";
    static final String AZURE_KEY = "azure-test-key-0123456789abcdef";
    // Built at run time so no key-shaped literal sits in the repository (secret scanners grep for them).
    static final String ANTHROPIC_KEY = "sk-ant-" + "test-0123456789abcdef";
    static final String GEMINI_KEY = "AIzaTest0123456789abcdefghijkl";
    static final String VERTEX_TOKEN = "ya29.test-token-0123456789abcdef";
    static final Map<String, String> ENV = Map.of(
            "OPENAI_API_KEY", OPENAI_KEY,
            "AZURE_OPENAI_API_KEY", AZURE_KEY,
            "ANTHROPIC_API_KEY", ANTHROPIC_KEY,
            "GEMINI_API_KEY", GEMINI_KEY,
            "VERTEX_ACCESS_TOKEN", VERTEX_TOKEN);

    final String kind;

    Dialect(String kind) {
        this.kind = kind;
    }

    @Override
    public String toString() {
        return kind;
    }

    abstract String path(boolean stream);

    abstract String model();

    /** The model name the provider reports back. */
    abstract String reportedModel();

    Map<String, Object> options() {
        return Map.of();
    }

    /** The secret the request must carry, and the header that carries it. */
    abstract String secret();

    abstract String authHeader();

    String authValue() {
        return secret();
    }

    ModelRef ref(String baseUrl, Integer timeoutSeconds) {
        return new ModelRef("m-" + kind, kind, model(), baseUrl, GenerationParams.NONE, null, null, null, null,
                timeoutSeconds, options());
    }

    abstract String body(String text, int in, int out);

    /** The events of a complete streamed answer, each a chunk the server flushes. */
    abstract List<String> stream(List<String> pieces, int in, int out);

    /** The same stream without its end. */
    abstract List<String> truncated(List<String> pieces);

    /**
     * A complete stream that stops with {@code reason} (this format's own word, e.g. {@link #lengthReason()}) and
     * closes right after its end marker and usage, without the terminator some formats send after them (OpenAI
     * {@code data: [DONE]}, Anthropic {@code message_stop}). For Gemini and Ollama the end marker is the last event,
     * so this is the whole stream.
     */
    abstract List<String> withoutTerminator(List<String> pieces, int in, int out, String reason);

    /** This format's word for "stopped at the token limit". */
    abstract String lengthReason();

    /** This format's word for a natural end. */
    abstract String stopReason();

    /** An error as this provider sends it inside a stream. */
    abstract String errorEvent(String message);

    abstract String streamType();

    static String q(String s) {
        try {
            return WireJson.MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Dialect> all() {
        return List.of(new OpenAi("openai"), new OpenAi("openai-compatible"), new Azure(), new Anthropic(),
                new Gemini("gemini"), new Gemini("vertex"), new Ollama());
    }

    static class OpenAi extends Dialect {
        OpenAi(String kind) {
            super(kind);
        }

        @Override
        String path(boolean stream) {
            return "/v1/chat/completions";
        }

        @Override
        ModelRef ref(String baseUrl, Integer timeoutSeconds) {
            return super.ref(baseUrl + "/v1", timeoutSeconds);
        }

        @Override
        Map<String, Object> options() {
            return kind.equals("openai-compatible") ? Map.of("apiKeyEnv", "OPENAI_API_KEY") : Map.of();
        }

        @Override
        String model() {
            return "gpt-4o-mini";
        }

        @Override
        String reportedModel() {
            return "gpt-4o-mini-2024-07-18";
        }

        @Override
        String secret() {
            return OPENAI_KEY;
        }

        @Override
        String authHeader() {
            return "authorization";
        }

        @Override
        String authValue() {
            return "Bearer " + secret();
        }

        @Override
        String body(String text, int in, int out) {
            return """
                    {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"%s",
                     "choices":[{"index":0,"message":{"role":"assistant","content":%s},"logprobs":null,
                     "finish_reason":"stop"}],
                     "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}
                    """.formatted(reportedModel(), q(text), in, out, in + out);
        }

        private String chunk(String delta, String finish) {
            return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"" + reportedModel() + "\",\"choices\":[{\"index\":0,\"delta\":" + delta
                    + ",\"finish_reason\":" + finish + "}]}\n\n";
        }

        @Override
        List<String> stream(List<String> pieces, int in, int out) {
            List<String> events = new ArrayList<>(withoutTerminator(pieces, in, out, "stop"));
            events.add("data: [DONE]\n\n");
            return events;
        }

        /** The finish_reason chunk, then the usage chunk of {@code stream_options.include_usage} (empty choices). */
        @Override
        List<String> withoutTerminator(List<String> pieces, int in, int out, String reason) {
            List<String> events = new ArrayList<>(truncated(pieces));
            events.add(chunk("{}", q(reason)));
            events.add("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + reportedModel()
                    + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + in + ",\"completion_tokens\":" + out
                    + ",\"total_tokens\":" + (in + out) + "}}\n\n");
            return events;
        }

        /** The chunk that carries {@code finish_reason} and nothing after it: no usage chunk, no [DONE]. */
        List<String> finishOnly(List<String> pieces, String reason) {
            List<String> events = new ArrayList<>(truncated(pieces));
            events.add(chunk("{}", q(reason)));
            return events;
        }

        @Override
        String stopReason() {
            return "stop";
        }

        @Override
        String lengthReason() {
            return "length";
        }

        @Override
        String errorEvent(String message) {
            return "data: {\"error\":{\"message\":" + q(message) + ",\"type\":\"server_error\",\"code\":null}}\n\n";
        }

        @Override
        List<String> truncated(List<String> pieces) {
            List<String> events = new ArrayList<>();
            events.add(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"));
            pieces.forEach(p -> events.add(chunk("{\"content\":" + q(p) + "}", "null")));
            return events;
        }

        @Override
        String streamType() {
            return "text/event-stream";
        }
    }

    static final class Azure extends OpenAi {
        Azure() {
            super("azure-openai");
        }

        @Override
        String path(boolean stream) {
            return "/openai/deployments/prod-mini/chat/completions";
        }

        @Override
        ModelRef ref(String baseUrl, Integer timeoutSeconds) {
            return new ModelRef("m-" + kind, kind, model(), baseUrl, GenerationParams.NONE, null, null, null, null,
                    timeoutSeconds, Map.of("deployment", "prod-mini", "apiVersion", "2024-10-21"));
        }

        @Override
        String secret() {
            return AZURE_KEY;
        }

        @Override
        String authHeader() {
            return "api-key";
        }

        @Override
        String authValue() {
            return AZURE_KEY;
        }
    }

    static final class Anthropic extends Dialect {
        Anthropic() {
            super("anthropic");
        }

        @Override
        String path(boolean stream) {
            return "/v1/messages";
        }

        @Override
        String model() {
            return "claude-3-5-haiku-latest";
        }

        @Override
        String reportedModel() {
            return "claude-3-5-haiku-20241022";
        }

        @Override
        String secret() {
            return ANTHROPIC_KEY;
        }

        @Override
        String authHeader() {
            return "x-api-key";
        }

        @Override
        String body(String text, int in, int out) {
            return """
                    {"id":"msg_01","type":"message","role":"assistant","model":"%s",
                     "content":[{"type":"text","text":%s}],"stop_reason":"end_turn","stop_sequence":null,
                     "usage":{"input_tokens":%d,"output_tokens":%d}}
                    """.formatted(reportedModel(), q(text), in, out);
        }

        private static String event(String type, String data) {
            return "event: " + type + "\ndata: " + data + "\n\n";
        }

        @Override
        List<String> stream(List<String> pieces, int in, int out) {
            List<String> events = new ArrayList<>(withoutTerminator(pieces, in, out, "end_turn"));
            events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
            return events;
        }

        @Override
        List<String> withoutTerminator(List<String> pieces, int in, int out, String reason) {
            List<String> events = new ArrayList<>(truncatedWith(pieces, in));
            events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
            events.add(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":" + q(reason)
                    + ",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + out + "}}"));
            return events;
        }

        @Override
        String stopReason() {
            return "end_turn";
        }

        @Override
        String lengthReason() {
            return "max_tokens";
        }

        @Override
        String errorEvent(String message) {
            return event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":"
                    + q(message) + "}}");
        }

        private List<String> truncatedWith(List<String> pieces, int in) {
            List<String> events = new ArrayList<>();
            events.add(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\","
                    + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + reportedModel() + "\",\"content\":[],"
                    + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + in
                    + ",\"output_tokens\":1}}}"));
            events.add(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
            events.add(event("ping", "{\"type\": \"ping\"}"));
            pieces.forEach(p -> events.add(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":" + q(p) + "}}")));
            return events;
        }

        @Override
        List<String> truncated(List<String> pieces) {
            return truncatedWith(pieces, 5);
        }

        @Override
        String streamType() {
            return "text/event-stream";
        }
    }

    static final class Gemini extends Dialect {
        Gemini(String kind) {
            super(kind);
        }

        @Override
        String path(boolean stream) {
            String method = stream ? ":streamGenerateContent" : ":generateContent";
            return kind.equals("vertex")
                    ? "/v1/projects/test-project/locations/europe-west4/publishers/google/models/gemini-2.0-flash" + method
                    : "/v1beta/models/gemini-2.0-flash" + method;
        }

        @Override
        Map<String, Object> options() {
            return kind.equals("vertex") ? Map.of("project", "test-project", "location", "europe-west4") : Map.of();
        }

        @Override
        String model() {
            return "gemini-2.0-flash";
        }

        @Override
        String reportedModel() {
            return "gemini-2.0-flash-001";
        }

        @Override
        String secret() {
            return kind.equals("vertex") ? VERTEX_TOKEN : GEMINI_KEY;
        }

        @Override
        String authHeader() {
            return kind.equals("vertex") ? "authorization" : "x-goog-api-key";
        }

        @Override
        String authValue() {
            return kind.equals("vertex") ? "Bearer " + VERTEX_TOKEN : GEMINI_KEY;
        }

        @Override
        String body(String text, int in, int out) {
            return """
                    {"candidates":[{"content":{"parts":[{"text":%s}],"role":"model"},"finishReason":"STOP",
                     "avgLogprobs":-0.1}],
                     "usageMetadata":{"promptTokenCount":%d,"candidatesTokenCount":%d,"totalTokenCount":%d},
                     "modelVersion":"%s"}
                    """.formatted(q(text), in, out, in + out, reportedModel());
        }

        private String chunk(String piece, String finish, String usage) {
            return "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":" + q(piece) + "}],\"role\":\"model\"}"
                    + (finish == null ? "" : ",\"finishReason\":\"" + finish + "\"") + "}],\"usageMetadata\":" + usage
                    + ",\"modelVersion\":\"" + reportedModel() + "\"}\r\n\r\n";
        }

        @Override
        List<String> stream(List<String> pieces, int in, int out) {
            return withoutTerminator(pieces, in, out, "STOP");
        }

        @Override
        String stopReason() {
            return "STOP";
        }

        @Override
        String lengthReason() {
            return "MAX_TOKENS";
        }

        @Override
        String errorEvent(String message) {
            return "data: {\"error\":{\"code\":500,\"message\":" + q(message) + ",\"status\":\"INTERNAL\"}}\r\n\r\n";
        }

        /** Gemini has no terminator: the last chunk carries finishReason and the final usage, then the body ends. */
        @Override
        List<String> withoutTerminator(List<String> pieces, int in, int out, String reason) {
            List<String> events = new ArrayList<>();
            String partial = "{\"promptTokenCount\":" + in + ",\"totalTokenCount\":" + in + "}";
            for (int i = 0; i < pieces.size(); i++) {
                boolean last = i == pieces.size() - 1;
                events.add(chunk(pieces.get(i), last ? reason : null, last
                        ? "{\"promptTokenCount\":" + in + ",\"candidatesTokenCount\":" + out + ",\"totalTokenCount\":"
                        + (in + out) + "}" : partial));
            }
            return events;
        }

        @Override
        List<String> truncated(List<String> pieces) {
            return pieces.stream().map(p -> chunk(p, null, "{\"promptTokenCount\":5,\"totalTokenCount\":5}")).toList();
        }

        @Override
        String streamType() {
            return "text/event-stream";
        }
    }

    static final class Ollama extends Dialect {
        Ollama() {
            super("ollama");
        }

        @Override
        String path(boolean stream) {
            return "/api/chat";
        }

        @Override
        String model() {
            return "llama3.2";
        }

        @Override
        String reportedModel() {
            return "llama3.2";
        }

        @Override
        String secret() {
            return null;
        }

        @Override
        String authHeader() {
            return null;
        }

        @Override
        String body(String text, int in, int out) {
            return """
                    {"model":"llama3.2","created_at":"2024-11-26T10:00:00Z","message":{"role":"assistant","content":%s},
                     "done_reason":"stop","done":true,"total_duration":5000000,"load_duration":100,
                     "prompt_eval_count":%d,"prompt_eval_duration":10,"eval_count":%d,"eval_duration":20}
                    """.formatted(q(text), in, out);
        }

        @Override
        List<String> stream(List<String> pieces, int in, int out) {
            return withoutTerminator(pieces, in, out, "stop");
        }

        @Override
        String stopReason() {
            return "stop";
        }

        @Override
        String lengthReason() {
            return "length";
        }

        @Override
        String errorEvent(String message) {
            return "{\"error\":" + q(message) + "}\n";
        }

        /** Ollama has no terminator: the line with {@code "done": true} is the last, then the body ends. */
        @Override
        List<String> withoutTerminator(List<String> pieces, int in, int out, String reason) {
            List<String> lines = new ArrayList<>(truncated(pieces));
            lines.add("{\"model\":\"llama3.2\",\"created_at\":\"2024-11-26T10:00:01Z\",\"message\":{\"role\":\"assistant\","
                    + "\"content\":\"\"},\"done_reason\":" + q(reason) + ",\"done\":true,\"total_duration\":5000000,"
                    + "\"prompt_eval_count\":" + in + ",\"eval_count\":" + out + "}\n");
            return lines;
        }

        @Override
        List<String> truncated(List<String> pieces) {
            return pieces.stream().map(p -> "{\"model\":\"llama3.2\",\"created_at\":\"2024-11-26T10:00:00Z\","
                    + "\"message\":{\"role\":\"assistant\",\"content\":" + q(p) + "},\"done\":false}\n").toList();
        }

        @Override
        String streamType() {
            return "application/x-ndjson";
        }
    }
}
