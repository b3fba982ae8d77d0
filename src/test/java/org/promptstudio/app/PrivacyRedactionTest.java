package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.RunStatus;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.store.CallQuery;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.promptstudio.testsupport.Workspaces;

/**
 * {@code privacy.redactBeforeStore}: a real workspace (git, H2 file) runs the built-in echo model, which answers with
 * the prompt it was sent, on a case holding an e-mail address and a phone number; the database file is then searched
 * for them byte by byte.
 */
class PrivacyRedactionTest {

    static final String EMAIL = "ada.lovelace@example.org";
    static final String PHONE = "+44 20 7946 0958";

    @TempDir
    Path dir;

    static void workspace(Path dir, boolean redact) throws Exception {
        Studio.init(dir, "privacy");
        Files.writeString(dir.resolve("studio.yaml"), "name: privacy\nmodels:\n  - id: echo\n    provider: echo\n"
                + "privacy:\n  redactBeforeStore: " + redact + "\n");
        Files.writeString(dir.resolve("prompts/reply.prompt"), """
                ---
                input:
                  schema:
                    question: string
                ---
                Answer the customer: {{question}}
                """);
        Files.writeString(dir.resolve("datasets/mail.jsonl"), "{\"question\": \"Please write to " + EMAIL
                + " or call " + PHONE + " about order 1234.\"}\n{\"question\": \"Nothing personal here.\"}\n");
        Files.writeString(dir.resolve("experiments/mail.yaml"), """
                prompts: [reply]
                models: [echo]
                dataset: mail
                concurrency: 1
                """);
    }

    static long run(Studio studio) {
        Runs.Outcome outcome = studio.runs().plan(new Runs.Request("mail", null, null, null, CachePolicy.AUTO))
                .start(Runs.Progress.NONE).outcome();
        assertThat(outcome.status()).isEqualTo(RunStatus.FINISHED);
        return outcome.runId();
    }

    @Test
    void aRedactingWorkspaceStoresNoPlantedValueAndMarksItsCallsRedacted() throws Exception {
        workspace(dir, true);
        long runId;
        try (Studio studio = Studio.open(dir)) {
            runId = run(studio);
            List<CallRecord> calls = studio.calls().list(CallQuery.latest(10).inRun(runId));
            assertThat(calls).hasSize(2);
            CallRecord personal = calls.stream().map(c -> studio.calls().find(c.id()).orElseThrow())
                    .filter(c -> c.texts().messagesJson().contains("Please write")).findFirst().orElseThrow();
            String all = personal.texts().messagesJson() + personal.texts().output();
            assertThat(all).doesNotContain(EMAIL).doesNotContain(PHONE).contains("[EMAIL_1]").contains("[PHONE_1]")
                    .contains("order 1234"); // a reference number is no phone
            // the same address in the question and in the echoed answer: one placeholder
            assertThat(personal.texts().output()).contains("[EMAIL_1]");
            assertThat(studio.calls().record(personal.id(), java.time.ZoneOffset.UTC).orElseThrow())
                    .contains("redacted  yes · personal data was redacted before it was stored");
        }
        assertThat(redactedFlags(dir)).containsExactly(true, true);
        assertThat(bytesContain(dir.resolve(".studio"), EMAIL)).isFalse();
        assertThat(bytesContain(dir.resolve(".studio"), "7946 0958")).isFalse();
    }

    @Test
    void withoutTheSettingTheSameRunKeepsTheValuesAsTheyWere() throws Exception {
        workspace(dir, false);
        try (Studio studio = Studio.open(dir)) {
            run(studio);
        }
        try (Studio studio = Studio.open(dir)) {
            assertThat(studio.calls().record(1, java.time.ZoneOffset.UTC).orElseThrow()).doesNotContain("privacy");
        }
        // the check above can fail: the file holds the address when nothing redacts it
        assertThat(bytesContain(dir.resolve(".studio"), EMAIL)).isTrue();
        assertThat(redactedFlags(dir)).containsExactly(false, false);
    }

