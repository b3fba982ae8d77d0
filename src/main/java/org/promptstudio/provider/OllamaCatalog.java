package org.promptstudio.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.promptstudio.model.ErrorText;

/**
 * The models an Ollama server has pulled: one short {@code GET /api/tags} on the JDK client, nothing to retry
 * (docs/decisions/0008-model-providers.md; the langchain4j module that did this is gone, decision 0019).
 * Wire format: Ollama's API reference, "List Local Models" ({@code models[].name, size, modified_at,
 * details.family, details.parameter_size, details.quantization_level}).
 */
public final class OllamaCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** One pulled model; fields the server did not send are null (size -1). */
    public record LocalModel(String name, long sizeBytes, String family, String parameterSize, String quantization,
                             Instant modifiedAt) {
    }

    /**
     * The server's models, sorted by name, waiting at most {@code timeout} for the answer; a
     * {@link ProviderException} naming the URL when it cannot be asked or answers something else than a list.
     */
    public List<LocalModel> list(String baseUrl, Duration timeout) {
        String url = baseUrl == null || baseUrl.isBlank() ? OllamaChatProvider.BASE_URL : baseUrl.strip();
        String shown = Redactor.NONE.clean(url);
        if (!org.promptstudio.model.HttpUrl.isValid(url)) {
            throw new ProviderException("ollama: '" + shown + "' is not an http(s) URL (e.g. " + OllamaChatProvider.BASE_URL
                    + ")", false, -1, 0, null);
        }
        String body;
        try {
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/api/tags"))
                    .timeout(timeout).header("Accept", "application/json").GET().build();
            HttpResponse<String> response = client.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new ProviderException("ollama at " + shown + ": cannot list models (HTTP " + response.statusCode()
                        + ")", response.statusCode() >= 500, -1, response.statusCode(), null);
            }
            body = response.body();
        } catch (ProviderException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("ollama at " + shown + ": cannot list models (interrupted)", false, -1, 0, e);
        } catch (IOException | RuntimeException e) {
            throw new ProviderException("ollama at " + shown + ": cannot list models (" + reason(e) + ")",
                    true, -1, 0, e);
        }
        return parse(body, shown);
    }

    private static List<LocalModel> parse(String body, String shown) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProviderException("ollama at " + shown + ": cannot list models (the answer is not JSON)",
                    false, -1, 0, e);
        }
        List<LocalModel> out = new ArrayList<>();
        for (JsonNode m : root.path("models")) {
            JsonNode d = m.path("details");
            String name = text(m, "name") != null ? text(m, "name") : text(m, "model");
            if (name == null) continue;
            long size = m.path("size").canConvertToLong() && m.path("size").asLong() > 0 ? m.path("size").asLong() : -1;
            out.add(new LocalModel(name, size, text(d, "family"), text(d, "parameter_size"),
                    text(d, "quantization_level"), instant(text(m, "modified_at"))));
        }
        out.sort(Comparator.comparing(LocalModel::name));
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() && !v.isNull() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static Instant instant(String s) {
        if (s == null) return null;
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException) {
                return "no answer: is Ollama running?";
            }
            if (t instanceof java.net.http.HttpTimeoutException) return "timeout";
        }
        return ErrorBodies.shorten(ErrorText.reason(e));
    }
}
