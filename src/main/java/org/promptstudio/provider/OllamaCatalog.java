package org.promptstudio.provider;

import org.promptstudio.model.ErrorText;
import dev.langchain4j.model.ollama.OllamaModel;
import dev.langchain4j.model.ollama.OllamaModelDetails;
import dev.langchain4j.model.ollama.OllamaModels;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The models an Ollama server has pulled ({@code GET /api/tags}), through langchain4j's {@link OllamaModels}: a
 * single short GET, where langchain4j's own handling is all we need.
 */
public final class OllamaCatalog {

    /** One pulled model; fields the server did not send are null (size -1). */
    public record LocalModel(String name, long sizeBytes, String family, String parameterSize, String quantization,
                             Instant modifiedAt) {
    }

    /** The server's models, sorted by name; a {@link ProviderException} naming the URL when it cannot be asked. */
    public List<LocalModel> list(String baseUrl, Duration timeout) {
        String url = baseUrl == null || baseUrl.isBlank() ? OllamaChatProvider.BASE_URL : baseUrl.strip();
        List<OllamaModel> models;
        try {
            models = OllamaModels.builder().baseUrl(url).timeout(timeout).maxRetries(0)
                    .logRequests(false).logResponses(false).build()
                    .availableModels().content();
        } catch (RuntimeException e) {
            throw new ProviderException("ollama at " + Redactor.NONE.clean(url) + ": cannot list models ("
                    + reason(e) + ")", true, -1, 0, e);
        }
        if (models == null) return List.of();
        return models.stream().map(OllamaCatalog::local).sorted(Comparator.comparing(LocalModel::name)).toList();
    }

    private static LocalModel local(OllamaModel m) {
        OllamaModelDetails d = m.getDetails();
        return new LocalModel(m.getName() != null ? m.getName() : m.getModel(), m.getSize() > 0 ? m.getSize() : -1,
                d == null ? null : d.getFamily(), d == null ? null : d.getParameterSize(),
                d == null ? null : d.getQuantizationLevel(),
                m.getModifiedAt() == null ? null : m.getModifiedAt().toInstant());
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException) {
                return "no answer: is Ollama running?";
            }
            if (t instanceof java.net.http.HttpTimeoutException) return "timeout";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return ErrorBodies.shorten(m == null || m.isBlank() ? ErrorText.reason(root) : ErrorText.withoutClassNames(m));
    }
}
