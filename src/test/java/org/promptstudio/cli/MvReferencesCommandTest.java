package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.testsupport.GitCli.lines;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8, section 3: {@code studio mv} updates, or names, every experiment and partial use a rename would break. */
class MvReferencesCommandTest {

    @TempDir
    Path tmp;

    CliWorkspace ws;

    @BeforeEach
    void workspace() {
        ws = CliWorkspace.create(tmp);
        ws.write("prompts/_rules.prompt", "Be kind.\n")
                .write("prompts/answer.prompt", "{{> rules}}\nHi {{name}}\n")
                .write("prompts/answer.formal.prompt", "{{#> rules}}fallback{{/rules}}\nDear {{name}}\n")
                .write("prompts/other.prompt", "Other\n")
                .write("experiments/flow.yaml", "prompts: [answer, other]\nmodels: [echo]\ninputs:\n  - { name: Ada }\n")
                .write("experiments/block.yaml", "description: block form\nprompts:\n  - { prompt: answer, version: working }\n"
                        + "  - prompt: \"answer\"\n    version: 1\n  - answer@1   # pinned\nmodels: [echo]\ninputs:\n"
                        + "  - { name: answer }\n")
                .write("experiments/unrelated.yaml", "prompts: [other]\nmodels: [echo]\ninputs:\n  - { name: answer }\n");
        ws.ok("save", "answer", "-m", "v1");
        ws.ok("save", "answer.formal", "-m", "v1");
        ws.ok("save", "other", "-m", "v1");
        ws.git("add", "experiments");
        ws.git("commit", "-q", "-m", "Experiments");
    }

    @Test
    void renamingAPromptUpdatesTheExperimentsThatNameItInTheSameCommit() {
        CliRun run = ws.ok("mv", "answer", "reply");

        assertThat(run.out()).endsWith("  updated experiments/block.yaml\n  updated experiments/flow.yaml\n");
        assertThat(run.err()).isEmpty();
        assertThat(ws.read("experiments/flow.yaml")).startsWith("prompts: [reply, other]\n");
        assertThat(ws.read("experiments/block.yaml")).isEqualTo("description: block form\nprompts:\n"
                + "  - { prompt: reply, version: working }\n  - prompt: \"reply\"\n    version: 1\n  - reply@1   # pinned\n"
                + "models: [echo]\ninputs:\n  - { name: answer }\n");
        assertThat(ws.read("experiments/unrelated.yaml")).contains("{ name: answer }");
        assertThat(lines(ws.git("show", "--name-status", "--format=", "HEAD"))).containsExactlyInAnyOrder(
                "R100\tprompts/answer.prompt\tprompts/reply.prompt", "M\texperiments/block.yaml",
                "M\texperiments/flow.yaml");
        assertThat(ws.git("status", "--porcelain")).isEmpty();
    }

    @Test
    void anExperimentWithUnsavedChangesIsNamedNotTouched() {
        ws.write("experiments/flow.yaml", "prompts: [answer]\nmodels: [echo]   # editing\ninputs:\n  - { name: Ada }\n");

        CliRun run = ws.ok("mv", "answer", "reply");

        assertThat(run.err()).isEqualTo("warning: experiments/flow.yaml: names 'answer' but has unsaved changes; change"
                + " it to 'reply' yourself\n");
        assertThat(ws.read("experiments/flow.yaml")).startsWith("prompts: [answer]\n");
        assertThat(ws.git("status", "--porcelain")).isEqualTo(" M experiments/flow.yaml\n");
    }

    @Test
    void renamingAPartialUpdatesEveryPromptThatIncludesIt() {
        CliRun run = ws.ok("mv", "_rules", "_policy");

        assertThat(run.out()).contains("  updated prompts/answer.formal.prompt\n  updated prompts/answer.prompt\n");
        assertThat(ws.read("prompts/answer.prompt")).isEqualTo("{{> policy}}\nHi {{name}}\n");
        assertThat(ws.read("prompts/answer.formal.prompt")).isEqualTo("{{#> policy}}fallback{{/policy}}\nDear {{name}}\n");
        assertThat(ws.git("status", "--porcelain")).isEmpty();
        assertThat(ws.ok("render", "answer", "--format", "text").out()).contains("Be kind.");
        assertThat(ws.ok("history", "answer").out()).contains("Rename _rules to _policy");
    }

    @Test
    void aPartialsNewNameMustStayAPartial() {
        CliRun run = ws.run("mv", "_rules", "policy");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: 'policy': a partial's name starts with '_' (_rules is a partial; try _policy)\n");
    }
}
