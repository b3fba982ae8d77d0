package org.promptstudio.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudioConfigReaderTest {

    private static final String FULL = """
            name: Support assistant
            description: Answers customer questions.
            defaults:
              model: gpt-mini
              dataset: support-questions
            models:
              - id: gpt-mini
                provider: openai
                model: gpt-4o-mini
                baseUrl: https://api.openai.com/v1
                params: {temperature: 0.2, stop: ["###"]}
                pricing: {inputPerMillion: 0.15, outputPerMillion: 0.6}
                maxConcurrency: 4
                requestsPerMinute: 500
                timeoutSeconds: 60
              - id: local
                provider: ollama
                model: llama3.2
            registries:
              - name: team
                url: https://git.example.org/prompts.git
            database:
              url: jdbc:h2:file:./.studio/db
            """;

    @Test
    void readsEverySetting() {
        StudioConfig config = StudioConfigReader.parse(FULL);

        assertThat(config.name()).isEqualTo("Support assistant");
        assertThat(config.description()).isEqualTo("Answers customer questions.");
        assertThat(config.defaults()).isEqualTo(new StudioConfig.Defaults("gpt-mini", "support-questions"));
        assertThat(config.models()).hasSize(2);
        ModelConfig gpt = config.model("gpt-mini").orElseThrow();
        assertThat(gpt.provider()).isEqualTo("openai");
        assertThat(gpt.model()).isEqualTo("gpt-4o-mini");
        assertThat(gpt.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(gpt.params()).isEqualTo(Map.of("temperature", 0.2, "stop", java.util.List.of("###")));
        assertThat(gpt.pricing()).isEqualTo(new ModelConfig.Pricing(0.15, 0.6));
        assertThat(gpt.maxConcurrency()).isEqualTo(4);
        assertThat(gpt.requestsPerMinute()).isEqualTo(500);
        assertThat(gpt.timeoutSeconds()).isEqualTo(60);
        ModelConfig local = config.model("local").orElseThrow();
        assertThat(local.params()).isEmpty();
        assertThat(local.pricing()).isNull();
        assertThat(local.maxConcurrency()).isNull();
        assertThat(config.registries()).containsExactly(
                new RegistryConfig("team", "https://git.example.org/prompts.git"));
        assertThat(config.database().url()).isEqualTo("jdbc:h2:file:./.studio/db");
    }

    @Test
    void anEmptyFileOrOneWithOnlyCommentsIsAnEmptyConfiguration() {
        for (String text : new String[] {"", "\n\n", "# nothing yet\n"}) {
            StudioConfig config = StudioConfigReader.parse(text);
            assertThat(config).isEqualTo(StudioConfig.empty());
            assertThat(config.models()).isEmpty();
            assertThat(config.registries()).isEmpty();
            assertThat(config.defaults().model()).isNull();
        }
    }

    @Test
    void anUnknownKeyIsNamedWithItsPlaceAndTheKnownKeys() {
        String text = """
                name: x
                models:
                  - id: a
                    provider: openai
                    maxConcurency: 4
                """;

        assertRefused(text, "studio.yaml:5:5: unknown key 'maxConcurency' (known: baseUrl, id, maxConcurrency, "
                + "model, options, params, pricing, provider, requestsPerMinute, timeoutSeconds)");
    }

    @Test
    void anUnknownTopLevelKeyIsNamedWithItsPlace() {
        assertRefused("name: x\nmodel: gpt\n", "studio.yaml:2:1: unknown key 'model' (known: database, defaults, "
                + "description, index, labels, models, name, privacy, registries)");
    }

    @Test
    void aValueOfTheWrongKindNamesTheKeyAndTheKindExpected() {
        assertRefused("models:\n  - id: a\n    maxConcurrency: four\n",
                "studio.yaml:3:21: 'maxConcurrency' must be an integer");
        assertRefused("models:\n  - id: a\n    maxConcurrency: 2.5\n",
                "studio.yaml:3:21: 'maxConcurrency' must be an integer");
        assertRefused("models:\n  - id: a\n    pricing: {inputPerMillion: cheap}\n",
                "studio.yaml:3:32: 'inputPerMillion' must be a number");
        assertRefused("models: gpt\n", "studio.yaml:1:9: 'models' must be a list");
        assertRefused("models:\n  - gpt\n", "studio.yaml:2:5: 'models[0]' must be a mapping (key: value)");
        assertRefused("name: [a, b]\n", "studio.yaml:1:7: 'name' must be text");
    }

    @Test
    void anIntegerTooLargeIsRefusedWithItsPlace() {
        assertRefused("models:\n  - id: a\n    requestsPerMinute: 99999999999\n",
                "studio.yaml:3:24: 'requestsPerMinute': Numeric value (99999999999) out of range of int "
                        + "(-2147483648 - 2147483647)");
    }

    @Test
    void aDocumentThatIsNotAMappingIsRefused() {
        assertRefused("- a\n- b\n", "studio.yaml:1:1: must be a mapping of settings (key: value)");
    }

    @Test
    void duplicateModelIdsAreRefusedAtTheSecond() {
        String text = """
                models:
                  - id: gpt
                    provider: openai
                  - id: local
                    provider: ollama
                  - id: gpt
                    provider: anthropic
                """;

        assertRefused(text, "studio.yaml:6:9: duplicate model id 'gpt' (first at line 2)");
    }

    @Test
    void aModelWithoutIdOrAnEmptyEntryIsRefused() {
        assertRefused("models:\n  - provider: openai\n", "studio.yaml:2:5: models[0]: a model needs an 'id'");
        assertRefused("models:\n  -\n  - id: a\n", "studio.yaml:2:4: empty entry in 'models'");
    }

    @Test
    void limitsMustBePositive() {
        assertRefused("models:\n  - id: a\n    provider: echo\n    timeoutSeconds: 0\n",
                "studio.yaml:4:21: models[0].timeoutSeconds 0 must be at least 1");
    }

    @Test
    void aRegistryNeedsANameAndAUrl() {
        assertRefused("registries:\n  - name: team\n", "studio.yaml:2:5: registry 'team' needs a 'url'");
        assertRefused("registries:\n  - url: https://x\n", "studio.yaml:2:5: a registry needs a 'name'");
    }

    @Test
    void brokenYamlIsRefusedWithThePlaceOfTheProblem() {
        assertRefused("name: x\ndescription: a: b\n",
                "studio.yaml:2:15: unexpected ':' (put a value that holds ': ' in quotes, or check the indentation)");
        assertRefused("name: x\n\tdescription: y\n", "studio.yaml:2:1: tab characters cannot indent (use spaces)");
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThatThrownBy(() -> StudioConfigReader.parse("name: a\nname: b\n"))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageStartingWith("studio.yaml:2:")
                .hasMessageContaining("duplicate key 'name'");
    }

    @Test
    void aFileThatIsNotUtf8IsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("studio.yaml");
        Files.write(file, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, '\n'});

        assertThatThrownBy(() -> StudioConfigReader.read(file))
                .isInstanceOf(WorkspaceException.class)
                .hasMessage("studio.yaml:1:7: not UTF-8 text (byte 0xE9 at offset 6); save the file as UTF-8");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> StudioConfigReader.parse(text))
                .isInstanceOf(WorkspaceException.class)
                .hasMessage(message);
    }

    @Test
    void textSettingsAreReadAsWrittenUnderTheCoreSchema() {
        // YAML 1.2.2 section 10.3.2: NO is not a boolean; 012345 is an integer, but a text setting keeps the text.
        StudioConfig config = StudioConfigReader.parse("name: NO\ndescription: 012345\n");
        assertThat(config.name()).isEqualTo("NO");
        assertThat(config.description()).isEqualTo("012345");
    }
}
