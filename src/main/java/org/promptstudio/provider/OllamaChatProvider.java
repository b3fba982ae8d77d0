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
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.Part;

/**
 * Ollama's native {@code POST /api/chat} (NDJSON when streaming), no key (a bearer token only when
 * {@code options.apiKeyEnv} names one, for an Ollama behind a proxy). Parameters go to {@code options}
 * ({@code num_predict}, {@code top_k}, ...), {@code extra} too, since that is where Ollama reads model settings such as
 * {@code num_ctx}, except the request's own fields ({@code format}, {@code keep_alive}, {@code think}, {@code tools},
 * see {@link ProviderSettings}); a JSON schema goes to {@code format}. Images must be {@code data:} URLs: Ollama takes base64 only.
 */
final class OllamaChatProvider extends HttpChatProvider {

    static final String KIND = "ollama";
    static final String BASE_URL = "http://localhost:11434";

    private final Credentials credentials;
    private final OllamaCatalog catalog;

    OllamaChatProvider(ModelRef ref, HttpTransport http, UsageEstimator estimator, Credentials credentials,
                       OllamaCatalog catalog) {
        super(ref, http, estimator, Duration.ofSeconds(300));
        this.credentials = credentials;
        this.catalog = catalog;
    }

    String baseUrl() {
        return ref.baseUrl() != null && !ref.baseUrl().isBlank() ? trimSlash(ref.baseUrl()) : BASE_URL;
    }

    /** Asks the server (briefly) whether it runs and has the model pulled. */
    @Override
    public Readiness readiness() {
        if (ref.model() == null) return Readiness.notReady("no 'model' set");
        Object env = option("apiKeyEnv");
        if (env != null) {
            Readiness key = credentials.check(env.toString());
            if (!key.isReady()) return key;
        }
        List<OllamaCatalog.LocalModel> models;
        try {
            models = catalog.list(baseUrl(), Duration.ofSeconds(2));
        } catch (ProviderException e) {
            return Readiness.notReady(e.getMessage());
        }
        String wanted = ref.model().contains(":") ? ref.model() : ref.model() + ":latest";
        boolean pulled = models.stream().anyMatch(m -> m.name().equals(ref.model()) || m.name().equals(wanted));
        return pulled ? Readiness.ready("server answers, model pulled")
                : Readiness.notReady(ref.model() + " is not pulled at " + baseUrl() + " (ollama pull " + ref.model() + ")");
    }

    @Override
    protected WireCall call(ChatRequest request, boolean stream) {
        Map<String, String> headers = new LinkedHashMap<>();
        Secret key = null;
        Object env = option("apiKeyEnv");
        if (env != null) {
            key = requireKey(credentials, env.toString());
            headers.put("Authorization", "Bearer " + key.reveal());
        }
        return wireCall(URI.create(baseUrl() + "/api/chat"), headers, WireJson.write(body(request, stream)), request,
                Redactor.of(key));
    }

