package org.promptstudio.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.Part;

/** Shared pieces of the adapter tests: a factory with test keys, a conversation with every kind of part. */
final class WireTestSupport {

    static final String PNG_DATA = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    static final String PNG_URL = "data:image/png;base64," + PNG_DATA;
    static final String HTTP_IMAGE = "https://example.com/cat.jpg";

    private WireTestSupport() {
    }

    static ProviderFactory factory(Path tmp) {
        return ProviderFactory.builder()
                .credentials(new Credentials(Dialect.ENV, tmp.resolve("credentials")))
                .sleeper(new RecordingSleeper())
                .tokenCommand(TokenCommand.NONE)
                .build();
    }

    /** System, a user turn with text, an inline image, a URL image and a pending section, a model turn, a user turn. */
    static List<Message> conversation() {
        return List.of(
                Message.text("system", "You are terse."),
                new Message("user", List.of(new Part.Text("What is this?"), new Part.Media(PNG_URL, null),
                        new Part.Media(HTTP_IMAGE, null), new Part.Pending(Map.of("purpose", "output")))),
                Message.text("model", "A pixel."),
                Message.text("user", "Thanks"));
    }

    static GenerationParams allParams() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of("answer", Map.of("type", "string")));
        schema.put("required", List.of("answer"));
        return new GenerationParams(0.2, 0.9, 40, 100, List.of("END"), 7L, "json", schema, Map.of());
    }

    static ModelRef ref(String kind, String model, String baseUrl, Map<String, Object> options) {
        return new ModelRef("m", kind, model, baseUrl, GenerationParams.NONE, null, null, null, null, null, options);
    }

    static JsonNode json(String body) {
        JsonNode node = WireJson.tryParse(body);
        if (node == null) throw new AssertionError("not JSON: " + body);
        return node;
    }
}
