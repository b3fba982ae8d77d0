package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.cli.CliRun.studio;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StudioParts;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.GuardAction;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.model.GuardFinding;
import org.promptstudio.model.GuardStage;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.promptstudio.testsupport.Workspaces;

/**
 * Guardrails on a run against a local OpenAI-compatible server on 127.0.0.1: a request blocked at the input never
 * reaches the server (counted there), an answer blocked at the output is kept for audit, warnings are recorded with
 * the call; {@code studio calls show} lists the findings (decision 0143).
 */
class GuardrailsRunTest {

    @TempDir
    Path dir;
    OpenAiChatServer server;

    @BeforeEach
    void workspace() {
        server = OpenAiChatServer.start(reply -> {
            if (reply.body().contains("contact")) {
                reply.whole("Write to help@example.org.", 20, 6);
            } else if (reply.body().contains("filtered")) {
                reply.json(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"local-llm\",\"choices\":[{"
                        + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
                        + "\"finish_reason\":\"content_filter\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":0}}");
            } else {
                reply.whole("Four.", 20, 2);
            }
        });
        Workspaces.init(dir, "guarded", Workspaces.openAiModel("local", "local-llm", server.url()));
        Workspaces.write(dir, "studio.yaml", "name: guarded\nmodels:\n"
                + Workspaces.openAiModel("local", "local-llm", server.url())
                + "guard:\n  pii: { input: block, output: warn }\n"
                + "  blocklist: { action: block, terms: [ \"project falcon\" ] }\n  provider: block\n");
        Workspaces.write(dir, "prompts/ask.prompt", "Question: {{q}}\n");
        Workspaces.write(dir, "datasets/qs.jsonl", """
                {"id": "email", "q": "My address is ada@example.org, what is 2 + 2?"}
                {"id": "term", "q": "Tell me about PROJECT   Falcon."}
                {"id": "plain", "q": "What is 2 + 2?"}
                {"id": "contact", "q": "How do I contact support?"}
                {"id": "filter", "q": "Say something filtered."}
                """);
        Workspaces.write(dir, "experiments/qs.yaml", "prompts: [ask]\nmodels: [local]\ndataset: qs\n");
        assertThat(studio("-w", dir.toString(), "save", "ask", "-m", "Ask").exitCode()).isZero();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aBlockedInputIsNeverSentAndEveryFindingIsRecordedWithItsCall() {
        CliRun run = studio("-w", dir.toString(), "run", "qs", "--no-cache");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Run 1 finished: 3 call(s) made, 1 failed; 2 not sent (refused before sending,"
                + " recorded as failed).").contains("3 call(s) blocked by a guardrail");
        // only plain, contact and filter went out; neither the address nor the term ever reached the server
        assertThat(server.requests()).hasSize(3)
                .noneMatch(b -> b.contains("ada@example.org")).noneMatch(b -> b.toLowerCase().contains("falcon"));
        List<CallRecord> calls;
        try (Studio studio = Studio.open(dir)) {
            calls = StudioParts.calls(studio).inRunWithAnswers(1);
        }
        assertThat(calls).extracting(CallRecord::caseId, CallRecord::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("email", CallStatus.BLOCKED),
                org.assertj.core.groups.Tuple.tuple("term", CallStatus.BLOCKED),
                org.assertj.core.groups.Tuple.tuple("plain", CallStatus.OK),
                org.assertj.core.groups.Tuple.tuple("contact", CallStatus.OK),
                org.assertj.core.groups.Tuple.tuple("filter", CallStatus.BLOCKED));
        CallRecord email = calls.get(0);
        assertThat(email.guard()).containsExactly(
                new GuardFinding(GuardCheck.PII, GuardAction.BLOCK, GuardStage.INPUT, "EMAIL 1"));
        assertThat(email.latencyMs()).isNull();
        // nothing was sent: a known $0 and no tokens, not an unknown cost
        assertThat(email.cost()).isEqualByComparingTo(java.math.BigDecimal.ZERO);
        assertThat(email.tokensIn()).isZero();
        assertThat(email.tokensOut()).isZero();
        assertThat(email.texts().output()).isNull();
        assertThat(email.error()).isEqualTo("local: the pii guardrail blocked the input (EMAIL 1)");
        assertThat(calls.get(1).guard()).containsExactly(new GuardFinding(GuardCheck.BLOCKLIST, GuardAction.BLOCK,
                GuardStage.INPUT, "term \"project falcon\""));
        assertThat(calls.get(2).guard()).isEmpty();
        assertThat(calls.get(3).guard()).containsExactly(
                new GuardFinding(GuardCheck.PII, GuardAction.WARN, GuardStage.OUTPUT, "EMAIL 1"));
        assertThat(calls.get(3).texts().output()).isEqualTo("Write to help@example.org.");
        CallRecord filtered = calls.get(4);
        assertThat(filtered.guard()).containsExactly(new GuardFinding(GuardCheck.PROVIDER, GuardAction.BLOCK,
                GuardStage.OUTPUT, "content_filter"));
        assertThat(filtered.tokensIn()).isEqualTo(9);

        CliRun show = studio("-w", dir.toString(), "calls", "show", String.valueOf(email.id()));
        assertThat(show.out()).contains("blocked   local: the pii guardrail blocked the input (EMAIL 1)")
                .contains("guard     block · pii in input (EMAIL 1)");
        CliRun json = studio("-w", dir.toString(), "calls", "show", String.valueOf(calls.get(3).id()), "--format",
                "json");
        assertThat(json.out()).contains("\"check\": \"pii\"").contains("\"action\": \"warn\"")
                .contains("\"stage\": \"output\"");
    }

