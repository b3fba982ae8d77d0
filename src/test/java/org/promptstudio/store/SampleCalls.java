package org.promptstudio.store;

import java.math.BigDecimal;
import java.time.Instant;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;

/** Calls with every field set, as the runner will record them. */
final class SampleCalls {

    static final String MESSAGES = "[{\"role\":\"system\",\"content\":[{\"text\":\"You answer support questions.\"}]},"
            + "{\"role\":\"user\",\"content\":[{\"text\":\"Where is my parcel?\"}]}]";

    private SampleCalls() {
    }

    static CallRecord.Builder call(Long runId, String model, Instant at) {
        return CallRecord.builder()
                .runId(runId)
                .prompt("prompts/answer.prompt", "0123456789abcdef0123456789abcdef01234567")
                .variant("formal")
                .model("openai", model)
                .paramsJson("{\"temperature\":0.2,\"maxTokens\":256}")
                .finishReason("stop")
                .tokens(120, 48)
                .cost(new BigDecimal("0.000345"))
                .latencyMs(812L)
                .createdAt(at)
                .cacheKey("ck-" + model + "-" + at.toEpochMilli())
                .sampleIndex(1)
                .caseId("q-17")
                .texts(new CallTexts(MESSAGES, "Your parcel left the depot this morning.",
                        "[{\"question\":\"Refund?\",\"answer\":\"Within 14 days.\"}]", "depot"));
    }
}
