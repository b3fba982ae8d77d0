package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.ModelRef;

/**
 * A server address that is no URL, from a place studio.yaml's reader does not see (the command line's
 * {@code --ollama URL}, the {@code AZURE_OPENAI_ENDPOINT} variable), is named in one line, never with
 * {@code URISyntaxException}'s "Illegal character in path".
 */
class EndpointThatIsNoUrlTest {

    @TempDir
    Path tmp;

    @Test
    void anOllamaAddressThatIsNoUrlIsNamed() {
        assertThatThrownBy(() -> new OllamaCatalog().list("not a url", Duration.ofSeconds(5)))
                .isInstanceOf(ProviderException.class)
                .hasMessage("ollama: 'not a url' is not an http(s) URL (e.g. http://localhost:11434)");
    }

    @Test
    void anAzureEndpointThatIsNoUrlMakesTheModelNotReady() {
        String key = String.join("-", "test", "value", String.valueOf(System.nanoTime()));
        ProviderFactory factory = ProviderFactory.builder()
                .credentials(new Credentials(Map.of("AZURE_OPENAI_ENDPOINT", "not a url", "AZURE_OPENAI_API_KEY", key),
                        tmp.resolve("credentials")))
                .build();
        ModelRef ref = ModelRef.of("az", "azure-openai", "gpt-4o-mini");

        assertThat(factory.readiness(ref))
                .isEqualTo(Readiness.notReady("AZURE_OPENAI_ENDPOINT 'not a url' is not an http(s) URL"));
    }
}
