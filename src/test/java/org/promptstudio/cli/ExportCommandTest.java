package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.LabelValue;
import org.promptstudio.testsupport.RecordedRunWorkspace;

/** {@code studio export finetune} on a recorded run labelled through the use case: what it says and writes. */
class ExportCommandTest {

    @TempDir
    Path dir;

    private String labelled() throws IOException {
        String name;
        try (Studio studio = RecordedRunWorkspace.open(dir, 2)) {
            long runId = RecordedRunWorkspace.run(studio);
            List<CallRecord> calls = org.promptstudio.app.StudioParts.database(studio).calls().inRunWithAnswers(runId);
            studio.labelling().label(calls.get(0).id(), null, "thumbs", "Ada", LabelValue.ofThumbs(true));
            studio.labelling().label(calls.get(1).id(), null, "thumbs", "Ada", LabelValue.ofThumbs(true));
            studio.labelling().label(calls.get(1).id(), null, "thumbs", "Bob", LabelValue.ofThumbs(false));
            name = studio.workspace().config().name();
        }
        return name;
    }

    @Test
    void finetuneSaysHowManyItWroteWhereAndWarnsBelowAHundred() throws IOException {
        String name = labelled();

        CliRun run = CliRun.studio("-w", dir.toString(), "export", "finetune", "--format", "openai");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("Wrote 1 example to exports/" + name + "-openai.jsonl"
                + " (rule: thumbs=up or corrections)" + System.lineSeparator()
                + "provenance: exports/" + name + "-openai.provenance.jsonl" + System.lineSeparator()
                + "left out: 1 in disagreement" + System.lineSeparator());
        assertThat(run.err()).isEqualTo("warning: only 1 example (fewer than 100): Vertex AI recommends starting with"
                + " 100, OpenAI needs at least 10" + System.lineSeparator());
        assertThat(Files.readAllLines(dir.resolve("exports/" + name + "-openai.jsonl"))).hasSize(1);
    }

    @Test
    void csvToAGivenFileAndBadInputInOneLine() throws IOException {
        labelled();
        Path out = dir.resolve("labels.csv");

        CliRun csv = CliRun.studio("-w", dir.toString(), "export", "finetune", "--format", "csv", "--out", out.toString());
        assertThat(csv.exitCode()).isZero();
        assertThat(csv.out()).startsWith("Wrote 3 labels to labels.csv").doesNotContain("provenance");
        assertThat(csv.err()).isEmpty();
        assertThat(Files.readAllLines(out)).hasSize(4);

        CliRun bad = CliRun.studio("-w", dir.toString(), "export", "finetune", "--format", "openai", "--rule", "thumbs=");
        assertThat(bad.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(bad.err().strip()).isEqualTo("error: rule \"thumbs=\": column 8: a value is missing after =");
        CliRun format = CliRun.studio("-w", dir.toString(), "export", "finetune", "--format", "alpaca");
        assertThat(format.err().strip()).isEqualTo("error: unknown export format \"alpaca\": use openai, vertex, dpo or csv");
    }

    @Test
    void poolAddsTheApprovedAnswersOnce() throws IOException {
        labelled();

        CliRun first = CliRun.studio("-w", dir.toString(), "export", "pool", "--dataset", "approved", "--rule", "thumbs=up");
        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).isEqualTo("Added 1 answer to datasets/approved.jsonl" + System.lineSeparator()
                + "provenance: exports/pool-approved.provenance.jsonl" + System.lineSeparator()
                + "left out: 1 in disagreement" + System.lineSeparator());
        assertThat(Files.readAllLines(dir.resolve("datasets/approved.jsonl"))).singleElement().asString()
                .startsWith("{\"id\":\"call-").contains("\"question\":\"Can I return a Dial?\"", "\"answer\":");

        CliRun again = CliRun.studio("-w", dir.toString(), "export", "pool", "--dataset", "approved", "--rule", "thumbs=up");
        assertThat(again.out()).startsWith("Added 0 answers to datasets/approved.jsonl (1 already there)");
        assertThat(Files.readAllLines(dir.resolve("datasets/approved.jsonl"))).hasSize(1);
    }

    @Test
    void poolIntoAnEvaluationSetIsOneLineUnlessTheFlagIsGiven() throws IOException {
        labelled();
        String before = Files.readString(dir.resolve("datasets/qs.jsonl"));

        CliRun refused = CliRun.studio("-w", dir.toString(), "export", "pool", "--dataset", "qs", "--rule", "thumbs=up");
        assertThat(refused.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(refused.err()).isEqualTo("error: dataset 'qs' is an evaluation set (2 rows have assertions;"
                + " experiments/two.yaml runs on it): the pool would add rows to what experiments are scored on; name a"
                + " new pool dataset, or pass --into-evaluation-set to append anyway" + System.lineSeparator());
        assertThat(refused.out()).isEmpty();
        assertThat(Files.readString(dir.resolve("datasets/qs.jsonl"))).isEqualTo(before);
        assertThat(Files.exists(dir.resolve("exports/pool-qs.provenance.jsonl"))).isFalse();

        CliRun forced = CliRun.studio("-w", dir.toString(), "export", "pool", "--dataset", "qs", "--rule", "thumbs=up",
                "--into-evaluation-set");
        assertThat(forced.exitCode()).isZero();
        assertThat(forced.out()).startsWith("Added 1 answer to datasets/qs.jsonl" + System.lineSeparator()
                + "provenance: exports/pool-qs.provenance.jsonl");
    }

    @Test
    void aRuleOutsideTheScaleIsOneLine() throws IOException {
        labelled();
        Files.writeString(dir.resolve("studio.yaml"), Files.readString(dir.resolve("studio.yaml")) + """
                labels:
                  - name: helpfulness
                    type: rating
                    scale: { min: 1, max: 5 }
                """);
        CliRun bad = CliRun.studio("-w", dir.toString(), "export", "finetune", "--format", "dpo", "--rule",
                "helpfulness>=9");
        assertThat(bad.exitCode()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(bad.err()).isEqualTo("error: rule \"helpfulness>=9\": column 1: helpfulness>=9 is outside the scale"
                + " of helpfulness (1..5)" + System.lineSeparator());
    }
}
