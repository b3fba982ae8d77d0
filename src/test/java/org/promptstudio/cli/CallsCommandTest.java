package org.promptstudio.cli;

import org.promptstudio.app.StudioParts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;
import org.promptstudio.template.JsonValues;

/** {@code studio calls} and {@code studio calls show} over calls recorded through the store. */
class CallsCommandTest {

    private static final Instant T0 = Instant.parse("2026-11-20T09:15:30Z");
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String MESSAGES = "[{\"role\":\"system\",\"content\":[{\"text\":\"You answer support"
            + " questions for Thermalyn.\"}]},{\"role\":\"user\",\"content\":[{\"text\":\"Where is my parcel?\"}]}]";

    @TempDir
    Path dir;

    private long run;
    private long ok;
    private long failed;
    private long summary;

    private String out;
    private String err;

    @BeforeEach
    void recordSomeCalls() throws Exception {
        Files.writeString(dir.resolve("studio.yaml"), "name: test\n");
        try (Studio studio = Studio.open(dir)) {
            run = StudioParts.runs(studio).insert(RunRecord.started(RunKind.EXPERIMENT, "answer-vs-fewshot",
                    "experiments/answer-vs-fewshot.yaml", null)).id();
            long other = StudioParts.runs(studio).insert(RunRecord.started(RunKind.PLAYGROUND, "playground", null, null)).id();
            ok = StudioParts.calls(studio).insert(CallRecord.builder().runId(run).prompt("prompts/answer.prompt", COMMIT)
                    .model("openai", "gpt-4o-mini").paramsJson("{\"temperature\":0.2,\"maxOutputTokens\":256}")
                    .finishReason("stop").tokens(120, 48).cost(new BigDecimal("0.000345")).latencyMs(812L)
                    .createdAt(T0).caseId("q-17").sampleIndex(2).planIndex(0)
                    .texts(new CallTexts(MESSAGES, "Your parcel left the depot this morning.",
                            "[{\"question\":\"Refund?\",\"answer\":\"Within 14 days.\"}]", "depot"))
                    .build());
            failed = StudioParts.calls(studio).insert(CallRecord.builder().runId(run).prompt("prompts/answer.prompt", COMMIT)
                    .model("anthropic", "claude-haiku").error("HTTP 429: rate limited, retry after 20 s")
                    .latencyMs(95L).createdAt(T0.plusSeconds(5)).planIndex(1)
                    .texts(new CallTexts(MESSAGES, null, null, null)).build());
            summary = StudioParts.calls(studio).insert(CallRecord.builder().runId(other)
                    .prompt("prompts/summarise.prompt", null).model("ollama", "llama3.1:8b").tokens(900, 120)
                    .cost(BigDecimal.ZERO).latencyMs(2400L).createdAt(T0.minusSeconds(60))
                    .texts(new CallTexts(MESSAGES, "A customer asks about a parcel.", null, null)).build());
        }
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

    private static String local(Instant t) {
        return CallFormat.time(t, ZoneId.systemDefault());
    }

    @Test
    void listsTheRecordedCallsNewestFirstWithVersionModelTokensCostLatencyAndStatus() {
        assertThat(studio("calls")).isZero();

        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("ID +TIME +RUN +PROMPT@VERSION +MODEL +TOKENS IN/OUT +COST +LATENCY +STATUS");
        assertThat(lines.get(1).strip()).startsWith(failed + "  " + local(T0.plusSeconds(5)))
                .contains("answer@0123456", "anthropic/claude-haiku", "95 ms")
                .endsWith("error: HTTP 429: rate limited, retry after 20 s");
        assertThat(lines.get(2).strip().split(" +")).containsExactly(String.valueOf(ok), local(T0).split(" ")[0],
                local(T0).split(" ")[1], String.valueOf(run), "answer@0123456", "openai/gpt-4o-mini", "120/48",
                "$0.00035", "812", "ms", "ok");
        assertThat(lines.get(3)).contains("summarise@-", "ollama/llama3.1:8b", "900/120", "$0 ", "2400 ms", "ok");
        assertThat(err).isEmpty();
    }

    @Test
    void filtersByRunAndByPromptGivenAsIdOrFile() throws Exception {
        // One run's calls in its plan's order (newest first would put the failed call first).
        studio("calls", "--run", String.valueOf(run));
        assertThat(ids()).containsExactly(ok, failed);
        assertThat(studio("calls", "--run", String.valueOf(run), "--format", "json")).isZero();
        List<Object> planIndexes = JsonValues.parseArray(out, "output").stream()
                .map(c -> (Object) ((Map<?, ?>) c).get("planIndex")).toList();
        assertThat(planIndexes).containsExactly(0L, 1L);

        studio("calls", "--prompt", "summarise");
        assertThat(ids()).containsExactly(summary);

        studio("calls", "--prompt", "prompts/answer.prompt", "--limit", "1");
        assertThat(ids()).containsExactly(failed);

        // a prompt of the workspace with no calls yet (summarise and answer have no file: their calls still list)
        Files.createDirectories(dir.resolve("prompts"));
        Files.writeString(dir.resolve("prompts/answer.formal.prompt"), "---\nname: answer.formal\n---\nHi.\n");
        studio("calls", "--prompt", "answer.formal");
        assertThat(out.strip()).isEqualTo("No recorded calls match.");

        // a prompt neither in prompts/ nor on a recorded call (issue 12 trial: it said "No recorded calls match.")
        assertThat(studio("calls", "--prompt", "answr")).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(out).isEmpty();
        assertThat(err.strip()).isEqualTo("error: --prompt: no prompt 'answr' (prompts: answer.formal)");
    }

    @Test
    void jsonGivesEveryFieldWithTheParametersAsAnObject() {
        assertThat(studio("calls", "--format", "json", "--limit", "2")).isZero();

        List<?> calls = JsonValues.parseArray(out, "output");
        assertThat(calls).hasSize(2);
        Map<?, ?> second = (Map<?, ?>) calls.get(1);
        assertThat(second.get("id")).isEqualTo(ok);
        assertThat(second.get("createdAt")).isEqualTo("2026-11-20T09:15:30Z");
        assertThat(second.get("prompt")).isEqualTo("prompts/answer.prompt");
        assertThat(second.get("commit")).isEqualTo(COMMIT);
        assertThat(second.get("params")).isEqualTo(Map.of("temperature", 0.2, "maxOutputTokens", 256L));
        assertThat(second.get("cost")).isEqualTo(0.000345);
        assertThat(((Map<?, ?>) calls.get(0)).get("error")).isEqualTo("HTTP 429: rate limited, retry after 20 s");
    }

    @Test
    void showPrintsTheTemplateVersionTheMessagesWithRolesTheParametersAndTheOutput() {
        assertThat(studio("calls", "show", String.valueOf(ok))).isZero();

        assertThat(out).startsWith("call " + ok + " · " + local(T0) + " · run " + run + " · ok\n"
                + "template  prompts/answer.prompt @ " + COMMIT + "\n"
                + "model     openai/gpt-4o-mini\n"
                + "result    finish stop · tokens 120/48 · cost $0.00035 · latency 812 ms\n"
                + "case      q-17 · sample 2\n");
        assertThat(out).contains("── parameters ──\n{\n  \"temperature\": 0.2,\n  \"maxOutputTokens\": 256\n}\n");
        assertThat(out).contains("── system ──\nYou answer support questions for Thermalyn.\n\n"
                + "── user ──\nWhere is my parcel?\n");
        assertThat(out).contains("── examples used ──\n[\n  {\n    \"question\": \"Refund?\"");
        assertThat(out).contains("── output ──\nYour parcel left the depot this morning.\n");
        assertThat(out).endsWith("── extracted answer ──\ndepot\n");
    }

    @Test
    void showOfAFailedCallGivesItsError() {
        assertThat(studio("calls", "show", String.valueOf(failed))).isZero();

        assertThat(out).contains("error     HTTP 429: rate limited, retry after 20 s\n");
        assertThat(out).contains("── output ──\n(none)\n");
    }

    @Test
    void showAsJsonIncludesTheMessagesAndTheOutput() {
        assertThat(studio("calls", "show", String.valueOf(ok), "--format", "json")).isZero();

        Map<String, Object> call = JsonValues.parseObject(out, "output");
        assertThat(call.get("messages")).isEqualTo(JsonValues.parseArray(MESSAGES, "messages"));
        assertThat(call.get("output")).isEqualTo("Your parcel left the depot this morning.");
        assertThat(call.get("extractedAnswer")).isEqualTo("depot");
    }

    @Test
    void showOfAnUnknownCallIsAUserErrorInOneLine() {
        assertThat(studio("calls", "show", "999")).isEqualTo(StudioCommand.USER_ERROR);

        assertThat(err).isEqualTo("error: call 999: no such call" + System.lineSeparator());
        assertThat(out).isEmpty();
    }

    @Test
    void aLimitBelowOneIsAUsageError() {
        assertThat(studio("calls", "--limit", "0")).isEqualTo(StudioCommand.USAGE_ERROR);

        assertThat(err).startsWith("usage error: --limit must be at least 1, not 0");
    }

    @Test
    void aWorkspaceWithoutCallsSaysSo(@TempDir Path empty) throws Exception {
        Files.writeString(empty.resolve("studio.yaml"), "name: empty\n");
        dir = empty;

        assertThat(studio("calls")).isZero();

        assertThat(out).isEqualTo("No calls recorded yet." + System.lineSeparator());
    }

    private List<Long> ids() {
        return out.lines().skip(1).map(l -> Long.parseLong(l.strip().split(" +")[0])).toList();
    }
}
