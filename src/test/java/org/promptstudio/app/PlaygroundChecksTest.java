package org.promptstudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.eval.AssertionResult;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.provider.Cancellation;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.promptstudio.testsupport.Workspaces;

/**
 * A playground answer is told before its checks: a paid {@code llm-rubric} judge (a local server speaking OpenAI's
 * format that holds its answer on a latch) cannot keep the answer "streaming", and Stop ends the wait for it
 * (decision 0108).
 */
class PlaygroundChecksTest {

    @TempDir
    Path dir;
    OpenAiChatServer judge;
    final CountDownLatch judgeMayAnswer = new CountDownLatch(1);
    final CountDownLatch judgeAsked = new CountDownLatch(1);
    Studio studio;
    Playground playground;

    @BeforeEach
    void workspace() throws Exception {
        // score 5 of 5: JudgeChecks maps scores 1..5 to 0..1 (as RunsStoredScoresTest's judge)
        judge = OpenAiChatServer.start(r -> {
            judgeAsked.countDown();
            if (r.hold(judgeMayAnswer)) r.whole("{\\\"score\\\": 5, \\\"reason\\\": \\\"polite\\\"}", 20, 8);
            else r.error(503, "the test never let the judge answer", "server_error");
        });
        // $1 per million tokens in and $2 out: the judge's 20 + 8 tokens cost 20 * 1e-6 + 8 * 2e-6 = $0.000036
        Workspaces.init(dir, "checked", "  - id: echo\n    provider: echo\n"
                + Workspaces.openAiModel("judge", "gpt-judge", judge.url())
                + "    pricing: { inputPerMillion: 1, outputPerMillion: 2 }\n");
        Files.writeString(dir.resolve("prompts/polite.prompt"), """
                ---
                metadata:
                  assertions:
                    - {type: llm-rubric, value: "is polite", judge: judge}
                    - {type: contains, value: "please"}
                ---
                {{role "system"}}Be polite.
                {{history}}
                """);
        studio = Studio.open(dir);
        playground = studio.playground(studio.models(CachePolicy.OFF));
    }

    @AfterEach
    void close() {
        judgeMayAnswer.countDown();
        studio.close();
        judge.close();
    }

    /** Tells each event as "reply col: text [checks]" or "checks col: types", in the order they came. */
    static class Events implements Playground.Listener {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final CountDownLatch replied = new CountDownLatch(1);

        @Override
        public void onDelta(int turn, int column, String text) {
        }

        @Override
        public void onReply(int turn, Playground.Reply reply) {
            seen.add("reply " + reply.column() + ": " + reply.text() + " " + reply.checks());
            replied.countDown();
        }

        @Override
        public void onChecks(int turn, int column, List<AssertionResult> checks) {
            seen.add("checks " + column + ": " + checks.stream().map(a -> a.type() + "=" + a.pass()).toList());
        }
    }

    @Test
    void theReplyArrivesBeforeAHeldJudgeAnswersAndItsChecksAfter() throws Exception {
        Playground.Session s = playground.open("polite", null, List.of("echo"), Map.of());
        Events events = new Events();
        CompletableFuture<Playground.Turn> sent = CompletableFuture.supplyAsync(
                () -> playground.send(s, "please help", events, new Cancellation()));

        assertThat(events.replied.await(60, TimeUnit.SECONDS)).as("the reply came while the judge holds").isTrue();
        assertThat(judgeAsked.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(events.seen).containsExactly("reply 0: please help []");
        assertThat(sent).isNotDone();

        judgeMayAnswer.countDown();
        Playground.Turn turn = sent.get(60, TimeUnit.SECONDS);
        assertThat(events.seen).containsExactly("reply 0: please help []",
                "checks 0: [llm-rubric=true, contains=true]");
        assertThat(turn.replies().get(0).checks()).extracting(AssertionResult::type)
                .containsExactly("llm-rubric", "contains");
    }

    @Test
    void aJudgesCallIsKeptWithItsTokensAndCostAndRecordedWhenTheSessionIsSaved() throws Exception {
        judgeMayAnswer.countDown();
        Playground.Session s = playground.open("polite", null, List.of("echo"), Map.of());
        List<Playground.Reply> judgedHeard = new CopyOnWriteArrayList<>();
        Playground.Turn turn = playground.send(s, "please help", new Events() {
            @Override
            public void onJudged(int t, Playground.Reply judged) {
                judgedHeard.add(judged);
            }
        }, new Cancellation());

        Playground.Reply reply = turn.replies().get(0);
        assertThat(reply.judged()).hasSize(1);
        org.promptstudio.model.CallRecord call = reply.judged().get(0);
        assertThat(call.model()).isEqualTo("judge");
        assertThat(call.promptPath()).isEqualTo("judge:judge-rubric");
        assertThat(call.tokensIn()).isEqualTo(20);
        assertThat(call.tokensOut()).isEqualTo(8);
        assertThat(reply.judgeCostUsd()).isEqualByComparingTo("0.000036");
        assertThat(judgedHeard).singleElement().satisfies(r -> assertThat(r.judged()).hasSize(1));

        Playground.Saved saved = playground.saveAsRun(s, "judged");
        assertThat(saved.calls()).as("the turn's call and its judge's").isEqualTo(2);
        var recorded = studio.callRepository().inRunWithAnswers(saved.runId());
        assertThat(recorded).extracting(org.promptstudio.model.CallRecord::model).containsExactly("echo", "judge");
        assertThat(recorded.get(1).cost()).isEqualByComparingTo("0.000036");
    }

    @Test
    void stopEndsTheWaitForAJudgeAndKeepsTheAnswerUnjudged() throws Exception {
        Playground.Session s = playground.open("polite", null, List.of("echo"), Map.of());
        Events events = new Events();
        Cancellation stop = new Cancellation();
        CompletableFuture<Playground.Turn> sent = CompletableFuture.supplyAsync(
                () -> playground.send(s, "please help", events, stop));
        assertThat(judgeAsked.await(60, TimeUnit.SECONDS)).isTrue();

        stop.cancel();
        Playground.Turn turn = sent.get(60, TimeUnit.SECONDS);

        assertThat(judgeMayAnswer.getCount()).as("the judge still holds").isEqualTo(1);
        assertThat(turn.replies().get(0).text()).isEqualTo("please help");
        assertThat(turn.replies().get(0).checks()).isEmpty();
        assertThat(events.seen).containsExactly("reply 0: please help []");
        assertThat(s.turns()).hasSize(1);
    }
}
