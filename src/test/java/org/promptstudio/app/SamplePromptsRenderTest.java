package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.Message;
import org.promptstudio.template.ExampleInput;
import org.promptstudio.template.ParsedPrompt;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.PromptMetadata;
import org.promptstudio.template.PromptRef;
import org.promptstudio.template.RenderData;
import org.promptstudio.workspace.Dataset;
import org.promptstudio.workspace.TestCase;

/**
 * Every prompt of every shipped sample renders: with example input, and with every dataset row that carries the
 * prompt's required fields (so the datasets and prompts of a sample fit together).
 */
class SamplePromptsRenderTest {

    @TempDir
    Path tmp;

    @Test
    void everySamplePromptRendersWithExampleInputAndWithItsDatasetRows() throws IOException {
        Path shipped = Path.of(System.getProperty("studio.sample.dir", "sample-workspaces"));
        List<String> samples;
        try (Stream<Path> dirs = Files.list(shipped)) {
            samples = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(samples).contains("support-assistant", "reasoning-lab");
        int renderedRows = 0;
        for (String sample : samples) {
            Studio studio = Studio.open(Studio.initFromSample(sample, tmp.resolve(sample)).root());
            PromptLibrary lib = studio.prompts();
            List<Dataset> datasets = studio.datasets().loadAll();
            assertThat(lib.list()).as(sample).isNotEmpty();
            for (PromptRef ref : lib.list()) {
                ParsedPrompt parsed = lib.parse(ref);
                PromptMetadata meta = lib.renderer().resolveMetadata(parsed, Map.of());
                // A chat prompt (its conversation at {{history}}, the playground's) is rendered with a first user turn.
                List<Message> history = parsed.template().contains("{{history}}")
                        ? List.of(Message.text(Message.USER, "Hello")) : List.of();
                List<Message> messages = lib.render(parsed, new RenderData(ExampleInput.forPrompt(meta), Map.of(),
                        history, List.of()), Map.of()).messages();
                assertThat(messages).as(ref.relativePath()).isNotEmpty();
                assertThat(messages.get(messages.size() - 1).role()).as(ref.relativePath()).isEqualTo(Message.USER);
                List<?> required = meta.inputSchema() == null ? List.of()
                        : (List<?>) meta.inputSchema().getOrDefault("required", List.of());
                for (Dataset d : datasets) {
                    for (TestCase c : d.cases()) {
                        if (required.isEmpty() || !c.input().keySet().containsAll(required.stream().map(String::valueOf).toList())) {
                            continue;
                        }
                        assertThat(lib.render(parsed, RenderData.of(c.input()), Map.of()).messages())
                                .as(ref.relativePath() + " with " + d.name() + ":" + c.sourceLine()).isNotEmpty();
                        renderedRows++;
                    }
                }
            }
        }
        assertThat(renderedRows).as("dataset rows rendered through prompts").isGreaterThan(100);
    }
}