    @Test
    void anUnpricedAnswerBlockedAtTheOutputMakesTheRunCostUnknownWhileOneBlockedAtTheInputCostsAKnownZero() {
        Workspaces.write(dir, "datasets/qs.jsonl", """
                {"id": "email", "q": "My address is ada@example.org, what is 2 + 2?"}
                """);
        CliRun inputOnly = studio("-w", dir.toString(), "run", "qs", "--no-cache");
        assertThat(inputOnly.out()).as(inputOnly.err()).contains("cost $0.");
        Workspaces.write(dir, "datasets/qs.jsonl", """
                {"id": "filter", "q": "Say something filtered."}
                """);
        CliRun run = studio("-w", dir.toString(), "run", "qs", "--no-cache");

        // the answer came back (9 tokens in) and was blocked: it was sent and cost what it cost, unknown here
        assertThat(run.out()).as(run.err()).contains("1 call(s) blocked").contains("cost ?.");
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    studio("-w", dir.toString(), "runs", "--json").out());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(json.get(0).get("costUsd").isNull()).as(json.toString()).isTrue();
        assertThat(json.get(1).get("costUsd").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void aBlocklistFileThatIsAFolderIsRefusedWhenStudioYamlIsReadBeforeAnyCall() {
        Workspaces.write(dir, "guard/list/keep.txt", "x\n");
        assertRefused("guard:\n  blocklist: { action: block, file: guard/list }\n",
                "studio.yaml:8:37: guard.blocklist.file 'guard/list' is a folder, not a file");
    }

    @Test
    void aBlocklistFileOfBinaryBytesOrUtf16IsNotUtf8Text() throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir.resolve("guard"));
        java.nio.file.Files.write(dir.resolve("guard/bin.txt"), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0x00, 0x41});
        assertRefused("guard:\n  blocklist: { action: block, file: guard/bin.txt }\n",
                "guard.blocklist.file 'guard/bin.txt' is not UTF-8 text");
        java.nio.file.Files.write(dir.resolve("guard/bin.txt"), "falcon\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_16LE));
        assertRefused("guard:\n  blocklist: { action: block, file: guard/bin.txt }\n",
                "guard.blocklist.file 'guard/bin.txt' is not UTF-8 text");
    }

    @Test
    void aMissingBlocklistFileIsRefusedUpFrontEvenWhenItOnlyWarnsByRunTestEvalAndDryRun() {
        assertRefused("guard:\n  blocklist: { action: warn, file: guard/missing.txt }\n",
                "guard.blocklist.file 'guard/missing.txt' cannot be read: no such file");
        CliRun dry = studio("-w", dir.toString(), "run", "qs", "--dry-run");
        assertThat(dry.exitCode()).isNotZero();
        assertThat(dry.err()).contains("guard.blocklist.file 'guard/missing.txt' cannot be read: no such file");
    }

    @Test
    void aBlockingBlocklistWithNoTermsAndNoFileIsRefused() {
        assertRefused("guard:\n  blocklist: { action: block }\n", "guard.blocklist has no terms and no file");
    }

    private void assertRefused(String guard, String message) {
        Workspaces.write(dir, "studio.yaml", "name: guarded\nmodels:\n"
                + Workspaces.openAiModel("local", "local-llm", server.url()) + guard);
        CliRun run = studio("-w", dir.toString(), "run", "qs", "--no-cache");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).as(run.out()).contains(message).startsWith("error: studio.yaml:");
        assertThat(run.out()).doesNotContain("Run 1");
        assertThat(server.requests()).isEmpty();
        try (Studio studio = Studio.open(dir)) {
            throw new AssertionError("opened");
        } catch (org.promptstudio.workspace.WorkspaceException e) {
            assertThat(e.getMessage()).contains(message);
        }
    }
}
