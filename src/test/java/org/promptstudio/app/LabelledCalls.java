package org.promptstudio.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.Message;
import org.promptstudio.template.RenderedPromptJson;
import org.promptstudio.testsupport.OpenAiChatServer;
import org.promptstudio.testsupport.Workspaces;

/**
 * For label-figure tests: a workspace whose studio.yaml defines the label schemas {@code helpfulness} (rating 1-5),
 * {@code topic} (category), {@code tags} (categories), {@code ideal} (correction) and {@code preference} (pairwise),
 * and calls recorded straight into its H2 database with the question and answer a test chooses.
 */
public final class LabelledCalls {

    /** The {@code labels:} part of studio.yaml. */
    public static final String SCHEMAS = """
            labels:
              - name: helpfulness
                type: rating
                description: Would this answer resolve the customer's question?
                scale: { min: 1, max: 5 }
                points: { 1: Wrong or harmful, 3: Partly useful, 5: Resolves it fully }
              - name: topic
                type: category
                categories: [billing, shipping, setup]
              - name: tags
                type: categories
                categories: [polite, cites-docs]
              - name: ideal
                type: correction
              - name: preference
                type: pairwise
                description: Which answer would you send to the customer?
            """;

    private LabelledCalls() {
    }

    /**
     * A workspace in {@code dir} with the schemas above and the model {@code echo}, plus, when {@code judgeUrl} is not
     * null, the model {@code judge} at that OpenAI-compatible server.
     */
    public static void init(Path dir, String judgeUrl) {
        Workspaces.init(dir, "labelled", "  - id: echo\n    provider: echo\n"
                + (judgeUrl == null ? "" : Workspaces.openAiModel("judge", "gpt-judge", judgeUrl)));
        Workspaces.write(dir, "studio.yaml", "name: labelled\n" + SCHEMAS + "models:\n  - id: echo\n    provider: echo\n"
                + (judgeUrl == null ? "" : Workspaces.openAiModel("judge", "gpt-judge", judgeUrl)));
    }

    /**
     * Records a call of {@code provider/model} with prompt {@code prompts/PROMPT.prompt} at {@code commit}, asked
     * {@code question}, answering {@code answer}; its id.
     */
    public static long call(Studio studio, String model, String prompt, String commit, String question, String answer) {
        String messages;
        try {
            messages = new ObjectMapper().writeValueAsString(RenderedPromptJson.messages(
                    List.of(Message.text(Message.USER, question))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        CallRecord call = CallRecord.builder()
                .prompt("prompts/" + prompt + ".prompt", commit)
                .model("test", model)
                .texts(new CallTexts(messages, answer, null, null))
                .build();
        return studio.callRepository().insert(call);
    }

    /**
     * A judge model's server on 127.0.0.1 (OpenAI chat wire format) that passes an answer when the request (the
     * answer it is asked to grade) contains {@code GOOD} (score 0.9) and fails it otherwise (score 0.1); close it
     * after the test.
     */
    public static OpenAiChatServer goodJudge() {
        return OpenAiChatServer.start(r -> r.whole(r.body().contains("GOOD")
                ? "{\\\"score\\\": 0.9, \\\"pass\\\": true, \\\"reason\\\": \\\"fine\\\"}"
                : "{\\\"score\\\": 0.1, \\\"pass\\\": false, \\\"reason\\\": \\\"poor\\\"}", 30, 10));
    }
}
