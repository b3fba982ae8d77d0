package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.Credentials;
import org.promptstudio.provider.ProviderFactory;
import org.promptstudio.provider.Readiness;
import org.promptstudio.workspace.ModelConfig;
import org.promptstudio.workspace.StudioConfigReader;

class ModelCatalogTest {

    @TempDir
    Path tmp;

    private static final String YAML = """
            models:
              - id: gpt
                provider: openai
                model: gpt-4o-mini
                params: { temperature: 0, maxOutputTokens: 200, stopSequences: ["###"], logprobs: true }
                pricing: { inputPerMillion: 0.15, outputPerMillion: 0.60 }
                maxConcurrency: 2
                requestsPerMinute: 100
                timeoutSeconds: 30
              - id: gemini-eu
                provider: vertex
                model: gemini-2.0-flash
                options: { project: my-proj, location: europe-west4 }
              - id: echo
                provider: echo
            """;

    private ProviderFactory factory(Map<String, String> env) {
        return ProviderFactory.builder().credentials(new Credentials(env, tmp.resolve("credentials")))
                .tokenCommand(org.promptstudio.provider.TokenCommand.NONE).build();
    }

    @Test
    void configsBecomeModelRefsWithParamsPricesLimitsAndOptions() {
        List<ModelConfig> configs = StudioConfigReader.parse(YAML).models();

        ModelCatalog catalog = new ModelCatalog(configs, factory(Map.of()));

        ModelRef gpt = catalog.model("gpt").orElseThrow();
        assertThat(gpt).isEqualTo(new ModelRef("gpt", "openai", "gpt-4o-mini", null,
                new GenerationParams(0.0, null, null, 200, List.of("###"), null, null, null, Map.of("logprobs", true)),
                0.15, 0.60, 2, 100, 30, Map.of()));
        assertThat(catalog.model("gemini-eu").orElseThrow().options())
                .isEqualTo(Map.of("project", "my-proj", "location", "europe-west4"));
    }

    @Test
    void statusesSayWhichModelsAreReadyAndWhyNot() {
        ModelCatalog catalog = new ModelCatalog(StudioConfigReader.parse(YAML).models(),
                factory(Map.of("OPENAI_API_KEY", "sk-test-0123456789")));

        List<ModelCatalog.ModelStatus> statuses = catalog.statuses();

        assertThat(statuses).extracting(s -> s.model().id()).containsExactly("gpt", "gemini-eu", "echo", "extractive");
        assertThat(statuses).extracting(ModelCatalog.ModelStatus::builtIn).containsExactly(false, false, false, true);
        assertThat(statuses.get(0).readiness()).as("its key is set; its server is not asked").isEqualTo(Readiness.keySet());
        assertThat(statuses.get(1).readiness()).isEqualTo(Readiness.notReady(
                "VERTEX_ACCESS_TOKEN or GOOGLE_OAUTH_ACCESS_TOKEN not set and no gcloud on the PATH"));
        assertThat(statuses.get(2).readiness().reason()).startsWith("unknown provider 'echo' (known: anthropic, ");
    }

    @Test
    void aRunGetsTheModelsProviderAndAnUnknownIdIsRefused() {
        ModelCatalog catalog = new ModelCatalog(StudioConfigReader.parse(YAML).models(), factory(Map.of()));

        assertThat(catalog.provider("gpt")).isNotNull();
        assertThatThrownBy(() -> catalog.provider("gtp"))
                .isInstanceOf(StudioException.class)
                .hasMessage("no model 'gtp' in studio.yaml or built in (known: gpt, gemini-eu, echo, extractive)");
    }

    @Test
    void theBuiltInOfflineModelsAreThereWhenStudioYamlListsNone() {
        ModelCatalog catalog = new ModelCatalog(StudioConfigReader.parse("models: []\n").models(), factory(Map.of()));

        assertThat(catalog.models()).containsExactly(ModelRef.of("echo", "echo", null),
                ModelRef.of("extractive", "extractive", null));
        assertThat(catalog.isBuiltIn("echo")).isTrue();
        assertThatThrownBy(() -> catalog.provider("gpt"))
                .hasMessage("no model 'gpt' in studio.yaml or built in (known: echo, extractive)");
    }

    @Test
    void aStudioYamlEntryWithABuiltInsIdReplacesIt() {
        ModelCatalog catalog = new ModelCatalog(StudioConfigReader.parse("""
                models:
                  - id: extractive
                    provider: extractive
                    params: { maxOutputTokens: 120 }
                  - id: fast
                    provider: echo
                """).models(), factory(Map.of()));

        assertThat(catalog.models()).extracting(ModelRef::id).containsExactly("extractive", "fast", "echo");
        assertThat(catalog.model("extractive").orElseThrow().params().maxOutputTokens()).isEqualTo(120);
        assertThat(catalog.isBuiltIn("extractive")).isFalse();
        assertThat(catalog.isBuiltIn("echo")).isTrue();
    }

    @Test
    void aParamOfTheWrongKindNamesTheModel() {
        ModelConfig bad = new ModelConfig("gpt", "openai", "gpt-4o-mini", null, Map.of("temperature", "warm"), null,
                null, null, null);

        assertThatThrownBy(() -> ModelCatalog.toRef(bad))
                .isInstanceOf(StudioException.class)
                .hasMessage("studio.yaml: model 'gpt': config 'temperature' must be a number, found 'warm'");
    }
}
