package org.promptstudio.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.Part;

/**
 * OpenAI Chat Completions ({@code POST /chat/completions}, SSE when streaming) for three kinds of model:
 * {@code openai} (api.openai.com, {@code OPENAI_API_KEY}), {@code azure-openai} (a deployment URL, {@code api-key}
 * header, {@code api-version} option) and {@code openai-compatible} (any base URL: vLLM, llama.cpp server, LM Studio,
 * Ollama's {@code /v1}; a key only when {@code options.apiKeyEnv} names one).
 *
 * <p>Options: {@code apiKeyEnv} (another variable for the key), {@code organization}, {@code deployment} and
 * {@code apiVersion} (Azure), {@code maxTokensParam} ({@code max_completion_tokens} for OpenAI and Azure,
 * {@code max_tokens} for compatible servers), {@code streamUsage} (false for servers that refuse
 * {@code stream_options}). {@code extra} params go into the body as they are.
 */
final class OpenAiChatProvider extends HttpChatProvider {

    static final String OPENAI = "openai";
    static final String AZURE = "azure-openai";
    static final String COMPATIBLE = "openai-compatible";
    static final String OPENAI_URL = "https://api.openai.com/v1";
    static final String AZURE_API_VERSION = "2024-10-21";

    private final Credentials credentials;

    OpenAiChatProvider(ModelRef ref, HttpTransport http, UsageEstimator estimator, Credentials credentials) {
        super(ref, http, estimator, Duration.ofSeconds(120));
        this.credentials = credentials;
    }

    private String kind() {
        return ref.provider();
    }

    private String[] keyNames() {
        Object env = option("apiKeyEnv");
        if (env != null) return new String[] {env.toString()};
        return switch (kind()) {
            case AZURE -> new String[] {"AZURE_OPENAI_API_KEY"};
            case COMPATIBLE -> new String[0];
            default -> new String[] {"OPENAI_API_KEY"};
        };
    }

    private Optional<String> baseUrl() {
        if (ref.baseUrl() != null && !ref.baseUrl().isBlank()) return Optional.of(trimSlash(ref.baseUrl()));
        return switch (kind()) {
            case OPENAI -> Optional.of(OPENAI_URL);
            case AZURE -> credentials.setting("AZURE_OPENAI_ENDPOINT").map(HttpChatProvider::trimSlash);
            default -> Optional.empty();
        };
    }

    /** The endpoint (from studio.yaml it is checked on reading; from AZURE_OPENAI_ENDPOINT only here) is no URL. */
    private String badEndpoint() {
        return (ref.baseUrl() != null && !ref.baseUrl().isBlank() ? "baseUrl" : "AZURE_OPENAI_ENDPOINT") + " '"
                + Redactor.NONE.clean(baseUrl().orElse("")) + "' is not an http(s) URL";
    }

    @Override
    public Readiness readiness() {
        if (ref.model() == null && !AZURE.equals(kind())) return Readiness.notReady("no 'model' set");
        if (baseUrl().isEmpty()) {
            return Readiness.notReady(AZURE.equals(kind())
                    ? "no 'baseUrl' (the Azure resource endpoint) and AZURE_OPENAI_ENDPOINT not set"
                    : "no 'baseUrl' set");
        }
        if (!org.promptstudio.model.HttpUrl.isValid(baseUrl().get())) return Readiness.notReady(badEndpoint());
        String[] names = keyNames();
        return names.length == 0 ? Readiness.noKeyNeeded() : credentials.check(names);
    }

