package org.promptstudio.provider;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.Part;

/**
 * The identity of a request for the response cache: SHA-256 of a canonical JSON of the provider kind, the
 * provider's model name, the base URL, the settings after all overrides and the rendered messages (role, text and
 * media parts). The workspace's id for the model is not in it, so two entries naming the same model share
 * recordings; message metadata and pending parts are not sent to a model, so they are not in it either. Numbers
 * are written the same whatever their Java type ({@code 0}, {@code 0.0}), maps with sorted keys. {@code v} changes
 * when this recipe does, which makes every earlier recording a miss, never a wrong hit.
 */
public final class CacheKey {

    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private CacheKey() {
    }

    /** The key of {@code request}; its tools count when it has some (a request without tools keys as before). */
    public static String of(ChatRequest request) {
        return of(request.model(), request.params(), request.messages(), request.tools());
    }

    /** The key of a request without tools. */
    public static String of(ModelRef model, GenerationParams params, List<Message> messages) {
        return sha256(canonicalJson(model, params, messages));
    }

    /**
     * The key of a request of {@code model} with {@code params}, {@code messages} and the tools offered
     * ({@code tools}; empty or null: none, and the key is the one without tools, so recordings made before tools
     * existed still match). Every reader and writer of the cache (the caching provider, its look-ahead for the
     * estimate and the budget, the replay model) keys through here.
     *
     * @throws ProviderException when a tool's schema cannot be written as JSON
     */
    public static String of(ModelRef model, GenerationParams params, List<Message> messages,
                            List<org.promptstudio.model.ToolDefinition> tools) {
        String json = canonicalJson(model, params, messages);
        if (tools == null || tools.isEmpty()) return sha256(json);
        List<Object> defs = new ArrayList<>();
        for (org.promptstudio.model.ToolDefinition t : tools) {
            Map<String, Object> m = new TreeMap<>();
            m.put("name", t.name());
            m.put("description", t.description());
            m.put("inputSchema", canonical(t.inputSchema()));
            defs.add(m);
        }
        try {
            return sha256(json + "\ntools:" + JSON.writeValueAsString(defs));
        } catch (JsonProcessingException e) {
            throw new ProviderException("model '" + model.id() + "': the tools cannot be written as a cache key: "
                    + e.getOriginalMessage(), false, -1, 0, e);
        }
    }

    /** The text that is hashed; readable, for tests and for looking into a key. */
    static String canonicalJson(ModelRef model, GenerationParams params, List<Message> messages) {
        Map<String, Object> root = new TreeMap<>();
        root.put("v", VERSION);
        root.put("provider", model.provider().trim().toLowerCase(Locale.ROOT));
        root.put("model", model.model() == null ? "" : model.model().trim());
        root.put("baseUrl", baseUrl(model.baseUrl()));
        root.put("params", params(params == null ? GenerationParams.NONE : params));
        List<Object> wire = new ArrayList<>();
        for (Message message : messages) {
            List<Object> parts = new ArrayList<>();
            for (Part part : message.content()) {
                if (part instanceof Part.Text text) {
                    parts.add(Map.of("text", text.text()));
                } else if (part instanceof Part.Media media) {
                    Map<String, Object> m = new TreeMap<>();
                    m.put("media", media.url());
                    if (media.contentType() != null) m.put("contentType", media.contentType());
                    parts.add(m);
                } else if (part instanceof Part.ToolRequest call) {
                    parts.add(Map.of("toolRequest", Map.of("ref", call.ref(), "name", call.name(),
                            "input", canonical(call.input()))));
                } else if (part instanceof Part.ToolResponse result) {
                    Map<String, Object> m = new TreeMap<>();
                    m.put("ref", result.ref());
                    m.put("name", result.name());
                    m.put("output", result.output() == null ? "null" : canonical(result.output()));
                    parts.add(Map.of("toolResponse", m));
                }
            }
            wire.add(Map.of("role", message.role(), "content", parts));
        }
        root.put("messages", wire);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new ProviderException("model '" + model.id() + "': the request cannot be written as a cache key: "
                    + e.getOriginalMessage(), false, -1, 0, e);
        }
    }

    /** The settings that are set, as a canonical map (also stored in a recording's summary). */
    static Map<String, Object> params(GenerationParams p) {
        Map<String, Object> out = new TreeMap<>();
        putIfSet(out, "temperature", p.temperature());
        putIfSet(out, "topP", p.topP());
        putIfSet(out, "topK", p.topK());
        putIfSet(out, "maxOutputTokens", p.maxOutputTokens());
        putIfSet(out, "stopSequences", p.stopSequences());
        putIfSet(out, "seed", p.seed());
        putIfSet(out, "responseFormat", p.responseFormat());
        putIfSet(out, "responseSchema", p.responseSchema());
        if (!p.extra().isEmpty()) out.put("extra", canonical(p.extra()));
        return out;
    }

    private static void putIfSet(Map<String, Object> out, String name, Object value) {
        if (value != null) out.put(name, canonical(value));
    }

    private static Object canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted;
        }
        if (value instanceof List<?> list) return list.stream().map(CacheKey::canonical).toList();
        if (value instanceof Number n) {
            try {
                BigDecimal d = new BigDecimal(n.toString()).stripTrailingZeros();
                return d.scale() <= 0 ? d.toBigIntegerExact() : d;
            } catch (NumberFormatException | ArithmeticException e) {
                return n.toString();   // NaN, Infinity
            }
        }
        return value;
    }

    private static String baseUrl(String url) {
        if (url == null) return "";
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
        return trimmed;
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A short, readable summary of a request for a recording, without the full messages. */
    static Map<String, Object> summary(ChatRequest request) {
        ModelRef model = request.model();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("modelId", model.id());
        out.put("provider", model.provider());
        out.put("model", model.model());
        out.put("baseUrl", model.baseUrl());
        out.put("params", params(request.params()));
        out.put("messages", request.messages().size());
        out.put("inputChars", request.messages().stream().mapToInt(m -> m.text().length()).sum());
        String last = EchoModel.lastUserText(request.messages());
        out.put("lastUserMessage", last.length() <= 200 ? last : last.substring(0, 200) + "…");
        return out;
    }
}
