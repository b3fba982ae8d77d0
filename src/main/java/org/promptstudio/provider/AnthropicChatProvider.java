package org.promptstudio.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.Part;

/**
 * Anthropic Messages ({@code POST /v1/messages}, SSE when streaming), key from {@code ANTHROPIC_API_KEY}. System
 * messages go to the {@code system} field; {@code max_tokens} is required by the API, so it defaults to
 * {@code options.defaultMaxTokens} or 4096. Seeds and JSON schemas have no place in this API and are not sent.
 */
final class AnthropicChatProvider extends HttpChatProvider {

    static final String KIND = "anthropic";
    static final String BASE_URL = "https://api.anthropic.com";
    static final String API_VERSION = "2023-06-01";
    private static final int DEFAULT_MAX_TOKENS = 4096;

    private final Credentials credentials;

    AnthropicChatProvider(ModelRef ref, HttpTransport http, UsageEstimator estimator, Credentials credentials) {
        super(ref, http, estimator, Duration.ofSeconds(120));
        this.credentials = credentials;
    }

    private String[] keyNames() {
        Object env = option("apiKeyEnv");
        return env != null ? new String[] {env.toString()} : new String[] {"ANTHROPIC_API_KEY"};
    }

    @Override
    public Readiness readiness() {
        if (ref.model() == null) return Readiness.notReady("no 'model' set");
        return credentials.check(keyNames());
    }

    @Override
    protected WireCall call(ChatRequest request, boolean stream) {
        Secret key = requireKey(credentials, keyNames());
        String base = ref.baseUrl() != null && !ref.baseUrl().isBlank() ? trimSlash(ref.baseUrl()) : BASE_URL;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", key.reveal());
        headers.put("anthropic-version", stringOption("apiVersion", API_VERSION));
        Object beta = option("beta");
        if (beta != null) headers.put("anthropic-beta", beta.toString());
        return wireCall(URI.create(base + "/v1/messages"), headers, WireJson.write(body(request, stream)), request,
                Redactor.of(key));
    }

