package org.promptstudio.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The {@code privacy:} section of studio.yaml as the reader takes it and refuses it. */
class PrivacyConfigTest {

    @Test
    void redactBeforeStoreIsReadAndOffByDefault() {
        assertThat(StudioConfigReader.parse("name: w\n").privacy().redactBeforeStore()).isFalse();
        assertThat(StudioConfigReader.parse("privacy:\n  redactBeforeStore: true\n").privacy().redactBeforeStore())
                .isTrue();
        assertThat(StudioConfigReader.parse("privacy:\n").privacy()).isEqualTo(PrivacyConfig.DEFAULT);
    }

    @Test
    void aWrongValueOrKeyIsOneLineNamingItsPlace() {
        assertThatThrownBy(() -> StudioConfigReader.parse("name: w\nprivacy:\n  redactBeforeStore: maybe\n"))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageStartingWith("studio.yaml:3:")
                .hasMessageContaining("redactBeforeStore")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> StudioConfigReader.parse("privacy:\n  redact: true\n"))
                .hasMessageStartingWith("studio.yaml:2:3: unknown key 'redact' (known: redactBeforeStore)");
    }
}
