package org.promptstudio.app;

import java.math.BigDecimal;
import java.util.List;
import org.promptstudio.eval.JudgeModels;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallStatus;
import org.promptstudio.model.Message;
import org.promptstudio.provider.ChatResult;

/**
 * A judge's call ({@code llm-rubric}, {@code pairwise}) as it is recorded, wherever it was asked: the playground's
 * checks (decision 0113) and the judging of a recorded run ({@code studio eval}, the runs view; decision 0121) make
 * their records here, so that both list and price them alike.
 */
final class JudgeCalls {

    private JudgeCalls() {
    }

    /**
     * A listener of judge calls that adds each answered call's record ({@link #record}) to {@code into} and then tells
     * {@code also}.
     *
     * @param into a list safe to add to from the judging thread (synchronized when judges run on several threads)
     * @param also the listener the judges had before (e.g. a test's), told after; {@link JudgeModels.Calls#NONE} for none
     */
    static JudgeModels.Calls into(List<CallRecord> into, JudgeModels.Calls also) {
        return (prompt, judge, messages, result) -> {
            into.add(record(prompt, judge, messages, result));
            also.judged(prompt, judge, messages, result);
        };
    }

    /**
     * A judge's call as it is recorded: the judge model's provider and id, its prompt path the judge prompt's name
     * after {@link Playground#JUDGE_PROMPT} ({@code judge:judge-rubric}), the messages it was sent (JSON), its answer,
     * tokens, cost in US dollars ({@code Pricing} of the judge model, as the runner prices a call; null when unknown)
     * and latency in milliseconds; no run, id or plan index yet.
     */
    static CallRecord record(String prompt, JudgeModels.Judge judge, List<Message> messages, ChatResult result) {
        org.promptstudio.model.ModelRef ref = judge.ref();
        var usage = result.usage();
        Double cost = usage == null ? null : org.promptstudio.provider.Pricing.of(ref).cost(usage);
        String sent;
        try {
            sent = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                    org.promptstudio.template.RenderedPromptJson.messages(messages));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            sent = "[]"; // maps of text only: cannot happen; the call is kept without its messages
        }
        return CallRecord.builder()
                .prompt(Playground.JUDGE_PROMPT + prompt, null)
                .model(ref.provider(), ref.id())
                .status(CallStatus.OK)
                .finishReason(org.promptstudio.model.FinishReason.recorded(result.finishReason(), result.text()))
                .tokens(usage == null ? null : usage.inputTokens(), usage == null ? null : usage.outputTokens())
                .cost(cost == null ? null : new BigDecimal(cost, java.math.MathContext.DECIMAL64))
                .latencyMs(result.latencyMillis())
                .texts(new org.promptstudio.model.CallTexts(sent, result.text(), null, null))
                .build();
    }
}
