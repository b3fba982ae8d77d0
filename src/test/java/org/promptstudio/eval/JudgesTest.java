package org.promptstudio.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.provider.ChatResult;
import org.promptstudio.provider.ModelProvider;

/** The judges' logic, against a stand-in model that answers what the test says: no model is called. */
class JudgesTest {

    private final List<Map<String, Object>> asked = new ArrayList<>();
    private final List<String> judgeIds = new ArrayList<>();

    /** Judges whose model answers {@code reply(rendered input)}; the "prompt" is the input, one message. */
    private JudgeModels judges(Function<Map<String, Object>, String> reply) {
        JudgeModels.Prompts prompts = (name, input) -> {
            asked.add(Map.copyOf(input));
            return List.of(Message.text(Message.USER, name + "|" + input.get("answer_a") + "|" + input.get("answer")));
        };
        JudgeModels.Models models = id -> {
            judgeIds.add(String.valueOf(id));
            ModelProvider p = (request, listener) -> new ChatResult(reply.apply(asked.get(asked.size() - 1)), "stop",
                    new ChatResult.Usage(10, 10, true), 1, null, "stand-in");
            return new JudgeModels.Judge(ModelRef.of(id == null ? "default" : id, "echo", "stand-in"), p);
        };
        return new JudgeModels(prompts, models);
    }

    @Test
    void rubricJudgeReadsTheFirstJsonObjectInProse() {
        LlmJudge judge = new LlmJudge(judges(in -> "Let me think. {\"score\": 0.8, \"reason\": \"polite, cites the policy\"} Done."));
        LlmJudge.Grade g = judge.grade("Can I return it?", "Yes, within 30 days.", "polite and cites the policy", "30 days", "gpt-judge");
        assertThat(g.score()).isEqualTo(0.8);
        assertThat(g.reason()).isEqualTo("polite, cites the policy");
        assertThat(asked.get(0)).containsEntry("question", "Can I return it?").containsEntry("answer", "Yes, within 30 days.")
                .containsEntry("rubric", "polite and cites the policy").containsEntry("expected", "30 days");
        assertThat(judgeIds).containsExactly("gpt-judge");
    }

    @Test
    void aOneToFiveScoreIsMappedOntoZeroToOne() {
        assertThat(LlmJudge.parse("{\"score\": 4, \"reason\": \"good\"}").score()).isEqualTo(0.75);
        assertThat(LlmJudge.parse("```json\n{\"score\": \"0.5\"}\n```").reason()).isEqualTo("(the judge gave no reason)");
    }

    @Test
    void anUnreadableReplySaysWhatWasWrong() {
        assertThatThrownBy(() -> LlmJudge.parse("I think it is fine")).isInstanceOf(EvalException.class)
                .hasMessage("the judge's reply has no JSON object: I think it is fine");
        assertThatThrownBy(() -> LlmJudge.parse("{\"verdict\": \"good\"}"))
                .hasMessageStartingWith("the judge's reply has no numeric 'score'");
        assertThatThrownBy(() -> LlmJudge.parse("{\"score\": 9}")).hasMessage("the judge's score 9.0 is outside 0..1 and 1..5");
    }

    @Test
    void rubricAssertionPassesAtTheThresholdAndReportsTheReason() {
        Assertions a = new Assertions(new Metrics(AssertionsTest.TOPICS), judges(in -> "{\"score\": 0.4, \"reason\": \"vague\"}"));
        EvalContext ctx = new EvalContext("maybe", null, Map.of("question", "Can I return it?"), Map.of(), null, null, null, null, null);
        AssertionResult r = a.evaluate(new AssertionSpec("llm-rubric", "answers yes or no", null, 1, Map.of()), ctx);
        assertThat(r.pass()).isFalse();
        assertThat(r.score()).isEqualTo(0.4);
        assertThat(r.reason()).isEqualTo("judge 0.40: vague");
        assertThat(a.evaluate(new AssertionSpec("llm-rubric", "x", 0.3, 1, Map.of()), ctx).pass()).isTrue();
        assertThat(judgeIds).containsOnly("null");
    }

    @Test
    void aFailingJudgeFailsTheAssertionWithItsReason() {
        Assertions a = new Assertions(new Metrics(AssertionsTest.TOPICS), judges(in -> "no idea"));
        AssertionResult r = a.evaluate(new AssertionSpec("llm-rubric", "x", null, 1, Map.of()), EvalContext.of("hi", Map.of()));
        assertThat(r.pass()).isFalse();
        assertThat(r.reason()).isEqualTo("cannot evaluate: the judge's reply has no JSON object: no idea");
    }

    @Test
    void pairwiseWinsOnlyWhenBothOrdersAgree() {
        // The judge prefers the answer mentioning "30 days" wherever it is shown.
        PairwiseJudge judge = new PairwiseJudge(judges(in -> String.valueOf(in.get("answer_a")).contains("30 days")
                ? "{\"winner\": \"A\", \"reason\": \"specific\"}" : "{\"winner\": \"B\", \"reason\": \"specific\"}"));
        PairwiseJudge.Verdict v = judge.compare("Return?", "Yes, within 30 days.", "Yes.", null, null);
        assertThat(v.winner()).isEqualTo(PairwiseJudge.Winner.FIRST);
        assertThat(v.firstOrder()).isEqualTo("A");
        assertThat(v.swappedOrder()).isEqualTo("B");
        assertThat(asked).hasSize(2);
        assertThat(asked.get(1)).containsEntry("answer_a", "Yes.").containsEntry("answer_b", "Yes, within 30 days.");
        assertThat(judge.compare("Return?", "Yes.", "Yes, within 30 days.", null, null).winner())
                .isEqualTo(PairwiseJudge.Winner.SECOND);
    }

    @Test
    void pairwiseIsATieWhenTheJudgeAlwaysPicksThePositionShownFirst() {
        // First order says A (the first answer); swapped, it says A again, now the second answer: position bias.
        PairwiseJudge judge = new PairwiseJudge(judges(in -> "{\"winner\": \"A\", \"reason\": \"first looks better\"}"));
        PairwiseJudge.Verdict v = judge.compare("Return?", "Yes, within 30 days.", "Yes.", null, null);
        assertThat(v.winner()).isEqualTo(PairwiseJudge.Winner.TIE);
        assertThat(v.scoreOfFirst()).isEqualTo(0.5);
        assertThat(v.reason()).startsWith("tie: the orders disagree (A as shown, A swapped)");
    }

    @Test
    void pairwiseAssertionComparesWithTheExpectedAnswer() {
        Assertions a = new Assertions(new Metrics(AssertionsTest.TOPICS), judges(in -> "{\"winner\": \"B\", \"reason\": \"x\"}"));
        // Always "B": the other answer wins in the first order, this answer in the swapped one: a tie, which passes.
        AssertionResult tie = a.evaluate(new AssertionSpec("pairwise", null, null, 1, Map.of()),
                EvalContext.of("mine", Map.of("expected", "reference")));
        assertThat(tie.score()).isEqualTo(0.5);
        assertThat(tie.pass()).isTrue();
        assertThat(tie.reason()).startsWith("ties against 'reference'");
        assertThatThrownBy(() -> PairwiseJudge.parse("{\"winner\": \"C\"}"))
                .hasMessageStartingWith("the pairwise judge's 'winner' must be A, B or tie");
    }
}
