package org.promptstudio.provider;

import java.util.List;
import org.promptstudio.model.Part;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.promptstudio.model.AtomicFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model answers recorded on disk, one JSON file per request: {@code DIR/ab/abcdef….json}, sharded by the first two
 * hex digits of the {@link CacheKey}. A file holds the full {@link ChatResult}, a summary of the request and when
 * it was recorded. Files are written to a temporary file and moved into place, so a reader sees a whole recording
 * or none; an unreadable file is a miss with a warning, and the next recording replaces it. Thread-safe; several
 * processes may share the folder (the last writer of a key wins).
 */
public final class ResponseCache {

    static final int FORMAT = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final Clock clock;

    /** {@code dir} need not exist yet; the app passes the workspace's {@code .studio/cache/}. */
    public ResponseCache(Path dir) {
        this(dir, Clock.systemUTC());
    }

    ResponseCache(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    public Path directory() {
        return dir;
    }

    /** Where the recording of {@code key} lives (or would). */
    public Path fileFor(String key) {
        if (!key.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("not a cache key: " + key);
        return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
    }

    /** The recorded answer for {@code key}, or empty when there is none or it cannot be read. */
    public Optional<ChatResult> get(String key) {
        Path file = fileFor(key);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cache file {} cannot be read, treated as a miss: {}", file, e.getMessage());
            return Optional.empty();
        }
        try {
            return Optional.of(read(root, key));
        } catch (IllegalArgumentException e) {
            LOG.warn("Cache file {} is not a recording, treated as a miss: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Records {@code result} as the answer to {@code request} under {@code key}. A failure to write is logged and
     * swallowed: the call itself succeeded, and a missing recording only costs a later call.
     */
    public void put(String key, ChatRequest request, ChatResult result) {
        Path file = fileFor(key);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("key", key);
        root.put("recordedAt", clock.instant().toString());
        root.put("request", CacheKey.summary(request));
        root.put("result", result);
        try {
            AtomicFile.write(file, file.toString(), JSON.writeValueAsBytes(root));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not record the answer of model '{}' in {}: {}", request.model().id(), file,
                    e instanceof IOException io ? AtomicFile.reason(io) : e.getMessage());
        }
    }

    private static ChatResult read(JsonNode root, String key) {
        if (root.path("format").asInt(-1) != FORMAT) throw new IllegalArgumentException("unknown format " + root.path("format"));
        if (!key.equals(root.path("key").asText())) throw new IllegalArgumentException("it holds key " + root.path("key").asText());
        JsonNode result = root.path("result");
        JsonNode text = result.path("text");
        if (!text.isTextual()) throw new IllegalArgumentException("no result text");
        JsonNode usage = result.path("usage");
        ChatResult.Usage u = usage.isObject()
                ? new ChatResult.Usage(number(usage, "inputTokens"), number(usage, "outputTokens"),
                        usage.path("estimated").asBoolean(false), usage.path("reasoningTokens").asInt(0))
                : null;
        JsonNode first = result.path("firstTokenMillis");
        return new ChatResult(text.asText(), textOrNull(result.path("finishReason")), u,
                result.path("latencyMillis").asLong(0), first.isNumber() ? first.asLong() : null,
                textOrNull(result.path("providerModel")), toolCalls(result.path("toolCalls")));
    }

    /** The tool calls of a recorded answer (none in recordings made before tool calls were kept). */
    private static List<Part.ToolRequest> toolCalls(JsonNode calls) {
        List<Part.ToolRequest> out = new java.util.ArrayList<>();
        for (JsonNode c : calls) {
            @SuppressWarnings("unchecked")
            Map<String, Object> input = c.path("input").isObject() ? JSON.convertValue(c.path("input"), Map.class) : Map.of();
            out.add(new Part.ToolRequest(textOrNull(c.path("ref")), c.path("name").asText(""), input,
                    textOrNull(c.path("signature"))));
        }
        return out;
    }

    private static int number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.canConvertToInt()) throw new IllegalArgumentException("usage." + field + " is not a number");
        return value.asInt();
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
