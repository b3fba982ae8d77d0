package org.promptstudio.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.ModelRef;

class BuiltInModelsTest {

    @TempDir
    Path dir;

    @Test
    void registersEchoExtractiveAndReplayWithCardsAndLeavesOtherKindsAlone() {
        Map<String, Function<ModelRef, ModelProvider>> factories = new HashMap<>();
        Function<ModelRef, ModelProvider> openai = ref -> new CountingModel();
        factories.put("openai", openai);

        new BuiltInModels(new ResponseCache(dir), id -> Optional.empty()).register(factories);

        assertThat(factories).containsOnlyKeys("openai", "echo", "extractive", "replay").containsEntry("openai", openai);
        assertThat(factories.get("echo").apply(ModelRef.of("e", "echo", null))).isInstanceOf(EchoModel.class);
        assertThat(factories.get("extractive").apply(ModelRef.of("x", "extractive", null))).isInstanceOf(ExtractiveModel.class);
        assertThat(factories.get("replay").apply(ModelRef.of("r", "replay", "mini"))).isInstanceOf(ReplayModel.class);
        for (String kind : BuiltInModels.KINDS) {
            ModelProvider model = factories.get(kind).apply(ModelRef.of("m", kind, "mini"));
            assertThat(model.card()).get().satisfies(card -> {
                assertThat(card.id()).isEqualTo("m");
                assertThat(card.kind()).isEqualTo(kind);
                assertThat(card.description()).startsWith("Offline");
            });
        }
        assertThat(BuiltInModels.isBuiltIn("extractive")).isTrue();
        assertThat(BuiltInModels.isBuiltIn("openai")).isFalse();
    }
}
