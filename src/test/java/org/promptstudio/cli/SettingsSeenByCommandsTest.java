package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.app.WorkspaceSettings;
import org.promptstudio.provider.Credentials;

/** What the settings view writes to studio.yaml is what {@code studio models} reads: one file for both faces. */
class SettingsSeenByCommandsTest {

    @TempDir
    Path tmp;

    String configDirBefore;

    @BeforeEach
    void config() {
        configDirBefore = System.getProperty(Credentials.CONFIG_DIR_PROPERTY);
        System.setProperty(Credentials.CONFIG_DIR_PROPERTY, tmp.resolve("config").toString());
    }

    @AfterEach
    void restore() {
        if (configDirBefore == null) {
            System.clearProperty(Credentials.CONFIG_DIR_PROPERTY);
        } else {
            System.setProperty(Credentials.CONFIG_DIR_PROPERTY, configDirBefore);
        }
    }

    @Test
    void aModelSavedInTheSettingsIsListedByStudioModels() {
        Path ws = Studio.initFromSample("support-assistant", tmp.resolve("ws")).root();
        try (Studio studio = Studio.open(ws)) {
            studio.settings().saveModel("llama-local", new WorkspaceSettings.ModelForm("llama-local", "ollama",
                    "qwen2.5:7b", "http://127.0.0.1:11999", "0.05", "0.25", "", ""));
            studio.settings().saveModel(null, new WorkspaceSettings.ModelForm("vllm", "openai-compatible",
                    "mistral-7b", "http://127.0.0.1:8000/v1", "", "", "", "60"));
        }
        CliRun run = studio("models", "-w", ws.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String llama = run.out().lines().filter(l -> l.startsWith("llama-local")).findFirst().orElseThrow();
        assertThat(llama).contains("qwen2.5:7b").contains("http://127.0.0.1:11999").contains("0.05 / 0.25");
        assertThat(run.out().lines().filter(l -> l.startsWith("vllm ")).findFirst().orElseThrow())
                .contains("openai-compatible").contains("mistral-7b").contains("http://127.0.0.1:8000/v1");
    }
}
