package org.promptstudio.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.promptstudio.model.GuardAction;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.model.GuardStage;

class GuardConfigReaderTest {

    @Test
    void everyCheckWarnsWhenNothingIsSaid() {
        GuardConfig guard = StudioConfigReader.parse("name: w\n").guard();

        for (GuardCheck check : GuardCheck.values()) {
            for (GuardStage stage : GuardConfig.stages(check)) {
                assertThat(guard.action(check, stage)).as(check + " " + stage).isEqualTo(GuardAction.WARN);
            }
        }
        assertThat(guard.action(GuardCheck.INJECTION, GuardStage.OUTPUT)).isEqualTo(GuardAction.OFF);
        assertThat(guard.action(GuardCheck.SCHEMA, GuardStage.INPUT)).isEqualTo(GuardAction.OFF);
        assertThat(guard.blocks(GuardStage.INPUT)).isFalse();
    }

    @Test
    void plainAndPerStageActionsAreRead() {
        GuardConfig guard = StudioConfigReader.parse("""
                guard:
                  pii: { input: block, output: warn }
                  injection: off
                  blocklist: { action: block, terms: [ "project falcon", heron ], file: guard/terms.txt }
                  schema: { output: block }
                  provider: block
                """).guard();

        assertThat(guard.action(GuardCheck.PII, GuardStage.INPUT)).isEqualTo(GuardAction.BLOCK);
        assertThat(guard.action(GuardCheck.PII, GuardStage.OUTPUT)).isEqualTo(GuardAction.WARN);
        assertThat(guard.action(GuardCheck.INJECTION, GuardStage.INPUT)).isEqualTo(GuardAction.OFF);
        assertThat(guard.action(GuardCheck.BLOCKLIST, GuardStage.OUTPUT)).isEqualTo(GuardAction.BLOCK);
        assertThat(guard.blocklist().terms()).containsExactly("project falcon", "heron");
        assertThat(guard.blocklist().file()).isEqualTo("guard/terms.txt");
        assertThat(guard.action(GuardCheck.SCHEMA, GuardStage.OUTPUT)).isEqualTo(GuardAction.BLOCK);
        assertThat(guard.action(GuardCheck.PROVIDER, GuardStage.OUTPUT)).isEqualTo(GuardAction.BLOCK);
        assertThat(guard.blocks(GuardStage.INPUT)).isTrue();
    }

    @Test
    void anUnknownActionIsRefusedWithItsPlace() {
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  pii: stop\n"))
                .isInstanceOf(WorkspaceException.class)
                .hasMessage("studio.yaml:2:8: guard.pii 'stop' must be off, warn or block");
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  pii: { input: never }\n"))
                .hasMessage("studio.yaml:2:17: guard.pii.input 'never' must be off, warn or block");
    }

    @Test
    void aStageTheCheckDoesNotLookAtIsRefused() {
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  schema: { input: block }\n"))
                .hasMessageStartingWith("studio.yaml:2:13: guard.schema.input: the schema check looks only at the output");
    }

    @Test
    void anEmptyTermAndAFileOutsideTheWorkspaceAreRefused() {
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  blocklist: { terms: [ ok, \"\" ] }\n"))
                .hasMessageContaining("guard.blocklist.terms[1] is empty");
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  blocklist: { file: ../terms.txt }\n"))
                .hasMessageContaining("guard.blocklist.file '../terms.txt' must be a file inside the workspace");
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  blocks: warn\n"))
                .hasMessageContaining("unknown key 'blocks'");
    }
}