    ObjectNode body(ChatRequest request, boolean stream) {
        ObjectNode body = WireJson.object();
        body.put("model", ref.model());
        GenerationParams p = request.params();
        body.put("max_tokens", p.maxOutputTokens() != null ? p.maxOutputTokens() : defaultMaxTokens());
        String system = request.messages().stream().filter(m -> Message.SYSTEM.equals(m.role()))
                .map(Message::text).filter(t -> !t.isBlank()).collect(Collectors.joining("\n\n"));
        String jsonRule = jsonInstruction(p);
        if (jsonRule != null) system = system.isEmpty() ? jsonRule : system + "\n\n" + jsonRule;
        if (!system.isEmpty()) body.put("system", system);
        ArrayNode messages = body.putArray("messages");
        for (Message m : request.messages()) {
            String role = role(m, "assistant");
            if ("system".equals(role)) continue;
            // Tool results go back in a user turn of tool_result blocks (docs.anthropic.com, "Tool use").
            if ("tool".equals(role)) role = "user";
            List<Part> parts = m.content().stream().filter(x -> !(x instanceof Part.Pending)).toList();
            if (parts.isEmpty()) continue;
            ArrayNode content = messages.addObject().put("role", role).putArray("content");
            for (Part part : parts) {
                if (part instanceof Part.ToolRequest r) {
                    content.addObject().put("type", "tool_use").put("id", r.ref()).put("name", r.name())
                            .set("input", WireJson.MAPPER.valueToTree(r.input()));
                } else if (part instanceof Part.ToolResponse r) {
                    content.addObject().put("type", "tool_result").put("tool_use_id", r.ref())
                            .put("content", resultText(r.output()));
                } else if (part instanceof Part.Text t) {
                    if (!t.text().isEmpty()) content.addObject().put("type", "text").put("text", t.text());
                } else if (part instanceof Part.Media media) {
                    content.add(media(MediaRef.of(media)));
                }
            }
        }
        if (p.temperature() != null) body.put("temperature", p.temperature());
        if (p.topP() != null) body.put("top_p", p.topP());
        if (p.topK() != null) body.put("top_k", p.topK());
        if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            p.stopSequences().forEach(stop::add);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (org.promptstudio.model.ToolDefinition t : request.tools()) {
                ObjectNode tool = tools.addObject().put("name", t.name());
                if (!t.description().isEmpty()) tool.put("description", t.description());
                tool.set("input_schema", WireJson.MAPPER.valueToTree(t.inputSchema()));
            }
        }
        WireJson.putAll(body, p.extra());
        if (stream) body.put("stream", true);
        return body;
    }

    /**
     * The Messages API has no JSON mode of its own: JSON output is asked for in the system prompt, with the schema
     * when there is one (docs.anthropic.com, "Increase output consistency (JSON mode)"); the answer is checked against
     * the schema afterwards like any other. Null when the request asks for no JSON.
     */
    static String jsonInstruction(GenerationParams p) {
        if (!"json".equalsIgnoreCase(p.responseFormat())) return null;
        if (p.responseSchema() == null) return "Answer with one JSON value only, no other text.";
        return "Answer with one JSON value only, no other text, that follows this JSON Schema:\n"
                + WireJson.write(WireJson.MAPPER.valueToTree(p.responseSchema()));
    }

    private int defaultMaxTokens() {
        Object value = option("defaultMaxTokens");
        if (value == null) return DEFAULT_MAX_TOKENS;
        if (value instanceof Number n) return n.intValue();
        try {
            return Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            throw unsupported("option 'defaultMaxTokens' must be a whole number, not '" + value + "'");
        }
    }

    private ObjectNode media(MediaRef media) {
        String type;
        if (media.image()) {
            type = "image";
        } else if ("application/pdf".equals(media.contentType())) {
            type = "document";
        } else {
            throw unsupported("media of type " + media.contentType() + " is not supported");
        }
        ObjectNode part = WireJson.object().put("type", type);
        ObjectNode source = part.putObject("source");
        if (media.inline()) {
            source.put("type", "base64").put("media_type", media.contentType()).put("data", media.base64());
        } else {
            source.put("type", "url").put("url", media.url());
        }
        return part;
    }

    @Override
    protected Reply parse(WireCall call, String text) {
        JsonNode json = WireJson.parse(call, text);
        if (!json.path("content").isArray()) throw WireJson.malformed(call, "no 'content'", text);
        StringBuilder out = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        List<Part.ToolRequest> calls = new java.util.ArrayList<>();
        for (JsonNode block : json.get("content")) {
            if ("text".equals(block.path("type").asText())) out.append(block.path("text").asText());
            if ("tool_use".equals(block.path("type").asText())) {
                calls.add(new Part.ToolRequest(block.path("id").asText(null), block.path("name").asText(""),
                        arguments(block.path("input"))));
            }
            // Thinking is never the answer; its tokens are already in output_tokens and billed as output
            // (docs.anthropic.com/en/docs/build-with-claude/extended-thinking, "Pricing"); only its size is kept.
            if ("thinking".equals(block.path("type").asText())) thinking.append(block.path("thinking").asText(""));
        }
        JsonNode usage = json.path("usage");
        return new Reply(out.toString(), finishReason(json.path("stop_reason").asText(null)),
                longOr(usage.get("input_tokens"), UNREPORTED), longOr(usage.get("output_tokens"), UNREPORTED),
                json.path("model").asText(null), -1, thinking.isEmpty() ? null : thinking.toString(), calls);
    }

    static String finishReason(String reason) {
        if (reason == null) return "other";
        return switch (reason) {
            case "end_turn", "stop_sequence" -> "stop";
            case "max_tokens" -> "length";
            case "model_context_window_exceeded" -> org.promptstudio.model.FinishReason.of("length", "context window");
            case "tool_use" -> "tool_calls";
            // The model declined (streaming classifiers); the text written before it, if any, is kept (decision 0039).
            case "refusal" -> org.promptstudio.model.FinishReason.REFUSAL;
            case "pause_turn" -> org.promptstudio.model.FinishReason.of("stopped", reason);
            // A reason we do not know is not a normal end: kept, and the answer counts as stopped (decision 0039).
            default -> org.promptstudio.model.FinishReason.of("stopped", reason);
        };
    }

    @Override
    protected StreamDecoder decoder(WireCall call) {
        return new StreamDecoder() {
            private final StringBuilder text = new StringBuilder();
            private String finish;
            private String model;
            private long input = UNREPORTED;
            private long output = UNREPORTED;
            private boolean started;
            private boolean done;
            private final StringBuilder thinking = new StringBuilder();
            private final java.util.TreeMap<Integer, String[]> blocks = new java.util.TreeMap<>();
            private Consumer<String> out;
            private final SseLines sse = new SseLines(call, this::event);

            @Override
            public boolean onLine(String line, Consumer<String> deltas) {
                out = deltas;
                return sse.onLine(line);
            }

            private boolean event(String event, String data) {
                JsonNode json = WireJson.parseEvent(call, data);
                String type = json.path("type").asText(event);
                switch (type) {
                    case "message_start" -> {
                        started = true;
                        JsonNode message = json.path("message");
                        model = message.path("model").asText(null);
                        input = longOr(message.path("usage").get("input_tokens"), input);
                        output = longOr(message.path("usage").get("output_tokens"), output);
                    }
                    case "content_block_delta" -> {
                        JsonNode delta = json.path("delta");
                        if ("text_delta".equals(delta.path("type").asText())) {
                            String piece = delta.path("text").asText("");
                            text.append(piece);
                            out.accept(piece);
                        } else if ("thinking_delta".equals(delta.path("type").asText())) {
                            thinking.append(delta.path("thinking").asText(""));
                        } else if ("input_json_delta".equals(delta.path("type").asText())) {
                            String[] block = blocks.get(json.path("index").asInt(-1));
                            if (block != null) block[2] += delta.path("partial_json").asText("");
                        }
                    }
                    case "content_block_start" -> {
                        // A tool_use block opens with its id and name; its input streams as input_json_delta pieces.
                        JsonNode block = json.path("content_block");
                        if ("tool_use".equals(block.path("type").asText())) {
                            blocks.put(json.path("index").asInt(blocks.size()),
                                    new String[] {block.path("id").asText(null), block.path("name").asText(""), ""});
                        }
                    }
                    case "message_delta" -> {
                        if (json.path("delta").hasNonNull("stop_reason")) {
                            finish = finishReason(json.path("delta").get("stop_reason").asText());
                        }
                        input = longOr(json.path("usage").get("input_tokens"), input);
                        output = longOr(json.path("usage").get("output_tokens"), output);
                    }
                    case "message_stop" -> {
                        done = true;
                        return false;
                    }
                    case "error" -> {
                        String kind = json.path("error").path("type").asText("");
                        throw streamError(call, ErrorBodies.detail(data),
                                kind.equals("overloaded_error") || kind.equals("api_error")
                                        || kind.equals("rate_limit_error"));
                    }
                    default -> {
                        // ping, content_block_start/stop, and event types added later
                    }
                }
                return true;
            }

            /** {@code message_stop} ends the stream; a {@code message_delta} with a stop_reason already ends the text. */
            @Override
            public boolean complete() {
                return done || finish != null;
            }

            @Override
            public Reply finish() {
                sse.endOfBody();
                if (!complete()) throw truncated(call, started ? "message_stop" : "message_start");
                List<Part.ToolRequest> calls = new java.util.ArrayList<>();
                for (String[] b : blocks.values()) {
                    if (b[1].isBlank()) continue;
                    calls.add(new Part.ToolRequest(b[0], b[1], arguments(b[2].isBlank()
                            ? null : com.fasterxml.jackson.databind.node.TextNode.valueOf(b[2]))));
                }
                return new Reply(text.toString(), finish != null ? finish : "other", input, output, model, -1,
                        thinking.isEmpty() ? null : thinking.toString(), calls);
            }
        };
    }
}
