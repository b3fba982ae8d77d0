package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.StudioException;

class StudioTest {

    @TempDir
    Path dir;

    @BeforeEach
    void workspace() throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), "name: test\n");
    }

    @Test
    void theDatabaseIsOpenedOnlyWhenFirstNeeded() {
        try (Studio studio = Studio.open(dir)) {
            assertThat(dir.resolve(".studio")).doesNotExist();
            assertThat(StudioParts.calls(studio).count()).isZero();
            assertThat(dir.resolve(".studio/db/studio.mv.db")).isRegularFile();
            assertThat(StudioParts.database(studio)).isSameAs(StudioParts.database(studio));
        }
    }

    @Test
    void aClosedStudioRefusesTheDatabase() {
        Studio studio = Studio.open(dir);
        StudioParts.calls(studio).count();
        studio.close();
        studio.close();

        assertThatThrownBy(() -> studio.calls().find(1)).isInstanceOf(StudioException.class).hasMessageEndingWith(": the studio is closed");
    }

    @Test
    void aDatabaseUrlPutsTheDatabaseThere() {
        Path elsewhere = dir.resolve("elsewhere/studio");
        try (Studio studio = Studio.open(dir, "jdbc:h2:file:" + elsewhere)) {
            StudioParts.calls(studio).count();
        }
        assertThat(dir.resolve("elsewhere/studio.mv.db")).isRegularFile();
        assertThat(dir.resolve(".studio")).doesNotExist();
    }

    /** The open studio makes its models again when models: changed, and keeps the last good ones when the new
     *  list cannot be made into models (a temperature that is no number). */
    @Test
    void modelsFollowStudioYamlAndABadEntryKeepsTheLastGoodCatalog() throws Exception {
        Path yaml = dir.resolve("studio.yaml");
        Files.writeString(yaml, "name: test\nmodels:\n  - id: local\n    provider: echo\n");
        try (Studio studio = Studio.open(dir)) {
            ModelCatalog first = studio.models();
            assertThat(first.model("local")).isPresent();
            assertThat(studio.models()).isSameAs(first); // unchanged file: the same catalog, the same gates

            Files.writeString(yaml, "name: test\nmodels:\n  - id: local\n    provider: echo\n"
                    + "  - id: hot\n    provider: echo\n    params: { temperature: hot }\n");
            assertThat(studio.models()).isSameAs(first);
            assertThat(studio.models().model("hot")).isEmpty();

            Files.writeString(yaml, "name: test\nmodels:\n  - id: local2\n    provider: echo\n");
            assertThat(studio.models().model("local2")).isPresent();
            assertThat(studio.models().model("local")).isEmpty();
        }
    }
}