    @Override
    protected WireCall call(ChatRequest request, boolean stream) {
        String base = baseUrl().orElseThrow(() -> unsupported(readiness().reason()));
        if (!org.promptstudio.model.HttpUrl.isValid(base)) throw unsupported(badEndpoint());
        String[] names = keyNames();
        Secret key = null;
        if (names.length > 0) key = requireKey(credentials, names);
        Map<String, String> headers = new LinkedHashMap<>();
        URI uri;
        if (AZURE.equals(kind())) {
            String deployment = stringOption("deployment", ref.model());
            if (deployment == null) throw unsupported("no 'deployment' option or 'model' for Azure OpenAI");
            uri = URI.create(base + "/openai/deployments/" + segment(deployment)
                    + "/chat/completions?api-version="
                    + segment(stringOption("apiVersion", AZURE_API_VERSION)));
            headers.put("api-key", key.reveal());
        } else {
            uri = URI.create(base + "/chat/completions");
            if (key != null) headers.put("Authorization", "Bearer " + key.reveal());
            Object org = option("organization");
            if (org != null) headers.put("OpenAI-Organization", org.toString());
        }
        return wireCall(uri, headers, WireJson.write(body(request, stream)), request, Redactor.of(key));
    }

    ObjectNode body(ChatRequest request, boolean stream) {
        ObjectNode body = WireJson.object();
        if (!AZURE.equals(kind()) || ref.model() != null) body.put("model", ref.model());
        ArrayNode messages = body.putArray("messages");
        for (Message m : request.messages()) {
            String role = role(m, "assistant");
            List<Part> parts = m.content().stream().filter(p -> !(p instanceof Part.Pending)).toList();
            if (parts.isEmpty()) continue;
            if (hasToolParts(m)) {
                toolMessages(messages, role, m);
                continue;
            }
            ObjectNode out = messages.addObject().put("role", role);
            if (parts.stream().allMatch(Part.Text.class::isInstance)) {
                out.put("content", m.text());
                continue;
            }
            ArrayNode content = out.putArray("content");
            for (Part p : parts) {
                if (p instanceof Part.Text t) {
                    content.addObject().put("type", "text").put("text", t.text());
                } else if (p instanceof Part.Media media) {
                    MediaRef mediaRef = MediaRef.of(media);
                    if (!mediaRef.image()) throw unsupported("media of type " + mediaRef.contentType() + " is not supported");
                    content.addObject().put("type", "image_url").putObject("image_url").put("url", mediaRef.url());
                }
            }
        }
        GenerationParams p = request.params();
        if (p.temperature() != null) body.put("temperature", p.temperature());
        if (p.topP() != null) body.put("top_p", p.topP());
        if (p.topK() != null && COMPATIBLE.equals(kind())) body.put("top_k", p.topK());
        if (p.maxOutputTokens() != null) {
            String field = stringOption("maxTokensParam", COMPATIBLE.equals(kind()) ? "max_tokens" : "max_completion_tokens");
            body.put(field, p.maxOutputTokens());
        }
        if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            p.stopSequences().forEach(stop::add);
        }
        if (p.seed() != null) body.put("seed", p.seed());
        if ("json".equalsIgnoreCase(p.responseFormat())) {
            ObjectNode format = body.putObject("response_format");
            if (p.responseSchema() != null) {
                format.put("type", "json_schema");
                ObjectNode schema = format.putObject("json_schema").put("name", "output");
                schema.set("schema", WireJson.MAPPER.valueToTree(p.responseSchema()));
            } else {
                format.put("type", "json_object");
            }
        }
        putFunctionTools(body, request.tools());
        WireJson.putAll(body, p.extra());
        if (stream) {
            body.put("stream", true);
            if (!Boolean.FALSE.equals(option("streamUsage"))) body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    /**
     * A model message with tool calls becomes one assistant message with {@code tool_calls} (arguments as JSON text);
     * a tool message becomes one {@code role: tool} message per result, with the {@code tool_call_id} it answers
     * (platform.openai.com/docs/guides/function-calling).
     */
    private void toolMessages(ArrayNode messages, String role, Message m) {
        if (m.toolRequests().isEmpty()) {
            for (Part part : m.content()) {
                if (part instanceof Part.ToolResponse r) {
                    messages.addObject().put("role", "tool").put("tool_call_id", r.ref()).put("content", resultText(r.output()));
                } else if (part instanceof Part.Text t && !t.text().isBlank()) {
                    messages.addObject().put("role", "user").put("content", t.text());
                }
            }
            return;
        }
        ObjectNode out = messages.addObject().put("role", role);
        String text = m.text();
        if (text.isEmpty()) out.putNull("content");
        else out.put("content", text);
        ArrayNode calls = out.putArray("tool_calls");
        for (Part.ToolRequest r : m.toolRequests()) {
            ObjectNode c = calls.addObject().put("id", r.ref()).put("type", "function");
            c.putObject("function").put("name", r.name()).put("arguments", WireJson.write(WireJson.MAPPER.valueToTree(r.input())));
        }
        for (Part part : m.content()) {
            if (part instanceof Part.ToolResponse r) {
                messages.addObject().put("role", "tool").put("tool_call_id", r.ref()).put("content", resultText(r.output()));
            }
        }
    }

    /** {@code message.tool_calls}: each {@code id}, {@code function.name} and {@code function.arguments} (JSON text). */
    private static List<Part.ToolRequest> toolCalls(JsonNode calls) {
        return functionCalls(calls, (name, n) -> null);
    }

    @Override
    protected Reply parse(WireCall call, String text) {
        JsonNode json = WireJson.parse(call, text);
        JsonNode choice = json.path("choices").path(0);
        if (choice.isMissingNode()) throw WireJson.malformed(call, "no 'choices'", text);
        JsonNode content = choice.path("message").path("content");
        if (!content.isTextual() && !content.isNull()) throw WireJson.malformed(call, "no message content", text);
        JsonNode usage = json.path("usage");
        JsonNode thinking = choice.path("message").path("reasoning_content");
        // A refusal comes as message.refusal (its explanation) with content null: recorded as a refusal, never as an
        // empty answer (decision 0039).
        JsonNode refusal = choice.path("message").path("refusal");
        if (refusal.isTextual() && !refusal.asText().isBlank() && (content.isNull() || content.asText().isBlank())) {
            return new Reply(refusal.asText(), org.promptstudio.model.FinishReason.REFUSAL,
                    longOr(usage.get("prompt_tokens"), UNREPORTED), longOr(usage.get("completion_tokens"), UNREPORTED),
                    json.path("model").asText(null), reasoningTokens(usage, UNREPORTED),
                    thinking.isTextual() ? thinking.asText() : null);
        }
        return new Reply(content.isNull() ? "" : content.asText(), finishReason(choice.path("finish_reason").asText(null)),
                longOr(usage.get("prompt_tokens"), UNREPORTED), longOr(usage.get("completion_tokens"), UNREPORTED),
                json.path("model").asText(null), reasoningTokens(usage, UNREPORTED),
                thinking.isTextual() ? thinking.asText() : null, toolCalls(choice.path("message").path("tool_calls")));
    }

    /**
     * {@code usage.completion_tokens_details.reasoning_tokens}: how many of {@code completion_tokens} were reasoning.
     * They are already part of {@code completion_tokens} and billed as output (platform.openai.com/docs/guides/reasoning,
     * "Managing the context window" and "Reasoning tokens"; the usage object in
     * platform.openai.com/docs/api-reference/chat/object), so they are never added to it again.
     */
    static long reasoningTokens(JsonNode usage, long fallback) {
        return longOr(usage.path("completion_tokens_details").get("reasoning_tokens"), fallback);
    }

    static String finishReason(String reason) {
        if (reason == null) return "other";
        return switch (reason) {
            // Some OpenAI-compatible servers name a normal end their own way (TGI "eos_token", llama.cpp "eos").
            case "stop", "eos", "eos_token", "stop_sequence", "end_turn" -> "stop";
            case "length" -> "length";
            case "content_filter" -> "content_filter";
            case "tool_calls", "function_call" -> "tool_calls";
            // A reason we do not know is not a normal end: kept, and the answer counts as stopped (decision 0039).
            default -> org.promptstudio.model.FinishReason.of("stopped", reason);
        };
    }

    @Override
    protected StreamDecoder decoder(WireCall call) {
        return new StreamDecoder() {
            private final StringBuilder text = new StringBuilder();
            private final StringBuilder refusal = new StringBuilder();
            private String finish;
            private String model;
            private long input = UNREPORTED;
            private long output = UNREPORTED;
            private long reasoning = UNREPORTED;
            private final StringBuilder thinking = new StringBuilder();
            private boolean done;
            private Consumer<String> out;
            private final java.util.TreeMap<Integer, String[]> calls = new java.util.TreeMap<>();
            private final SseLines sse = new SseLines(call, this::event);

            @Override
            public boolean onLine(String line, Consumer<String> deltas) {
                out = deltas;
                return sse.onLine(line);
            }

            private List<Part.ToolRequest> toolCalls() {
                List<Part.ToolRequest> out = new java.util.ArrayList<>();
                for (String[] c : calls.values()) {
                    if (c[1].isBlank()) continue;
                    out.add(new Part.ToolRequest(c[0], c[1], arguments(com.fasterxml.jackson.databind.node.TextNode.valueOf(c[2]))));
                }
                return out;
            }

            private boolean event(String event, String data) {
                if ("[DONE]".equals(data.strip())) {
                    done = true;
                    return false;
                }
                JsonNode json = WireJson.parseEvent(call, data);
                if (json.has("error")) {
                    JsonNode error = json.path("error");
                    String type = error.path("type").asText("");
                    throw streamError(call, ErrorBodies.detail(data),
                            type.contains("server") || type.contains("overloaded") || type.contains("rate_limit"));
                }
                if (json.hasNonNull("model")) model = json.get("model").asText();
                JsonNode usage = json.path("usage");
                if (usage.isObject()) {
                    input = longOr(usage.get("prompt_tokens"), input);
                    output = longOr(usage.get("completion_tokens"), output);
                    reasoning = reasoningTokens(usage, reasoning);
                }
                JsonNode choice = json.path("choices").path(0);
                JsonNode thought = choice.path("delta").path("reasoning_content");
                if (thought.isTextual()) thinking.append(thought.asText());
                JsonNode delta = choice.path("delta").path("content");
                if (delta.isTextual()) {
                    text.append(delta.asText());
                    out.accept(delta.asText());
                }
                // A tool call streams in pieces keyed by its index: id and name first, then the arguments' JSON text.
                for (JsonNode piece : choice.path("delta").path("tool_calls")) {
                    int index = piece.path("index").asInt(calls.size());
                    String[] slot = calls.computeIfAbsent(index, k -> new String[] {null, "", ""});
                    if (piece.hasNonNull("id")) slot[0] = piece.get("id").asText();
                    JsonNode function = piece.path("function");
                    if (function.hasNonNull("name")) slot[1] += function.get("name").asText();
                    if (function.hasNonNull("arguments")) slot[2] += function.get("arguments").asText();
                }
                JsonNode refusalDelta = choice.path("delta").path("refusal");
                if (refusalDelta.isTextual()) refusal.append(refusalDelta.asText());
                if (choice.hasNonNull("finish_reason")) finish = finishReason(choice.get("finish_reason").asText());
                return true;
            }

            /**
             * A non-null {@code finish_reason} ends the answer's text; with {@code stream_options.include_usage} the
             * usage chunk follows it, then {@code data: [DONE]}. Several servers close the body right after the
             * finish_reason chunk, and the official clients end at end-of-body without error, so either marker
             * makes the answer complete; the stream is read on after finish_reason for the usage chunk.
             */
            @Override
            public boolean complete() {
                return done || finish != null;
            }

            @Override
            public Reply finish() {
                sse.endOfBody();
                if (!complete()) throw truncated(call, "a finish_reason or data: [DONE]");
                String thought = thinking.isEmpty() ? null : thinking.toString();
                if (!refusal.toString().isBlank() && text.toString().isBlank()) {
                    return new Reply(refusal.toString(), org.promptstudio.model.FinishReason.REFUSAL, input, output, model,
                            reasoning, thought);
                }
                return new Reply(text.toString(), finish != null ? finish : "other", input, output, model, reasoning,
                        thought, toolCalls());
            }
        };
    }
}
