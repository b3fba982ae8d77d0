package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.ModelGate;
import org.promptstudio.workspace.ModelConfig;

/**
 * What an open studio does when studio.yaml changes under it: a new catalog shares the models' gates with the one
 * before, a broken edit leaves the last good catalog in use and says why in one line, the same line everywhere.
 */
class StudioModelsAfterEditsTest {

    @TempDir
    Path tmp;

    private Path workspace(String models) throws Exception {
        Path ws = Studio.init(tmp.resolve("ws"), "w").root();
        Files.writeString(ws.resolve("studio.yaml"), "name: w\nmodels:\n" + models);
        return ws;
    }

    private static ModelGate gate(ModelCatalog catalog, String id) {
        return catalog.factory().gates().gate(catalog.model(id).orElseThrow());
    }

    @Test
    void aNewCatalogKeepsTheModelsGateWithTheNewLimit() throws Exception {
        Path ws = workspace("  - {id: e, provider: echo, maxConcurrency: 2}\n");
        try (Studio studio = Studio.open(ws)) {
            ModelCatalog before = studio.models();
            ModelGate gate = gate(before, "e");
            assertThat(gate.maxConcurrency()).isEqualTo(2);

            Files.writeString(ws.resolve("studio.yaml"), "name: w\nmodels:\n  - {id: e, provider: echo, maxConcurrency: 1}\n");
            ModelCatalog after = studio.models();

            assertThat(after).isNotSameAs(before);
            assertThat(gate(after, "e")).isSameAs(gate);
            assertThat(gate.maxConcurrency()).isEqualTo(1);
            // The catalog from before the edit makes its provider only now: the limit of the edit stays in force.
            before.provider("e");
            assertThat(gate(before, "e")).isSameAs(gate);
            assertThat(gate.maxConcurrency()).isEqualTo(1);
        }
    }

    @Test
    void aBrokenEditKeepsTheLastGoodCatalogAndEveryDoorSaysTheSameLine() throws Exception {
        Path ws = workspace("  - {id: e, provider: echo}\n");
        String expected = "studio.yaml:3:38: models[0].baseUrl 'not a url' is not an http(s) URL"
                + " (e.g. http://localhost:8000/v1)";
        try (Studio studio = Studio.open(ws)) {
            ModelCatalog good = studio.models();
            Files.writeString(ws.resolve("studio.yaml"), "name: w\nmodels:\n  - {id: e, provider: echo, baseUrl: not a url}\n");

            assertThat(studio.models()).isSameAs(good);
            assertThatThrownBy(() -> studio.settings().models()).isInstanceOf(StudioException.class)
                    .hasMessage(expected);
        }
        assertThatThrownBy(() -> Studio.open(ws)).isInstanceOf(StudioException.class).hasMessage(expected);
    }

    @Test
    void theKnownProvidersAreTheKindsTheStudioCanCall() throws Exception {
        Path ws = workspace("  - {id: e, provider: echo}\n");
        try (Studio studio = Studio.open(ws)) {
            assertThat(studio.settings().providerKinds()).containsExactlyElementsOf(ModelConfig.PROVIDERS);
        }
    }
}
