package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
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
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelValue;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.template.JsonValues;

/** {@code studio monitor} over calls and thumbs recorded through the store: table, JSON, filters, bad options. */
class MonitorCommandTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String MESSAGES = "[{\"role\":\"user\",\"content\":[{\"text\":\"Where is my parcel?\"}]}]";

    @TempDir
    Path dir;

    private long run;
    private String out;
    private String err;
    /** The start of the hour two hours ago: the calls are made in it. */
    private Instant hour;

    @BeforeEach
    void recordSomeCalls() throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), "name: test\n");
        Files.createDirectories(dir.resolve("prompts"));
        Files.writeString(dir.resolve("prompts/answer.prompt"), "---\nmodel: echo\n---\nHello {{name}}\n");
        Files.writeString(dir.resolve("prompts/summarise.prompt"), "---\nmodel: echo\n---\nSum up {{text}}\n");
        hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        try (Studio studio = Studio.open(dir)) {
            run = StudioParts.runs(studio).insert(RunRecord.started(RunKind.EXPERIMENT, "r", null, null)).id();
            long a = StudioParts.calls(studio).insert(call("prompts/answer.prompt", "gpt-4o-mini", 800L)
                    .cost(new BigDecimal("0.001")).texts(new CallTexts(MESSAGES, "It left today.", null, null))
                    .build());
            StudioParts.calls(studio).insert(call("prompts/answer.prompt", "gpt-4o-mini", 1200L)
                    .cost(new BigDecimal("0.002")).texts(new CallTexts(MESSAGES, "Tomorrow.", null, null)).build());
            StudioParts.calls(studio).insert(call("prompts/answer.prompt", "claude-haiku", 95L)
                    .error("HTTP 429: rate limited").build());
            StudioParts.calls(studio).insert(call("prompts/summarise.prompt", "llama3.1:8b", 2400L).build());
            StudioParts.database(studio).labels().insert(new LabelRecord(null, null, a, null, "thumbs",
                    "3cab514d84e8", "Ada", LabelValue.ofThumbs(true), false, Instant.now()));
        }
    }

    private CallRecord.Builder call(String prompt, String model, long latency) {
        return CallRecord.builder().runId(run).prompt(prompt, COMMIT).model("openai", model).tokens(100, 20)
                .latencyMs(latency).createdAt(hour.plusSeconds(600));
    }

    private int studio(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        String[] full = new String[args.length + 2];
        full[0] = "-w";
        full[1] = dir.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        int code = StudioCommand.run(new PrintWriter(o), new PrintWriter(e), full);
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void theTableShowsEachDayWithCallsAndTheTotal() {
        assertThat(studio("monitor")).isZero();
        assertThat(out).contains("by day (UTC)").contains("DAY").contains("CALLS").contains("P95");
        String total = out.lines().filter(l -> l.startsWith("total")).findFirst().orElseThrow();
        // 4 calls, 3 ok, 1 error; one thumb up; the price of two of them known, one answered and unpriced (the
        // error, rate limited, adds a known 0: not charged as far as anyone knows)
        assertThat(total.split("\\s+")).containsSequence("total", "4", "3", "1", "0", "0", "1/0");
        assertThat(total).contains("+1 unpriced");
        assertThat(err).isEmpty();
    }

    @Test
    void jsonHasEveryHourOfThePeriodAndTheFiltersNarrowIt() {
        assertThat(studio("monitor", "--since", "6h", "--by", "hour", "--format", "json", "--prompt", "answer")).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> report = JsonValues.parseObject(out, "output");
        List<?> buckets = (List<?>) report.get("buckets");
        assertThat(buckets).hasSizeBetween(6, 7);
        @SuppressWarnings("unchecked")
        Map<String, Object> total = (Map<String, Object>) report.get("total");
        assertThat(((Number) total.get("calls")).longValue()).isEqualTo(3);
        assertThat(((Number) total.get("thumbsUp")).longValue()).isEqualTo(1);
        // p95 of 95, 800 and 1200 ms: rank 0.95 x (3 - 1) = 1.9 is in the 800 ms call's bucket, within 11%
        assertThat(((Number) total.get("latencyP95Ms")).doubleValue()).isBetween(800 / 1.12, 800 * 1.12);
        assertThat(((Number) total.get("latencyP50Ms")).doubleValue()).isBetween(800 / 1.12, 800 * 1.12);
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = (Map<String, Object>) total.get("answerChars");
        assertThat(((Number) answer.get("n")).longValue()).isEqualTo(2);
        assertThat(((Number) answer.get("mean")).doubleValue()).isEqualTo(11.5); // "It left today." and "Tomorrow."

        assertThat(studio("monitor", "--model", "claude-haiku", "--run", String.valueOf(run), "--format", "json"))
                .isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> one = (Map<String, Object>) (JsonValues.parseObject(out, "output"))
                .get("total");
        assertThat(((Number) one.get("calls")).longValue()).isEqualTo(1);
        assertThat(((Number) one.get("errors")).longValue()).isEqualTo(1);

        assertThat(studio("monitor", "--prompt", "summarise", "--model", "gpt-4o-mini")).isZero();
        assertThat(out).contains("No calls recorded in this period that match.");
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        assertThat(studio("monitor", "--since", "yesterday")).isEqualTo(2);
        assertThat(err.lines().findFirst().orElseThrow()).isEqualTo("usage error: --since must be a time ago (90m,"
                + " 24h, 7d, 2w), a date (2026-11-01) or an instant (2026-11-01T08:00:00Z), not 'yesterday'");
        assertThat(studio("monitor", "--by", "week")).isEqualTo(2);
        assertThat(err).startsWith("usage error: --by must be day or hour, not 'week'");
        assertThat(studio("monitor", "--version", "3")).isEqualTo(2);
        assertThat(err.strip()).startsWith("usage error: --version needs a prompt: give --prompt with --version");
        assertThat(studio("monitor", "--prompt", "nosuch")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("usage error: no prompt 'nosuch' in this workspace; prompts: answer,"
                + " summarise");
        assertThat(studio("monitor", "--since", "3000d", "--by", "hour")).isEqualTo(2);
        assertThat(err.strip()).contains("more than 10000");
        assertThat(studio("monitor", "--since", "99999999d")).isEqualTo(2);
        assertThat(err.lines().findFirst().orElseThrow())
                .isEqualTo("usage error: --since must be at most 100 years ago (36500d), not '99999999d'");
        assertThat(studio("monitor", "--since", "2030-01-01")).isEqualTo(2);
        assertThat(err.lines().findFirst().orElseThrow()).startsWith("usage error: --since 2030-01-01")
                .endsWith("is not in the past");
    }

    @Test
    void aRunModelOrRatingSchemaThatDoesNotExistIsSaidInOneLine() {
        assertThat(studio("monitor", "--run", "999")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("usage error: no run 999 in this workspace; latest runs: " + run
                + " (see 'studio runs')");
        assertThat(studio("monitor", "--model", "nope")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("usage error: no model 'nope' in studio.yaml nor among the recorded calls;"
                + " models: claude-haiku, gpt-4o-mini, llama3.1:8b");
        assertThat(studio("monitor", "--model", "claude-haiku")).isZero(); // recorded, though not in studio.yaml
        assertThat(studio("monitor", "--rating", "nope")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("usage error: no rating schema 'nope' in studio.yaml (it has none: add one"
                + " under labels:)");
        // a folder that is not a git repository has no labels: said so, not an empty report
        assertThat(studio("monitor", "--label", "production")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("usage error: no label 'production' in this workspace; there are no labels"
                + " (give one with 'studio label PROMPT LABEL')");
        assertThat(studio("monitor", "--run", String.valueOf(run))).isZero();
    }
}
