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
                .hasMessage("studio.yaml:2:8: guard.pii 'stop' must be off | warn | block, or a mapping {input: off |"
                        + " warn | block, output: off | warn | block}");
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  pii: { input: never }\n"))
                .hasMessage("studio.yaml:2:17: guard.pii.input 'never' must be off | warn | block");
    }

    @Test
    void aGuardSettingWithNoValueIsRefusedAtItsKey() {
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  pii:\n"))
                .isInstanceOf(WorkspaceException.class)
                .hasMessage("studio.yaml:2:3: guard.pii is empty: it must be off | warn | block, or a mapping"
                        + " {input: off | warn | block, output: off | warn | block}");
        assertThatThrownBy(() -> StudioConfigReader.parse("name: w\nguard: { injection: warn, pii: }\n"))
                .hasMessageStartingWith("studio.yaml:2:27: guard.pii is empty: it must be off | warn | block");
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  pii: { input: }\n"))
                .hasMessage("studio.yaml:2:10: guard.pii.input is empty: it must be off | warn | block");
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  blocklist: { action: , terms: [a] }\n"))
                .hasMessageStartingWith("studio.yaml:2:16: guard.blocklist.action is empty: it must be off | warn"
                        + " | block");
        // a value given still reads as before
        assertThat(StudioConfigReader.parse("guard:\n  pii: block\n").guard().action(GuardCheck.PII,
                GuardStage.INPUT)).isEqualTo(GuardAction.BLOCK);
    }

    @Test
    void everyGuardSettingOfTheWrongKindNamesItsKeyAndTheFormsItTakes() {
        String pii = "must be off | warn | block, or a mapping {input: off | warn | block, output: off | warn | block}";
        // the trial user's case: a yes/no where an action goes
        assertThatThrownBy(() -> StudioConfigReader.parse("guard: { pii: true }\n"))
                .isInstanceOf(WorkspaceException.class).hasMessage("studio.yaml:1:15: guard.pii 'true' " + pii);
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  pii: [warn]\n"))
                .hasMessage("studio.yaml:2:8: guard.pii " + pii);
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  pii: { input: true }\n"))
                .hasMessage("studio.yaml:2:17: guard.pii.input 'true' must be off | warn | block");
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  pii: { inpt: warn }\n"))
                .hasMessage("studio.yaml:2:10: guard.pii: unknown key 'inpt' (known: input, output)");
        // each check lists the stages it looks at
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  injection: false\n"))
                .hasMessage("studio.yaml:2:14: guard.injection 'false' must be off | warn | block, or a mapping"
                        + " {input: off | warn | block}");
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  schema: 1\n"))
                .hasMessage("studio.yaml:2:11: guard.schema '1' must be off | warn | block, or a mapping"
                        + " {output: off | warn | block}");
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  provider: yes\n"))
                .hasMessage("studio.yaml:2:13: guard.provider 'yes' must be off | warn | block, or a mapping"
                        + " {output: off | warn | block}");
        // the blocklist: its own mapping, its action, terms and file
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  blocklist: true\n"))
                .hasMessageStartingWith("studio.yaml:2:14: guard.blocklist 'true' must be a mapping {action: off |"
                        + " warn | block");
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  blocklist: { action: true }\n"))
                .hasMessage("studio.yaml:2:24: guard.blocklist.action 'true' " + pii);
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  blocklist: { terms: heron }\n"))
                .hasMessage("studio.yaml:2:23: guard.blocklist.terms 'heron' must be a list of terms, such as"
                        + " [\"project falcon\", heron]");
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  blocklist: { terms: [ { a: b } ] }\n"))
                .hasMessage("studio.yaml:2:25: guard.blocklist.terms[0] must be a term (text), such as"
                        + " \"project falcon\"");
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  blocklist: { file: [a] }\n"))
                .hasMessageStartingWith("studio.yaml:2:22: guard.blocklist.file must be a text file inside the"
                        + " workspace");
        assertThatThrownBy(() -> StudioConfigReader.parse("guard:\n  blocklist: { actoin: warn }\n"))
                .hasMessage("studio.yaml:2:16: guard.blocklist: unknown key 'actoin' (known: action, file, terms)");
        assertThatThrownBy(() -> StudioConfigReader.parse("guard: true\n"))
                .hasMessageStartingWith("studio.yaml:1:8: guard 'true' must be a mapping of checks (pii, injection,"
                        + " blocklist, schema, provider), each off | warn | block");
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
                .hasMessage("studio.yaml:2:3: guard: unknown key 'blocks' (known: blocklist, injection, pii, provider,"
                        + " schema)");
    }
}
