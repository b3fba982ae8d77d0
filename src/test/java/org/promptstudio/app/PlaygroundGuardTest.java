package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.GuardAction;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.model.GuardFinding;
import org.promptstudio.model.GuardStage;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.testsupport.Workspaces;

/** The playground under the workspace's guardrails: a blocked turn shows its reason, warnings stay with the reply. */
class PlaygroundGuardTest {

    @TempDir
    Path dir;
    Studio studio;
    Playground playground;

    @BeforeEach
    void workspace() {
        Workspaces.init(dir, "guarded", "  - id: echo\n    provider: echo\n");
        Workspaces.write(dir, "studio.yaml", "name: guarded\nmodels:\n  - id: echo\n    provider: echo\n"
                + "guard:\n  pii: warn\n  blocklist: { action: { input: block }, file: guard/terms.txt }\n");
        Workspaces.write(dir, "guard/terms.txt", "# words we never send\nfalcon\n");
        Workspaces.write(dir, "prompts/chat.prompt", Workspaces.CHAT_PROMPT);
        studio = Studio.open(dir);
        playground = studio.playground(studio.models(CachePolicy.OFF));
    }

    @AfterEach
    void close() {
        studio.close();
    }

    @Test
    void aBlockedTurnIsNotSentAndShowsWhy() {
        Playground.Session s = playground.open("chat", null, List.of("echo"), Map.of("topic", "birds"));
        PlaygroundTest.Recorder recorder = new PlaygroundTest.Recorder();

        Playground.Reply reply = playground.send(s, "Tell me about the Falcon.", recorder, new Cancellation())
                .replies().get(0);

        assertThat(reply.blocked()).isTrue();
        assertThat(reply.ok()).isFalse();
        assertThat(reply.error()).isEqualTo("Blocked: echo: the blocklist guardrail blocked the input (term \"falcon\")");
        assertThat(reply.call().status()).isEqualTo(CallStatus.BLOCKED);
        assertThat(reply.call().latencyMs()).isNull();
        assertThat(recorder.deltas).isEmpty(); // the echo model never answered
    }

    @Test
    void theNextTurnIsSentWithoutTheMessageThatWasBlockedAtTheInput() {
        Playground.Session s = playground.open("chat", null, List.of("echo"), Map.of("topic", "birds"));
        playground.send(s, "Tell me about the Falcon.", null, new Cancellation());
        assertThat(s.turns().get(0).replies().get(0).blockedAtInput()).isTrue();

        Playground.Reply next = playground.send(s, "Tell me about herons.", null, new Cancellation()).replies().get(0);

        assertThat(next.ok()).isTrue();
        assertThat(next.text()).isEqualTo("Tell me about herons.");
        assertThat(s.conversation(1, 0)).extracting(org.promptstudio.model.Message::text)
                .containsExactly("Tell me about herons.");
        assertThat(next.call().texts().messagesJson()).doesNotContain("Falcon");
        assertThat(s.turns()).hasSize(2); // the blocked turn stays in the session, shown as blocked
    }

    @Test
    void aBlocklistFileThatCannotBeReadRefusesEveryCallUnsent() throws Exception {
        java.nio.file.Files.delete(dir.resolve("guard/terms.txt"));
        Playground fresh = studio.playground(studio.models(CachePolicy.OFF));
        Playground.Session s = fresh.open("chat", null, List.of("echo"), Map.of("topic", "birds"));

        Playground.Reply reply = fresh.send(s, "Hello", null, new Cancellation()).replies().get(0);

        assertThat(reply.ok()).isFalse();
        assertThat(reply.call().status()).isEqualTo(CallStatus.ERROR);
        assertThat(reply.call().latencyMs()).isNull();
        assertThat(reply.error()).isEqualTo("echo: studio.yaml: guard.blocklist.file 'guard/terms.txt' cannot be read:"
                + " no such file");
    }

    @Test
    void warningsOnBothSidesStayWithTheReply() {
        Playground.Session s = playground.open("chat", null, List.of("echo"), Map.of("topic", "mail"));

        Playground.Reply reply = playground.send(s, "Write to ada@example.org", null, new Cancellation())
                .replies().get(0);

        assertThat(reply.ok()).isTrue();
        assertThat(reply.guard()).containsExactly(
                new GuardFinding(GuardCheck.PII, GuardAction.WARN, GuardStage.INPUT, "EMAIL 1"),
                new GuardFinding(GuardCheck.PII, GuardAction.WARN, GuardStage.OUTPUT, "EMAIL 1"));
    }
}
