package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.Message;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunStatus;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.template.RenderedPromptJson;
import org.promptstudio.testsupport.Workspaces;

/**
 * The playground's use case without a window: history placed as Dotprompt places it, several models each with its
 * own conversation, edit and resend, a session saved as a run in a real H2 file, a turn made a dataset case that a
 * run and {@code studio eval} read back.
 */
class PlaygroundTest {

    @TempDir
    Path dir;
    Studio studio;
    Playground playground;

    @BeforeEach
    void workspace() throws Exception {
        Workspaces.init(dir, "playground", """
                  - id: echo
                    provider: echo
                  - id: other-echo
                    provider: echo
                  - id: slow-echo
                    provider: echo
                    params: { delayMillis: 200 }
                """);
        // dotprompt spec/history.yaml basic_history: the history goes where {{history}} is
        Workspaces.write(dir, "prompts/chat.prompt", Workspaces.CHAT_PROMPT);
        // No {{history}}: Dotprompt (dotprompt.ts insertHistory) puts the history before the last user message
        Files.writeString(dir.resolve("prompts/brief.prompt"), """
                {{role "system"}}Be brief.
                {{role "user"}}Answer in one line.
                """);
        studio = Studio.open(dir);
        playground = studio.playground(studio.models(CachePolicy.OFF));
    }

    @AfterEach
    void close() {
        studio.close();
    }

    static final class Recorder implements Playground.Listener {
        final Map<String, StringBuffer> deltas = new ConcurrentHashMap<>();
        final List<Playground.Reply> replies = new CopyOnWriteArrayList<>();

        @Override
        public void onDelta(int turn, int column, String text) {
            deltas.computeIfAbsent(turn + "/" + column, k -> new StringBuffer()).append(text);
        }

        @Override
        public void onReply(int turn, Playground.Reply reply) {
            replies.add(reply);
        }
    }

    private static List<String> roles(CallRecord call) {
        return RenderedPromptJson.fromMaps(JsonText.parseArray(call.texts().messagesJson(), "messages")).stream()
                .map(m -> m.role() + ":" + m.text().strip()).toList();
    }

    @Test
    void eachModelIsSentTheTurnsSoFarWhereTheTemplateSaysHistory() {
        Playground.Session s = playground.open("chat", null, List.of("echo", "other-echo"), Map.of("topic", "returns"));
        Recorder recorder = new Recorder();

        Playground.Turn first = playground.send(s, "Can I return a lamp?", recorder, new Cancellation());
        Playground.Turn second = playground.send(s, "Within how many days?", recorder, new Cancellation());

        assertThat(first.replies()).extracting(Playground.Reply::model).containsExactly("echo", "other-echo");
        assertThat(first.replies()).extracting(Playground.Reply::text)
                .containsExactly("Can I return a lamp?", "Can I return a lamp?");
        assertThat(recorder.deltas.get("1/1")).as("streamed, joined: the answer").hasToString("Within how many days?");
        assertThat(roles(second.replies().get(0).call())).containsExactly(
                "system:You answer questions about returns.",
                "user:Can I return a lamp?",
                "model:Can I return a lamp?",
                "user:Within how many days?");
        Playground.Reply reply = second.replies().get(1);
        assertThat(reply.latencyMs()).isNotNull();
        assertThat(reply.tokensIn()).isPositive();
        assertThat(reply.tokensOut()).isPositive();
        assertThat(reply.call().id()).as("not recorded before the session is saved").isNull();
        assertThat(StudioParts.calls(studio).count()).isZero();
    }

    @Test
    void withoutAHistoryMarkerTheConversationGoesBeforeTheTemplatesLastUserMessage() {
        Playground.Session s = playground.open("brief", "working", List.of("echo"), Map.of());

        Playground.Turn turn = playground.send(s, "Hello", null, new Cancellation());

        assertThat(roles(turn.replies().get(0).call())).containsExactly(
                "system:Be brief.", "user:Hello", "user:Answer in one line.");
    }

