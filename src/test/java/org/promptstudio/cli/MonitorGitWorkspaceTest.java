package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StudioParts;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.GuardAction;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.model.GuardFinding;
import org.promptstudio.model.GuardStage;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.template.JsonValues;

/**
 * {@code studio monitor} in a workspace made by {@code studio init --from-sample support-assistant} (a git repository,
 * read back with {@code git}), whose prompts carry labels made by {@code studio label}: a filter that names nothing
 * is a one-line usage error listing what there is; the table marks latency as estimated and shows characters and
 * guardrail findings per check.
 */
class MonitorGitWorkspaceTest {

    private static final String MESSAGES = "[{\"role\":\"user\",\"content\":[{\"text\":\"Where is my parcel?\"}]}]";

    @TempDir
    Path dir;

    private CliWorkspace ws;
    private long run;

    @BeforeEach
    void sampleWorkspaceWithLabelsAndCalls() throws Exception {
        Path home = dir.resolve("ws");
        CliRun init = CliRun.studio("init", home.toString(), "--from-sample", "support-assistant");
        assertThat(init.exitCode()).as(init.err()).isZero();
        ws = new CliWorkspace(home);
        ws.git("config", "user.name", "Ada Lovelace");
        ws.git("config", "user.email", "ada@example.org");
        ws.ok("label", "answer", "production");
        ws.ok("label", "summarise", "staging");
        String answerCommit = ws.git("log", "-1", "--format=%H", "--", "prompts/answer.prompt").strip();
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        try (Studio studio = Studio.open(home)) {
            run = StudioParts.runs(studio).insert(RunRecord.started(RunKind.EXPERIMENT, "r", null, null)).id();
            StudioParts.calls(studio).insert(CallRecord.builder().runId(run).prompt("prompts/answer.prompt",
                    answerCommit).model("openai", "gpt-4o-mini").tokens(100, 20).latencyMs(800L)
                    .cost(new BigDecimal("0.001")).createdAt(hour.plusSeconds(60))
                    .texts(new CallTexts(MESSAGES, "It left today.", null, null))
                    .guard(List.of(new GuardFinding(GuardCheck.PII, GuardAction.WARN, GuardStage.OUTPUT,
                            "EMAIL"))).build());
            StudioParts.calls(studio).insert(CallRecord.builder().runId(run).prompt("prompts/answer.prompt",
                    answerCommit).model("openai", "gpt-4o-mini").tokens(100, 20).latencyMs(1200L)
                    .createdAt(hour.plusSeconds(120)).texts(new CallTexts(MESSAGES, "Tomorrow.", null, null))
                    .build());
        }
    }

    @Test
    void theFixtureIsAGitRepositoryWithTheLabels() {
        assertThat(ws.git("rev-parse", "--is-inside-work-tree").strip()).isEqualTo("true");
        assertThat(ws.git("status", "--porcelain")).doesNotContain("prompts/");
    }

    @Test
    void anUnknownLabelIsAUsageErrorListingTheLabelsThereAre() {
        CliRun r = ws.run("monitor", "--label", "nosuch");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("usage error: no label 'nosuch' in this workspace; labels: production,"
                + " staging");
        // narrowed to one prompt, the labels of that prompt
        r = ws.run("monitor", "--prompt", "answer", "--label", "staging");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("usage error: no label 'staging' on prompt answer; labels: production");
        // a label that exists counts the calls of the version it points at
        r = ws.ok("monitor", "--label", "production", "--format", "json");
        Map<String, Object> total = total(r.out());
        assertThat(((Number) total.get("calls")).longValue()).isEqualTo(2);
        r = ws.ok("monitor", "--label", "staging", "--format", "json");
        assertThat(((Number) total(r.out()).get("calls")).longValue()).isZero();
    }

    @Test
    void everyUnknownFilterIsAOneLineUsageErrorListingWhatExists() {
        CliRun r = ws.run("monitor", "--prompt", "nosuch");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("usage error: no prompt 'nosuch' in this workspace; prompts: ")
                .contains("answer").contains("summarise").contains("classify-ticket");
        r = ws.run("monitor", "--model", "nosuch");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("usage error: no model 'nosuch' in studio.yaml nor among the recorded calls;"
                + " models: ").contains("gpt-4o-mini");
        r = ws.run("monitor", "--run", "4242");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("usage error: no run 4242 in this workspace; latest runs: " + run
                + " (see 'studio runs')");
        r = ws.run("monitor", "--prompt", "answer", "--version", "99");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("usage error: ").contains("99").doesNotContain("Exception");
    }

    @Test
    void theTableMarksLatencyAsEstimatedAndShowsCharactersAndGuardrailsPerCheck() {
        CliRun r = ws.ok("monitor");
        assertThat(r.out()).contains("P50 ms \u2248").contains("P95 ms \u2248")
                .contains("\u2248 P50/P95: estimated from a latency sketch (log buckets of ratio 1.25), within 11.1%"
                        + " of the true value");
        assertThat(r.out()).contains("CHARS IN").contains("CHARS OUT");
        assertThat(r.out()).contains("Guardrails by check");
        List<String> lines = r.out().lines().toList();
        String guardHead = lines.stream().filter(l -> l.startsWith("DAY") && l.contains("BLOCKED") && l.contains("PII"))
                .findFirst().orElseThrow();
        assertThat(guardHead.split("\\s+")).containsExactly("DAY", "BLOCKED", "PII"); // only the checks that found
        List<String> totals = lines.stream().filter(l -> l.startsWith("total")).toList();
        assertThat(totals).hasSize(3);
        assertThat(totals.get(2).split("\\s+")).containsExactly("total", "0", "1");
        // characters out: "It left today." (14) and "Tomorrow." (9)
        assertThat(totals.get(1).split("\\s+")).contains("23");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
    }

    @Test
    void jsonSaysTheLatencyQuantilesAreEstimatesWithTheSketchsError() {
        Map<String, Object> report = JsonValues.parseObject(ws.ok("monitor", "--format", "json").out(), "output");
        assertThat(report.get("latencyQuantiles")).isEqualTo("estimate");
        assertThat(((Number) report.get("latencyRelativeError")).doubleValue()).isEqualTo(0.1111);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> total(String json) {
        return (Map<String, Object>) JsonValues.parseObject(json, "output").get("total");
    }
}
