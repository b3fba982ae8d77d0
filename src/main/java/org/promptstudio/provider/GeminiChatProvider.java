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
import java.util.stream.Collectors;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.Part;

/**
 * Google's {@code generateContent} / {@code streamGenerateContent?alt=sse} for two kinds of model:
 * {@code gemini} (the Gemini API, key from {@code GEMINI_API_KEY} or {@code GOOGLE_API_KEY}, sent in the
 * {@code x-goog-api-key} header, never in the URL) and {@code vertex} (Vertex AI: {@code options.project} or
 * {@code GOOGLE_CLOUD_PROJECT}, {@code options.location} or {@code GOOGLE_CLOUD_LOCATION} (default
 * {@code us-central1}), a bearer token from {@link VertexTokens}). System messages go to
 * {@code systemInstruction}; a JSON schema to {@code generationConfig.responseJsonSchema}; other settings to the top
 * level when they are request fields ({@code safetySettings}, {@code tools}, ..., see {@link ProviderSettings}),
 * else to {@code generationConfig}. Thoughts tokens count as output tokens, apart as reasoning tokens.
 */
final class GeminiChatProvider extends HttpChatProvider {

    static final String GEMINI = "gemini";
    static final String VERTEX = "vertex";
    static final String GEMINI_URL = "https://generativelanguage.googleapis.com";
    static final String DEFAULT_LOCATION = "us-central1";

    private final Credentials credentials;
    private final VertexTokens tokens;

    GeminiChatProvider(ModelRef ref, HttpTransport http, UsageEstimator estimator, Credentials credentials,
                       VertexTokens tokens) {
        super(ref, http, estimator, Duration.ofSeconds(120));
        this.credentials = credentials;
        this.tokens = tokens;
    }

    private boolean vertex() {
        return VERTEX.equals(ref.provider());
    }

    private String[] keyNames() {
        Object env = option("apiKeyEnv");
        return env != null ? new String[] {env.toString()} : new String[] {"GEMINI_API_KEY", "GOOGLE_API_KEY"};
    }

    private Optional<String> project() {
        Object p = option("project");
        if (p != null && !p.toString().isBlank()) return Optional.of(p.toString().strip());
        return credentials.setting("GOOGLE_CLOUD_PROJECT");
    }

    private String location() {
        Object l = option("location");
        if (l != null && !l.toString().isBlank()) return l.toString().strip();
        return credentials.setting("GOOGLE_CLOUD_LOCATION").orElse(DEFAULT_LOCATION);
    }

    @Override
    public Readiness readiness() {
        if (ref.model() == null) return Readiness.notReady("no 'model' set");
        if (!vertex()) return credentials.check(keyNames());
        if (project().isEmpty()) return Readiness.notReady("no 'project' option and GOOGLE_CLOUD_PROJECT not set");
        return tokens.readiness();
    }

    @Override
    protected WireCall call(ChatRequest request, boolean stream) {
        String method = stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
        String model = segment(ref.model());
        Map<String, String> headers = new LinkedHashMap<>();
        Secret secret;
        URI uri;
        if (vertex()) {
            String project = project().orElseThrow(() -> unsupported(readiness().reason()));
            String location = location();
            String base = ref.baseUrl() != null && !ref.baseUrl().isBlank() ? trimSlash(ref.baseUrl())
                    : "global".equals(location) ? "https://aiplatform.googleapis.com"
                    : "https://" + location + "-aiplatform.googleapis.com";
            uri = URI.create(base + "/v1/projects/" + segment(project)
                    + "/locations/" + segment(location)
                    + "/publishers/google/models/" + model + method);
            try {
                secret = tokens.token();
            } catch (ProviderException e) {
                throw new ProviderException(ref.id() + ": " + e.getMessage(), false, -1, 0, e);
            }
            headers.put("Authorization", "Bearer " + secret.reveal());
        } else {
            secret = requireKey(credentials, keyNames());
            String base = ref.baseUrl() != null && !ref.baseUrl().isBlank() ? trimSlash(ref.baseUrl()) : GEMINI_URL;
            uri = URI.create(base + "/" + stringOption("apiVersion", "v1beta") + "/models/" + model + method);
            headers.put("x-goog-api-key", secret.reveal());
        }
        return wireCall(uri, headers, WireJson.write(body(request)), request, Redactor.of(secret));
    }

