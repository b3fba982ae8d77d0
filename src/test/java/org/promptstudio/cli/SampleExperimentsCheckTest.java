package org.promptstudio.cli;

import org.promptstudio.app.StudioParts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Experiments;
import org.promptstudio.app.Studio;
import org.promptstudio.experiment.PlanCheck;
import org.promptstudio.experiment.RunPlan;
import org.promptstudio.provider.CachePolicy;

/**
 * Every experiment of both shipped samples fills every input its prompts use (issue 9, section 5: cot-vs-zero-shot
 * sent the few-shot chain-of-thought variant with no examples): planned and checked, and dry-run as a user would,
 * with no bad row, no case that cannot be rendered and no input warning.
 */
class SampleExperimentsCheckTest {

    @TempDir
    Path tmp;

    /** The samples that ship: the folders of {@code sample-workspaces/} (the test class path adds a tiny one). */
    static List<String> shipped() throws IOException {
        Path dir = Path.of(System.getProperty("studio.sample.dir", "sample-workspaces"));
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void everySampleExperimentPlansWithEveryInputFilled() throws IOException {
        assertThat(shipped()).contains("support-assistant", "reasoning-lab");
        int checked = 0;
        for (String sample : shipped()) {
            Path ws = Studio.initFromSample(sample, tmp.resolve(sample)).root();
            List<String> names;
            try (Studio studio = Studio.open(ws)) {
                Experiments experiments = studio.experiments();
                names = experiments.list();
                assertThat(names).as(sample).isNotEmpty();
                var runner = StudioParts.runner(studio, studio.models(CachePolicy.AUTO));
                for (String name : names) {
                    RunPlan plan = experiments.plan(experiments.read(name), null, null, Experiments.miniLm());
                    PlanCheck check = experiments.check(plan, runner);
                    assertThat(check.badRows()).as(sample + "/" + name).isEmpty();
                    assertThat(check.unrenderable()).as(sample + "/" + name).isEmpty();
                    assertThat(check.warnings()).as(sample + "/" + name).isEmpty();
                    assertThat(plan.cells()).as(sample + "/" + name).isNotEmpty();
                    checked++;
                }
            }
            for (String name : names) {
                CliRun dry = studio("-w", ws.toString(), "run", name, "--dry-run");
                // a fresh sample has no document index yet: an experiment that retrieves says so, and nothing else
                assertThat(dry.err().lines().filter(l -> !l.equals("retrieve: no document index: run `studio index`"
                        + " (the retrieved context is not counted in this estimate)")).toList()).as(sample + "/" + name)
                        .isEmpty();
                assertThat(dry.exitCode()).as(sample + "/" + name).isZero();
                assertThat(dry.out()).as(sample + "/" + name).doesNotContain("cannot be rendered")
                        .contains("Nothing was called (--dry-run).");
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(7);
    }

    @Test
    void theFewShotChainOfThoughtVariantGetsItsWorkedExamplesInTheComparison() {
        Path ws = Studio.initFromSample("reasoning-lab", tmp.resolve("lab")).root();
        try (Studio studio = Studio.open(ws)) {
            Experiments experiments = studio.experiments();
            RunPlan plan = experiments.plan(experiments.read("cot-vs-zero-shot"), null, 2, Experiments.miniLm());
            var runner = StudioParts.runner(studio, studio.models(CachePolicy.AUTO));
            for (RunPlan.Cell cell : plan.cells()) {
                var prepared = runner.prepare(plan, cell, studio.models(CachePolicy.AUTO).ref(cell.modelId()));
                String text = prepared.rendered().messages().toString();
                if (cell.prompt().id().equals("solve.fewshot-cot")) {
                    // three worked examples (k: 3, selection: fixed): the first three rows of datasets/cot-examples.jsonl
                    assertThat(prepared.examplesJson()).contains("A bus has 48 passengers", "A bike costs €250",
                            "A family drives 150 km");
                    assertThat(prepared.rendered().messages()).hasSize(1 + 2 * 3 + 1);
                } else {
                    // the zero-shot and plain chain-of-thought prompts are sent (and recorded with) no examples
                    assertThat(prepared.examplesJson()).as(cell.prompt().id()).isNull();
                    assertThat(text).doesNotContain("A bus has 48 passengers");
                }
            }
        }
    }
}