    ObjectNode body(ChatRequest request, boolean stream) {
        ObjectNode body = WireJson.object();
        body.put("model", ref.model());
        ArrayNode messages = body.putArray("messages");
        for (Message m : request.messages()) {
            String role = role(m, "assistant");
            List<Part> parts = m.content().stream().filter(x -> !(x instanceof Part.Pending)).toList();
            if (parts.isEmpty()) continue;
            if (hasToolParts(m)) {
                toolMessages(messages, role, m);
                continue;
            }
            ObjectNode out = messages.addObject().put("role", role).put("content", m.text());
            ArrayNode images = null;
            for (Part part : parts) {
                if (part instanceof Part.Media media) {
                    MediaRef mediaRef = MediaRef.of(media);
                    if (!mediaRef.inline()) {
                        throw unsupported("Ollama takes images as data: URLs only, not " + WireJson.snippet(mediaRef.url()));
                    }
                    if (images == null) images = out.putArray("images");
                    images.add(mediaRef.base64());
                }
            }
        }
        body.put("stream", stream);
        GenerationParams p = request.params();
        ObjectNode options = WireJson.object();
        if (p.temperature() != null) options.put("temperature", p.temperature());
        if (p.topP() != null) options.put("top_p", p.topP());
        if (p.topK() != null) options.put("top_k", p.topK());
        if (p.maxOutputTokens() != null) options.put("num_predict", p.maxOutputTokens());
        if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
            ArrayNode stop = options.putArray("stop");
            p.stopSequences().forEach(stop::add);
        }
        if (p.seed() != null) options.put("seed", p.seed());
        // /api/chat's own fields (format, keep_alive, think, tools) at the top level, every other setting is a model
        // parameter in options (github.com/ollama/ollama docs/api.md, "Generate a chat completion").
        ObjectNode top = WireJson.object();
        p.extra().forEach((key, value) -> {
            JsonNode node = WireJson.MAPPER.valueToTree(value);
            if ("options".equals(key) && node.isObject()) {
                options.setAll((ObjectNode) node);
            } else if (ProviderSettings.OLLAMA_TOP_LEVEL.contains(key)) {
                top.set(key, node);
            } else {
                options.set(key, node);
            }
        });
        if (!options.isEmpty()) body.set("options", options);
        putFunctionTools(body, request.tools());
        if ("json".equalsIgnoreCase(p.responseFormat())) {
            if (p.responseSchema() != null) {
                body.set("format", WireJson.MAPPER.valueToTree(p.responseSchema()));
            } else {
                body.put("format", "json");
            }
        }
        Object keepAlive = option("keepAlive");
        if (keepAlive != null) body.put("keep_alive", keepAlive.toString());
        body.setAll(top);
        return body;
    }

    /**
     * A model message with tool calls: {@code tool_calls} with each call's {@code function.name} and
     * {@code function.arguments} as an object; a tool's result: {@code role: tool} with {@code tool_name}
     * (github.com/ollama/ollama docs/api.md, "Chat request (with tools)").
     */
    private void toolMessages(ArrayNode messages, String role, Message m) {
        if (!m.toolRequests().isEmpty()) {
            ObjectNode out = messages.addObject().put("role", role).put("content", m.text());
            ArrayNode calls = out.putArray("tool_calls");
            for (Part.ToolRequest r : m.toolRequests()) {
                calls.addObject().putObject("function").put("name", r.name())
                        .set("arguments", WireJson.MAPPER.valueToTree(r.input()));
            }
        }
        for (Part part : m.content()) {
            if (part instanceof Part.ToolResponse r) {
                messages.addObject().put("role", "tool").put("content", resultText(r.output())).put("tool_name", r.name());
            } else if (part instanceof Part.Text t && m.toolRequests().isEmpty() && !t.text().isBlank()) {
                messages.addObject().put("role", "user").put("content", t.text());
            }
        }
    }

    /** {@code message.tool_calls}, numbered on from {@code before} when Ollama gives no id ({@code name#n}). */
    static List<Part.ToolRequest> toolCalls(JsonNode calls, int before) {
        return functionCalls(calls, (name, n) -> name + "#" + (before + n));
    }

    @Override
    protected Reply parse(WireCall call, String text) {
        JsonNode json = WireJson.parse(call, text);
        if (json.has("error")) throw answerError(call, ErrorBodies.detail(text));
        JsonNode content = json.path("message").path("content");
        if (!content.isTextual()) throw WireJson.malformed(call, "no message content", text);
        JsonNode thinking = json.path("message").path("thinking");
        return new Reply(content.asText(), finishReason(json.path("done_reason").asText(null)),
                longOr(json.get("prompt_eval_count"), UNREPORTED), longOr(json.get("eval_count"), UNREPORTED),
                json.path("model").asText(null), -1, thinking.isTextual() ? thinking.asText() : null,
                toolCalls(json.path("message").path("tool_calls"), 0));
    }

    /**
     * Ollama's {@code done_reason}: {@code stop}, {@code length} (num_predict reached), {@code load} / {@code unload}
     * (a request that only loaded or unloaded the model: no answer was written, decision 0039).
     */
    static String finishReason(String reason) {
        if (reason == null || reason.equals("stop")) return "stop";
        if (reason.equals("load") || reason.equals("unload")) return org.promptstudio.model.FinishReason.of("stopped", reason);
        // A reason we do not know is not a normal end: kept, and the answer counts as stopped (decision 0039).
        return reason.equals("length") ? "length" : org.promptstudio.model.FinishReason.of("stopped", reason);
    }

    @Override
    protected StreamDecoder decoder(WireCall call) {
        return new StreamDecoder() {
            private final StringBuilder text = new StringBuilder();
            private final StringBuilder thinking = new StringBuilder();
            private final List<Part.ToolRequest> calls = new java.util.ArrayList<>();
            private Reply last;

            @Override
            public boolean onLine(String line, Consumer<String> deltas) {
                if (line.isBlank()) return true;
                JsonNode json = WireJson.parseEvent(call, line);
                if (json.has("error")) throw streamError(call, ErrorBodies.detail(line), false);
                // With think: true the reasoning comes in message.thinking, apart from the answer; eval_count counts
                // it with the answer (github.com/ollama/ollama docs/api.md, "Generate a chat completion").
                thinking.append(json.path("message").path("thinking").asText(""));
                // Tool calls come whole, in the message of a chunk before the last.
                calls.addAll(toolCalls(json.path("message").path("tool_calls"), calls.size()));
                String piece = json.path("message").path("content").asText("");
                text.append(piece);
                deltas.accept(piece);
                if (!json.path("done").asBoolean(false)) return true;
                last = new Reply(text.toString(), finishReason(json.path("done_reason").asText(null)),
                        longOr(json.get("prompt_eval_count"), UNREPORTED), longOr(json.get("eval_count"), UNREPORTED),
                        json.path("model").asText(null), -1, thinking.isEmpty() ? null : thinking.toString(), calls);
                return false;
            }

            @Override
            public boolean complete() {
                return last != null;
            }

            @Override
            public Reply finish() {
                if (last == null) throw truncated(call, "\"done\": true");
                return last;
            }
        };
    }
}