    ObjectNode body(ChatRequest request) {
        ObjectNode body = WireJson.object();
        String system = request.messages().stream().filter(m -> Message.SYSTEM.equals(m.role()))
                .map(Message::text).filter(t -> !t.isBlank()).collect(Collectors.joining("\n\n"));
        if (!system.isEmpty()) body.putObject("systemInstruction").putArray("parts").addObject().put("text", system);
        ArrayNode contents = body.putArray("contents");
        for (Message m : request.messages()) {
            String role = role(m, "model");
            if ("system".equals(role)) continue;
            // Tool results go back in a user turn of functionResponse parts (ai.google.dev/gemini-api/docs/function-calling).
            if ("tool".equals(role)) role = "user";
            List<Part> parts = m.content().stream().filter(x -> !(x instanceof Part.Pending)).toList();
            if (parts.isEmpty()) continue;
            ArrayNode out = contents.addObject().put("role", role).putArray("parts");
            for (Part part : parts) {
                if (part instanceof Part.ToolRequest r) {
                    ObjectNode callPart = out.addObject();
                    ObjectNode fc = callPart.putObject("functionCall");
                    if (!r.ref().equals(r.name()) && !r.ref().startsWith(r.name() + "#")) fc.put("id", r.ref());
                    fc.put("name", r.name()).set("args", WireJson.MAPPER.valueToTree(r.input()));
                    // Echoed back exactly as received, on the same part (ai.google.dev/gemini-api/docs/thought-signatures).
                    if (r.signature() != null) callPart.put("thoughtSignature", r.signature());
                } else if (part instanceof Part.ToolResponse r) {
                    ObjectNode fr = out.addObject().putObject("functionResponse");
                    if (!r.ref().equals(r.name()) && !r.ref().startsWith(r.name() + "#")) fr.put("id", r.ref());
                    // response must be an object: a map as it is, any other result under "result"
                    fr.put("name", r.name()).set("response", r.output() instanceof Map<?, ?>
                            ? WireJson.MAPPER.valueToTree(r.output())
                            : WireJson.object().set("result", WireJson.MAPPER.valueToTree(r.output())));
                } else if (part instanceof Part.Text t) {
                    out.addObject().put("text", t.text());
                } else if (part instanceof Part.Media media) {
                    MediaRef mediaRef = MediaRef.of(media);
                    if (mediaRef.inline()) {
                        out.addObject().putObject("inlineData").put("mimeType", mediaRef.contentType())
                                .put("data", mediaRef.base64());
                    } else {
                        out.addObject().putObject("fileData").put("mimeType", mediaRef.contentType())
                                .put("fileUri", mediaRef.url());
                    }
                }
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            for (org.promptstudio.model.ToolDefinition t : request.tools()) {
                ObjectNode d = declarations.addObject().put("name", t.name());
                if (!t.description().isEmpty()) d.put("description", t.description());
                d.set("parametersJsonSchema", WireJson.MAPPER.valueToTree(t.inputSchema()));
            }
        }
        GenerationParams p = request.params();
        ObjectNode config = WireJson.object();
        if (p.temperature() != null) config.put("temperature", p.temperature());
        if (p.topP() != null) config.put("topP", p.topP());
        if (p.topK() != null) config.put("topK", p.topK());
        if (p.maxOutputTokens() != null) config.put("maxOutputTokens", p.maxOutputTokens());
        if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
            ArrayNode stop = config.putArray("stopSequences");
            p.stopSequences().forEach(stop::add);
        }
        if (p.seed() != null) config.put("seed", p.seed());
        if ("json".equalsIgnoreCase(p.responseFormat())) {
            config.put("responseMimeType", "application/json");
            if (p.responseSchema() != null) {
                config.set("responseJsonSchema", WireJson.MAPPER.valueToTree(p.responseSchema()));
            }
        }
        // The request's own fields at its top level, the rest in generationConfig, where the API reads them
        // (ai.google.dev/api/generate-content#request-body; a generation setting at the top level, or safetySettings
        // inside generationConfig, is answered 400 "Unknown name").
        p.extra().forEach((key, value) -> {
            JsonNode node = WireJson.MAPPER.valueToTree(value);
            if ("generationConfig".equals(key) && node.isObject()) {
                config.setAll((ObjectNode) node);
            } else if (ProviderSettings.GEMINI_TOP_LEVEL.contains(key)) {
                body.set(key, node);
            } else {
                config.set(key, node);
            }
        });
        if (!config.isEmpty()) body.set("generationConfig", config);
        return body;
    }

    @Override
    protected Reply parse(WireCall call, String text) {
        JsonNode json = WireJson.parse(call, text);
        if (json.has("error")) throw answerError(call, ErrorBodies.detail(text));
        Chunk chunk = chunk(call, json, text);
        if (chunk.finish == null) throw WireJson.malformed(call, "no 'candidates'", text);
        return new Reply(chunk.text, chunk.finish, chunk.input, chunk.output, chunk.model, chunk.thoughts, null,
                toolCalls(chunk.calls, 0));
    }

    /**
     * What one response (whole, or one streamed chunk) carries. {@code output} is candidates plus thoughts tokens:
     * {@code usageMetadata.candidatesTokenCount} leaves out {@code thoughtsTokenCount}, which is billed as output
     * (ai.google.dev/api/generate-content#UsageMetadata; ai.google.dev/gemini-api/docs/thinking, "Pricing").
     * {@link #UNREPORTED} when not reported.
     */
    private record Chunk(String text, String finish, long input, long output, String model, long thoughts,
                         List<JsonNode> calls) {
    }