    @Test
    void recordingPromptTestsIsRefusedWhileCallsAreRedacted() throws Exception {
        workspace(dir, true);
        try (Studio studio = Studio.open(dir)) {
            assertThatThrownBy(() -> studio.promptTests().prepare(
                    new PromptTests.Request(List.of("mail"), null, null, null, true)))
                    .isInstanceOf(StudioException.class)
                    .hasMessage(PromptTests.NO_RECORDING)
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void aRedactingWorkspaceKeepsNoAnswerInTheResponseCache() throws Exception {
        try (OpenAiChatServer server = OpenAiChatServer.start(r -> r.whole("Write to " + EMAIL + " today.", 5, 6))) {
            for (boolean redact : new boolean[] {false, true}) {
                Path ws = dir.resolve(redact ? "redacting" : "plain");
                workspace(ws, redact);
                Files.writeString(ws.resolve("studio.yaml"), Files.readString(ws.resolve("studio.yaml")).replace(
                        "  - id: echo\n    provider: echo\n", "  - id: echo\n    provider: echo\n"
                                + Workspaces.openAiModel("remote", "gpt-test", server.url())));
                Files.writeString(ws.resolve("experiments/mail.yaml"), """
                        prompts: [reply]
                        models: [remote]
                        dataset: mail
                        concurrency: 1
                        params: { temperature: 0 }
                        """);
                int before = server.requests().size();
                try (Studio studio = Studio.open(ws)) {
                    run(studio);
                    run(studio);
                }
                // at temperature 0 the second run is answered from the cache, unless the workspace redacts
                assertThat(server.requests().size() - before).isEqualTo(redact ? 4 : 2);
                assertThat(bytesContain(ws.resolve(".studio"), EMAIL)).isEqualTo(!redact);
            }
        }
    }

    @Test
    void aProviderErrorThatQuotesThePromptIsRedactedBeforeItIsStored() throws Exception {
        // some providers echo the offending part of the request in their error message
        try (OpenAiChatServer server = OpenAiChatServer.start(r -> r.error(400, "Invalid content in messages[0]: '"
                + EMAIL + "' is not allowed", "invalid_request_error"))) {
            for (boolean redact : new boolean[] {false, true}) {
                Path ws = dir.resolve(redact ? "redacting" : "plain");
                workspace(ws, redact);
                Files.writeString(ws.resolve("studio.yaml"), Files.readString(ws.resolve("studio.yaml")).replace(
                        "  - id: echo\n    provider: echo\n", "  - id: echo\n    provider: echo\n"
                                + Workspaces.openAiModel("remote", "gpt-test", server.url())));
                Files.writeString(ws.resolve("experiments/mail.yaml"), """
                        prompts: [reply]
                        models: [remote]
                        dataset: mail
                        concurrency: 1
                        """);
                String error;
                try (Studio studio = Studio.open(ws)) {
                    run(studio);
                    error = studio.calls().list(CallQuery.latest(10)).stream().map(CallRecord::error)
                            .filter(e -> e != null && e.contains("is not allowed")).findFirst().orElseThrow();
                }
                if (redact) {
                    assertThat(error).contains("'[EMAIL_1]' is not allowed").doesNotContain(EMAIL);
                } else {
                    assertThat(error).contains(EMAIL);
                }
                assertThat(bytesContain(ws.resolve(".studio"), EMAIL)).as("redact " + redact).isEqualTo(!redact);
            }
        }
    }

    /** The redacted flag of every call, in id order, read from the closed database file. */
    static List<Boolean> redactedFlags(Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve(".studio/db/studio").toAbsolutePath() + ";ACCESS_MODE_DATA=r";
        List<Boolean> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT redacted FROM calls ORDER BY id")) {
            while (rs.next()) out.add(rs.getBoolean(1));
        }
        return out;
    }

    /** Whether any file under {@code root} holds {@code text} (UTF-8) anywhere in its bytes. */
    static boolean bytesContain(Path root, String text) throws Exception {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            byte[] hay = Files.readAllBytes(f);
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) continue outer;
                }
                return true;
            }
        }
        return false;
    }
}