    @Test
    void editingATurnDropsTheLaterTurnsAndAsksAgain() {
        Playground.Session s = playground.open("chat", null, List.of("echo", "other-echo"), Map.of("topic", "returns"));
        playground.send(s, "first", null, new Cancellation());
        playground.send(s, "second", null, new Cancellation());
        playground.send(s, "third", null, new Cancellation());

        Playground.Turn edited = playground.edit(s, 1, "second, edited", null, new Cancellation());

        assertThat(s.turns()).extracting(t -> t.said().text()).containsExactly("first", "second, edited");
        assertThat(edited.replies()).extracting(Playground.Reply::text)
                .containsExactly("second, edited", "second, edited");
        assertThat(s.conversation(1, 1)).extracting(Message::text).containsExactly("first", "first", "second, edited");

        Playground.Turn again = playground.resend(s, 0, null, new Cancellation());
        assertThat(s.turns()).hasSize(1);
        assertThat(again.said().text()).isEqualTo("first");
        assertThatThrownBy(() -> playground.edit(s, 3, "x", null, new Cancellation()))
                .isInstanceOf(StudioException.class).hasMessage("no turn 4 (the conversation has 1)");
    }

    @Test
    void aSavedSessionIsAPlaygroundRunWithEveryTurnInTheCallsTable() {
        Playground.Session s = playground.open("chat", null, List.of("echo", "other-echo"), Map.of("topic", "returns"));
        assertThatThrownBy(() -> playground.saveAsRun(s, null)).hasMessage("nothing to save yet: send a message first");
        playground.send(s, "Can I return a lamp?", null, new Cancellation());
        playground.send(s, "Within how many days?", null, new Cancellation());

        Playground.Saved saved = playground.saveAsRun(s, "lamp chat");

        assertThat(saved.calls()).isEqualTo(4);
        var run = StudioParts.runs(studio).find(saved.runId()).orElseThrow();
        assertThat(run.kind()).isEqualTo(RunKind.PLAYGROUND);
        assertThat(run.name()).isEqualTo("lamp chat");
        assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
        List<CallRecord> recorded = StudioParts.calls(studio).inRunWithAnswers(saved.runId());
        assertThat(recorded).extracting(c -> c.caseId() + "/" + c.model()).containsExactly(
                "turn-1/echo", "turn-1/other-echo", "turn-2/echo", "turn-2/other-echo");
        assertThat(recorded).extracting(c -> c.texts().output()).containsExactly(
                "Can I return a lamp?", "Can I return a lamp?", "Within how many days?", "Within how many days?");
        // the full record, rendered messages included
        assertThat(roles(StudioParts.calls(studio).find(recorded.get(3).id()).orElseThrow())).hasSize(4);
        assertThat(recorded.get(3).promptPath()).isEqualTo("prompts/chat.prompt");
    }