    /**
     * Parts holding a {@code functionCall}: {@code id} when Gemini gives one, else {@code name#n} counted on from
     * {@code before}; the part's {@code thoughtSignature} is kept to be sent back with the call.
     */
    private static List<Part.ToolRequest> toolCalls(List<JsonNode> callParts, int before) {
        List<Part.ToolRequest> out = new java.util.ArrayList<>();
        for (JsonNode part : callParts) {
            JsonNode c = part.path("functionCall");
            String name = c.path("name").asText("");
            if (name.isBlank()) continue;
            String id = c.hasNonNull("id") ? c.get("id").asText() : name + "#" + (before + out.size() + 1);
            String signature = part.path("thoughtSignature").isTextual() ? part.get("thoughtSignature").asText() : null;
            out.add(new Part.ToolRequest(id, name, arguments(c.path("args")), signature));
        }
        return out;
    }

    private Chunk chunk(WireCall call, JsonNode json, String raw) {
        if (json.has("error")) throw streamError(call, ErrorBodies.detail(raw), false);
        JsonNode usage = json.path("usageMetadata");
        long input = longOr(usage.get("promptTokenCount"), UNREPORTED);
        long output = longOr(usage.get("candidatesTokenCount"), UNREPORTED);
        long thoughts = longOr(usage.get("thoughtsTokenCount"), UNREPORTED);
        if (output == UNREPORTED && usage.has("totalTokenCount") && input >= 0) {
            // totalTokenCount already holds the thoughts
            output = usage.get("totalTokenCount").asLong() - input;
        } else if (output >= 0 && thoughts > 0) {
            output += thoughts;
        } else if (output == UNREPORTED && thoughts > 0) {
            output = thoughts;
        }
        String model = json.path("modelVersion").asText(null);
        JsonNode candidate = json.path("candidates").path(0);
        if (candidate.isMissingNode()) {
            String blocked = json.path("promptFeedback").path("blockReason").asText(null);
            // No candidate: the prompt itself was blocked; its reason is kept (decision 0039).
            return new Chunk("", blocked != null ? org.promptstudio.model.FinishReason.of("content_filter",
                    "prompt " + blocked) : null, input, output, model, thoughts, List.of());
        }
        StringBuilder text = new StringBuilder();
        List<JsonNode> calls = new java.util.ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) continue;
            if (part.path("text").isTextual()) text.append(part.get("text").asText());
            if (part.path("functionCall").isObject()) calls.add(part);
        }
        String finish = candidate.hasNonNull("finishReason") ? finishReason(candidate.get("finishReason").asText()) : null;
        return new Chunk(text.toString(), finish, input, output, model, thoughts, calls);
    }

    /**
     * Gemini's {@code FinishReason} (API reference, GenerateContentResponse) in our words, keeping Gemini's word for
     * filters and other stops ({@code content_filter:SAFETY}, {@code stopped:OTHER}): decision 0039.
     */
    static String finishReason(String reason) {
        return switch (reason) {
            case "STOP" -> "stop";
            case "FINISH_REASON_UNSPECIFIED" -> "other"; // "Default value. This value is unused." (API reference)
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
                 "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION" -> org.promptstudio.model.FinishReason.of("content_filter", reason);
            case "MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS" -> "tool_calls";
            case "OTHER", "LANGUAGE", "IMAGE_OTHER", "NO_IMAGE" -> org.promptstudio.model.FinishReason.of("stopped", reason);
            // A reason we do not know is not a normal end: kept, and the answer counts as stopped (decision 0039).
            default -> org.promptstudio.model.FinishReason.of("stopped", reason);
        };
    }

    /** Gemini's stream has no end marker: the last chunk carries {@code finishReason}, then the body ends. */
    @Override
    protected StreamDecoder decoder(WireCall call) {
        return new StreamDecoder() {
            private final StringBuilder text = new StringBuilder();
            private String finish;
            private String model;
            private long input = UNREPORTED;
            private long output = UNREPORTED;
            private long thoughts = UNREPORTED;
            private final List<Part.ToolRequest> calls = new java.util.ArrayList<>();
            private Consumer<String> out;
            private final SseLines sse = new SseLines(call, this::event);

            @Override
            public boolean onLine(String line, Consumer<String> deltas) {
                out = deltas;
                return sse.onLine(line);
            }

            private boolean event(String event, String data) {
                Chunk chunk = chunk(call, WireJson.parseEvent(call, data), data);
                // Gemini streams a function call whole, in one chunk's parts.
                calls.addAll(toolCalls(chunk.calls, calls.size()));
                text.append(chunk.text);
                out.accept(chunk.text);
                if (chunk.input >= 0) input = chunk.input;
                if (chunk.output >= 0) output = chunk.output;
                if (chunk.thoughts >= 0) thoughts = chunk.thoughts;
                if (chunk.model != null) model = chunk.model;
                if (chunk.finish != null) finish = chunk.finish;
                return true;
            }

            @Override
            public boolean complete() {
                return finish != null;
            }

            @Override
            public Reply finish() {
                sse.endOfBody();
                if (finish == null) throw truncated(call, "a chunk with finishReason");
                return new Reply(text.toString(), finish, input, output, model, thoughts, null, calls);
            }
        };
    }
}
