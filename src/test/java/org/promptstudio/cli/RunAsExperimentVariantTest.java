package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.StreamingCompare;
import org.promptstudio.app.Studio;
import org.promptstudio.testsupport.Workspaces;

/**
 * The grid's "Run as experiment…" with a variant among its versions ({@code variant:formal}, {@code variant:formal@1})
 * writes an experiment {@code studio run} runs; an experiment written before, with {@code version: variant:formal},
 * runs too. Variants are Dotprompt's {@code name.variant.prompt} files (dotprompt spec, "Variants").
 */
class RunAsExperimentVariantTest {

    @TempDir
    Path dir;

    @BeforeEach
    void workspace() {
        Workspaces.init(dir, "variants", "  - id: echo\n    provider: echo\n");
        Workspaces.write(dir, "prompts/ask.prompt", "Question: {{q}}\n");
        Workspaces.write(dir, "prompts/ask.formal.prompt", "Kindly answer the question: {{q}}\n");
        Workspaces.write(dir, "datasets/qs.jsonl", "{\"id\": \"one\", \"q\": \"Open on Sunday?\"}\n");
        assertThat(studio("-w", dir.toString(), "save", "ask.formal", "-m", "Formal variant").exitCode()).isZero();
        Workspaces.write(dir, "prompts/ask.formal.prompt", "Most kindly answer: {{q}}\n");
    }

    private List<String> promptsOfRun(int run) throws Exception {
        JsonNode calls = new ObjectMapper().readTree(studio("-w", dir.toString(), "calls", "--run",
                String.valueOf(run), "--format", "json").out());
        List<String> out = new ArrayList<>();
        // each call's prompt file and the text it sent (the version's), in plan order
        for (JsonNode c : calls) {
            String shown = studio("-w", dir.toString(), "calls", "show", c.get("id").asText()).out();
            out.add(c.get("prompt").asText() + " " + (shown.contains("Most kindly") ? "working" : shown.contains(
                    "Kindly answer the question") ? "v1" : "base"));
        }
        return out;
    }

    @Test
    void aSavedSelectionWithVariantsRunsWithStudioRun() throws Exception {
        String name;
        try (Studio studio = Studio.open(dir)) {
            name = studio.experiments().saveSelection(new StreamingCompare.GridRequest("ask",
                    List.of("working", "variant:formal", "variant:formal@1"), List.of("echo"), "qs", null, null, null,
                    null, 1), "ask-compare");
        }
        assertThat(name).isEqualTo("ask-compare");
        assertThat(Files.readString(dir.resolve("experiments/ask-compare.yaml"))).contains(
                "prompts: [{\"prompt\":\"ask\",\"version\":\"working\"},{\"prompt\":\"ask.formal\",\"version\":\"working\"},"
                        + "{\"prompt\":\"ask.formal\",\"version\":\"1\"}]");

        CliRun run = studio("-w", dir.toString(), "run", "ask-compare");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(promptsOfRun(1)).containsExactly("prompts/ask.prompt base", "prompts/ask.formal.prompt working",
                "prompts/ask.formal.prompt v1");
    }

    @Test
    void anExperimentWithTheGridsVariantVersionsRunsToo() throws Exception {
        Workspaces.write(dir, "experiments/old.yaml", """
                prompts:
                  - prompt: ask
                    version: "variant:formal@1"
                  - ask@variant:formal
                models: [echo]
                dataset: qs
                """);
        CliRun run = studio("-w", dir.toString(), "run", "old");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(promptsOfRun(1)).containsExactly("prompts/ask.formal.prompt v1", "prompts/ask.formal.prompt working");
    }

    @Test
    void aVariantWithoutANameIsOneLineWithItsPlace() {
        Workspaces.write(dir, "experiments/bad.yaml", "prompts:\n  - prompt: ask\n    version: \"variant:\"\nmodels: [echo]\n"
                + "dataset: qs\n");
        CliRun run = studio("-w", dir.toString(), "run", "bad");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: experiments/bad.yaml:2: prompts.version 'variant:': name the variant, "
                + "as in variant:formal" + System.lineSeparator());
    }
}