    @Test
    void aTurnBecomesADatasetCaseThatARunRendersWithItsHistoryAndEvalChecks() throws Exception {
        Playground.Session s = playground.open("chat", null, List.of("echo", "other-echo"), Map.of("topic", "returns"));
        playground.send(s, "Can I return a lamp?", null, new Cancellation());
        playground.send(s, "Within how many days?", null, new Cancellation());

        String place = playground.addToDataset(s, 1, 1, "chats");
        String second = playground.addToDataset(s, 0, 0, "chats");

        assertThat(place).isEqualTo("datasets/chats.jsonl:1");
        assertThat(second).isEqualTo("datasets/chats.jsonl:2");
        var dataset = studio.loadDatasets().stream().filter(d -> d.name().equals("chats")).findFirst().orElseThrow();
        assertThat(dataset.problems()).isEmpty();
        assertThat(dataset.cases()).extracting(c -> c.id()).containsExactly("playground-chat-1", "playground-chat-2");
        assertThat(dataset.cases().get(0).expected()).containsEntry("expected", "Within how many days?");
        assertThat(dataset.cases().get(0).input()).containsEntry("topic", "returns").containsKey("messages");

        Files.writeString(dir.resolve("experiments/chats.yaml"), """
                prompts: [chat]
                models: [echo]
                dataset: chats
                assertions:
                  - { type: answer-equals }
                """);
        Runs.Outcome outcome = studio.runs().plan(new Runs.Request("chats", null, null, null, CachePolicy.OFF))
                .start(Runs.Progress.NONE).outcome();
        List<CallRecord> calls = studio.runs().calls(outcome.runId());
        assertThat(roles(StudioParts.calls(studio).find(calls.get(0).id()).orElseThrow())).containsExactly(
                "system:You answer questions about returns.",
                "user:Can I return a lamp?",
                "model:Can I return a lamp?",
                "user:Within how many days?");
        Scoreboards.ScoredRun scored = Scoreboards.of(studio).evaluateAndStore(outcome.runId(), null);
        assertThat(scored.results()).hasSize(2).allMatch(r -> r.pass());
    }

    @Test
    void stopEndsTheTurnInFlightAndKeepsWhatEnded() {
        Playground.Session s = playground.open("chat", null, List.of("echo", "slow-echo"), Map.of("topic", "returns"));
        java.util.concurrent.CountDownLatch echoDone = new java.util.concurrent.CountDownLatch(1);
        Cancellation stop = new Cancellation();
        Playground.Listener stopOnFirstSlowWord = new Playground.Listener() {
            @Override
            public void onDelta(int turn, int column, String text) {
                if (column == 1) {
                    try {
                        // the fast column has its answer before the stop: kept as answered
                        echoDone.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    stop.cancel();
                }
            }

            @Override
            public void onReply(int turn, Playground.Reply reply) {
                if (reply.column() == 0) echoDone.countDown();
            }
        };

        Playground.Turn turn = playground.send(s, "one two three four five six seven eight", stopOnFirstSlowWord, stop);

        assertThat(turn.stopped()).isTrue();
        assertThat(turn.replies().get(0).text()).isEqualTo("one two three four five six seven eight");
        assertThat(turn.replies().get(1).ok()).isFalse();
        assertThat(turn.replies().get(1).call().status()).isEqualTo(org.promptstudio.model.CallStatus.CANCELLED);
        assertThat(s.turns()).hasSize(1);
        // a stop belongs to its turn: cancelled again after the turn ended, it stops nothing that comes next
        stop.cancel();
        assertThat(playground.send(s, "again", null, new Cancellation()).stopped()).isFalse();
    }

    @Test
    void aCsvDatasetOrABadNameIsRefusedInOneLine() throws Exception {
        Files.writeString(dir.resolve("datasets/tickets.csv"), "id,text\n1,hello\n");
        Playground.Session s = playground.open("chat", null, List.of("echo"), Map.of("topic", "returns"));
        playground.send(s, "Hi", null, new Cancellation());

        assertThatThrownBy(() -> playground.addToDataset(s, 0, 0, "tickets")).hasMessageStartingWith(
                "datasets/tickets.csv: a CSV dataset cannot hold a conversation");
        assertThatThrownBy(() -> playground.addToDataset(s, 0, 0, "../x")).hasMessage(
                "dataset name '../x': use letters, digits, '-' and '_'");
        assertThatThrownBy(() -> playground.addToDataset(s, 0, 0, "chats", "train")).hasMessage(
                "split 'train': choose dev, test or none");
        assertThat(dir.resolve("datasets/chats.jsonl")).doesNotExist();
        assertThat(Files.readString(dir.resolve("datasets/tickets.csv"))).isEqualTo("id,text\n1,hello\n");
        assertThatThrownBy(() -> playground.open("chat", null, List.of("echo", "echo"), Map.of()))
                .hasMessage("a model is chosen twice: each model is one column");
    }
}
